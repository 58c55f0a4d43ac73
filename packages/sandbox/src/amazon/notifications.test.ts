import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateStore } from '../generator/generate-store';
import { type ServedEmulator, serveEmulator } from '../http/serve-emulator';
import { amazonOrderId } from './amazon-ids';
import { createAmazonEmulator } from './emulator';

const received: { headers: Headers; body: Record<string, unknown> }[] = [];
const receiver = new Hono().post('/sqs', async (c) => {
  received.push({ headers: c.req.raw.headers, body: await c.req.json() });
  return c.body(null, 200);
});
let served: ServedEmulator;

beforeAll(async () => {
  served = await serveEmulator(receiver);
});
afterAll(async () => {
  await served.close();
});

describe('Amazon ORDER_CHANGE notifications', () => {
  it('posts an unsigned SQS message body per order change, each with its own NotificationId', async () => {
    const store = generateStore({ seed: 9, size: 'tiny' });
    const app = createAmazonEmulator({
      store,
      lwa: { clientId: 'app', clientSecret: 'secret', refreshToken: 'Atzr|r' },
      sellerId: 'A3TH9S8BH6GOGM',
      notificationUrl: `${served.url}/sqs`,
    });
    const order = store
      .listOrders()
      .find((candidate) => candidate.cancelledAt === null && candidate.fulfillmentState !== 'fulfilled');
    if (!order) throw new Error('seed has no open order');
    store.cancelOrder(order.id);
    store.updateOrder(order.id, { note: 'Gift' });
    await app.amazon.notifications?.settled();
    app.amazon.close();
    expect(received).toHaveLength(2);
    const [first, second] = received;
    expect(first?.body).toMatchObject({
      NotificationType: 'ORDER_CHANGE',
      PayloadVersion: '1.0',
      Payload: {
        OrderChangeNotification: {
          SellerId: 'A3TH9S8BH6GOGM',
          AmazonOrderId: amazonOrderId(order.id),
          OrderChangeType: 'BuyerRequestedChange',
          Summary: { OrderStatus: 'Canceled', MarketplaceId: 'ATVPDKIKX0DER' },
        },
      },
    });
    const ids = received.map(
      (entry) => (entry.body.NotificationMetadata as { NotificationId: string }).NotificationId,
    );
    expect(new Set(ids).size).toBe(2);
    expect(second?.body).toMatchObject({
      Payload: { OrderChangeNotification: { OrderChangeType: 'OrderStatusChange' } },
    });
    // SQS carries no signature: nothing but the content type is added.
    expect(
      [...(first?.headers.keys() ?? [])].filter(
        (name) => name.includes('signature') || name.includes('hmac'),
      ),
    ).toEqual([]);
  });
});

import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWooCommerceEmulator, type WooCommerceEmulator } from './emulator';
import { buildWooTestStore, CONSUMER_KEY, CONSUMER_SECRET } from './test-support';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

describe('WooCommerce webhooks', () => {
  const received: Received[] = [];
  let failWith: number | null = null;
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(failWith ?? 200).end();
    });
  });
  let url = '';
  let t: ReturnType<typeof buildWooTestStore>;
  let emulator: WooCommerceEmulator;
  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/woo`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
    failWith = null;
    t = buildWooTestStore();
    emulator = createWooCommerceEmulator({
      store: t.store,
      consumerKey: CONSUMER_KEY,
      consumerSecret: CONSUMER_SECRET,
      siteUrl: 'https://shop.example',
      webhooks: [
        { id: 142, url, secret: 'whsec-order', topics: ['order.created', 'order.updated', 'order.deleted'] },
        {
          id: 143,
          url,
          secret: 'whsec-catalog',
          topics: ['product.updated', 'product.deleted', 'customer.updated'],
        },
      ],
    });
  });

  afterEach(() => emulator.woocommerce.close());

  const byTopic = (topic: string) =>
    received.filter((delivery) => delivery.headers['x-wc-webhook-topic'] === topic);

  it('posts order.created with WooCommerce headers and a verifiable signature over the raw body', async () => {
    const order = t.store.placeOrder({
      customerId: t.customerId,
      lines: [{ variantId: t.shirtS, quantity: 1 }],
    });
    await emulator.woocommerce.flushWebhooks();
    const [delivery] = byTopic('order.created');
    expect(delivery).toBeDefined();
    expect(delivery!.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': expect.stringMatching(/^WooCommerce\/[\d.]+ Hookshot \(WordPress\/[\d.]+\)$/),
      'x-wc-webhook-source': 'https://shop.example/',
      'x-wc-webhook-resource': 'order',
      'x-wc-webhook-event': 'created',
      'x-wc-webhook-id': '142',
    });
    expect(delivery!.headers['x-wc-webhook-delivery-id']).toMatch(/^[0-9a-f]{32}$/);
    const expected = createHmac('sha256', 'whsec-order').update(delivery!.body, 'utf8').digest('base64');
    expect(delivery!.headers['x-wc-webhook-signature']).toBe(expected);
    // The body is exactly what the REST API returns: PHP-escaped slashes and unicode.
    expect(delivery!.body).toContain('"href":"https:\\/\\/shop.example\\/wp-json\\/wc\\/v3\\/orders\\/');
    expect(delivery!.body).toContain('Cr\\u00e8me T-Shirt');
    expect(JSON.parse(delivery!.body)).toMatchObject({
      id: order.id,
      status: 'processing',
      customer_id: t.customerId,
    });
    // One order.created per order even though the placement touched the order and stock at once.
    expect(byTopic('order.created')).toHaveLength(1);
    expect(byTopic('order.updated')).toHaveLength(0);
    expect(byTopic('product.updated').map((d) => JSON.parse(d.body).id)).toEqual([t.shirtId]);
  });

  it('fires order.updated for refunds and product.deleted with an id-only body', async () => {
    t.store.refundOrder(t.orderId, { amount: '1.00' });
    t.store.deleteProduct(t.mugId);
    await emulator.woocommerce.flushWebhooks();
    const [updated] = byTopic('order.updated');
    expect(JSON.parse(updated!.body).refunds).toHaveLength(2);
    const [deleted] = byTopic('product.deleted');
    expect(deleted!.body).toBe(`{"id":${t.mugId}}`);
    expect(deleted!.headers['x-wc-webhook-signature']).toBe(
      createHmac('sha256', 'whsec-catalog').update(deleted!.body).digest('base64'),
    );
  });

  it('only sends subscribed topics and nothing for checkout drafts', async () => {
    t.store.createCustomer({ email: 'new@example.com' });
    t.store.createCart({ email: 'x@example.com', lines: [{ variantId: t.mug, quantity: 1 }] });
    await emulator.woocommerce.flushWebhooks();
    expect(received).toEqual([]);
  });

  it('sends the form-encoded creation ping', async () => {
    const record = await emulator.woocommerce.ping(url, 142);
    expect(record?.delivered).toBe(true);
    expect(received[0]).toMatchObject({
      body: 'webhook_id=142',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(received[0]!.headers['x-wc-webhook-signature']).toBeUndefined();
  });

  it('disables a webhook after more than five failed deliveries, and can be switched off', async () => {
    failWith = 500;
    for (let i = 0; i < 7; i++) {
      t.store.updateOrder(t.orderId, { note: `note ${i}` });
      await emulator.woocommerce.flushWebhooks();
    }
    expect(byTopic('order.updated')).toHaveLength(6);
    expect(emulator.woocommerce.webhookActive(142)).toBe(false);
    expect(emulator.woocommerce.webhookActive(143)).toBe(true);

    emulator.woocommerce.webhooks.disable();
    t.store.changePrice(t.shirtS, { price: '9.00' });
    await emulator.woocommerce.flushWebhooks();
    expect(byTopic('product.updated')).toHaveLength(0);
    expect(emulator.woocommerce.webhooks.suppressed).toBe(1);
  });
});

import { InventoryLevel, Order } from '@cartwire/model';
import {
  createMagentoEmulator,
  generateStore,
  renderMagentoSourceItems,
  type SandboxStore,
  type ServedEmulator,
  serveEmulator,
} from '@cartwire/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConnectorEngine, createConnectorEngine } from '../engine/engine';
import { InvalidPayloadError } from '../engine/errors';
import { type NeutralWriteName, runNeutralWrite, UnsupportedWriteError } from '../engine/neutral-writes';
import { magentoConnector } from './magento-connector';

const integration = {
  consumerKey: 'ck-writes',
  consumerSecret: 'cs-writes',
  accessToken: 'at-writes',
  accessTokenSecret: 'as-writes',
};

describe('Magento neutral writes against the emulator over loopback', () => {
  let store: SandboxStore;
  let served: ServedEmulator;
  let engine: ConnectorEngine;

  beforeAll(async () => {
    store = generateStore({ seed: 45, size: 'tiny' });
    served = await serveEmulator(createMagentoEmulator({ store, oauth: integration }));
    engine = createConnectorEngine({ retry: { minTimeoutMs: 10, maxTimeoutMs: 100 } });
  });
  afterAll(async () => {
    await engine.close();
    await served.close();
  });

  const write = <K extends NeutralWriteName>(name: K, input: unknown) =>
    runNeutralWrite({
      engine,
      connector: magentoConnector,
      store: {
        id: 'sto_magentoneutralwrites00001',
        credentials: { baseUrl: served.url, auth: { kind: 'oauth1', ...integration } },
        settings: {},
      },
      write: name,
      input: input as never,
    });

  const placeOrder = (financialState: 'paid' | 'pending' = 'paid') =>
    store.placeOrder({
      email: 'buyer@example.com',
      financialState,
      lines: store
        .listVariants()
        .slice(0, 2)
        .map((variant) => ({ variantId: variant.id, quantity: 3 })),
    });

  it('ships some units of a line with a UPS track and reads the order back with its shipment', async () => {
    const order = placeOrder();
    const [line] = order.lines;
    if (!line) throw new Error('no line');
    const { order: result } = await write('createFulfillment', {
      order: { externalId: String(order.id) },
      lines: [{ externalId: String(line.id), quantity: 1 }],
      tracking: { carrier: 'UPS', number: '1ZMAGENTO01' },
    });
    expect(Order.parse(result).externalId).toBe(String(order.id));
    expect(result.fulfillmentStatus).toBe('partially_fulfilled');
    expect(result.shipments).toEqual([
      expect.objectContaining({ trackingNumber: '1ZMAGENTO01', carrier: 'UPS' }),
    ]);
    expect(store.getOrder(order.id)?.fulfillments).toHaveLength(1);
  });

  it('adds a comment, refuses tags, cancels an order that is not invoiced and not one that is', async () => {
    const pending = placeOrder('pending');
    const ref = { externalId: String(pending.id) };
    const noted = await write('addOrderNote', { order: ref, note: 'Awaiting bank transfer' });
    expect(noted.order.externalId).toBe(String(pending.id));
    await expect(write('addOrderTags', { order: ref, tags: ['b2b'] })).rejects.toBeInstanceOf(
      UnsupportedWriteError,
    );
    const coupon = await write('createDiscountCode', {
      code: 'SAVE-10',
      value: { kind: 'percentage', percent: 10 },
      endsAt: null,
    }).catch((error: unknown) => error);
    expect(coupon).toBeInstanceOf(UnsupportedWriteError);
    expect((coupon as UnsupportedWriteError).reason).toMatch(/cart price rules/);
    await expect(write('updateOrderStatus', { order: ref, status: 'closed' })).rejects.toBeInstanceOf(
      UnsupportedWriteError,
    );
    const cancelled = await write('updateOrderStatus', { order: ref, status: 'cancelled' });
    expect(cancelled.order.status).toBe('cancelled');

    const paid = placeOrder('paid');
    await expect(
      write('updateOrderStatus', { order: { externalId: String(paid.id) }, status: 'cancelled' }),
    ).rejects.toBeInstanceOf(InvalidPayloadError);
    expect(store.getOrder(paid.id)?.cancelledAt).toBeNull();
  });

  it('sets the quantity of a SKU at a source and reads the source item back', async () => {
    const [item] = renderMagentoSourceItems(store);
    if (!item) throw new Error('no source item');
    const sku = String(item.sku);
    const sourceCode = String(item.source_code);
    const result = await write('setInventoryLevel', {
      variant: { externalId: '123', productExternalId: '123', sku },
      location: { externalId: sourceCode },
      available: 19,
    });
    expect(InventoryLevel.parse(result.inventoryLevel)).toMatchObject({
      externalId: `${sourceCode}/${sku}`,
      available: 19,
    });
    const variant = store.listVariants().find((candidate) => candidate.sku === sku);
    expect(variant && store.inventoryOf(variant.id).some((level) => level.available === 19)).toBe(true);
    await expect(
      write('setInventoryLevel', {
        variant: { externalId: '123', productExternalId: '123', sku: null },
        location: { externalId: sourceCode },
        available: 1,
      }),
    ).rejects.toBeInstanceOf(UnsupportedWriteError);
  });
});

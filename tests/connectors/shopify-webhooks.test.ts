import {
  mapShopifyWebhook,
  type ShopifyWebhookResult,
  verifyShopifyWebhook,
} from '@cartwire/connectors/shopify';
import { type LocalHttpServer, startLocalHttpServer } from '@cartwire/connectors/testing';
import type { AnyEntity } from '@cartwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_SECRET, type ShopifyHarness, STORE_ID, startShopifyHarness } from './shopify-harness';

/**
 * The emulator sends its real, signed webhooks while the store changes; each delivery is verified
 * and mapped, and the entity a webhook gives must equal the one a sync gives for the same object.
 */
describe('Shopify webhooks from the emulator map to the same entities as a sync', () => {
  let harness: ShopifyHarness;
  let receiver: LocalHttpServer;
  const results: { topic: string; result: ShopifyWebhookResult }[] = [];
  let unsigned = 0;

  beforeAll(async () => {
    receiver = await startLocalHttpServer((_request, response) => {
      response.writeHead(200).end();
    });
    harness = await startShopifyHarness({
      seed: 5,
      size: 'tiny',
      webhookUrl: `${receiver.url}/webhooks/shopify`,
    });
    const { store } = harness;
    const paid = store
      .listOrders()
      .find(
        (order) =>
          order.financialState === 'paid' &&
          order.fulfillmentState === 'unfulfilled' &&
          order.refunds.length === 0,
      );
    if (!paid) throw new Error('the seeded store has no paid, unfulfilled order');
    const fulfillment = store.fulfillOrder(paid.id, {});
    store.markDelivered(paid.id, fulfillment.id);
    store.refundOrder(paid.id, {});
    const customer = store.listCustomers()[0];
    if (customer) store.updateCustomer(customer.id, { tags: ['vip', 'webhook'] });
    const variant = store.listVariants()[0];
    const location = store.listLocations()[0];
    if (variant && location) store.setInventory(variant.id, location.id, 42);
    if (variant) store.changePrice(variant.id, { price: '12.34', compareAtPrice: null });
    await harness.app.shopify.flushWebhooks();

    for (const request of receiver.requests) {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers))
        if (typeof value === 'string') headers.set(name, value);
      if (!verifyShopifyWebhook(request.body, headers, CLIENT_SECRET).valid) {
        unsigned += 1;
        continue;
      }
      const result = await mapShopifyWebhook(
        { rawBody: request.body, headers },
        {
          storeId: STORE_ID,
          shopCurrency: store.shop.currency,
          variantOfInventoryItem: (itemId) => harness.variantOfInventoryItem(itemId),
        },
      );
      results.push({ topic: headers.get('x-shopify-topic') ?? '', result });
    }
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
    await receiver?.close();
  });

  /** The last entity each delivery gave per external id: the state once the store settled. */
  function latest(entity: string): Map<string, AnyEntity> {
    const found = new Map<string, AnyEntity>();
    for (const { result } of results) {
      if (result.kind !== 'upsert' || result.entity !== entity) continue;
      for (const mapped of result.entities) found.set(mapped.externalId, mapped);
    }
    return found;
  }

  it('receives signed deliveries of every changed kind, each verified', () => {
    expect(unsigned).toBe(0);
    const topics = new Set(results.map(({ topic }) => topic));
    for (const topic of [
      'orders/updated',
      'refunds/create',
      'fulfillments/create',
      'fulfillments/update',
      'customers/update',
      'inventory_levels/update',
    ]) {
      expect(topics).toContain(topic);
    }
  });

  it('orders: a webhook body maps to the same order as the GraphQL sync', async () => {
    const expected = await harness.expected('orders');
    const received = latest('order');
    expect(received.size).toBeGreaterThan(0);
    for (const [id, order] of received) expect(order).toEqual(expected.get(id));
  });

  it('refunds and shipments: the same as those embedded in the synced order', async () => {
    const expected = await harness.expected('orders');
    const embedded = new Map<string, unknown>();
    for (const order of expected.values()) {
      if (!('refunds' in order)) continue;
      for (const refund of order.refunds) embedded.set(refund.externalId, refund);
      for (const shipment of order.shipments) embedded.set(shipment.externalId, shipment);
    }
    const received = [...latest('refund').values(), ...latest('shipment').values()];
    expect(received.length).toBeGreaterThanOrEqual(2);
    for (const entity of received) expect(entity).toEqual(embedded.get(entity.externalId));
    expect(
      results.some(({ result }) => result.kind === 'upsert' && result.event === 'shipment.delivered'),
    ).toBe(true);
  });

  it('customers: the same, except the locale REST bodies do not carry', async () => {
    const expected = await harness.expected('customers');
    const received = latest('customer');
    expect(received.size).toBeGreaterThan(0);
    for (const [id, customer] of received) {
      expect({ ...customer, locale: null }).toEqual({ ...expected.get(id), locale: null });
    }
  });

  it('products: the same, except what REST product bodies lack (collections, unit costs)', async () => {
    const expected = await harness.expected('products');
    const received = latest('product');
    expect(received.size).toBeGreaterThan(0);
    const comparable = (product: AnyEntity | undefined) =>
      product && 'variants' in product
        ? {
            ...product,
            collectionIds: [],
            variants: product.variants.map((variant) => ({ ...variant, unitCost: null })),
          }
        : product;
    for (const [id, product] of received) expect(comparable(product)).toEqual(comparable(expected.get(id)));
    expect(JSON.stringify([...received.values()])).toContain('"12.34"');
  });

  it('inventory levels: the webhook level equals the synced one', async () => {
    const expected = await harness.expected('inventoryLevels');
    const received = latest('inventory_level');
    expect(received.size).toBeGreaterThan(0);
    for (const [id, level] of received) expect(level).toEqual(expected.get(id));
    expect([...received.values()].some((level) => 'available' in level && level.available === 42)).toBe(true);
  });
});

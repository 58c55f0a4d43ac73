import type { InventoryLevel, Order } from '@cartwire/model';
import {
  createShopifyEmulator,
  createWooCommerceEmulator,
  generateStore,
  type SandboxStore,
  type ServedEmulator,
  serveEmulator,
  shopifyId,
} from '@cartwire/sandbox';
import type { StoredEvent } from '@cartwire/storage';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workers } from '../apps/gateway/src/workers/worker-pool';
import { type FullGatewayUnderTest, startFullGatewayUnderTest } from './sync/gateway-under-test';
import { createTestClock, silentLogger } from './sync/sync-harness';

const SHOP_DOMAIN = 'writes-e2e.myshopify.com';
const ACCESS_TOKEN = 'shpat_writes';
const CLIENT_SECRET = 'shpss_writes';
const STREAMS = ['products', 'orders', 'locations', 'inventoryLevels'];

interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

describe.each(testDatabases())('writes through the gateway over loopback ($name)', ({ create }) => {
  let database: TestDatabase;
  let gateway: FullGatewayUnderTest;
  let workers: Workers;
  let shopify: SandboxStore;
  let woo: SandboxStore;
  const served: ServedEmulator[] = [];
  let shopifyStoreId: string;
  let wooStoreId: string;

  async function events(): Promise<StoredEvent[]> {
    const all: StoredEvent[] = [];
    let afterSeq = 0;
    for (;;) {
      const page = await gateway.repositories.events.listEvents({
        tenantId: gateway.tenantId,
        afterSeq,
        limit: 1000,
      });
      if (page.events.length === 0) return all;
      all.push(...page.events);
      afterSeq = page.nextSeq;
    }
  }

  async function connect(platform: string, credentials: unknown, settings: Record<string, unknown>) {
    const connected = await gateway.api('POST', '/v1/stores', {
      body: {
        platform,
        name: `Sandbox ${platform}`,
        credentials,
        settings: { ...settings, sync: { streams: STREAMS, pollIntervalMs: 3_600_000 } },
      },
    });
    expect(connected.status, connected.text).toBe(201);
    const storeId = (connected.body as { id: string }).id;
    const synced = await gateway.api('POST', `/v1/stores/${storeId}/sync`, {
      body: { streams: STREAMS, mode: 'backfill' },
    });
    expect(synced.status, synced.text).toBe(202);
    await workers.whenIdle();
    return storeId;
  }

  async function storedOrder(storeId: string, externalId: string): Promise<Order> {
    const order = await gateway.repositories.entities.getEntityByExternalId(
      'order',
      gateway.tenantId,
      storeId,
      externalId,
    );
    if (!order) throw new Error(`order ${externalId} was not synced`);
    return order;
  }

  const unshippedOrder = (store: SandboxStore) => {
    const variants = store.listVariants().slice(0, 2);
    return store.placeOrder({
      email: 'writes@example.com',
      lines: variants.map((variant) => ({ variantId: variant.id, quantity: 2 })),
    });
  };

  beforeAll(async () => {
    database = await create();
    gateway = await startFullGatewayUnderTest({ database, clock: createTestClock(), logger: silentLogger });
    workers = gateway.runtime.startWorkers({
      concurrency: 2,
      leaseMs: 30_000,
      idleDelayMs: 20,
      reconcileIntervalMs: 0,
    });
    shopify = generateStore({ seed: 51, size: 'tiny' });
    woo = generateStore({ seed: 52, size: 'tiny' });
    // Orders placed before the backfill, so the gateway knows them.
    unshippedOrder(shopify);
    unshippedOrder(woo);
    unshippedOrder(woo);
    const shopifyServed = await serveEmulator(
      createShopifyEmulator({
        store: shopify,
        shopDomain: SHOP_DOMAIN,
        accessToken: ACCESS_TOKEN,
        clientSecret: CLIENT_SECRET,
        plan: { bucketSize: 20_000, restoreRate: 50_000 },
      }),
    );
    const wooServed = await serveEmulator(
      createWooCommerceEmulator({ store: woo, consumerKey: 'ck_writes', consumerSecret: 'cs_writes' }),
    );
    served.push(shopifyServed, wooServed);
    shopifyStoreId = await connect(
      'shopify',
      { shopDomain: SHOP_DOMAIN, accessToken: ACCESS_TOKEN, clientSecret: CLIENT_SECRET },
      { apiOrigin: shopifyServed.url },
    );
    wooStoreId = await connect(
      'woocommerce',
      { url: wooServed.url, consumerKey: 'ck_writes', consumerSecret: 'cs_writes' },
      { currency: woo.shop.currency },
    );
  }, 120_000);
  afterAll(async () => {
    for (const emulator of served) await emulator.close();
    await gateway?.close();
    await database?.close();
  });

  it('ships a Shopify order line with tracking, once, however often the request is retried', async () => {
    const sandboxOrder = shopify.listOrders().at(-1);
    if (!sandboxOrder) throw new Error('no order');
    const order = await storedOrder(shopifyStoreId, String(shopifyId('Order', sandboxOrder.id)));
    const [line] = order.lineItems;
    if (!line) throw new Error('no line');
    const before = await events();
    const request = {
      body: {
        lines: [{ lineItemId: line.id, quantity: line.quantity }],
        carrier: 'UPS',
        trackingNumber: '1ZWRITES0001',
        trackingUrl: 'https://ups.test/track/1ZWRITES0001',
      },
      authorization: { ...gateway.authorization, 'idempotency-key': `ship-${order.id}` },
    };
    const path = `/v1/stores/${shopifyStoreId}/orders/${order.id}/fulfillments`;
    const shipped = await gateway.api('POST', path, request);
    expect(shipped.status, shipped.text).toBe(201);
    const result = shipped.body as Order;
    expect(result.id).toBe(order.id);
    expect(result.fulfillmentStatus).toBe('partially_fulfilled');
    expect(result.shipments).toEqual([
      expect.objectContaining({
        carrier: 'UPS',
        trackingNumber: '1ZWRITES0001',
        lines: [{ lineItemId: line.id, quantity: line.quantity }],
      }),
    ]);

    const replayed = await gateway.api('POST', path, request);
    expect(replayed.status).toBe(201);
    expect(replayed.body).toEqual(shipped.body);
    expect(shopify.getOrder(sandboxOrder.id)?.fulfillments).toHaveLength(1);

    // Reads reflect the write at once, and the event log has the change exactly once, from the API.
    const read = await gateway.api('GET', `/v1/orders/${order.id}`);
    expect((read.body as Order).shipments).toHaveLength(1);
    const added = (await events()).slice(before.length);
    expect(
      added.filter((event) => event.entityId === order.id && event.type === 'order.updated'),
    ).toHaveLength(1);
    expect(added.every((event) => event.source === 'api' || event.source === 'derived')).toBe(true);

    // The next poll finds the order as the write left it: nothing more is announced.
    const polled = await gateway.api('POST', `/v1/stores/${shopifyStoreId}/sync`, {
      body: { streams: ['orders'], mode: 'incremental' },
    });
    expect(polled.status).toBe(202);
    await workers.whenIdle();
    const afterPoll = (await events()).slice(before.length);
    expect(afterPoll.filter((event) => event.entityId === order.id)).toEqual(
      added.filter((event) => event.entityId === order.id),
    );
  });

  it('adds a note and tags to a Shopify order and changes its status', async () => {
    const sandboxOrder = shopify
      .listOrders()
      .find((candidate) => candidate.cancelledAt === null && candidate.fulfillmentState === 'unfulfilled');
    if (!sandboxOrder) throw new Error('no open, unshipped order');
    const order = await storedOrder(shopifyStoreId, String(shopifyId('Order', sandboxOrder.id)));
    const base = `/v1/stores/${shopifyStoreId}/orders/${order.id}`;
    const noted = await gateway.api('POST', `${base}/notes`, { body: { note: 'Fragile: pack twice' } });
    expect(noted.status, noted.text).toBe(201);
    expect((noted.body as Order).note).toContain('Fragile: pack twice');
    const tagged = await gateway.api('POST', `${base}/tags`, { body: { tags: ['wholesale'] } });
    expect(tagged.status, tagged.text).toBe(200);
    expect((tagged.body as Order).tags).toContain('wholesale');
    const cancelled = await gateway.api('PATCH', base, { body: { status: 'cancelled' } });
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.body).toMatchObject({ id: order.id, status: 'cancelled' });
    expect(shopify.getOrder(sandboxOrder.id)?.cancelledAt).not.toBeNull();
    // Shopify's own refusal reaches the caller.
    const again = await gateway.api('PATCH', base, { body: { status: 'cancelled' } });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ code: 'platform_rejected', connector_error: 'invalid_payload' });
    expect((again.body as { platform_message: string }).platform_message).toMatch(/already been cancelled/);
  });

  it('sets a Shopify stock level and the read API serves it', async () => {
    const levels = await gateway.api('GET', `/v1/stores/${shopifyStoreId}/inventory-levels?limit=1`);
    const [level] = (levels.body as Page<InventoryLevel>).data;
    if (!level) throw new Error('no synced inventory level');
    const set = await gateway.api('PUT', `/v1/stores/${shopifyStoreId}/inventory-levels`, {
      body: { variantId: level.variantId, locationId: level.locationId, available: 42 },
    });
    expect(set.status, set.text).toBe(200);
    expect(set.body).toMatchObject({ id: level.id, available: 42 });
    const read = await gateway.api('GET', `/v1/inventory-levels/${level.id}`);
    expect(read.body).toMatchObject({ available: 42 });
    // The product was read back too: the variant's total across locations is the platform's.
    const variant = await gateway.repositories.entities.getEntity(
      'variant',
      gateway.tenantId,
      level.variantId,
    );
    const sandboxVariant = shopify
      .listVariants()
      .find((candidate) => String(shopifyId('ProductVariant', candidate.id)) === variant?.externalId);
    if (!sandboxVariant) throw new Error('variant not in the sandbox');
    const total = shopify.inventoryOf(sandboxVariant.id).reduce((sum, entry) => sum + entry.available, 0);
    expect(variant?.inventoryQuantity).toBe(total);
  });

  it('completes a WooCommerce order with tracking, refuses tags and partial shipments as unsupported', async () => {
    const [first, second] = woo.listOrders().slice(-2);
    if (!first || !second) throw new Error('no orders');
    const order = await storedOrder(wooStoreId, String(first.id));
    const base = `/v1/stores/${wooStoreId}/orders/${order.id}`;
    const tags = await gateway.api('POST', `${base}/tags`, { body: { tags: ['vip'] } });
    expect(tags.status).toBe(422);
    expect(tags.body).toMatchObject({ code: 'unsupported_by_platform', platform: 'woocommerce' });

    const [line] = order.lineItems;
    if (!line) throw new Error('no line');
    const partial = await gateway.api('POST', `${base}/fulfillments`, {
      body: { lines: [{ lineItemId: line.id, quantity: 1 }] },
    });
    expect(partial.status).toBe(422);
    expect(partial.body).toMatchObject({ code: 'unsupported_by_platform' });
    expect(woo.getOrder(first.id)?.fulfillmentState).toBe('unfulfilled');

    const shipped = await gateway.api('POST', `${base}/fulfillments`, {
      body: { carrier: 'DHL', trackingNumber: 'JDWRITES01' },
    });
    expect(shipped.status, shipped.text).toBe(201);
    expect(shipped.body).toMatchObject({ status: 'closed', fulfillmentStatus: 'fulfilled' });
    expect((shipped.body as Order).shipments).toEqual([
      expect.objectContaining({ trackingNumber: 'JDWRITES01' }),
    ]);

    const secondOrder = await storedOrder(wooStoreId, String(second.id));
    const noted = await gateway.api('POST', `/v1/stores/${wooStoreId}/orders/${secondOrder.id}/notes`, {
      body: { note: 'Customer called', notifyCustomer: true },
    });
    expect(noted.status, noted.text).toBe(201);
    const status = await gateway.api('PATCH', `/v1/stores/${wooStoreId}/orders/${secondOrder.id}`, {
      body: { status: 'cancelled' },
    });
    expect(status.status, status.text).toBe(200);
    expect(status.body).toMatchObject({ status: 'cancelled' });
  });

  it('answers another tenant with 404 and bad input with the failing fields, sending nothing', async () => {
    const sandboxOrder = woo.listOrders().find((candidate) => candidate.fulfillmentState === 'unfulfilled');
    if (!sandboxOrder) throw new Error('no unfulfilled order');
    const order = await storedOrder(wooStoreId, String(sandboxOrder.id));
    const other = await gateway.otherTenantKey();
    const path = `/v1/stores/${wooStoreId}/orders/${order.id}/fulfillments`;
    const foreign = await gateway.api('POST', path, { body: {}, authorization: other });
    expect(foreign.status).toBe(404);
    const foreignStock = await gateway.api('PUT', `/v1/stores/${wooStoreId}/inventory-levels`, {
      body: { variantId: 'var_x', locationId: 'loc_x', available: 1 },
      authorization: other,
    });
    expect(foreignStock.status).toBe(404);
    // Another store's order under this store is not found either.
    const crossStore = await gateway.api('POST', `/v1/stores/${shopifyStoreId}/orders/${order.id}/notes`, {
      body: { note: 'x' },
    });
    expect(crossStore.status).toBe(404);

    const unknownLine = await gateway.api('POST', path, {
      body: { lines: [{ lineItemId: 'li_nope', quantity: 1 }] },
    });
    expect(unknownLine.status).toBe(400);
    expect(unknownLine.body).toMatchObject({
      code: 'validation_failed',
      errors: [expect.objectContaining({ in: 'body', path: 'lines.0.lineItemId' })],
    });
    const badBody = await gateway.api('PUT', `/v1/stores/${wooStoreId}/inventory-levels`, {
      body: { variantId: 'var_x', available: 1.5 },
    });
    expect(badBody.status).toBe(400);
    expect((badBody.body as { errors: { path: string }[] }).errors.map((error) => error.path).sort()).toEqual(
      ['available', 'locationId'],
    );
    expect(woo.getOrder(sandboxOrder.id)?.fulfillmentState).toBe('unfulfilled');
  });
});

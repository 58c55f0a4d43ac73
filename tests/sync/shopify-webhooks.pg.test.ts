import {
  createShopifyEmulator,
  generateStore,
  type SandboxStore,
  type ServedEmulator,
  type ShopifyEmulator,
  serveEmulator,
} from '@cartwire/sandbox';
import type { StoredEvent } from '@cartwire/storage';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workers } from '../../apps/gateway/src/workers/worker-pool';
import { type GatewayUnderTest, startGatewayUnderTest } from './gateway-under-test';
import { createSyncHarness, type SyncHarness, silentLogger } from './sync-harness';

const SHOP_DOMAIN = 'sync-shop.myshopify.com';
const ACCESS_TOKEN = 'shpat_sync';
const CLIENT_SECRET = 'shpss_sync';

describe.each(testDatabases())('Shopify webhooks and polling into one event log ($name)', ({ create }) => {
  let database: TestDatabase;
  let harness: SyncHarness;
  let gateway: GatewayUnderTest;
  let workers: Workers;
  let store: SandboxStore;
  let emulator: ShopifyEmulator;
  let served: ServedEmulator;
  let storeId: string;
  let webhookUrl: string;

  async function settle(): Promise<void> {
    await emulator.shopify.flushWebhooks();
    await workers.whenIdle();
  }

  async function eventsSince(seq: number): Promise<StoredEvent[]> {
    return (await harness.events()).filter((event) => event.seq > seq);
  }

  async function lastSeq(): Promise<number> {
    return (await harness.events()).at(-1)?.seq ?? 0;
  }

  async function poll(streams: string[]): Promise<void> {
    await gateway.runtime.sync.requestFetch(harness.tenantId, storeId, streams, 'manual');
    await workers.whenIdle();
  }

  beforeAll(async () => {
    database = await create();
    harness = await createSyncHarness(database);
    gateway = await startGatewayUnderTest({
      database,
      repositories: harness.repositories,
      clock: harness.clock,
      logger: silentLogger,
    });
    store = generateStore({ seed: 31, size: 'tiny' });
    storeId = (
      await harness.repositories.stores.createStore({
        tenantId: harness.tenantId,
        platform: 'shopify',
        name: 'Sandbox Shopify',
        credentials: { shopDomain: SHOP_DOMAIN, accessToken: ACCESS_TOKEN, clientSecret: CLIENT_SECRET },
        settings: {},
      })
    ).id;
    webhookUrl = `${gateway.url}/webhooks/shopify/${storeId}`;
    emulator = createShopifyEmulator({
      store,
      shopDomain: SHOP_DOMAIN,
      accessToken: ACCESS_TOKEN,
      clientSecret: CLIENT_SECRET,
      apiVersion: '2026-10',
      plan: { bucketSize: 20_000, restoreRate: 50_000 },
      webhooks: [{ url: webhookUrl }],
    });
    served = await serveEmulator(emulator);
    await harness.repositories.stores.updateStore(harness.tenantId, storeId, {
      currency: store.shop.currency,
      settings: {
        apiOrigin: served.url,
        sync: { streams: ['customers', 'orders'], pollIntervalMs: 60_000 },
      },
    });
    workers = gateway.runtime.startWorkers({ concurrency: 2, leaseMs: 30_000, idleDelayMs: 20 });
    await gateway.runtime.sync.scheduleBackfill(harness.tenantId, storeId);
    await workers.whenIdle();
    // Deliveries caused by nothing the tests did (none expected) must not leak into them.
    await settle();
  }, 120_000);
  afterAll(async () => {
    emulator?.shopify.close();
    await served?.close();
    await gateway?.close();
    await database?.close();
  });

  it('backfills customers and orders with one created event each', async () => {
    const events = await harness.events();
    expect(events.filter((event) => event.type === 'customer.created')).toHaveLength(
      store.listCustomers().length,
    );
    expect(events.filter((event) => event.type === 'order.created')).toHaveLength(store.listOrders().length);
  });

  it('a customer edited on the platform arrives by webhook as exactly one event; the next poll adds none', async () => {
    const customer = store.listCustomers()[0];
    if (!customer) throw new Error('the tiny store has customers');
    const before = await lastSeq();
    store.updateCustomer(customer.id, { tags: ['vip'] });
    await settle();
    const events = await eventsSince(before);
    expect(events.map((event) => [event.type, event.source])).toEqual([['customer.updated', 'webhook']]);
    await poll(['customers']);
    const all = await eventsSince(before);
    expect(all).toHaveLength(1);
  });

  it('a fulfilled and delivered order emits order.fulfilled and shipment.delivered once, whatever arrives how', async () => {
    const paid = store
      .listOrders()
      .find(
        (order) =>
          order.financialState === 'paid' &&
          order.fulfillmentState === 'unfulfilled' &&
          order.cancelledAt === null &&
          order.refunds.length === 0,
      );
    if (!paid) throw new Error('the tiny store has a paid, unfulfilled order');
    const before = await lastSeq();
    const fulfillment = store.fulfillOrder(paid.id, {});
    store.markDelivered(paid.id, fulfillment.id);
    await settle();
    await poll(['orders']);
    await poll(['orders']);
    const events = (await eventsSince(before)).filter((event) => event.type !== 'order.updated');
    expect(events.map((event) => event.type).sort()).toEqual(['order.fulfilled', 'shipment.delivered']);
  });

  it('refuses a forged signature', async () => {
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-shopify-topic': 'customers/update',
        'x-shopify-webhook-id': 'forged',
        'x-shopify-hmac-sha256': 'AAAA',
      },
      body: '{"id": 1}',
    });
    expect(response.status).toBe(401);
  });

  it('with webhooks switched off, polling catches up with the same event', async () => {
    const customer = store.listCustomers()[1];
    if (!customer) throw new Error('the tiny store has two customers');
    const before = await lastSeq();
    emulator.shopify.webhookSender.disable();
    try {
      store.updateCustomer(customer.id, { tags: ['polled'] });
      await settle();
      expect(await eventsSince(before)).toEqual([]);
      await poll(['customers']);
    } finally {
      emulator.shopify.webhookSender.enable();
    }
    const events = await eventsSince(before);
    expect(events.map((event) => [event.type, event.source])).toEqual([['customer.updated', 'poll']]);
  });

  it('acknowledges a delivery before applying it: with no worker running the change waits, then lands once', async () => {
    const customer = store.listCustomers()[2];
    if (!customer) throw new Error('the tiny store has three customers');
    const before = await lastSeq();
    await workers.stop();
    try {
      store.updateCustomer(customer.id, { tags: ['queued'] });
      await emulator.shopify.flushWebhooks();
      const [delivery] = emulator.shopify.webhookSender.deliveries.slice(-1);
      expect(delivery?.delivered).toBe(true);
      expect(await eventsSince(before)).toEqual([]);
      const stored = await harness.repositories.entities.getEntityByExternalId(
        'customer',
        harness.tenantId,
        storeId,
        String(customer.id),
      );
      expect(stored?.tags ?? []).not.toContain('queued');
    } finally {
      workers = gateway.runtime.startWorkers({ concurrency: 2, leaseMs: 30_000, idleDelayMs: 20 });
    }
    await workers.whenIdle();
    const events = await eventsSince(before);
    expect(events.map((event) => [event.type, event.source])).toEqual([['customer.updated', 'webhook']]);
    expect(events[0]?.data).toMatchObject({ tags: expect.arrayContaining(['queued']) });
  });
});

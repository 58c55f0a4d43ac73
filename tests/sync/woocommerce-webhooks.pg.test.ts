import {
  createManualClock,
  createWooCommerceEmulator,
  generateStore,
  type ManualClock,
  type SandboxStore,
  type ServedEmulator,
  serveEmulator,
  type WooCommerceEmulator,
} from '@cartwire/sandbox';
import type { StoredEvent } from '@cartwire/storage';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workers } from '../../apps/gateway/src/workers/worker-pool';
import { type GatewayUnderTest, startGatewayUnderTest } from './gateway-under-test';
import { createSyncHarness, type SyncHarness, silentLogger } from './sync-harness';

const SECRET = 'woo-webhook-secret';
const MAX_BODY = 256 * 1024;

describe.each(testDatabases())(
  'WooCommerce webhooks and polling into one event log ($name)',
  ({ create }) => {
    let database: TestDatabase;
    let harness: SyncHarness;
    let gateway: GatewayUnderTest;
    let workers: Workers;
    let store: SandboxStore;
    let emulator: WooCommerceEmulator;
    let served: ServedEmulator;
    let storeId: string;
    let webhookUrl: string;
    let platformClock: ManualClock;

    /** WooCommerce dates have one-second precision: each platform change happens a little later. */
    function later(): void {
      platformClock.advance(2000);
    }

    /** Lets the emulator deliver, then lets the workers finish whatever the deliveries queued. */
    async function settle(): Promise<void> {
      await emulator.woocommerce.flushWebhooks();
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
        webhookMaxBodyBytes: MAX_BODY,
      });
      store = generateStore({ seed: 21, size: 'tiny' });
      platformClock = createManualClock(Date.now());
      store.setClock(platformClock);
      const record = await harness.repositories.stores.createStore({
        tenantId: harness.tenantId,
        platform: 'woocommerce',
        name: 'Sandbox WooCommerce',
        credentials: { url: 'http://127.0.0.1:1', consumerKey: 'ck_hooks', consumerSecret: 'cs_hooks' },
        settings: {
          currency: store.shop.currency,
          pageSize: 20,
          rateLimit: { maxConcurrent: 4, minTime: 0 },
          sync: { streams: ['products', 'customers', 'orders'], pollIntervalMs: 60_000 },
        },
      });
      storeId = record.id;
      webhookUrl = `${gateway.url}/webhooks/woocommerce/${storeId}`;
      emulator = createWooCommerceEmulator({
        store,
        consumerKey: 'ck_hooks',
        consumerSecret: 'cs_hooks',
        webhooks: [{ url: webhookUrl, secret: SECRET }],
      });
      served = await serveEmulator(emulator);
      await harness.repositories.stores.replaceStoreCredentials(harness.tenantId, storeId, {
        url: served.url,
        consumerKey: 'ck_hooks',
        consumerSecret: 'cs_hooks',
        webhookSecret: SECRET,
      });
      workers = gateway.runtime.startWorkers({ concurrency: 2, leaseMs: 30_000, idleDelayMs: 20 });
      await gateway.runtime.sync.scheduleBackfill(harness.tenantId, storeId);
      await workers.whenIdle();
    }, 120_000);
    afterAll(async () => {
      emulator?.woocommerce.close();
      await served?.close();
      await gateway?.close();
      await database?.close();
    });

    it('backfills every customer and order with one created event each', async () => {
      const events = await harness.events();
      expect(events.filter((event) => event.type === 'customer.created')).toHaveLength(
        store.listCustomers().length,
      );
      expect(events.filter((event) => event.type === 'order.created')).toHaveLength(
        store.listOrders().length,
      );
    });

    it('answers the unsigned creation ping with 200', async () => {
      const record = await emulator.woocommerce.ping(webhookUrl);
      expect(record?.attempts.at(-1)?.status).toBe(200);
    });

    it('a customer edited on the platform arrives by webhook as exactly one event; the next poll adds none', async () => {
      const before = await lastSeq();
      const customer = store.listCustomers()[0];
      if (!customer) throw new Error('the tiny store has customers');
      later();
      store.updateCustomer(customer.id, { firstName: 'Webhooked' });
      await settle();
      const events = await eventsSince(before);
      expect(events.map((event) => [event.type, event.source])).toEqual([['customer.updated', 'webhook']]);
      expect(events[0]?.data).toMatchObject({ firstName: 'Webhooked' });
      await poll(['customers']);
      expect(await eventsSince(before)).toHaveLength(1);
    });

    it('an order cancelled on the platform emits order.updated and order.cancelled once, with the previous status', async () => {
      const open = store
        .listOrders()
        .find(
          (order) =>
            order.financialState === 'paid' &&
            order.fulfillmentState === 'unfulfilled' &&
            order.cancelledAt === null &&
            order.refunds.length === 0,
        );
      if (!open) throw new Error('the tiny store has a paid, open order');
      const before = await lastSeq();
      later();
      store.cancelOrder(open.id, { refund: false, restock: false });
      await settle();
      await poll(['orders']);
      const events = await eventsSince(before);
      expect(events.map((event) => event.type).sort()).toEqual(['order.cancelled', 'order.updated']);
      const cancelled = events.find((event) => event.type === 'order.cancelled');
      expect(cancelled?.source).toBe('derived');
      expect(cancelled?.previous).toMatchObject({ status: 'open' });
    });

    it('a redelivered webhook is processed once, and an older delivery arriving late changes nothing', async () => {
      const customer = store.listCustomers()[1];
      if (!customer) throw new Error('the tiny store has two customers');
      const deliveredBefore = emulator.woocommerce.webhooks.deliveries.length;
      later();
      store.updateCustomer(customer.id, { lastName: 'First' });
      await settle();
      later();
      store.updateCustomer(customer.id, { lastName: 'Second' });
      await settle();
      const [older, newer] = emulator.woocommerce.webhooks.deliveries.slice(deliveredBefore);
      if (!older || !newer) throw new Error('two deliveries were made');
      const before = await lastSeq();

      const again = await fetch(webhookUrl, { method: 'POST', headers: newer.headers, body: newer.body });
      expect(await again.json()).toEqual({ received: true, outcome: 'duplicate' });
      // The older version under a new delivery id: authentic, but older than what is stored.
      const lateHeaders = new Headers(older.headers);
      lateHeaders.set('x-wc-webhook-delivery-id', `${lateHeaders.get('x-wc-webhook-delivery-id')}-late`);
      const late = await fetch(webhookUrl, { method: 'POST', headers: lateHeaders, body: older.body });
      expect(await late.json()).toEqual({ received: true, outcome: 'accepted' });
      await workers.whenIdle();
      expect(await eventsSince(before)).toEqual([]);
      const stored = await harness.repositories.entities.getEntityByExternalId(
        'customer',
        harness.tenantId,
        storeId,
        String(customer.id),
      );
      expect(stored?.lastName).toBe('Second');
    });

    it('refuses forged signatures, unknown stores and oversized bodies without storing anything', async () => {
      const before = await lastSeq();
      const customer = store.listCustomers()[2];
      if (!customer) throw new Error('the tiny store has three customers');
      const body = JSON.stringify({ id: customer.id, first_name: 'Forged' });
      const headers = {
        'content-type': 'application/json',
        'x-wc-webhook-topic': 'customer.updated',
        'x-wc-webhook-delivery-id': 'forged-1',
        'x-wc-webhook-signature': Buffer.from('not the signature').toString('base64'),
      };
      const forged = await fetch(webhookUrl, { method: 'POST', headers, body });
      expect(forged.status).toBe(401);
      expect(forged.headers.get('content-type')).toContain('application/problem+json');
      const unknown = await fetch(`${gateway.url}/webhooks/woocommerce/sto_unknown`, {
        method: 'POST',
        headers,
        body,
      });
      expect(unknown.status).toBe(401);
      const oversized = await fetch(webhookUrl, { method: 'POST', headers, body: 'x'.repeat(MAX_BODY + 1) });
      expect(oversized.status).toBe(413);
      expect(await eventsSince(before)).toEqual([]);
    });

    it('with webhooks switched off, polling catches up with the same event', async () => {
      const customer = store.listCustomers()[3];
      if (!customer) throw new Error('the tiny store has four customers');
      const before = await lastSeq();
      emulator.woocommerce.webhooks.disable();
      try {
        later();
        store.updateCustomer(customer.id, { firstName: 'Polled' });
        await settle();
        expect(await eventsSince(before)).toEqual([]);
        await poll(['customers']);
      } finally {
        emulator.woocommerce.webhooks.enable();
      }
      const events = await eventsSince(before);
      expect(events.map((event) => [event.type, event.source])).toEqual([['customer.updated', 'poll']]);
    });

    it('a partial product webhook re-reads the product; a price cut emits price_dropped once', async () => {
      const variant = store
        .listVariants()
        .find(
          (candidate) =>
            store.getProduct(candidate.productId)?.status === 'active' && Number(candidate.price) > 2,
        );
      if (!variant) throw new Error('the tiny store has an active variant');
      const before = await lastSeq();
      later();
      const lower = (Number(variant.price) - 1).toFixed(2);
      store.changePrice(variant.id, { price: lower });
      await settle();
      await poll(['products']);
      const events = await eventsSince(before);
      const dropped = events.filter((event) => event.type === 'product.price_dropped');
      expect(dropped).toHaveLength(1);
      expect(dropped[0]?.data).toMatchObject({
        price: { amount: lower },
        previousPrice: { amount: variant.price },
      });
      expect(events.filter((event) => event.type === 'product.updated')).toHaveLength(1);
    });

    it('a product deleted on the platform emits product.deleted once, even when the delivery repeats', async () => {
      const product = store.listProducts().find((candidate) => candidate.status === 'active');
      if (!product) throw new Error('the tiny store has an active product');
      const before = await lastSeq();
      const deliveredBefore = emulator.woocommerce.webhooks.deliveries.length;
      later();
      store.deleteProduct(product.id);
      await settle();
      const deletion = emulator.woocommerce.webhooks.deliveries
        .slice(deliveredBefore)
        .find((delivery) => new Headers(delivery.headers).get('x-wc-webhook-topic') === 'product.deleted');
      if (!deletion) throw new Error('the emulator sent product.deleted');
      const again = await fetch(webhookUrl, {
        method: 'POST',
        headers: (() => {
          const headers = new Headers(deletion.headers);
          headers.set('x-wc-webhook-delivery-id', 'another-delivery-of-the-same-deletion');
          return headers;
        })(),
        body: deletion.body,
      });
      expect(again.status).toBe(200);
      await poll(['products']);
      const deleted = (await eventsSince(before)).filter((event) => event.type === 'product.deleted');
      expect(deleted).toHaveLength(1);
      expect(deleted[0]?.data).toMatchObject({ externalId: String(product.id) });
    });
  },
);

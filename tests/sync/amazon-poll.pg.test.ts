import { mapOrder2026, RawOrder2026 } from '@cartwire/connectors/amazon';
import {
  type AmazonEmulator,
  amazonListingViews,
  createAmazonEmulator,
  createAmazonOrderViewCache,
  generateStore,
  renderAmazonOrder2026,
  type SandboxStore,
  type ServedEmulator,
  serveEmulator,
} from '@cartwire/sandbox';
import type { StoredEvent } from '@cartwire/storage';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workers } from '../../apps/gateway/src/workers/worker-pool';
import { type FullGatewayUnderTest, startFullGatewayUnderTest } from './gateway-under-test';
import { createTestClock, silentLogger } from './sync-harness';

const lwa = {
  clientId: 'amzn1.application-oa2-client.gateway',
  clientSecret: 'amzn-secret-gateway',
  refreshToken: 'Atzr|gateway-refresh',
};
const sellerId = 'A3TH9S8BH6GOGM';
const marketplaceId = 'ATVPDKIKX0DER';
const STREAMS = ['products', 'customers', 'orders'];
const context = { storeId: 'sto_expected', platform: 'amazon' as const, stream: 'orders' };
// The documented plans scaled up on both sides (searchOrders' 0.0056 rps would take hours).
const fast = { rate: 500, burst: 100 };
const usagePlans = {
  searchOrders: fast,
  getOrders: fast,
  getOrderItems: fast,
  createRestrictedDataToken: fast,
  searchListingsItems: fast,
  getInventorySummaries: fast,
  createReport: fast,
  getReport: fast,
  getReportDocument: fast,
};

interface Page {
  data: Array<Record<string, unknown> & { id: string; externalId: string }>;
  has_more: boolean;
  next_cursor: string | null;
}

describe.each(testDatabases())('Amazon SP-API through the gateway over loopback ($name)', ({ create }) => {
  let database: TestDatabase;
  let gateway: FullGatewayUnderTest;
  let workers: Workers;
  let store: SandboxStore;
  let emulator: AmazonEmulator;
  let served: ServedEmulator;
  let storeId: string;

  const credentials = () => ({ endpoint: served.url, lwaEndpoint: served.url, ...lwa });
  const settings = {
    sellerId,
    marketplaceIds: [marketplaceId],
    piiAccess: true,
    reportPollMs: 0,
    rateLimit: { perOperation: usagePlans, maxConcurrent: 4 },
    sync: { streams: STREAMS, pollIntervalMs: 60_000 },
  };

  async function listAll(collection: string): Promise<Page['data']> {
    const all: Page['data'] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? 'limit=9' : `limit=9&cursor=${encodeURIComponent(cursor)}`;
      const { status, body } = await gateway.api('GET', `/v1/stores/${storeId}/${collection}?${query}`);
      expect(status).toBe(200);
      const page = body as Page;
      all.push(...page.data);
      cursor = page.has_more ? page.next_cursor : null;
    } while (cursor !== null);
    return all;
  }

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

  async function sync(mode: 'backfill' | 'incremental', streams = STREAMS): Promise<void> {
    const { status, body } = await gateway.api('POST', `/v1/stores/${storeId}/sync`, {
      body: { streams, mode },
    });
    expect(status, JSON.stringify(body)).toBe(202);
    await workers.whenIdle();
  }

  function expectedOrders() {
    return createAmazonOrderViewCache(store)().map((view) =>
      mapOrder2026(
        RawOrder2026.parse(
          renderAmazonOrder2026(
            view,
            new Set(['BUYER', 'RECIPIENT', 'FULFILLMENT', 'PACKAGES', 'PROCEEDS'] as const),
            { marketplaceId, pii: { buyer: true, address: true } },
          ),
        ),
        context,
      ),
    );
  }

  beforeAll(async () => {
    database = await create();
    gateway = await startFullGatewayUnderTest({ database, clock: createTestClock(), logger: silentLogger });
    store = generateStore({ seed: 29, size: 'tiny' });
    emulator = createAmazonEmulator({ store, lwa, sellerId, marketplaceId, usagePlans });
    served = await serveEmulator(emulator);
    workers = gateway.runtime.startWorkers({
      concurrency: 2,
      leaseMs: 30_000,
      idleDelayMs: 20,
      reconcileIntervalMs: 0,
    });
  }, 60_000);
  afterAll(async () => {
    await served?.close();
    await gateway?.close();
    await database?.close();
  });

  it('refuses credentials or settings that do not validate, and a refresh token LWA rejects', async () => {
    const malformed = await gateway.api('POST', '/v1/stores', {
      body: { platform: 'amazon', name: 'Bad', credentials: { clientId: 'x' }, settings },
    });
    expect(malformed.status).toBe(422);
    expect(malformed.body).toMatchObject({ code: 'invalid_credentials' });

    const noSeller = await gateway.api('POST', '/v1/stores', {
      body: { platform: 'amazon', name: 'No seller', credentials: credentials(), settings: {} },
    });
    expect(noSeller.status).toBe(400);
    expect(noSeller.body).toMatchObject({ code: 'validation_failed' });
    expect(noSeller.text).toContain('settings.sellerId');

    const revoked = await gateway.api('POST', '/v1/stores', {
      body: {
        platform: 'amazon',
        name: 'Revoked',
        credentials: { ...credentials(), refreshToken: 'Atzr|revoked' },
        settings,
      },
    });
    expect(revoked.status).toBe(422);
    expect(revoked.body).toMatchObject({ code: 'platform_rejected', connector_error: 'auth' });
    expect(((await gateway.api('GET', '/v1/stores')).body as Page).data).toEqual([]);
  });

  it('connects over REST with a live check; the credentials never come back', async () => {
    const connected = await gateway.api('POST', '/v1/stores', {
      body: { platform: 'amazon', name: 'Sandbox Amazon', credentials: credentials(), settings },
    });
    expect(connected.status, connected.text).toBe(201);
    expect(connected.body).toMatchObject({ platform: 'amazon', status: 'active' });
    storeId = (connected.body as { id: string }).id;
    const fetched = await gateway.api('GET', `/v1/stores/${storeId}`);
    for (const text of [connected.text, fetched.text]) {
      expect(text).not.toContain(lwa.clientSecret);
      expect(text).not.toContain(lwa.refreshToken);
    }
  });

  // A backfill's window is wider than `reportsAboveDays`, so orders come from the order report (the
  // default `orderBackfill: 'auto'`): it carries no buyer email, so buyers come from the customers stream.
  it('backfills listings, buyers and orders (orders through the Reports API) and serves them normalized through /v1', async () => {
    await sync('backfill');
    const status = await gateway.api('GET', `/v1/stores/${storeId}/sync`);
    const streams = (status.body as { streams: Array<{ stream: string; state: string }> }).streams;
    expect(streams.filter((s) => STREAMS.includes(s.stream)).map((s) => [s.stream, s.state])).toEqual(
      expect.arrayContaining(STREAMS.map((stream) => [stream, 'idle'])),
    );

    const expected = expectedOrders();
    const orders = await listAll('orders');
    expect(orders.map((order) => order.externalId).sort()).toEqual(
      expected.map((order) => order.externalId).sort(),
    );
    for (const order of orders) {
      const want = expected.find((candidate) => candidate.externalId === order.externalId);
      expect(order).toMatchObject({
        storeId,
        platform: 'amazon',
        status: want?.status,
        financialStatus: want?.financialStatus,
        fulfillmentStatus: want?.fulfillmentStatus,
        total: want?.total,
      });
    }

    // Buyers are identified by email (with the PII role); one customer per distinct buyer.
    const customers = await listAll('customers');
    const buyers = new Set(expected.flatMap((order) => (order.email ? [order.email] : [])));
    expect(customers.map((customer) => customer.email).sort()).toEqual([...buyers].sort());

    // One product per listed SKU.
    const products = await listAll('products');
    expect(products.map((product) => product.externalId).sort()).toEqual(
      amazonListingViews(store)
        .map((view) => view.sku)
        .sort(),
    );

    const log = await events();
    expect(log.filter((event) => event.type === 'order.created')).toHaveLength(orders.length);
    expect(log.filter((event) => event.type === 'product.created')).toHaveLength(products.length);
    expect(log.filter((event) => event.source === 'derived')).toEqual([]);
  });

  it('the first poll pages (never a report) and only enriches the newest report-read orders with their buyer', async () => {
    const before = (await events()).length;
    const reportsBefore = emulator.amazon.stats().byOperation.createReport ?? 0;
    expect(reportsBefore).toBeGreaterThan(0);
    await sync('incremental');
    expect(emulator.amazon.stats().byOperation.createReport ?? 0).toBe(reportsBefore);
    const fresh = (await events()).slice(before);
    // The poll re-reads from the watermark minus the overlap: the orders at that edge, now with the
    // buyer email and packages the report lacks. Nothing else changed.
    expect(new Set(fresh.map((event) => `${event.type}/${event.source}`))).toEqual(
      new Set(fresh.length === 0 ? [] : ['order.updated/poll']),
    );
    for (const event of fresh) expect((event.data as { email: string | null }).email).not.toBeNull();
  });

  it('a listing repriced upward becomes exactly one product.updated on the next poll; the one after adds none', async () => {
    const [view] = amazonListingViews(store);
    if (!view) throw new Error('the tiny store has listings');
    const before = (await events()).length;
    const raised = (Number(view.variant.price) + 5).toFixed(2);
    store.changePrice(view.variant.id, { price: raised });
    await sync('incremental');
    const fresh = (await events()).slice(before);
    expect(fresh.map((event) => [event.type, event.source])).toEqual([['product.updated', 'poll']]);
    const read = await gateway.api('GET', `/v1/products/${fresh[0]?.entityId}`);
    expect(read.body).toMatchObject({ externalId: view.sku });
    expect(JSON.stringify(read.body)).toContain(raised);

    await sync('incremental');
    expect((await events()).slice(before)).toHaveLength(1);
  });

  it('an order shipped on Amazon is one order.updated and one order.fulfilled, however often polled', async () => {
    const unshipped = store
      .listOrders()
      .find(
        (order) =>
          order.financialState === 'paid' &&
          order.fulfillmentState === 'unfulfilled' &&
          order.cancelledAt === null &&
          order.refunds.length === 0,
      );
    if (!unshipped) throw new Error('the tiny store has a paid, unshipped order');
    const before = (await events()).length;
    store.fulfillOrder(unshipped.id, {});
    await sync('incremental');
    await sync('incremental');
    const fresh = (await events()).slice(before);
    expect(fresh.map((event) => event.type).sort()).toEqual(['order.fulfilled', 'order.updated']);
  });

  it('a store connected without a stream list backfills every stream without an error', async () => {
    const { sync: _only, ...defaults } = settings;
    const connected = await gateway.api('POST', '/v1/stores', {
      body: { platform: 'amazon', name: 'Every stream', credentials: credentials(), settings: defaults },
    });
    expect(connected.status, connected.text).toBe(201);
    const id = (connected.body as { id: string }).id;
    const backfill = await gateway.api('POST', `/v1/stores/${id}/sync`, { body: { mode: 'backfill' } });
    expect(backfill.status).toBe(202);
    await workers.whenIdle();
    const status = await gateway.api('GET', `/v1/stores/${id}/sync`);
    const streams = (
      status.body as { streams: Array<{ stream: string; state: string; lastError: string | null }> }
    ).streams;
    expect(streams.map((s) => [s.stream, s.state, s.lastError]).sort()).toEqual(
      ['customers', 'inventoryLevels', 'locations', 'orders', 'products', 'shipments'].map((stream) => [
        stream,
        'idle',
        null,
      ]),
    );
    const locations = await gateway.api('GET', `/v1/stores/${id}/locations/count`);
    expect((locations.body as { count: number }).count).toBe(2);
  });

  it("another tenant's key sees none of it", async () => {
    const other = await gateway.otherTenantKey();
    const [order] = await listAll('orders');
    for (const path of [
      `/v1/stores/${storeId}`,
      `/v1/stores/${storeId}/orders`,
      `/v1/stores/${storeId}/customers`,
      `/v1/orders/${order?.id}`,
    ]) {
      expect((await gateway.api('GET', path, { authorization: other })).status, path).toBe(404);
    }
    expect(((await gateway.api('GET', '/v1/orders', { authorization: other })).body as Page).data).toEqual(
      [],
    );
    const disconnect = await gateway.api('DELETE', `/v1/stores/${storeId}`, { authorization: other });
    expect(disconnect.status).toBe(404);
  });
});

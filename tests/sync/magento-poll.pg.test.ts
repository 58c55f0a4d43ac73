import { mapCustomer, mapOrder, OrderBundle, RawCustomer } from '@cartwire/connectors/magento';
import {
  createMagentoEmulator,
  generateStore,
  renderMagentoCreditMemos,
  renderMagentoCustomers,
  renderMagentoOrders,
  renderMagentoProducts,
  renderMagentoShipments,
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

const integration = {
  consumerKey: 'ck-gateway',
  consumerSecret: 'cs-gateway',
  accessToken: 'at-gateway',
  accessTokenSecret: 'as-gateway',
};
const STREAMS = ['products', 'customers', 'orders'];
const context = { storeId: 'sto_expected', platform: 'magento' as const, stream: 'orders' };

interface Page {
  data: Array<Record<string, unknown> & { id: string; externalId: string }>;
  has_more: boolean;
  next_cursor: string | null;
}

describe.each(testDatabases())('Magento through the gateway over loopback ($name)', ({ create }) => {
  let database: TestDatabase;
  let gateway: FullGatewayUnderTest;
  let workers: Workers;
  let store: SandboxStore;
  let served: ServedEmulator;
  let storeId: string;

  const credentials = () => ({ baseUrl: served.url, auth: { kind: 'oauth1', ...integration } });

  /** Every record of a store's collection, following `next_cursor` (small pages on purpose). */
  async function listAll(collection: string): Promise<Page['data']> {
    const all: Page['data'] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? 'limit=7' : `limit=7&cursor=${encodeURIComponent(cursor)}`;
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

  async function sync(mode: 'backfill' | 'incremental'): Promise<void> {
    const { status, body } = await gateway.api('POST', `/v1/stores/${storeId}/sync`, {
      body: { streams: STREAMS, mode },
    });
    expect(status, JSON.stringify(body)).toBe(202);
    await workers.whenIdle();
  }

  beforeAll(async () => {
    database = await create();
    gateway = await startFullGatewayUnderTest({ database, clock: createTestClock(), logger: silentLogger });
    store = generateStore({ seed: 23, size: 'tiny' });
    served = await serveEmulator(createMagentoEmulator({ store, oauth: integration }));
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

  it('refuses credentials that do not match the Magento schema, and ones the store rejects', async () => {
    const malformed = await gateway.api('POST', '/v1/stores', {
      body: {
        platform: 'magento',
        name: 'Bad',
        credentials: { baseUrl: served.url, auth: { kind: 'oauth1' } },
      },
    });
    expect(malformed.status).toBe(422);
    expect(malformed.body).toMatchObject({ code: 'invalid_credentials' });

    const wrongSecret = await gateway.api('POST', '/v1/stores', {
      body: {
        platform: 'magento',
        name: 'Wrong secret',
        credentials: {
          baseUrl: served.url,
          auth: { kind: 'oauth1', ...integration, consumerSecret: 'nope' },
        },
      },
    });
    expect(wrongSecret.status).toBe(422);
    expect(wrongSecret.body).toMatchObject({ code: 'platform_rejected', connector_error: 'auth' });
    const listed = await gateway.api('GET', '/v1/stores');
    expect((listed.body as Page).data).toEqual([]);
  });

  it('connects over REST with a live check; the credentials never come back', async () => {
    const connected = await gateway.api('POST', '/v1/stores', {
      body: {
        platform: 'magento',
        name: 'Sandbox Magento',
        credentials: credentials(),
        settings: { pageSize: 4, sync: { streams: STREAMS, pollIntervalMs: 60_000 } },
      },
    });
    expect(connected.status, connected.text).toBe(201);
    expect(connected.body).toMatchObject({ platform: 'magento', status: 'active' });
    storeId = (connected.body as { id: string }).id;
    const fetched = await gateway.api('GET', `/v1/stores/${storeId}`);
    for (const text of [connected.text, fetched.text]) {
      for (const secret of Object.values(integration)) expect(text).not.toContain(secret);
    }
  });

  it('backfills products, customers and orders and serves them normalized through /v1', async () => {
    await sync('backfill');
    const status = await gateway.api('GET', `/v1/stores/${storeId}/sync`);
    const streams = (status.body as { streams: Array<{ stream: string; state: string }> }).streams;
    expect(streams.filter((s) => STREAMS.includes(s.stream)).map((s) => [s.stream, s.state])).toEqual(
      expect.arrayContaining(STREAMS.map((stream) => [stream, 'idle'])),
    );

    const memos = renderMagentoCreditMemos(store);
    const shipments = renderMagentoShipments(store);
    const expectedOrders = renderMagentoOrders(store).map((order) =>
      mapOrder(
        OrderBundle.parse({
          order,
          creditMemos: memos.filter((memo) => memo.order_id === order.entity_id),
          shipments: shipments.filter((shipment) => shipment.order_id === order.entity_id),
        }),
        context,
      ),
    );
    const orders = await listAll('orders');
    expect(orders.map((order) => order.externalId).sort()).toEqual(
      expectedOrders.map((order) => order.externalId).sort(),
    );
    for (const order of orders) {
      const expected = expectedOrders.find((candidate) => candidate.externalId === order.externalId);
      expect(order).toMatchObject({
        storeId,
        platform: 'magento',
        status: expected?.status,
        financialStatus: expected?.financialStatus,
        fulfillmentStatus: expected?.fulfillmentStatus,
        total: expected?.total,
        totalRefunded: expected?.totalRefunded,
      });
    }

    const customers = await listAll('customers');
    const expectedCustomers = renderMagentoCustomers(store).map((raw) =>
      mapCustomer(RawCustomer.parse(raw), { ...context, stream: 'customers' }),
    );
    expect(customers.map((customer) => [customer.externalId, customer.email]).sort()).toEqual(
      expectedCustomers.map((customer) => [customer.externalId, customer.email]).sort(),
    );

    // Configurable parents carry their simple children as variants; the children are no products.
    const products = await listAll('products');
    const visible = renderMagentoProducts(store).filter((product) => product.visibility !== 1);
    expect(products.map((product) => product.externalId).sort()).toEqual(
      visible.map((product) => String(product.id)).sort(),
    );

    const log = await events();
    expect(log.filter((event) => event.type === 'order.created')).toHaveLength(orders.length);
    expect(log.filter((event) => event.type === 'customer.created')).toHaveLength(customers.length);
    // A backfill imports history: no transition events for old orders.
    expect(log.filter((event) => event.source === 'derived')).toEqual([]);
  });

  it('a customer renamed in Magento becomes exactly one customer.updated on the next poll; the one after adds none', async () => {
    const customer = store.listCustomers().find((candidate) => candidate.email !== null);
    if (!customer) throw new Error('the tiny store has customers with an email');
    const before = (await events()).length;
    store.updateCustomer(customer.id, { firstName: 'Renamed' });
    await sync('incremental');
    const fresh = (await events()).slice(before);
    expect(fresh.map((event) => [event.type, event.source])).toEqual([['customer.updated', 'poll']]);
    const read = await gateway.api('GET', `/v1/customers/${fresh[0]?.entityId}`);
    expect(read.body).toMatchObject({ externalId: String(customer.id), firstName: 'Renamed' });

    await sync('incremental');
    expect((await events()).slice(before)).toHaveLength(1);
  });

  it('an order shipped in Magento is one order.updated and one order.fulfilled, however often polled', async () => {
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
    const before = (await events()).length;
    store.fulfillOrder(paid.id, {});
    await sync('incremental');
    await sync('incremental');
    const fresh = (await events()).slice(before);
    expect(fresh.map((event) => event.type).sort()).toEqual(['order.fulfilled', 'order.updated']);
    const read = await gateway.api('GET', `/v1/orders/${fresh[0]?.entityId}`);
    expect(read.body).toMatchObject({ fulfillmentStatus: 'fulfilled' });
  });

  it('a store connected with default settings backfills every stream without an error', async () => {
    const connected = await gateway.api('POST', '/v1/stores', {
      body: { platform: 'magento', name: 'Every stream', credentials: credentials() },
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
      [
        'carts',
        'customers',
        'inventoryLevels',
        'locations',
        'orders',
        'products',
        'refunds',
        'shipments',
      ].map((stream) => [stream, 'idle', null]),
    );
    const levels = await gateway.api('GET', `/v1/stores/${id}/inventory-levels/count`);
    expect((levels.body as { count: number }).count).toBeGreaterThan(0);
  });

  it("another tenant's key sees none of it", async () => {
    const other = await gateway.otherTenantKey();
    const [order] = await listAll('orders');
    const requests = [
      `/v1/stores/${storeId}`,
      `/v1/stores/${storeId}/orders`,
      `/v1/stores/${storeId}/sync`,
      `/v1/orders/${order?.id}`,
    ];
    for (const path of requests) {
      expect((await gateway.api('GET', path, { authorization: other })).status, path).toBe(404);
    }
    const orders = await gateway.api('GET', '/v1/orders', { authorization: other });
    expect((orders.body as Page).data).toEqual([]);
    const sync = await gateway.api('POST', `/v1/stores/${storeId}/sync`, {
      authorization: other,
      body: { mode: 'incremental' },
    });
    expect(sync.status).toBe(404);
  });
});

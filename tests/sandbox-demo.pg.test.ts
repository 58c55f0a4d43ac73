import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../apps/gateway/src/sandbox/start-sandbox';
import type { Workers } from '../apps/gateway/src/workers/worker-pool';
import { type FullGatewayUnderTest, startFullGatewayUnderTest } from './sync/gateway-under-test';
import { createTestClock, silentLogger } from './sync/sync-harness';

interface StoreView {
  id: string;
  platform: string;
  name: string;
  settings: Record<string, unknown>;
}

describe.each(testDatabases())('the npm start sandbox demo ($name)', ({ create }) => {
  let database: TestDatabase;
  let gateway: FullGatewayUnderTest;
  let workers: Workers;
  let sandbox: RunningSandbox;
  let dataDir: string;

  const start = () =>
    startSandbox({
      gatewayUrl: gateway.url,
      tenantId: gateway.tenantId,
      repositories: gateway.repositories,
      sync: gateway.runtime.sync,
      logger: silentLogger,
      dataDir,
      size: 'tiny',
      activityIntervalMs: null,
    });

  async function count(storeId: string, resource: string): Promise<number> {
    const response = await gateway.api('GET', `/v1/stores/${storeId}/${resource}/count`);
    expect(response.status).toBe(200);
    return (response.body as { count: number }).count;
  }

  async function latestSeq(): Promise<number> {
    let afterSeq = 0;
    for (;;) {
      const page = await gateway.repositories.events.listEvents({
        tenantId: gateway.tenantId,
        afterSeq,
        limit: 1000,
      });
      if (page.events.length === 0) return afterSeq;
      afterSeq = page.nextSeq;
    }
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cartwire-sandbox-'));
    database = await create();
    gateway = await startFullGatewayUnderTest({ database, clock: createTestClock(), logger: silentLogger });
    workers = gateway.runtime.startWorkers({ concurrency: 2, leaseMs: 30_000, idleDelayMs: 20 });
    sandbox = await start();
    await workers.whenIdle();
  }, 120_000);
  afterAll(async () => {
    await sandbox?.stop();
    await workers?.stop();
    await gateway?.close();
    await database?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('connects one sandbox store per platform and backfills it through the public API', async () => {
    const response = await gateway.api('GET', '/v1/stores');
    const stores = (response.body as { data: StoreView[] }).data;
    expect(stores.map((store) => store.platform).sort()).toEqual([
      'amazon',
      'magento',
      'shopify',
      'woocommerce',
    ]);
    expect(JSON.stringify(stores)).not.toContain('consumerSecret');
    for (const shop of sandbox.shops) {
      expect(shop.connected).toBe(true);
      expect(await count(shop.storeId, 'orders')).toBe(shop.store.listOrders().length);
      // Amazon shares no customer list with sellers: its customers are the buyers on orders.
      if (shop.platform !== 'amazon') {
        expect(await count(shop.storeId, 'customers')).toBe(shop.store.listCustomers().length);
      }
    }
  });

  it('delivers live activity as platform webhooks that become events', async () => {
    const lastSeq = await latestSeq();
    expect(lastSeq).toBeGreaterThan(0);
    const happened = Array.from({ length: 24 }, () => sandbox.tick()).filter((activity) => activity !== null);
    expect(happened.length).toBe(24);
    await sandbox.flushWebhooks();
    await workers.whenIdle();
    const { events } = await gateway.repositories.events.listEvents({
      tenantId: gateway.tenantId,
      afterSeq: lastSeq,
      limit: 1000,
    });
    expect(events.some((event) => event.source === 'webhook')).toBe(true);
    // Shopify and WooCommerce push webhooks; Magento and Amazon changes arrive with the next poll.
    const pushing = sandbox.shops.filter((shop) => ['shopify', 'woocommerce'].includes(shop.platform));
    expect(
      new Set(events.filter((event) => event.source === 'webhook').map((event) => event.storeId)),
    ).toEqual(new Set(pushing.map((shop) => shop.storeId)));
  });

  it('serves the same stores again after a restart, with the data kept', async () => {
    const before = sandbox.shops.map((shop) => ({
      storeId: shop.storeId,
      orders: shop.store.listOrders().length,
    }));
    await sandbox.stop();
    sandbox = await start();
    expect(sandbox.shops.map((shop) => shop.connected)).toEqual([false, false, false, false]);
    expect(
      sandbox.shops.map((shop) => ({ storeId: shop.storeId, orders: shop.store.listOrders().length })),
    ).toEqual(before);
    const stores = ((await gateway.api('GET', '/v1/stores')).body as { data: StoreView[] }).data;
    expect(stores).toHaveLength(4);
    // The store records point at the re-served emulators: a manual sync succeeds against them.
    const shopify = sandbox.shops.find((shop) => shop.platform === 'shopify');
    expect(shopify).toBeDefined();
    const stored = stores.find((store) => store.id === shopify?.storeId);
    expect(stored?.settings.apiOrigin).toBe(shopify?.url);
    await gateway.runtime.sync.requestFetch(gateway.tenantId, shopify?.storeId ?? '', ['orders'], 'manual');
    await workers.whenIdle();
    expect(await count(shopify?.storeId ?? '', 'orders')).toBe(shopify?.store.listOrders().length);
  });
});

import {
  createWooCommerceEmulator,
  generateStore,
  type SandboxStore,
  type ServedEmulator,
  serveEmulator,
  type WooCommerceEmulator,
} from '@cartwire/sandbox';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countBy, createSyncHarness, type SyncHarness } from './sync-harness';

const LEASE_MS = 30_000;

/** A fetch that never answers the orders listing after `allowed` pages: a worker frozen mid-backfill. */
function freezingFetch(allowed: number): typeof fetch {
  let seen = 0;
  return (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (/\/orders(\?|$)/.test(url) && ++seen > allowed) {
      return new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    }
    return fetch(input, init);
  };
}

describe.each(testDatabases())('WooCommerce polling sync through the job queue ($name)', ({ create }) => {
  let database: TestDatabase;
  let harness: SyncHarness;
  let store: SandboxStore;
  let emulator: WooCommerceEmulator;
  let served: ServedEmulator;
  let storeId: string;

  beforeAll(async () => {
    database = await create();
    harness = await createSyncHarness(database);
    store = generateStore({ seed: 11, size: 'tiny' });
    emulator = createWooCommerceEmulator({ store, consumerKey: 'ck_sync', consumerSecret: 'cs_sync' });
    served = await serveEmulator(emulator);
    storeId = (
      await harness.repositories.stores.createStore({
        tenantId: harness.tenantId,
        platform: 'woocommerce',
        name: 'Sandbox WooCommerce',
        credentials: { url: served.url, consumerKey: 'ck_sync', consumerSecret: 'cs_sync' },
        settings: {
          currency: store.shop.currency,
          pageSize: 3,
          rateLimit: { maxConcurrent: 4, minTime: 0 },
          sync: { streams: ['products', 'customers', 'orders'], pollIntervalMs: 60_000 },
        },
      })
    ).id;
  }, 60_000);
  afterAll(async () => {
    emulator?.woocommerce.close();
    await served?.close();
    await database?.close();
  });

  it('a worker frozen mid-backfill loses its lease; another resumes from the checkpoint, nothing missing or doubled', async () => {
    const frozen = harness.service({ engine: { fetch: freezingFetch(2) } });
    await frozen.scheduleBackfill(harness.tenantId, storeId);
    const first = harness.workers(frozen, 'worker-a', LEASE_MS);
    const key = { tenantId: harness.tenantId, storeId, stream: 'orders' };
    // Wait until the orders backfill has stored its two pages and is stuck on the third.
    await expect
      .poll(async () => (await harness.repositories.checkpoints.get(key))?.pagesInRun, { timeout: 20_000 })
      .toBe(2);
    await first.stop({ release: false });
    await frozen.close();

    const second = harness.service();
    const healthy = harness.workers(second, 'worker-b', LEASE_MS);
    try {
      // Before the lease expires nobody else may take the job.
      await healthy.whenIdle();
      expect((await harness.repositories.checkpoints.get(key))?.runState).toBe('running');
      harness.clock.advance(LEASE_MS + 1);
      await expect
        .poll(async () => (await harness.repositories.checkpoints.get(key))?.runState, { timeout: 20_000 })
        .toBe('idle');
      await healthy.whenIdle();
    } finally {
      await healthy.stop();
      await second.close();
    }

    const checkpoint = await harness.repositories.checkpoints.get(key);
    // The resumed run continued counting from page 3: it did not start over.
    expect(checkpoint?.pagesInRun).toBe(Math.ceil(store.listOrders().length / 3));
    expect(checkpoint?.lastSuccessAt).not.toBeNull();
    expect(checkpoint?.nextRunAt).not.toBeNull();
    const events = await harness.events();
    const created = countBy(
      events.filter((event) => event.type === 'order.created'),
      (event) => event.entityId ?? '',
    );
    expect(created.size).toBe(store.listOrders().length);
    expect([...created.values()].every((count) => count === 1)).toBe(true);
    // A backfill imports history: no transition events for years-old orders.
    expect(events.filter((event) => event.source === 'derived')).toEqual([]);
  }, 60_000);

  it('the scheduler backfills a newly connected store once, and re-polls a stream only when it is overdue', async () => {
    const service = harness.service();
    try {
      const connected = await harness.repositories.stores.createStore({
        tenantId: harness.tenantId,
        platform: 'woocommerce',
        name: 'Just connected',
        credentials: { url: served.url, consumerKey: 'ck_sync', consumerSecret: 'cs_sync' },
        settings: { sync: { streams: ['customers'], pollIntervalMs: 60_000 } },
      });
      // The first store's streams are idle and not yet due; the new store's one stream needs its backfill.
      expect(await service.reconcile()).toBe(1);
      expect(await service.reconcile()).toBe(0);
      const workers = harness.workers(service, 'worker-c');
      await workers.whenIdle();
      await workers.stop();
      const status = await service.getSyncStatus(harness.tenantId, connected.id);
      expect(status.map((stream) => [stream.stream, stream.runState])).toEqual([['customers', 'idle']]);
      // Every stream's next poll is queued already: overdue or not, an intact chain gets nothing new.
      harness.clock.advance(120_000);
      expect(await service.reconcile()).toBe(0);
      // A poll that died (permanent failure) breaks its chain; the scheduler restarts it.
      const [claimed] = await harness.repositories.jobs.claim({
        queues: ['sync'],
        workerId: 'breaker',
        leaseMs: 1000,
      });
      if (!claimed) throw new Error('a due poll is claimable');
      await harness.repositories.jobs.fail(claimed.id, 'breaker', new Error('gave up'), { permanent: true });
      expect(await service.reconcile()).toBe(1);
    } finally {
      await service.close();
    }
  }, 60_000);
});

import { type AttemptEvent, createInMemoryCheckpointStore, runStream } from '@cartwire/connectors';
import type { AnyEntity } from '@cartwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestEngine,
  type ShopifyHarness,
  shopifyConnector,
  startShopifyHarness,
} from './shopify-harness';

describe('Shopify incremental sync and throttling over loopback HTTP', () => {
  let harness: ShopifyHarness;

  beforeAll(async () => {
    // A Standard-sized bucket restoring fast enough to keep the test short.
    harness = await startShopifyHarness({
      seed: 21,
      size: 'tiny',
      plan: { bucketSize: 1000, restoreRate: 1000 },
    });
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
  });

  async function sync(
    mode: 'backfill' | 'incremental',
    checkpoints: ReturnType<typeof createInMemoryCheckpointStore>,
    onAttempt?: (event: AttemptEvent) => void,
  ): Promise<AnyEntity[]> {
    const engine = createTestEngine(onAttempt ? { onAttempt } : {});
    const delivered: AnyEntity[] = [];
    try {
      await runStream({
        engine,
        connector: shopifyConnector,
        store: harness.storeInput({ bulkThreshold: 1_000_000 }),
        stream: 'orders',
        mode,
        checkpoints,
        onPage: (entities) => void delivered.push(...entities),
      });
    } finally {
      await engine.close();
    }
    return delivered;
  }

  it('an incremental run reads only orders changed since the watermark, with their new state', async () => {
    const checkpoints = createInMemoryCheckpointStore();
    const all = await sync('backfill', checkpoints);
    expect(all.length).toBe(harness.store.listOrders().length);
    const changed = harness.store.listOrders().slice(0, 3);
    for (const order of changed) harness.store.updateOrder(order.id, { tags: ['changed-after-backfill'] });
    const expected = await harness.expected('orders');
    const incremental = await sync('incremental', checkpoints);
    const ids = new Set(incremental.map((order) => order.externalId));
    expect(ids.size).toBeLessThan(all.length);
    for (const order of incremental) expect(order).toEqual(expected.get(order.externalId));
    const changedIds = [...expected.values()]
      .filter((order) => 'tags' in order && order.tags.includes('changed-after-backfill'))
      .map((order) => order.externalId);
    expect(changedIds).toHaveLength(3);
    for (const id of changedIds) expect(ids).toContain(id);
  }, 60_000);

  it('two processes sharing one bucket without a shared limiter get THROTTLED (HTTP 200) and still complete', async () => {
    // Standard plan: 1000 points restoring 100/s. Each process's first customers page requests
    // ~1000 points at once, so whichever comes second must be throttled (about a second's wait).
    const standard = await startShopifyHarness({
      seed: 21,
      size: 'tiny',
      plan: { bucketSize: 1000, restoreRate: 100 },
    });
    try {
      const expected = await standard.expected('customers');
      const throttled: AttemptEvent[] = [];
      const run = async () => {
        const engine = createTestEngine({
          onAttempt: (event) => event.action === 'rate_limited' && throttled.push(event),
        });
        const delivered: AnyEntity[] = [];
        try {
          await runStream({
            engine,
            connector: shopifyConnector,
            store: standard.storeInput({ bulkThreshold: 1_000_000 }),
            stream: 'customers',
            mode: 'backfill',
            checkpoints: createInMemoryCheckpointStore(),
            onPage: (entities) => void delivered.push(...entities),
          });
        } finally {
          await engine.close();
        }
        return delivered;
      };
      const [first, second] = await Promise.all([run(), run()]);
      expect(throttled.length).toBeGreaterThan(0);
      expect(throttled.every((event) => event.status === 200)).toBe(true);
      for (const delivered of [first, second]) {
        expect(new Map(delivered.map((customer) => [customer.externalId, customer]))).toEqual(expected);
      }
    } finally {
      await standard.close();
    }
  }, 60_000);
});

import { type AttemptEvent, createInMemoryCheckpointStore, runStream } from '@cartwire/connectors';
import type { AnyEntity } from '@cartwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestEngine,
  type ShopifyHarness,
  shopifyConnector,
  startShopifyHarness,
} from './shopify-harness';

/** What a sync delivered: every entity in delivery order (duplicates show up here). */
interface Sink {
  delivered: AnyEntity[];
  pages: number;
  recordErrors: unknown[];
}

function byId(entities: readonly AnyEntity[]): Map<string, AnyEntity> {
  return new Map(entities.map((entity) => [entity.externalId, entity]));
}

describe('Shopify backfill over loopback HTTP (small seeded store)', () => {
  let harness: ShopifyHarness;
  let expectedOrders: Map<string, AnyEntity>;

  beforeAll(async () => {
    harness = await startShopifyHarness({ seed: 11, size: 'small' });
    expectedOrders = await harness.expected('orders');
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
  });

  async function backfill(
    stream: 'orders' | 'customers' | 'products' | 'carts',
    settings: Record<string, unknown>,
    options: {
      checkpoints?: ReturnType<typeof createInMemoryCheckpointStore>;
      sink?: Sink;
      signal?: AbortSignal;
      onPage?: (page: number) => void;
      onAttempt?: (event: AttemptEvent) => void;
    } = {},
  ): Promise<Sink> {
    const sink = options.sink ?? { delivered: [], pages: 0, recordErrors: [] };
    const engine = createTestEngine(options.onAttempt ? { onAttempt: options.onAttempt } : {});
    try {
      await runStream({
        engine,
        connector: shopifyConnector,
        store: harness.storeInput(settings),
        stream,
        mode: 'backfill',
        checkpoints: options.checkpoints ?? createInMemoryCheckpointStore(),
        ...(options.signal ? { signal: options.signal } : {}),
        onPage: (entities, meta) => {
          sink.delivered.push(...entities);
          sink.pages = meta.page;
          options.onPage?.(meta.page);
        },
        onRecordError: (error) => void sink.recordErrors.push(error),
      });
    } finally {
      await engine.close();
    }
    return sink;
  }

  it('has a few thousand orders to sync', () => {
    expect(expectedOrders.size).toBeGreaterThanOrEqual(2000);
  });

  it('pages every order exactly as the emulator renders it, through faults and an interruption', async () => {
    // One pass over the few thousand orders exercises all three: the emulator pages slowly, so each
    // full pass is costly. Faults hit both runs; the first is cut after page 40 and resumed.
    const checkpoints = createInMemoryCheckpointStore();
    const sink: Sink = { delivered: [], pages: 0, recordErrors: [] };
    const statuses: (number | null)[] = [];
    const onAttempt = (event: AttemptEvent) => void statuses.push(event.status);
    const settings = { bulkThreshold: 1_000_000, timeoutMs: 400 };
    const abort = new AbortController();
    harness.faults.set({
      rate429: 0.04,
      rate500: 0.04,
      timeoutRate: 0.01,
      retryAfterSeconds: 0,
      timeoutMs: 5_000,
      seed: 5,
    });
    try {
      await expect(
        backfill('orders', settings, {
          checkpoints,
          sink,
          signal: abort.signal,
          onAttempt,
          onPage: (page) => page === 40 && abort.abort(),
        }),
      ).rejects.toBeDefined();
      const beforeResume = sink.delivered.length;
      expect(beforeResume).toBeGreaterThan(0);
      expect(beforeResume).toBeLessThan(expectedOrders.size);
      await backfill('orders', settings, { checkpoints, sink, onAttempt });
    } finally {
      harness.faults.reset();
    }
    expect(sink.recordErrors).toEqual([]);
    expect(sink.pages).toBeGreaterThan(100);
    const ids = sink.delivered.map((entity) => entity.externalId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(byId(sink.delivered)).toEqual(expectedOrders);
    expect(statuses).toContain(429);
    expect(statuses).toContain(500);
    // Timed-out attempts have no status.
    expect(statuses).toContain(null);
  }, 180_000);

  it('gives the same records through a bulk operation as through paging', async () => {
    const sink = await backfill('orders', { bulkThreshold: 0 });
    expect(sink.recordErrors).toEqual([]);
    expect(sink.delivered).toHaveLength(expectedOrders.size);
    expect(byId(sink.delivered)).toEqual(expectedOrders);
  }, 120_000);

  it('switches to bulk above bulkThreshold and, interrupted, resumes the same bulk operation', async () => {
    const checkpoints = createInMemoryCheckpointStore();
    const sink: Sink = { delivered: [], pages: 0, recordErrors: [] };
    const starts: string[] = [];
    const onAttempt = (event: AttemptEvent) => {
      if (event.operation === 'orders.bulkStart') starts.push(event.operation);
    };
    const abort = new AbortController();
    let switched = false;
    await expect(
      backfill(
        'orders',
        { bulkThreshold: 200 },
        {
          checkpoints,
          sink,
          signal: abort.signal,
          onAttempt,
          onPage: () => {
            // The page on which the bulk operation started: stop before its result is read.
            if (starts.length === 1 && !switched) {
              switched = true;
              abort.abort();
            }
          },
        },
      ),
    ).rejects.toBeDefined();
    const saved = await checkpoints.load('sto_shopifybackfill000000001', 'orders');
    expect(saved?.inFlight?.next).toMatchObject({ kind: 'custom', state: { phase: 'bulk' } });
    await backfill('orders', { bulkThreshold: 200 }, { checkpoints, sink, onAttempt });
    expect(starts).toHaveLength(1);
    const ids = sink.delivered.map((entity) => entity.externalId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(byId(sink.delivered)).toEqual(expectedOrders);
  }, 120_000);

  it.each(['customers', 'products', 'carts'] as const)(
    'backfills %s exactly as the emulator renders them',
    async (stream) => {
      const expected = await harness.expected(stream);
      const paged = await backfill(stream, { bulkThreshold: 1_000_000 });
      expect(paged.recordErrors).toEqual([]);
      expect(byId(paged.delivered)).toEqual(expected);
      if (stream !== 'carts') {
        const bulk = await backfill(stream, { bulkThreshold: 0 });
        expect(byId(bulk.delivered)).toEqual(expected);
      }
    },
    120_000,
  );
});

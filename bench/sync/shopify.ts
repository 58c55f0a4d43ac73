import { pathToFileURL } from 'node:url';
import { createConnectorEngine, createInMemoryCheckpointStore, runStream } from '@cartwire/connectors';
import { shopifyConnector } from '@cartwire/connectors/shopify';
import { createShopifyEmulator, generateStore, type StoreSize, serveEmulator } from '@cartwire/sandbox';

export interface ShopifySyncBenchOptions {
  /** Seeded store size. @default 'small' (≈2 000 orders) */
  size?: StoreSize;
  /** @default 7 */
  seed?: number;
  /**
   * The emulated plan's GraphQL bucket. The restore rate is kept low enough that the bucket, not
   * the in-process emulator's CPU, is the ceiling of paging. @default { bucketSize: 1000, restoreRate: 300 }
   */
  plan?: { bucketSize: number; restoreRate: number };
  /** Paging is measured over this window (a full paged backfill at plan rates takes minutes). @default 20 */
  pagingSeconds?: number;
  /** Pace of the emulator's bulk operations. @default { startDelayMs: 200, objectsPerSecond: 5000 } */
  bulk?: { startDelayMs: number; objectsPerSecond: number };
}

export interface ShopifySyncBenchResult {
  platform: 'shopify';
  stream: 'orders';
  mode: 'paging' | 'bulk';
  records: number;
  seconds: number;
  recordsPerSecond: number;
  /**
   * Paging: the points the bucket can supply in the run (full bucket + restoreRate × seconds) over the
   * points one order actually cost, per second. Bulk: the emulator's bulk pace (objects per second,
   * an order being itself plus its line items) plus its start delay.
   */
  ceilingRecordsPerSecond: number;
  /** recordsPerSecond / ceilingRecordsPerSecond. */
  ratio: number;
  /** Attempts answered THROTTLED or 429 (the limiter should keep this near zero). */
  throttled: number;
  requests: number;
}

interface Meter {
  points: number;
}

/** A fetch that adds up the points Shopify actually charged (`extensions.cost.actualQueryCost`). */
function meteredFetch(meter: Meter): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    // GraphQL answers only; bulk results are `application/jsonl`.
    if (/^application\/json(;|$)/.test(response.headers.get('content-type') ?? '')) {
      const body = (await response.clone().json()) as {
        extensions?: { cost?: { actualQueryCost?: number | null } };
      };
      meter.points += body.extensions?.cost?.actualQueryCost ?? 0;
    }
    return response;
  };
}

/**
 * Backfills the orders of a seeded store from the Shopify emulator over loopback HTTP, once by
 * paging (for `pagingSeconds`) and once with a bulk operation, and reports each against the ceiling
 * the emulator allows.
 *
 * @example
 * const [paging, bulk] = await benchShopifySync();
 * console.log(paging.ratio, paging.throttled, bulk.recordsPerSecond);
 */
export async function benchShopifySync(
  options: ShopifySyncBenchOptions = {},
): Promise<ShopifySyncBenchResult[]> {
  const plan = options.plan ?? { bucketSize: 1000, restoreRate: 300 };
  const bulkPace = options.bulk ?? { startDelayMs: 200, objectsPerSecond: 5000 };
  const pagingSeconds = options.pagingSeconds ?? 20;
  const store = generateStore({ seed: options.seed ?? 7, size: options.size ?? 'small' });
  const orders = store.listOrders();
  const objects = orders.reduce((sum, order) => sum + 1 + order.lines.length, 0);

  async function run(mode: 'paging' | 'bulk'): Promise<ShopifySyncBenchResult> {
    // A fresh emulator per mode: each starts with a full bucket.
    const app = createShopifyEmulator({
      store,
      shopDomain: 'bench-shop.myshopify.com',
      accessToken: 'shpat_bench',
      clientSecret: 'shpss_bench',
      apiVersion: '2026-10',
      plan,
      bulk: bulkPace,
    });
    const served = await serveEmulator(app);
    const meter: Meter = { points: 0 };
    let requests = 0;
    let throttled = 0;
    const engine = createConnectorEngine({
      fetch: meteredFetch(meter),
      onAttempt: (event) => {
        requests += 1;
        if (event.action === 'rate_limited') throttled += 1;
      },
    });
    let records = 0;
    const stop = new AbortController();
    const timer = mode === 'paging' ? setTimeout(() => stop.abort(), pagingSeconds * 1000) : undefined;
    const started = performance.now();
    try {
      await runStream({
        engine,
        connector: shopifyConnector,
        store: {
          id: 'sto_benchshopify00000000001',
          credentials: {
            shopDomain: 'bench-shop.myshopify.com',
            accessToken: 'shpat_bench',
            clientSecret: 'shpss_bench',
            apiVersion: '2026-10',
          },
          settings: {
            apiOrigin: served.url,
            bulkThreshold: mode === 'bulk' ? 0 : Number.MAX_SAFE_INTEGER,
            bulkPollIntervalMs: 100,
            // The limiter starts from the plan; it would learn it from the first response anyway.
            rateLimit: { maximumAvailable: plan.bucketSize, restoreRate: plan.restoreRate },
          },
        },
        stream: 'orders',
        mode: 'backfill',
        checkpoints: createInMemoryCheckpointStore(),
        signal: stop.signal,
        onPage: (entities) => {
          records += entities.length;
        },
      });
    } catch (error) {
      // The paging window ending is the expected way out of a paged run.
      if (!stop.signal.aborted) throw error;
    } finally {
      clearTimeout(timer);
      await engine.close();
      app.shopify.close();
      await served.close();
    }
    const seconds = (performance.now() - started) / 1000;
    const recordsPerSecond = records / seconds;
    const ceilingRecordsPerSecond =
      mode === 'paging'
        ? (plan.bucketSize + plan.restoreRate * seconds) / (meter.points / Math.max(1, records)) / seconds
        : orders.length / (bulkPace.startDelayMs / 1000 + objects / bulkPace.objectsPerSecond);
    return {
      platform: 'shopify',
      stream: 'orders',
      mode,
      records,
      seconds,
      recordsPerSecond,
      ceilingRecordsPerSecond,
      ratio: recordsPerSecond / ceilingRecordsPerSecond,
      throttled,
      requests,
    };
  }

  return [await run('paging'), await run('bulk')];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await benchShopifySync();
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

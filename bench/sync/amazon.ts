import { pathToFileURL } from 'node:url';
import { createConnectorEngine, createInMemoryCheckpointStore, runStream } from '@cartwire/connectors';
import { AMAZON_USAGE_PLANS, amazonConnector } from '@cartwire/connectors/amazon';
import { createAmazonEmulator, generateStore, type StoreSize, serveEmulator } from '@cartwire/sandbox';

export interface AmazonSyncBenchOptions {
  /** Seeded store size. @default 'small' (≈2 000 orders) */
  size?: StoreSize;
  /** @default 7 */
  seed?: number;
  /**
   * Multiplier on searchOrders' documented rate (0.0056 requests/s, one page every ~3 minutes),
   * applied identically to the emulator's usage plan and the connector's bucket. @default 500 (2.8 rps)
   */
  scale?: number;
}

export interface AmazonSyncBenchResult {
  platform: 'amazon';
  stream: 'orders';
  records: number;
  requests: number;
  pages: number;
  seconds: number;
  recordsPerSecond: number;
  /** The scaled searchOrders rate × 100 orders per page: the most a page-by-page sync can read. */
  ceilingRecordsPerSecond: number;
  /** recordsPerSecond / ceilingRecordsPerSecond. */
  ratio: number;
  /** Requests the emulator refused with 429 QuotaExceeded (the limiter should keep this near zero). */
  throttled: number;
}

const lwa = {
  clientId: 'amzn1.application-oa2-client.bench',
  clientSecret: 'cs-bench',
  refreshToken: 'Atzr|bench',
};
const PAGE_SIZE = 100;

/**
 * Backfills the orders of a seeded store from the Amazon emulator over loopback HTTP through
 * searchOrders (paging path, LWA auth), with searchOrders' usage plan scaled by `scale` on both
 * sides, and reports how close the sync runs to the ceiling. The burst is scaled down to 1 so the
 * ceiling is the steady rate and the ratio means what it means for the other platforms.
 *
 * @example
 * const { ratio, throttled } = await benchAmazonSync({ scale: 500 });
 */
export async function benchAmazonSync(options: AmazonSyncBenchOptions = {}): Promise<AmazonSyncBenchResult> {
  const rate = AMAZON_USAGE_PLANS.searchOrders.rate * (options.scale ?? 500);
  const plan = { rate, burst: 1 };
  const store = generateStore({ seed: options.seed ?? 7, size: options.size ?? 'small' });
  const emulator = createAmazonEmulator({
    store,
    lwa,
    sellerId: 'A3TH9S8BH6GOGM',
    usagePlans: { searchOrders: plan },
  });
  const served = await serveEmulator(emulator);
  let requests = 0;
  const engine = createConnectorEngine({
    onAttempt: () => {
      requests += 1;
    },
  });
  let records = 0;
  let pages = 0;
  try {
    const started = performance.now();
    await runStream({
      engine,
      connector: amazonConnector,
      store: {
        id: 'sto_benchamazon',
        credentials: { endpoint: served.url, lwaEndpoint: served.url, ...lwa },
        settings: {
          sellerId: 'A3TH9S8BH6GOGM',
          marketplaceIds: ['ATVPDKIKX0DER'],
          piiAccess: true,
          orderBackfill: 'paging',
          pageSize: PAGE_SIZE,
          rateLimit: { perOperation: { searchOrders: plan } },
        },
      },
      stream: 'orders',
      mode: 'backfill',
      checkpoints: createInMemoryCheckpointStore(),
      onPage: (entities) => {
        records += entities.length;
        pages += 1;
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const recordsPerSecond = records / seconds;
    const ceilingRecordsPerSecond = rate * PAGE_SIZE;
    return {
      platform: 'amazon',
      stream: 'orders',
      records,
      requests,
      pages,
      seconds,
      recordsPerSecond,
      ceilingRecordsPerSecond,
      ratio: recordsPerSecond / ceilingRecordsPerSecond,
      throttled: emulator.amazon.stats().throttled,
    };
  } finally {
    await engine.close();
    emulator.amazon.close();
    await served.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchAmazonSync();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

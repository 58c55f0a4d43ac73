import { pathToFileURL } from 'node:url';
import { createConnectorEngine, createInMemoryCheckpointStore, runStream } from '@cartwire/connectors';
import { MAGENTO_PAGE_SIZE, magentoConnector } from '@cartwire/connectors/magento';
import { createMagentoEmulator, generateStore, type StoreSize, serveEmulator } from '@cartwire/sandbox';

export interface MagentoSyncBenchOptions {
  /** Seeded store size. @default 'small' (≈2 000 orders) */
  size?: StoreSize;
  /** @default 7 */
  seed?: number;
  /**
   * The limit the emulator enforces with 429s (Magento has none of its own; hosts add one at the
   * WAF/CDN). Kept below what the in-process emulator can render, so the limit is the ceiling.
   * @default 3
   */
  requestsPerSecond?: number;
}

export interface MagentoSyncBenchResult {
  platform: 'magento';
  stream: 'orders';
  records: number;
  requests: number;
  pages: number;
  seconds: number;
  recordsPerSecond: number;
  /**
   * The rate limit × pageSize ÷ 3: each orders page costs three searches (the orders, then their
   * credit memos and their shipments by `order_id in (…)`), the most a page-by-page sync can read.
   */
  ceilingRecordsPerSecond: number;
  /** recordsPerSecond / ceilingRecordsPerSecond. */
  ratio: number;
  /** Requests the emulator refused with 429 (the limiter should keep this near zero). */
  throttled: number;
}

const integration = {
  consumerKey: 'ck-bench',
  consumerSecret: 'cs-bench',
  accessToken: 'at-bench',
  accessTokenSecret: 'as-bench',
};
const SEARCHES_PER_ORDERS_PAGE = 3;

/**
 * Backfills the orders (with credit memos and shipments) of a seeded store from a rate-limited
 * Magento emulator over loopback HTTP, OAuth 1.0a signed, with the connector's limiter set from that
 * limit, and reports how close the sync runs to the ceiling.
 *
 * @example
 * const { ratio, throttled } = await benchMagentoSync({ requestsPerSecond: 3 });
 */
export async function benchMagentoSync(
  options: MagentoSyncBenchOptions = {},
): Promise<MagentoSyncBenchResult> {
  const requestsPerSecond = options.requestsPerSecond ?? 3;
  const store = generateStore({ seed: options.seed ?? 7, size: options.size ?? 'small' });
  // A burst of 2 absorbs loopback jitter between the limiter's spacing and the server's clock.
  const emulator = createMagentoEmulator({
    store,
    oauth: integration,
    rateLimit: { requestsPerSecond, burst: 2 },
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
      connector: magentoConnector,
      store: {
        id: 'sto_benchmagento',
        credentials: { baseUrl: served.url, storeCode: 'default', auth: { kind: 'oauth1', ...integration } },
        settings: {
          pageSize: MAGENTO_PAGE_SIZE,
          // The limiter spaces request starts at the host's rate.
          rateLimit: { maxConcurrent: 2, minTime: Math.ceil(1000 / requestsPerSecond) },
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
    const ceilingRecordsPerSecond = (requestsPerSecond * MAGENTO_PAGE_SIZE) / SEARCHES_PER_ORDERS_PAGE;
    return {
      platform: 'magento',
      stream: 'orders',
      records,
      requests,
      pages,
      seconds,
      recordsPerSecond,
      ceilingRecordsPerSecond,
      ratio: recordsPerSecond / ceilingRecordsPerSecond,
      throttled: emulator.magento.stats().throttled,
    };
  } finally {
    await engine.close();
    await served.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchMagentoSync();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

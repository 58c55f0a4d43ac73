import { pathToFileURL } from 'node:url';
import { createConnectorEngine, createInMemoryCheckpointStore, runStream } from '@cartwire/connectors';
import { WOO_PAGE_SIZE, wooCommerceConnector } from '@cartwire/connectors/woocommerce';
import { createWooCommerceEmulator, generateStore, type StoreSize, serveEmulator } from '@cartwire/sandbox';

export interface WooCommerceSyncBenchOptions {
  /** Seeded store size. @default 'small' (≈2 000 orders) */
  size?: StoreSize;
  /** @default 7 */
  seed?: number;
  /**
   * The host limit the emulator enforces (429 + Retry-After above it). Kept below what the
   * in-process emulator can render, so the limit, not the CPU, is the ceiling. @default 2
   */
  requestsPerSecond?: number;
}

export interface WooCommerceSyncBenchResult {
  platform: 'woocommerce';
  stream: 'orders';
  records: number;
  requests: number;
  seconds: number;
  recordsPerSecond: number;
  /** The emulator's rate limit × per_page: the most a page-by-page sync can read. */
  ceilingRecordsPerSecond: number;
  /** recordsPerSecond / ceilingRecordsPerSecond. */
  ratio: number;
  /** Requests the emulator refused with 429 (the limiter should keep this near zero). */
  throttled: number;
}

/**
 * Backfills the orders of a seeded store from a rate-limited WooCommerce emulator over loopback
 * HTTP, with the connector's limiter configured from that limit, and reports how close the sync
 * runs to the ceiling. Refunds are read from the orders' own `refunds[]` (`refundDetail: 'summary'`)
 * so every request is a list page and the ceiling is exactly limit × per_page.
 *
 * @example
 * const { ratio, throttled } = await benchWooCommerceSync({ requestsPerSecond: 2 });
 */
export async function benchWooCommerceSync(
  options: WooCommerceSyncBenchOptions = {},
): Promise<WooCommerceSyncBenchResult> {
  const requestsPerSecond = options.requestsPerSecond ?? 2;
  const store = generateStore({ seed: options.seed ?? 7, size: options.size ?? 'small' });
  const emulator = createWooCommerceEmulator({
    store,
    consumerKey: 'ck_bench',
    consumerSecret: 'cs_bench',
    rateLimit: { requestsPerSecond },
  });
  const served = await serveEmulator(emulator);
  let requests = 0;
  const engine = createConnectorEngine({
    onAttempt: () => {
      requests += 1;
    },
  });
  let records = 0;
  try {
    const started = performance.now();
    await runStream({
      engine,
      connector: wooCommerceConnector,
      store: {
        id: 'sto_benchwoo',
        credentials: { url: served.url, consumerKey: 'ck_bench', consumerSecret: 'cs_bench' },
        settings: {
          currency: store.shop.currency,
          refundDetail: 'summary',
          // The limiter spaces request starts at the host's rate.
          rateLimit: { maxConcurrent: 2, minTime: Math.ceil(1000 / requestsPerSecond) },
        },
      },
      stream: 'orders',
      mode: 'backfill',
      checkpoints: createInMemoryCheckpointStore(),
      onPage: (entities) => {
        records += entities.length;
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const recordsPerSecond = records / seconds;
    const ceilingRecordsPerSecond = requestsPerSecond * WOO_PAGE_SIZE;
    return {
      platform: 'woocommerce',
      stream: 'orders',
      records,
      requests,
      seconds,
      recordsPerSecond,
      ceilingRecordsPerSecond,
      ratio: recordsPerSecond / ceilingRecordsPerSecond,
      throttled: emulator.woocommerce.throttledCount(),
    };
  } finally {
    await engine.close();
    emulator.woocommerce.close();
    await served.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchWooCommerceSync();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

// `npm run bench -- <name>`: runs one benchmark and prints its result (ratios against a baseline measured in
// the same run). With no name, lists them.
import { benchApi } from './api';
import { benchSegments } from './segments';
import { benchAmazonSync } from './sync/amazon';
import { benchMagentoSync } from './sync/magento';
import { benchShopifySync } from './sync/shopify';
import { benchWooCommerceSync } from './sync/woocommerce';
import { benchWebhooks } from './webhooks';
import { benchWorkflows } from './workflows';

/** `--name=number` arguments after the benchmark's name, for the options it accepts. */
function flags<K extends string>(accepted: readonly K[]): Partial<Record<K, number>> {
  const options: Partial<Record<K, number>> = {};
  for (const arg of process.argv.slice(3)) {
    const match = /^--([A-Za-z]+)=(\d+(?:\.\d+)?)$/.exec(arg);
    const key = match?.[1] as K | undefined;
    if (!match || key === undefined || !accepted.includes(key)) {
      throw new Error(
        `unknown option ${arg}; this benchmark takes ${accepted.map((k) => `--${k}=<n>`).join(' ')}`,
      );
    }
    options[key] = Number(match[2]);
  }
  return options;
}

const BENCHMARKS: Record<string, () => Promise<unknown>> = {
  // DATABASE_URL runs it on that Postgres server (postgres.js); without it, on embedded PGlite.
  api: () =>
    benchApi({ databaseUrl: process.env.DATABASE_URL, ...flags(['orders', 'concurrency', 'seconds']) }),
  // Segment materialization over 1M customers (100k on PGlite): compiled rule vs hand-written SQL; metric refresh events/s.
  segments: () => benchSegments({ databaseUrl: process.env.DATABASE_URL }),
  // Event-log append → verified receipt through the outbound webhook runtime vs a bare signed POST loop to
  // the same receiver; steady p50/p99 and burst events/s. DATABASE_URL: Postgres, else PGlite.
  webhooks: () =>
    benchWebhooks({
      databaseUrl: process.env.DATABASE_URL,
      ...flags(['rate', 'seconds', 'burst', 'concurrency', 'pollIntervalMs']),
    }),
  // Workflow timer fire lag and steps/s with many runs waiting vs graphile-worker jobs/s on the same
  // Postgres (DATABASE_URL; it makes and drops its own database). `-- workflows --waiting=100000` for the full run.
  workflows: () =>
    benchWorkflows({
      databaseUrl: process.env.DATABASE_URL,
      ...flags(['waiting', 'due', 'spreadSeconds', 'workers', 'lanes']),
    }),
  'sync:shopify': () => benchShopifySync(),
  'sync:woocommerce': () => benchWooCommerceSync(),
  'sync:magento': () => benchMagentoSync(),
  'sync:amazon': () => benchAmazonSync(),
  // Every platform in turn: records/s as a ratio of each emulator's ceiling, throttled counts, paging vs bulk.
  sync: async () => ({
    shopify: await benchShopifySync(),
    woocommerce: await benchWooCommerceSync(),
    magento: await benchMagentoSync(),
    amazon: await benchAmazonSync(),
  }),
};

const name = process.argv[2];
const bench = name === undefined ? undefined : BENCHMARKS[name];
if (bench === undefined) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHMARKS).join(' | ')}>\n`);
  process.exitCode = name === undefined ? 0 : 1;
} else {
  process.stdout.write(`${JSON.stringify(await bench(), null, 2)}\n`);
}

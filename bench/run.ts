// `npm run bench -- <name>`: runs one benchmark and prints its result (ratios against a baseline measured in
// the same run). With no name, lists them.
import { benchApi } from './api';
import { benchSegments } from './segments';
import { benchAmazonSync } from './sync/amazon';
import { benchMagentoSync } from './sync/magento';
import { benchShopifySync } from './sync/shopify';
import { benchWooCommerceSync } from './sync/woocommerce';

const BENCHMARKS: Record<string, () => Promise<unknown>> = {
  // DATABASE_URL runs it on that Postgres server (postgres.js); without it, on embedded PGlite.
  api: () => benchApi({ databaseUrl: process.env.DATABASE_URL }),
  // Segment materialization over 1M customers (100k on PGlite): compiled rule vs hand-written SQL; metric refresh events/s.
  segments: () => benchSegments({ databaseUrl: process.env.DATABASE_URL }),
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

import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Order } from '@cartwire/model';
import { createCredentialCipher, type Database, migrate, openDatabase } from '@cartwire/storage';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { createApp } from '../apps/gateway/src/app';
import { systemClock } from '../apps/gateway/src/clock';
import { listen } from '../apps/gateway/src/http/listen';
import { createLogger } from '../apps/gateway/src/logger';
import { createGatewayRepositories } from '../apps/gateway/src/repositories';
import { sampleOrder } from '../apps/gateway/src/routes/shared/sample-records';

export interface ApiBenchOptions {
  /** Orders seeded in the store. @default 2000 */
  orders?: number;
  /** Concurrent clients. @default 16 */
  concurrency?: number;
  /** Measured seconds per target (after a 1 s warm-up). @default 5 */
  seconds?: number;
  /** postgres.js against this server; embedded PGlite when absent (`npm run bench -- api` passes DATABASE_URL). */
  databaseUrl?: string;
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  p99Ms: number;
}

export interface ApiBenchResult {
  driver: 'pglite' | 'postgres';
  path: string;
  gateway: LoadResult;
  bare: LoadResult;
  /** bare req/s ÷ gateway req/s: the target is ≤ 1.5. */
  throughputRatio: number;
  /** gateway p99 ÷ bare p99. */
  p99Ratio: number;
}

/** The page query the gateway runs for `GET /v1/stores/{id}/orders?limit=50` (limit + 1 to know has_more). */
const PAGE_SQL = `select data from orders where tenant_id = $1 and store_id = $2 and deleted_at is null
  order by created_at desc, id desc limit 51`;

async function load(
  url: string,
  headers: Record<string, string>,
  options: Required<Omit<ApiBenchOptions, 'databaseUrl' | 'orders'>>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const run = async (until: number, record: boolean) => {
    while (performance.now() < until) {
      const started = performance.now();
      const response = await fetch(url, { headers });
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
      await response.arrayBuffer();
      if (record) latencies.push(performance.now() - started);
    }
  };
  const clients = (until: number, record: boolean) =>
    Promise.all(Array.from({ length: options.concurrency }, () => run(until, record)));
  await clients(performance.now() + 1000, false);
  const started = performance.now();
  await clients(started + options.seconds * 1000, true);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    requestsPerSecond: latencies.length / elapsed,
    p99Ms: latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0,
  };
}

/** A node:http handler serving the same page straight from SQL, the baseline the gateway is held to. */
async function bareServer(
  database: Database,
  databaseUrl: string | undefined,
  tenantId: string,
  storeId: string,
) {
  const client = databaseUrl ? postgres(databaseUrl, { max: 10 }) : null;
  const page = async (): Promise<unknown[]> => {
    if (client) return (await client.unsafe(PAGE_SQL, [tenantId, storeId])).map((row) => row.data);
    const result = await database.db.execute(sql`select data from orders
      where tenant_id = ${tenantId} and store_id = ${storeId} and deleted_at is null
      order by created_at desc, id desc limit 51`);
    const rows = Array.isArray(result) ? result : (result as { rows: { data: unknown }[] }).rows;
    return (rows as { data: unknown }[]).map((row) => row.data);
  };
  const server: Server = createServer(async (_request, response) => {
    const rows = await page();
    const data = rows.slice(0, 50);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ object: 'list', data, has_more: rows.length > 50, next_cursor: null }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await client?.end();
    },
  };
}

/**
 * req/s and p99 of `GET /v1/stores/{id}/orders?limit=50` through the gateway (auth, validation, service,
 * storage) against a bare node:http handler running the same SQL, in the same run on the same database.
 *
 * @example
 * const { throughputRatio } = await benchApi({ seconds: 5 });
 */
export async function benchApi(options: ApiBenchOptions = {}): Promise<ApiBenchResult> {
  const settings = { concurrency: options.concurrency ?? 16, seconds: options.seconds ?? 5 };
  const databaseUrl = options.databaseUrl;
  const database = await openDatabase(databaseUrl ? { url: databaseUrl } : {});
  await migrate(database);
  const repositories = createGatewayRepositories(database, {
    clock: systemClock,
    cipher: createCredentialCipher(randomBytes(32)),
  });
  const tenant = await repositories.tenants.createTenant({ name: 'Bench' });
  const { secret } = await repositories.apiKeys.createApiKey({ tenantId: tenant.id, mode: 'test' });
  const store = await repositories.stores.createStore({
    tenantId: tenant.id,
    platform: 'woocommerce',
    name: 'Bench store',
    credentials: {},
  });
  const total = options.orders ?? 2000;
  for (let offset = 0; offset < total; offset += 500) {
    const batch: Order[] = [];
    for (let i = offset; i < Math.min(total, offset + 500); i++) {
      const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
      batch.push(
        sampleOrder(store.id, `b${i}`, {
          createdAt: at,
          updatedAt: at,
        }),
      );
    }
    await repositories.entities.upsertEntities(
      'order',
      batch.map((entity) => ({ tenantId: tenant.id, entity })),
    );
  }
  const app = createApp({
    config: { requestBodyLimitBytes: 1024 * 1024, rateLimit: null },
    database,
    repositories,
    logger: createLogger({ level: 'silent' }),
    clock: systemClock,
  });
  const gatewayServer = await listen(app.fetch, { port: 0, host: '127.0.0.1' });
  const bare = await bareServer(database, databaseUrl, tenant.id, store.id);
  const path = `/v1/stores/${store.id}/orders?limit=50`;
  try {
    const gatewayResult = await load(
      `${gatewayServer.url}${path}`,
      { authorization: `Bearer ${secret}` },
      settings,
    );
    const bareResult = await load(`${bare.url}${path}`, {}, settings);
    return {
      driver: database.driver === 'pglite' ? 'pglite' : 'postgres',
      path: '/v1/stores/{id}/orders?limit=50',
      gateway: gatewayResult,
      bare: bareResult,
      throughputRatio: bareResult.requestsPerSecond / gatewayResult.requestsPerSecond,
      p99Ratio: gatewayResult.p99Ms / bareResult.p99Ms,
    };
  } finally {
    await gatewayServer.close(1000);
    await bare.close();
    await database.close();
  }
}

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
  /** Measured seconds per target, in alternating rounds (after a 1 s warm-up each). @default 5 */
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

interface Target {
  url: string;
  headers: Record<string, string>;
}

/** Rounds each target gets: alternating short rounds share any change in background load fairly. */
const ROUNDS = 5;

/**
 * Drives both targets with `concurrency` clients in alternating rounds (gateway, bare, gateway, …) after
 * a 1 s warm-up of each, so a noisy neighbour slows both sides alike instead of whichever ran second.
 */
async function loadInterleaved(
  targets: readonly [Target, Target],
  options: Required<Omit<ApiBenchOptions, 'databaseUrl' | 'orders'>>,
): Promise<[LoadResult, LoadResult]> {
  const latencies: [number[], number[]] = [[], []];
  const elapsed: [number, number] = [0, 0];
  const run = async (target: Target, until: number, record: number[] | null) => {
    while (performance.now() < until) {
      const started = performance.now();
      const response = await fetch(target.url, { headers: target.headers });
      if (response.status !== 200) throw new Error(`${target.url} answered ${response.status}`);
      await response.arrayBuffer();
      record?.push(performance.now() - started);
    }
  };
  const round = async (index: 0 | 1, ms: number, record: boolean) => {
    const target = targets[index];
    const started = performance.now();
    const until = started + ms;
    await Promise.all(
      Array.from({ length: options.concurrency }, () => run(target, until, record ? latencies[index] : null)),
    );
    if (record) elapsed[index] += (performance.now() - started) / 1000;
  };
  await round(0, 1000, false);
  await round(1, 1000, false);
  const roundMs = (options.seconds * 1000) / ROUNDS;
  for (let index = 0; index < ROUNDS; index++) {
    await round(0, roundMs, true);
    await round(1, roundMs, true);
  }
  const result = (index: 0 | 1): LoadResult => {
    const sorted = [...latencies[index]].sort((a, b) => a - b);
    return {
      requests: sorted.length,
      requestsPerSecond: sorted.length / elapsed[index],
      p99Ms: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0,
    };
  };
  return [result(0), result(1)];
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
    const [gatewayResult, bareResult] = await loadInterleaved(
      [
        { url: `${gatewayServer.url}${path}`, headers: { authorization: `Bearer ${secret}` } },
        { url: `${bare.url}${path}`, headers: {} },
      ],
      settings,
    );
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

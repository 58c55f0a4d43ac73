import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { type ExtractTablesWithRelations, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { z } from 'zod';
import { DatabaseUnavailableError } from './errors';
import { type StorageLogger, silentLogger } from './logger';
import { type Schema, schema } from './schema/schema';
import { parseInput } from './validate';

/** The drizzle instance (or a transaction on it): the same typed schema whichever driver runs it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type DriverName = 'pglite' | 'postgres';

export interface Database {
  readonly db: Db;
  readonly driver: DriverName;
  /** Resolves when the database answers a trivial query; throws DatabaseUnavailableError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
}

export interface OpenDatabaseOptions {
  /**
   * A PostgreSQL connection URL. When set, postgres.js talks to that server.
   * @example 'postgres://postgres@127.0.0.1:5432/cartwire'
   * @default undefined (embedded PGlite)
   */
  url?: string;
  /**
   * Where the embedded PGlite keeps its files when no `url` is given.
   * @example './.cartwire/pgdata'
   * @default undefined (in memory: gone when closed; what tests use)
   */
  dataDir?: string;
  /**
   * Size of the postgres.js connection pool (ignored by PGlite, which has one connection).
   * @default 10
   */
  maxConnections?: number;
  logger?: StorageLogger;
}

const OpenDatabaseOptionsSchema = z.object({
  url: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  dataDir: z.string().min(1).optional(),
  maxConnections: z.number().int().min(1).max(1000).optional(),
});

/** How `migrate()` reaches a driver-specific migrator without widening the public interface. */
export interface DriverInternals {
  migrate(migrationsFolder: string): Promise<void>;
}

const internals = new WeakMap<Database, DriverInternals>();

export function driverInternals(database: Database): DriverInternals {
  const found = internals.get(database);
  if (!found) throw new TypeError('Not a Database returned by openDatabase()');
  return found;
}

/** Opens PGlite (no url) or a postgres.js pool (url). Call `migrate()` before using it. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const { url, dataDir, maxConnections } = parseInput(
    OpenDatabaseOptionsSchema,
    { url: options.url, dataDir: options.dataDir, maxConnections: options.maxConnections },
    'database options',
  );
  const logger = options.logger ?? silentLogger;
  return url ? openPostgres(url, maxConnections ?? 10, logger) : openPglite(dataDir, logger);
}

/**
 * Package-internal (not exported from the entry): an in-memory PGlite started from a data-directory
 * snapshot (`dumpDataDir()`), which skips initdb. The test helper uses it to start migrated databases fast.
 */
export function openPgliteFromSnapshot(snapshot: Blob): Promise<Database> {
  return openPglite(undefined, silentLogger, snapshot);
}

/** Package-internal: a snapshot of a PGlite database's data directory, for openPgliteFromSnapshot(). */
export async function snapshotPglite(database: Database): Promise<Blob> {
  const client = pgliteClients.get(database);
  if (!client) throw new TypeError('Not a PGlite database opened by openDatabase()');
  return client.dumpDataDir('none');
}

const pgliteClients = new WeakMap<Database, PGlite>();

async function openPglite(
  dataDir: string | undefined,
  logger: StorageLogger,
  snapshot?: Blob,
): Promise<Database> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const client = dataDir ? new PGlite(dataDir) : new PGlite(snapshot ? { loadDataDir: snapshot } : {});
  try {
    await client.waitReady;
  } catch (cause) {
    throw new DatabaseUnavailableError(`PGlite could not start in ${dataDir ?? 'memory'}`, { cause });
  }
  const db = drizzlePglite({ client, schema });
  logger.info({ driver: 'pglite', dataDir: dataDir ?? null }, 'database opened');
  const database = wrap(db, 'pglite', async () => {
    if (!client.closed) await client.close();
  });
  pgliteClients.set(database, client);
  internals.set(database, {
    async migrate(migrationsFolder) {
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      await migrate(db, { migrationsFolder });
    },
  });
  return database;
}

async function openPostgres(url: string, max: number, logger: StorageLogger): Promise<Database> {
  const onnotice = (notice: postgres.Notice) => logger.debug({ notice: notice.message }, 'postgres notice');
  const client = postgres(url, { max, onnotice });
  const db = drizzlePostgres({ client, schema });
  logger.info({ driver: 'postgres', host: safeHost(url) }, 'database opened');
  const database = wrap(db, 'postgres', () => client.end({ timeout: 5 }));
  internals.set(database, {
    async migrate(migrationsFolder) {
      // Several processes may start at once against one server: a session advisory lock on a
      // dedicated connection makes them apply migrations one after another.
      const lockClient = postgres(url, { max: 1, onnotice });
      try {
        await lockClient`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
        const { migrate } = await import('drizzle-orm/postgres-js/migrator');
        await migrate(drizzlePostgres({ client: lockClient, schema }), { migrationsFolder });
      } finally {
        await lockClient.end({ timeout: 5 });
      }
    },
  });
  return database;
}

/** Arbitrary constant shared by every Cartwire process: the key of the migration advisory lock. */
const MIGRATION_LOCK_KEY = 727_364_001;

function wrap(db: Db, driver: DriverName, close: () => Promise<void>): Database {
  let closed = false;
  return {
    db,
    driver,
    async ping() {
      try {
        await db.execute(sql`select 1`);
      } catch (cause) {
        throw new DatabaseUnavailableError(`The ${driver} database did not answer`, { cause });
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await close();
    },
    transaction: (fn) => db.transaction((tx) => fn(tx)),
  };
}

/** Host and database name only: a URL may carry a password, which must never reach a log. */
function safeHost(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return '(unparseable url)';
  }
}

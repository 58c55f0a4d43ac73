import { type Database, migrate, openDatabase } from '@cartwire/storage';
import type { GatewayConfig } from './config/env';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';
import type { Logger } from './logger';

/**
 * Opens the configured database and applies pending migrations: PostgreSQL with DATABASE_URL,
 * otherwise the embedded PGlite under the data dir, locked to this process while open.
 * Closing the returned database also frees the lock.
 */
export async function openGatewayDatabase(
  config: Pick<GatewayConfig, 'databaseUrl' | 'dataDir' | 'pgDataDir'>,
  logger: Logger,
): Promise<Database> {
  let lock: DataDirLock | undefined;
  if (config.databaseUrl === undefined) lock = await acquireDataDirLock(config.dataDir);
  let database: Database | undefined;
  try {
    database =
      config.databaseUrl === undefined
        ? await openDatabase({ dataDir: config.pgDataDir, logger })
        : await openDatabase({ url: config.databaseUrl, logger });
    await migrate(database);
  } catch (error) {
    await database?.close();
    await lock?.release();
    throw error;
  }
  if (lock === undefined) return database;
  const heldLock = lock;
  const closeDatabase = database.close;
  // Same object (not a copy): storage recognises its databases by identity.
  return Object.assign(database, {
    async close() {
      try {
        await closeDatabase();
      } finally {
        await heldLock.release();
      }
    },
  });
}

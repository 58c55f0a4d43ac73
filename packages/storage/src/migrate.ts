import { fileURLToPath } from 'node:url';
import { type Database, driverInternals } from './database';
import { MigrationError } from './errors';

/** The committed drizzle-kit migrations (packages/storage/drizzle). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Applies every committed migration not yet applied. Safe to call on every start. */
export async function migrate(database: Database): Promise<void> {
  try {
    await driverInternals(database).migrate(MIGRATIONS_FOLDER);
  } catch (cause) {
    throw new MigrationError(`Applying migrations on ${database.driver} failed`, { cause });
  }
}

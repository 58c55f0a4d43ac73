import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { type Database, type DriverName, openDatabase } from './database';
import { migrate } from './migrate';

/** A migrated, empty database for one test file; `close()` also drops it (Postgres). */
export interface TestDatabase extends Database {
  /**
   * Another connection to the same database, to act as a second worker. PGlite has a single
   * connection, so there the peer shares it (calls interleave) and its `close()` does nothing.
   */
  openPeer(): Promise<Database>;
}

export interface TestDatabaseFactory {
  name: DriverName;
  create(): Promise<TestDatabase>;
}

/**
 * The drivers a storage test runs on: PGlite in memory always, and real Postgres when
 * `TEST_DATABASE_URL` points at a server where this user may create databases.
 * @example describe.each(testDatabases())('jobs on $name', ({ create }) => { … })
 */
export function testDatabases(): TestDatabaseFactory[] {
  const factories: TestDatabaseFactory[] = [{ name: 'pglite', create: createPgliteTestDatabase }];
  // The one place a library reads the environment: tests opt into a real server this way (and CI does).
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) factories.push({ name: 'postgres', create: () => createPostgresTestDatabase(serverUrl) });
  return factories;
}

async function createPgliteTestDatabase(): Promise<TestDatabase> {
  const database = await openDatabase();
  await migrate(database);
  const peer: Database = { ...database, close: async () => {} };
  // Extend the same object (not a copy) so `migrate(testDatabase)` still recognises it.
  return Object.assign(database, { openPeer: async () => peer });
}

async function createPostgresTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `cartwire_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const maintenance = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await maintenance.unsafe(`create database "${name}"`);
  } finally {
    await maintenance.end({ timeout: 5 });
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const database = await openDatabase({ url: databaseUrl });
  const peers: Database[] = [];
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    await dropDatabase(serverUrl, name);
    throw error;
  }
  const closeDatabase = database.close;
  return Object.assign(database, {
    async openPeer() {
      const peer = await openDatabase({ url: databaseUrl });
      peers.push(peer);
      return peer;
    },
    async close() {
      await Promise.all(peers.map((peer) => peer.close()));
      await closeDatabase();
      await dropDatabase(serverUrl, name);
    },
  });
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const maintenance = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await maintenance.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await maintenance.end({ timeout: 5 });
  }
}

import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import postgres from 'postgres';
import {
  type Database,
  type DriverName,
  openDatabase,
  openPgliteFromSnapshot,
  snapshotPglite,
} from './database';
import { MIGRATIONS_FOLDER, migrate } from './migrate';

export { minutesLater, sampleCustomer, sampleOrder, sampleVariant } from './entities/sample-entities';

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
 * `TEST_DATABASE_URL` points at a server where this user may create databases (only that one when
 * `TEST_DATABASE_ONLY=postgres`, as `npm run test:pg` sets).
 * @example describe.each(testDatabases())('jobs on $name', ({ create }) => { … })
 */
export function testDatabases(): TestDatabaseFactory[] {
  // The one place a library reads the environment: tests opt into a real server this way (and CI does).
  const serverUrl = process.env.TEST_DATABASE_URL;
  const postgres: TestDatabaseFactory[] = serverUrl
    ? [{ name: 'postgres', create: () => createPostgresTestDatabase(serverUrl) }]
    : [];
  // `npm run test:pg` sets this: `npm test` has already run every file on PGlite.
  if (postgres.length > 0 && process.env.TEST_DATABASE_ONLY === 'postgres') return postgres;
  return [{ name: 'pglite', create: createPgliteTestDatabase }, ...postgres];
}

/**
 * Starting PGlite runs initdb inside WASM, which is most of a test database's start-up time. The first
 * start in a checkout migrates and saves a snapshot (keyed by the migrations and the PGlite version) in
 * the OS temp directory; later starts, in any test process, load it instead.
 */
async function snapshotFile(): Promise<string> {
  const hash = createHash('sha256');
  const files = (await readdir(MIGRATIONS_FOLDER, { recursive: true })).map(String).sort();
  for (const file of files) {
    if (!file.endsWith('.sql') && !file.endsWith('.json')) continue;
    hash.update(file).update(await readFile(join(MIGRATIONS_FOLDER, file)));
  }
  // The package does not export its package.json; read it next to the resolved entry (dist/index.cjs).
  const pgliteEntry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pgliteManifest = JSON.parse(await readFile(join(dirname(pgliteEntry), '..', 'package.json'), 'utf8'));
  const pgliteVersion = String((pgliteManifest as { version?: unknown }).version);
  hash.update(pgliteVersion);
  return join(tmpdir(), `cartwire-pglite-${hash.digest('hex').slice(0, 16)}.tar`);
}

async function openMigratedPglite(): Promise<Database> {
  const file = await snapshotFile();
  const cached = await readFile(file).catch(() => null);
  if (cached) {
    const database = await openPgliteFromSnapshot(new Blob([cached]));
    await migrate(database); // a no-op on a current snapshot; keeps a stale one honest
    return database;
  }
  const database = await openDatabase();
  await migrate(database);
  const snapshot = Buffer.from(await (await snapshotPglite(database)).arrayBuffer());
  // Written aside and renamed into place, so a concurrent test process never reads half a snapshot.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(temporary, snapshot);
  await rename(temporary, file);
  return database;
}

async function createPgliteTestDatabase(): Promise<TestDatabase> {
  const database = await openMigratedPglite();
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

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { StorageInputError } from './errors';
import { migrate } from './migrate';
import { createTenantRepository } from './tenancy/tenant-repository';
import { type TestDatabase, testDatabases } from './testing';

describe('the embedded default (PGlite on disk)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cartwire-pgdata-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps data across restarts and re-applies migrations as a no-op', async () => {
    const first = await openDatabase({ dataDir: join(dataDir, 'pgdata') });
    expect(first.driver).toBe('pglite');
    await migrate(first);
    const tenant = await createTenantRepository(first.db).createTenant({ name: 'Persisted' });
    await first.close();

    const second = await openDatabase({ dataDir: join(dataDir, 'pgdata') });
    await migrate(second);
    await second.ping();
    expect(await createTenantRepository(second.db).getTenant(tenant.id)).toEqual(tenant);
    await second.close();
    // Starts PGlite twice; each start compiles the WASM module, which takes long on a busy CI box.
  }, 180_000);

  it('rejects a URL that is not a PostgreSQL URL', async () => {
    await expect(openDatabase({ url: 'mysql://localhost/db' })).rejects.toThrow(StorageInputError);
  });
});

describe.each(testDatabases())('migrations on $name', ({ create }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('are idempotent, also when two starts apply them at once', async () => {
    await Promise.all([migrate(database), migrate(database)]);
    await database.ping();
    expect(await createTenantRepository(database.db).createTenant({ name: 'After' })).toMatchObject({
      name: 'After',
    });
  });

  it('run a callback in a transaction that rolls back on error', async () => {
    const tenants = createTenantRepository(database.db);
    let createdId = '';
    await expect(
      database.transaction(async (tx) => {
        createdId = (await createTenantRepository(tx).createTenant({ name: 'Rolled back' })).id;
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await tenants.getTenant(createdId)).toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantRepository } from '../tenancy/tenant-repository';
import { type TestDatabase, testDatabases } from '../testing';
import { createIdempotencyStore } from './idempotency-store';

describe.each(testDatabases())('idempotency store on $name', ({ create }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('lets the first request proceed, replays it after completion, refuses another body', async () => {
    const store = createIdempotencyStore(database.db);
    const tenantId = (await createTenantRepository(database.db).createTenant({ name: 'A' })).id;
    const otherTenantId = (await createTenantRepository(database.db).createTenant({ name: 'B' })).id;
    const first = { tenantId, key: 'k1', requestHash: 'h1' };
    expect(await store.begin(first)).toEqual({ outcome: 'proceed' });
    expect(await store.begin(first)).toEqual({ outcome: 'in_progress' });
    await store.complete({ tenantId, key: 'k1', status: 201, body: { id: 'x' } });
    expect(await store.begin(first)).toEqual({ outcome: 'replay', status: 201, body: { id: 'x' } });
    expect(await store.begin({ ...first, requestHash: 'h2' })).toEqual({ outcome: 'mismatch' });
    // Keys are per tenant.
    expect(await store.begin({ ...first, tenantId: otherTenantId })).toEqual({ outcome: 'proceed' });
  });

  it('releases an unfinished key so a retry can run, but never a completed one', async () => {
    const store = createIdempotencyStore(database.db);
    const tenantId = (await createTenantRepository(database.db).createTenant({ name: 'C' })).id;
    await store.begin({ tenantId, key: 'k', requestHash: 'h' });
    await store.release(tenantId, 'k');
    expect(await store.begin({ tenantId, key: 'k', requestHash: 'h' })).toEqual({ outcome: 'proceed' });
    await store.complete({ tenantId, key: 'k', status: 200, body: null });
    await store.release(tenantId, 'k');
    expect(await store.begin({ tenantId, key: 'k', requestHash: 'h' })).toMatchObject({ outcome: 'replay' });
  });
});

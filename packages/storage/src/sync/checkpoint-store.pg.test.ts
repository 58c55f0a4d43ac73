import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialCipher } from '../crypto/credential-cipher';
import { NotFoundError } from '../errors';
import { createStoreRepository } from '../tenancy/store-repository';
import { createTenantRepository } from '../tenancy/tenant-repository';
import { type TestDatabase, testDatabases } from '../testing';
import { type CheckpointStore, createCheckpointStore } from './checkpoint-store';

describe.each(testDatabases())('sync checkpoints on $name', ({ create }) => {
  let database: TestDatabase;
  let checkpoints: CheckpointStore;
  let tenantId: string;
  let storeId: string;
  let streamCount = 0;
  const freshKey = () => ({ tenantId, storeId, stream: `orders-${++streamCount}` });

  beforeAll(async () => {
    database = await create();
    checkpoints = createCheckpointStore(database.db, { now: () => new Date('2026-03-01T10:00:00.000Z') });
    tenantId = (await createTenantRepository(database.db).createTenant({ name: 'Acme' })).id;
    const stores = createStoreRepository(database.db, { cipher: createCredentialCipher(randomBytes(32)) });
    storeId = (await stores.createStore({ tenantId, platform: 'shopify', name: 'S', credentials: {} })).id;
  });
  afterAll(async () => {
    await database?.close();
  });

  it('resumes an interrupted run from its last page cursor', async () => {
    const key = freshKey();
    const started = await checkpoints.startRun(key);
    expect(started).toMatchObject({ runState: 'running', pageCursor: null, watermark: null, pagesInRun: 0 });
    await checkpoints.savePage({ ...key, pageCursor: { after: 'cursor-1' }, records: 50 });
    await checkpoints.savePage({ ...key, pageCursor: { after: 'cursor-2' }, records: 50 });
    await checkpoints.recordError({ ...key, error: 'socket hang up', errorClass: 'network' });

    const failed = await checkpoints.get(key);
    expect(failed).toMatchObject({
      runState: 'failed',
      pageCursor: { after: 'cursor-2' },
      lastError: 'socket hang up',
      lastErrorClass: 'network',
      consecutiveFailures: 1,
      recordsTotal: 100,
    });
    const resumed = await checkpoints.startRun(key);
    expect(resumed).toMatchObject({ runState: 'running', pageCursor: { after: 'cursor-2' }, pagesInRun: 2 });
  });

  it('commits the watermark only at the end of a run, and never moves it back', async () => {
    const key = freshKey();
    await checkpoints.startRun(key);
    await checkpoints.savePage({ ...key, pageCursor: 'page-2', records: 10 });
    expect((await checkpoints.get(key))?.watermark).toBeNull();

    const watermark = { updatedAt: new Date('2026-02-28T23:59:59.000Z'), id: '9001' };
    const committed = await checkpoints.commitRun({ ...key, watermark });
    expect(committed).toMatchObject({
      runState: 'idle',
      pageCursor: null,
      watermark,
      consecutiveFailures: 0,
    });
    expect(committed.lastSuccessAt).toEqual(new Date('2026-03-01T10:00:00.000Z'));

    await checkpoints.startRun(key);
    const behind = { updatedAt: new Date('2026-02-27T00:00:00.000Z'), id: '9999' };
    expect((await checkpoints.commitRun({ ...key, watermark: behind })).watermark).toEqual(watermark);
    const sameTimeHigherId = { updatedAt: watermark.updatedAt, id: '9002' };
    expect((await checkpoints.commitRun({ ...key, watermark: sameTimeHigherId })).watermark).toEqual(
      sameTimeHigherId,
    );
  });

  it('lists every stream of a store for its tenant only', async () => {
    const a = freshKey();
    const b = freshKey();
    await checkpoints.startRun(a);
    await checkpoints.startRun(b);
    const streams = (await checkpoints.listForStore(tenantId, storeId)).map((c) => c.stream);
    expect(streams).toEqual(expect.arrayContaining([a.stream, b.stream]));
    expect(await checkpoints.listForStore('ten_someone_else', storeId)).toEqual([]);
    await expect(checkpoints.startRun({ ...a, tenantId: 'ten_someone_else' })).rejects.toThrow(NotFoundError);
    await expect(checkpoints.savePage({ ...freshKey(), pageCursor: null, records: 1 })).rejects.toThrow(
      NotFoundError,
    );
  });
});

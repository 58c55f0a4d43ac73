import { randomBytes } from 'node:crypto';
import { ID_PREFIX, newId } from '@cartwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialCipher } from '../crypto/credential-cipher';
import { sampleOrder } from '../entities/sample-entities';
import { createStoreRepository } from '../tenancy/store-repository';
import { createTenantRepository } from '../tenancy/tenant-repository';
import { type TestDatabase, testDatabases } from '../testing';
import { createEventCursor } from './event-cursor';
import { createEventLog } from './event-log';

describe.each(testDatabases())('event cursor on $name', ({ create }) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database?.close();
  });

  async function appendOrders(count: number) {
    const tenant = await createTenantRepository(database.db).createTenant({ name: 'Acme' });
    const stores = createStoreRepository(database.db, { cipher: createCredentialCipher(randomBytes(32)) });
    const store = await stores.createStore({
      tenantId: tenant.id,
      platform: 'shopify',
      name: 'S',
      credentials: {},
    });
    const appended = await createEventLog(database.db).appendEvents(
      Array.from({ length: count }, (_, n) => {
        const order = sampleOrder(store.id, `${n}`);
        return {
          id: newId(ID_PREFIX.event),
          type: 'order.created',
          tenantId: tenant.id,
          storeId: store.id,
          occurredAt: order.updatedAt,
          receivedAt: order.updatedAt,
          source: 'webhook',
          entityType: 'order',
          entityId: order.id,
          data: order,
        };
      }),
    );
    return { tenantId: tenant.id, seqs: appended.map((result) => result.seq) };
  }

  it('starts a new consumer at the end of the log, then reads what comes after', async () => {
    await appendOrders(2);
    const cursor = createEventCursor(database.db, {
      consumer: `test-${randomBytes(6).toString('hex')}`,
      owner: 'a',
    });
    const start = await cursor.claim();
    expect(start).not.toBeNull();
    expect(await cursor.read(start ?? 0, 10)).toEqual([]);
    const { tenantId, seqs } = await appendOrders(3);
    const read = await cursor.read(start ?? 0, 2);
    expect(read.map((event) => event.seq)).toEqual(seqs.slice(0, 2));
    expect(read.every((event) => event.tenantId === tenantId && event.type === 'order.created')).toBe(true);
    await cursor.advance(seqs[1] ?? 0);
    expect(await cursor.claim()).toBe(seqs[1]);
    await cursor.advance(0); // never backwards
    expect(await cursor.claim()).toBe(seqs[1]);
  });

  it('lets one process hold the position until its lease lapses or it lets go', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const consumer = `test-${randomBytes(6).toString('hex')}`;
    const options = { consumer, leaseMs: 1000, now: () => now };
    const first = createEventCursor(database.db, { ...options, owner: 'first' });
    const second = createEventCursor(database.db, { ...options, owner: 'second' });
    const position = await first.claim();
    expect(position).not.toBeNull();
    expect(await second.claim()).toBeNull();
    await second.advance((position ?? 0) + 100); // not the holder: ignored
    expect(await first.claim()).toBe(position);
    now = new Date(now.getTime() + 1001);
    expect(await second.claim()).toBe(position);
    expect(await first.claim()).toBeNull();
    await second.release();
    expect(await first.claim()).toBe(position);
  });
});

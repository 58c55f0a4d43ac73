import { randomBytes } from 'node:crypto';
import { entityId, ID_PREFIX, newId } from '@cartwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialCipher } from '../crypto/credential-cipher';
import { sampleOrder } from '../entities/sample-entities';
import { createStoreRepository } from '../tenancy/store-repository';
import { createTenantRepository } from '../tenancy/tenant-repository';
import { type TestDatabase, testDatabases } from '../testing';
import { createEventLog, type EventLog } from './event-log';

describe.each(testDatabases())('event log on $name', ({ create }) => {
  let database: TestDatabase;
  let log: EventLog;

  beforeAll(async () => {
    database = await create();
    log = createEventLog(database.db);
  });
  afterAll(async () => {
    await database?.close();
  });

  /** A tenant with one store: each test gets its own, so listings see only that test's events. */
  async function newTenant() {
    const tenant = await createTenantRepository(database.db).createTenant({ name: 'Acme' });
    const stores = createStoreRepository(database.db, { cipher: createCredentialCipher(randomBytes(32)) });
    const store = await stores.createStore({
      tenantId: tenant.id,
      platform: 'shopify',
      name: 'S',
      credentials: {},
    });
    return { tenantId: tenant.id, storeId: store.id };
  }

  function orderEvent(
    ids: { tenantId: string; storeId: string },
    type: 'order.created' | 'order.paid',
    n: number,
  ) {
    const order = sampleOrder(ids.storeId, String(n));
    return {
      id: newId(ID_PREFIX.event),
      type,
      tenantId: ids.tenantId,
      storeId: ids.storeId,
      occurredAt: order.updatedAt,
      receivedAt: '2026-01-31T12:00:01.000Z',
      source: 'webhook' as const,
      entityType: 'order' as const,
      entityId: order.id,
      data: order,
    };
  }

  function searchEvent(ids: { tenantId: string; storeId: string }, query: string) {
    return {
      id: newId(ID_PREFIX.event),
      type: 'search.performed' as const,
      tenantId: ids.tenantId,
      storeId: ids.storeId,
      occurredAt: '2026-01-31T12:00:00.000Z',
      receivedAt: '2026-01-31T12:00:00.000Z',
      source: 'track' as const,
      entityType: 'behavior' as const,
      entityId: null,
      data: { shopper: { anonymousId: 'anon-1' }, query },
    };
  }

  it('appends in order and reads back the same events after a cursor', async () => {
    const ids = await newTenant();
    const input = [
      orderEvent(ids, 'order.created', 1),
      orderEvent(ids, 'order.paid', 1),
      searchEvent(ids, 'mug'),
    ];
    const appended = await log.appendEvents(input);
    expect(appended.every((result) => result.appended)).toBe(true);
    const seqs = appended.map((result) => result.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);

    const all = await log.listEvents({ tenantId: ids.tenantId });
    expect(all.events.map(({ seq: _seq, ...event }) => event)).toEqual(input);
    expect(all.nextSeq).toBe(seqs[2]);

    const afterFirst = await log.listEvents({ tenantId: ids.tenantId, afterSeq: seqs[0], limit: 1 });
    expect(afterFirst.events.map((event) => event.id)).toEqual([input[1]?.id]);
    const nothingNew = await log.listEvents({ tenantId: ids.tenantId, afterSeq: all.nextSeq });
    expect(nothingNew).toEqual({ events: [], nextSeq: all.nextSeq });
  });

  it('filters by exact types and wildcard patterns', async () => {
    const ids = await newTenant();
    await log.appendEvents([
      orderEvent(ids, 'order.created', 1),
      searchEvent(ids, 'tea'),
      orderEvent(ids, 'order.paid', 1),
      orderEvent(ids, 'order.created', 2),
    ]);
    const types = async (patterns: string[]) =>
      (await log.listEvents({ tenantId: ids.tenantId, types: patterns })).events.map((event) => event.type);
    expect(await types(['order.*'])).toEqual(['order.created', 'order.paid', 'order.created']);
    expect(await types(['*.created'])).toEqual(['order.created', 'order.created']);
    expect(await types(['order.paid', 'search.performed'])).toEqual(['search.performed', 'order.paid']);
    expect(await types(['*'])).toHaveLength(4);
    await expect(types(['order.payed'])).rejects.toThrow(/pattern matches no event type/);
  });

  it('keeps tenants and stores apart', async () => {
    const mine = await newTenant();
    const theirs = await newTenant();
    await log.appendEvents([orderEvent(mine, 'order.created', 1), orderEvent(theirs, 'order.created', 2)]);
    const listed = await log.listEvents({ tenantId: mine.tenantId });
    expect(listed.events.map((event) => event.tenantId)).toEqual([mine.tenantId]);
    expect((await log.listEvents({ tenantId: mine.tenantId, storeId: theirs.storeId })).events).toEqual([]);
  });

  it('treats a replayed event id as already appended', async () => {
    const ids = await newTenant();
    const event = orderEvent(ids, 'order.created', 1);
    const [first] = await log.appendEvents([event]);
    const [again] = await log.appendEvents([event]);
    expect(again).toEqual({ id: event.id, seq: first?.seq, appended: false });
    expect((await log.listEvents({ tenantId: ids.tenantId })).events).toHaveLength(1);
  });

  it('refuses an event whose data does not match its type', async () => {
    const ids = await newTenant();
    const broken = { ...orderEvent(ids, 'order.created', 1), data: { query: 'not an order' } };
    await expect(log.appendEvents([broken])).rejects.toThrow(/order\.created/);
    const wrongEntity = {
      ...searchEvent(ids, 'x'),
      entityId: entityId('order', ids.storeId, '1'),
      entityType: 'order',
    };
    await expect(log.appendEvents([wrongEntity])).rejects.toThrow();
    expect((await log.listEvents({ tenantId: ids.tenantId })).events).toEqual([]);
  });

  it('gives concurrent appenders distinct positions that readers see in order', async () => {
    const ids = await newTenant();
    const peerLog = createEventLog((await database.openPeer()).db);
    const batches = Array.from({ length: 6 }, (_, b) =>
      Array.from({ length: 5 }, (_, i) => orderEvent(ids, 'order.created', b * 10 + i)),
    );
    const results = await Promise.all(batches.map((batch, b) => (b % 2 ? peerLog : log).appendEvents(batch)));
    const seqs = results.flat().map((result) => result.seq);
    expect(new Set(seqs).size).toBe(30);
    const listed = await log.listEvents({ tenantId: ids.tenantId, limit: 100 });
    expect(listed.events.map((event) => event.seq)).toEqual([...seqs].sort((a, b) => a - b));
  });
});

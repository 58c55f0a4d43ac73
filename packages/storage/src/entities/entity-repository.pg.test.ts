import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialCipher } from '../crypto/credential-cipher';
import { StorageInputError } from '../errors';
import { createStoreRepository } from '../tenancy/store-repository';
import { createTenantRepository } from '../tenancy/tenant-repository';
import { type TestDatabase, testDatabases } from '../testing';
import { createEntityRepository, type EntityRepository } from './entity-repository';
import { minutesLater, sampleCustomer, sampleOrder, sampleVariant } from './sample-entities';

describe.each(testDatabases())('entity repository on $name', ({ create }) => {
  let database: TestDatabase;
  let entities: EntityRepository;
  let tenantId: string;
  let storeId: string;
  let otherTenantId: string;
  let externalCount = 0;
  /** An external id no other test uses, so tests share one store without colliding. */
  const fresh = () => `x${++externalCount}`;

  beforeAll(async () => {
    database = await create();
    entities = createEntityRepository(database.db);
    const tenants = createTenantRepository(database.db);
    const stores = createStoreRepository(database.db, { cipher: createCredentialCipher(randomBytes(32)) });
    tenantId = (await tenants.createTenant({ name: 'Acme' })).id;
    otherTenantId = (await tenants.createTenant({ name: 'Other' })).id;
    storeId = (await stores.createStore({ tenantId, platform: 'shopify', name: 'Demo', credentials: {} })).id;
  });
  afterAll(async () => {
    await database?.close();
  });

  async function storedRow(table: string, externalId: string) {
    const result = await database.db.execute(
      sql`select content_hash, synced_at, source_updated_at, data from ${sql.identifier(table)} where external_id = ${externalId}`,
    );
    const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
    return rows[0] as { content_hash: string; synced_at: unknown; source_updated_at: unknown; data: unknown };
  }

  it('inserts, then reports the same content as unchanged without writing', async () => {
    const externalId = fresh();
    const order = sampleOrder(storeId, externalId);
    const [inserted] = await entities.upsertEntities('order', [{ tenantId, entity: order }]);
    expect(inserted).toEqual({ outcome: 'inserted', previous: null, current: order });
    const before = await storedRow('orders', externalId);

    // A no-op save on the platform bumps updatedAt only: same content.
    const resaved = { ...order, updatedAt: minutesLater(5), raw: { noise: Math.random() } };
    const [again] = await entities.upsertEntities('order', [{ tenantId, entity: resaved }]);
    expect(again).toEqual({ outcome: 'unchanged', previous: order, current: order });
    const after = await storedRow('orders', externalId);
    expect(after.content_hash).toBe(before.content_hash);
    expect(after.synced_at).toEqual(before.synced_at);
    expect(after.data).toEqual(before.data);
    expect(await entities.getEntity('order', tenantId, order.id)).toEqual(order);
  });

  it('writes a newer version and returns the previous one', async () => {
    const externalId = fresh();
    const v1 = sampleOrder(storeId, externalId);
    const v2 = sampleOrder(storeId, externalId, { financialStatus: 'refunded', updatedAt: minutesLater(10) });
    await entities.upsertEntities('order', [{ tenantId, entity: v1 }]);
    const [result] = await entities.upsertEntities('order', [{ tenantId, entity: v2 }]);
    expect(result).toEqual({ outcome: 'updated', previous: v1, current: v2 });
    expect(await entities.getEntity('order', tenantId, v1.id)).toEqual(v2);
  });

  it('ignores an older version, and a same-time version with other content wins', async () => {
    const externalId = fresh();
    const current = sampleOrder(storeId, externalId, { updatedAt: minutesLater(10), note: 'current' });
    const older = sampleOrder(storeId, externalId, { updatedAt: minutesLater(5), note: 'older' });
    const sameTime = sampleOrder(storeId, externalId, { updatedAt: minutesLater(10), note: 'same time' });
    await entities.upsertEntities('order', [{ tenantId, entity: current }]);
    const [stale] = await entities.upsertEntities('order', [{ tenantId, entity: older }]);
    expect(stale).toEqual({ outcome: 'stale', previous: current, current });
    const [tie] = await entities.upsertEntities('order', [{ tenantId, entity: sameTime }]);
    expect(tie?.outcome).toBe('updated');
    expect((await entities.getEntity('order', tenantId, current.id))?.note).toBe('same time');
  });

  it('does not let a late delivery regress data behind a newer no-op version', async () => {
    const externalId = fresh();
    const v1 = sampleOrder(storeId, externalId, { updatedAt: minutesLater(1), note: 'A' });
    const v3 = { ...v1, updatedAt: minutesLater(3) }; // touched, same content
    const v2 = sampleOrder(storeId, externalId, { updatedAt: minutesLater(2), note: 'B' }); // arrives last
    await entities.upsertEntities('order', [{ tenantId, entity: v1 }]);
    expect((await entities.upsertEntities('order', [{ tenantId, entity: v3 }]))[0]?.outcome).toBe(
      'unchanged',
    );
    expect((await entities.upsertEntities('order', [{ tenantId, entity: v2 }]))[0]?.outcome).toBe('stale');
    expect((await entities.getEntity('order', tenantId, v1.id))?.note).toBe('A');
  });

  it('upserts a page of 500 in one call, then tells unchanged from updated', async () => {
    const page = Array.from({ length: 500 }, (_, i) => sampleCustomer(storeId, `bulk-${i}`));
    const first = await entities.upsertEntities(
      'customer',
      page.map((entity) => ({ tenantId, entity })),
    );
    expect(first.every((result) => result.outcome === 'inserted')).toBe(true);

    const changed = page.map((customer, i) =>
      i % 2 === 0 ? { ...customer, ordersCount: 1, updatedAt: minutesLater(1) } : customer,
    );
    const second = await entities.upsertEntities(
      'customer',
      changed.map((entity) => ({ tenantId, entity })),
    );
    expect(second.filter((result) => result.outcome === 'updated')).toHaveLength(250);
    expect(second.filter((result) => result.outcome === 'unchanged')).toHaveLength(250);
    expect(second[0]).toMatchObject({ previous: { ordersCount: 0 }, current: { ordersCount: 1 } });
    const list = await entities.listEntities('customer', {
      tenantId,
      filters: { email: 'customer-bulk-2@example.com' },
    });
    expect(list.items.map((customer) => customer.ordersCount)).toEqual([1]);
  });

  it('applies a key repeated within one batch in order', async () => {
    const externalId = fresh();
    const v1 = sampleOrder(storeId, externalId, { note: 'one' });
    const v2 = sampleOrder(storeId, externalId, { note: 'two', updatedAt: minutesLater(1) });
    const results = await entities.upsertEntities('order', [
      { tenantId, entity: v1 },
      { tenantId, entity: v2 },
      { tenantId, entity: v1 },
    ]);
    expect(results.map((result) => result.outcome)).toEqual(['inserted', 'updated', 'stale']);
    expect(results[1]?.previous).toEqual(v1);
    expect((await entities.getEntity('order', tenantId, v1.id))?.note).toBe('two');
  });

  it('serializes concurrent upserts of one new key: one insert, no lost update', async () => {
    const peer = await database.openPeer();
    const peerEntities = createEntityRepository(peer.db);
    const externalId = fresh();
    const a = sampleOrder(storeId, externalId, { note: 'from webhook' });
    const b = sampleOrder(storeId, externalId, { note: 'from poll' });
    const [[ra], [rb]] = await Promise.all([
      entities.upsertEntities('order', [{ tenantId, entity: a }]),
      peerEntities.upsertEntities('order', [{ tenantId, entity: b }]),
    ]);
    const results = [ra!, rb!];
    expect(results.map((r) => r.outcome).sort()).toEqual(['inserted', 'updated']);
    const inserted = results.find((r) => r.outcome === 'inserted')!;
    const updated = results.find((r) => r.outcome === 'updated')!;
    expect(updated.previous).toEqual(inserted.current);
    expect(await entities.getEntity('order', tenantId, a.id)).toEqual(updated.current);
  });

  it('does not deadlock on concurrent batches that share keys in opposite orders', async () => {
    const peer = await database.openPeer();
    const peerEntities = createEntityRepository(peer.db);
    const ids = Array.from({ length: 20 }, () => fresh());
    const batch = (note: string, order: string[]) =>
      order.map((externalId) => ({ tenantId, entity: sampleVariant(storeId, externalId, { title: note }) }));
    const [forward, backward] = await Promise.all([
      entities.upsertEntities('variant', batch('forward', ids)),
      peerEntities.upsertEntities('variant', batch('backward', [...ids].reverse())),
    ]);
    const insertedCount = [...forward, ...backward].filter((r) => r.outcome === 'inserted').length;
    expect(insertedCount).toBe(20);
  });

  it('soft-deletes once, hides deleted records, and ignores versions older than the deletion', async () => {
    const externalId = fresh();
    const variant = sampleVariant(storeId, externalId, { updatedAt: minutesLater(1) });
    await entities.upsertEntities('variant', [{ tenantId, entity: variant }]);
    const deletion = { tenantId, storeId, externalId, at: new Date(minutesLater(2)) };
    expect(await entities.markDeleted('variant', { ...deletion, tenantId: otherTenantId })).toBeNull();
    expect(await entities.markDeleted('variant', deletion)).toEqual(variant);
    expect(await entities.markDeleted('variant', deletion)).toBeNull();
    expect(await entities.getEntity('variant', tenantId, variant.id)).toBeNull();
    expect(await entities.getEntity('variant', tenantId, variant.id, { includeDeleted: true })).toEqual(
      variant,
    );

    const [late] = await entities.upsertEntities('variant', [{ tenantId, entity: variant }]);
    expect(late?.outcome).toBe('stale');
    const recreated = { ...variant, updatedAt: minutesLater(3) };
    const [restored] = await entities.upsertEntities('variant', [{ tenantId, entity: recreated }]);
    expect(restored?.outcome).toBe('updated');
    expect(await entities.getEntity('variant', tenantId, variant.id)).toEqual(recreated);
  });

  it('keeps tenants apart', async () => {
    const order = sampleOrder(storeId, fresh());
    await entities.upsertEntities('order', [{ tenantId, entity: order }]);
    expect(await entities.getEntity('order', otherTenantId, order.id)).toBeNull();
    expect(
      await entities.getEntityByExternalId('order', otherTenantId, storeId, order.externalId),
    ).toBeNull();
    expect((await entities.listEntities('order', { tenantId: otherTenantId })).items).toEqual([]);
    // The store belongs to another tenant: the database refuses the row.
    await expect(
      entities.upsertEntities('order', [{ tenantId: otherTenantId, entity: sampleOrder(storeId, fresh()) }]),
    ).rejects.toThrow(/belongs to another tenant/);
  });

  it('rejects records whose id is not the stable id of (store, type, external id)', async () => {
    const order = { ...sampleOrder(storeId, fresh()), id: sampleOrder(storeId, 'another').id };
    await expect(entities.upsertEntities('order', [{ tenantId, entity: order }])).rejects.toThrow(
      StorageInputError,
    );
  });

  it('returns the platform payload only on request', async () => {
    const raw = { id: 1001, financial_status: 'paid' };
    const order = sampleOrder(storeId, fresh());
    await entities.upsertEntities('order', [{ tenantId, entity: { ...order, raw } }]);
    expect(await entities.getEntity('order', tenantId, order.id)).not.toHaveProperty('raw');
    expect(await entities.getEntity('order', tenantId, order.id, { includeRaw: true })).toEqual({
      ...order,
      raw,
    });
  });

  it('pages through a filtered list with a keyset cursor, without gaps or repeats', async () => {
    const listStore = (
      await createStoreRepository(database.db, {
        cipher: createCredentialCipher(randomBytes(32)),
      }).createStore({
        tenantId,
        platform: 'woocommerce',
        name: 'List',
        credentials: {},
      })
    ).id;
    // Two orders share each timestamp, so the id tie-breaker matters.
    const orders = Array.from({ length: 9 }, (_, i) =>
      sampleOrder(listStore, `list-${i}`, {
        updatedAt: minutesLater(Math.floor(i / 2)),
        financialStatus: i === 4 ? 'refunded' : 'paid',
      }),
    );
    await entities.upsertEntities(
      'order',
      orders.map((entity) => ({ tenantId, entity })),
    );
    const collect = async (direction: 'asc' | 'desc') => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await entities.listEntities('order', {
          tenantId,
          storeId: listStore,
          filters: { financialStatus: 'paid' },
          direction,
          limit: 3,
          cursor,
        });
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((order) => order.externalId));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    };
    const expected = orders
      .filter((order) => order.financialStatus === 'paid')
      .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id.localeCompare(b.id))
      .map((order) => order.externalId);
    expect(await collect('asc')).toEqual(expected);
    expect(await collect('desc')).toEqual([...expected].reverse());

    const since = await entities.listEntities('order', {
      tenantId,
      storeId: listStore,
      updatedSince: new Date(minutesLater(4)),
    });
    expect(since.items.map((order) => order.externalId)).toEqual(['list-8']);
    await expect(
      entities.listEntities('order', { tenantId, filters: { note: 'x' } as never }),
    ).rejects.toThrow(StorageInputError);
  });
});

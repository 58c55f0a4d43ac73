import { randomBytes } from 'node:crypto';
import { entityId, type LineItem, lineId } from '@cartwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialCipher } from '../crypto/credential-cipher';
import { StorageInputError } from '../errors';
import { createJobQueue } from '../jobs/job-queue';
import { createStoreJobCancellation } from '../jobs/store-job-cancellation';
import { createStoreRepository } from '../tenancy/store-repository';
import { createTenantRepository } from '../tenancy/tenant-repository';
import { type TestDatabase, testDatabases } from '../testing';
import { createEntityListing, type EntityListing } from './entity-listing';
import { createEntityRepository, type EntityRepository } from './entity-repository';
import { minutesLater, sampleOrder, sampleVariant } from './sample-entities';

describe.each(testDatabases())('entity listing on $name', ({ create }) => {
  let database: TestDatabase;
  let entities: EntityRepository;
  let listing: EntityListing;
  let tenantId: string;
  let otherTenantId: string;
  let storeId: string;
  let otherStoreId: string;

  beforeAll(async () => {
    database = await create();
    entities = createEntityRepository(database.db);
    listing = createEntityListing(database.db);
    const tenants = createTenantRepository(database.db);
    const stores = createStoreRepository(database.db, { cipher: createCredentialCipher(randomBytes(32)) });
    tenantId = (await tenants.createTenant({ name: 'Acme' })).id;
    otherTenantId = (await tenants.createTenant({ name: 'Other' })).id;
    storeId = (await stores.createStore({ tenantId, platform: 'shopify', name: 'A', credentials: {} })).id;
    otherStoreId = (
      await stores.createStore({ tenantId: otherTenantId, platform: 'shopify', name: 'B', credentials: {} })
    ).id;
  });
  afterAll(async () => {
    await database?.close();
  });

  const order = (store: string, externalId: string, minute: number, overrides = {}) =>
    sampleOrder(store, externalId, {
      createdAt: minutesLater(minute),
      updatedAt: minutesLater(minute),
      ...overrides,
    });

  const eur = (amount: string) => ({ amount, currency: 'EUR' });
  const mugLine = (store: string, orderExternalId: string): LineItem => ({
    id: lineId('line_item', entityId('order', store, orderExternalId), '1'),
    externalId: '1',
    productId: null,
    variantId: null,
    sku: 'MUG-1',
    title: 'Mug',
    variantTitle: null,
    quantity: 1,
    unitPrice: eur('9.00'),
    totalDiscount: eur('0.00'),
    totalTax: eur('0.00'),
    requiresShipping: true,
  });

  it('pages newest first to exhaustion with no gap or repeat while rows are inserted', async () => {
    await entities.upsertEntities(
      'order',
      Array.from({ length: 9 }, (_, i) => ({ tenantId, entity: order(storeId, `page-${i}`, i) })),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    let round = 0;
    do {
      const page = await listing.listPage('order', { tenantId, storeId, limit: 2, cursor, q: 'page-' });
      seen.push(...page.items.map((item) => item.externalId));
      cursor = page.nextCursor ?? undefined;
      // Newer and older rows arrive between pages: newer ones are ahead of the cursor, older ones behind.
      await entities.upsertEntities('order', [
        { tenantId, entity: order(storeId, `page-new-${round}`, 100 + round) },
        { tenantId, entity: order(storeId, `page-old-${round}`, -100 - round) },
      ]);
      round += 1;
    } while (cursor);
    const original = Array.from({ length: 9 }, (_, i) => `page-${8 - i}`);
    expect(seen.filter((id) => !id.includes('new') && !id.includes('old'))).toEqual(original);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('filters by status, email, time, search text and SKU, and counts the same set', async () => {
    await entities.upsertEntities('order', [
      { tenantId, entity: order(storeId, 'f-1', 10, { email: 'ada@example.com', status: 'cancelled' }) },
      {
        tenantId,
        entity: order(storeId, 'f-2', 20, { email: 'bob@example.com', lineItems: [mugLine(storeId, 'f-2')] }),
      },
    ]);
    const ids = async (query: Parameters<EntityListing['listPage']>[1]) =>
      (await listing.listPage('order', { ...query, limit: 100 })).items.map((o) => o.externalId);
    expect(await ids({ tenantId, filters: { status: 'cancelled' } })).toEqual(['f-1']);
    expect(await ids({ tenantId, filters: { email: 'bob@example.com' } })).toEqual(['f-2']);
    expect(await ids({ tenantId, q: 'ADA@' })).toEqual(['f-1']);
    expect(await ids({ tenantId, sku: 'MUG-1' })).toEqual(['f-2']);
    expect(await listing.count('order', { tenantId, sku: 'MUG-1' })).toBe(1);
    expect(
      await listing.count('order', { tenantId, q: 'f-', createdSince: new Date(minutesLater(15)) }),
    ).toBe(1);
  });

  it('finds products by the SKU of a variant', async () => {
    const variant = sampleVariant(storeId, 'v-sku', { sku: 'TEE-RED-M' });
    await entities.upsertEntities('variant', [{ tenantId, entity: variant }]);
    const page = await listing.listPage('variant', { tenantId, sku: 'TEE-RED-M' });
    expect(page.items.map((v) => v.id)).toEqual([variant.id]);
    expect(await listing.count('product', { tenantId, sku: 'NOPE' })).toBe(0);
  });

  it('batches lookups by id and by a filterable column within one tenant', async () => {
    const [a, b] = [order(storeId, 'batch-a', 30, { email: 'x@example.com' }), order(storeId, 'batch-b', 31)];
    await entities.upsertEntities('order', [
      { tenantId, entity: a },
      { tenantId, entity: b },
    ]);
    const byId = await listing.getByIds('order', tenantId, [a.id, b.id, 'ord_unknown']);
    expect(byId.map((o) => o.id).sort()).toEqual([a.id, b.id].sort());
    expect(await listing.getByIds('order', otherTenantId, [a.id])).toEqual([]);
    const byEmail = await listing.listWhereIn('order', tenantId, 'email', ['x@example.com']);
    expect(byEmail.map((o) => o.id)).toEqual([a.id]);
  });

  it('never returns another tenant’s rows', async () => {
    await entities.upsertEntities('order', [
      { tenantId: otherTenantId, entity: order(otherStoreId, 'secret', 1) },
    ]);
    expect(await listing.count('order', { tenantId, q: 'secret' })).toBe(0);
    expect(await listing.count('order', { tenantId, storeId: otherStoreId })).toBe(0);
    expect(await listing.count('order', { tenantId: otherTenantId })).toBe(1);
  });

  it('refuses foreign cursors, unknown filters and search on types without text', async () => {
    await expect(listing.listPage('order', { tenantId, cursor: 'bm9wZQ' })).rejects.toThrow(
      StorageInputError,
    );
    await expect(listing.listPage('order', { tenantId, filters: { total: '1' } as never })).rejects.toThrow(
      /not a filterable field/,
    );
    await expect(listing.count('refund', { tenantId, q: 'x' })).rejects.toThrow(/no searchable fields/);
    await expect(listing.count('customer', { tenantId, sku: 'x' })).rejects.toThrow(/not a filter/);
  });

  it('cancels a store’s queued sync jobs and leaves other stores’ jobs alone', async () => {
    const queue = createJobQueue(database.db);
    const cancellation = createStoreJobCancellation(database.db);
    const [mine, other] = await queue.enqueue([
      { queue: 'sync', tenantId, payload: { storeId, stream: 'orders' } },
      { queue: 'sync', tenantId: otherTenantId, payload: { storeId: otherStoreId, stream: 'orders' } },
    ]);
    expect(await cancellation.cancelStoreJobs({ tenantId, storeId, reason: 'store disconnected' })).toBe(1);
    expect(await queue.get(mine!.job.id)).toMatchObject({ state: 'dead', lastError: 'store disconnected' });
    expect(await queue.get(other!.job.id)).toMatchObject({ state: 'queued' });
  });
});

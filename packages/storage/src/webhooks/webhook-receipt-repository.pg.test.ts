import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantRepository } from '../tenancy/tenant-repository';
import { type TestDatabase, testDatabases } from '../testing';
import { createWebhookReceiptRepository } from './webhook-receipt-repository';

describe.each(testDatabases())('webhook receipts on $name', ({ create }) => {
  let database: TestDatabase;
  let tenantId: string;
  beforeAll(async () => {
    database = await create();
    tenantId = (await createTenantRepository(database.db).createTenant({ name: 'Acme' })).id;
  });
  afterAll(async () => {
    await database?.close();
  });

  const delivery = (overrides: Record<string, unknown> = {}) => ({
    tenantId,
    platform: 'shopify' as const,
    storeId: 'sto_a',
    deliveryId: 'b54557e4',
    topic: 'orders/create',
    change: { kind: 'refetch', streams: ['orders'] },
    ...overrides,
  });

  it('accepts a delivery once per platform and store', async () => {
    const receipts = createWebhookReceiptRepository(database.db);
    expect(await receipts.acceptDelivery(delivery())).toEqual(expect.any(Number));
    expect(await receipts.acceptDelivery(delivery())).toBeNull();
    expect(await receipts.acceptDelivery(delivery({ storeId: 'sto_b' }))).toEqual(expect.any(Number));
    expect(await receipts.acceptDelivery(delivery({ platform: 'woocommerce' }))).toEqual(expect.any(Number));
  });

  it('keeps the change until the delivery is processed, once, and only for its tenant', async () => {
    const receipts = createWebhookReceiptRepository(database.db);
    const id = (await receipts.acceptDelivery(delivery({ deliveryId: 'c0ffee' })))!;
    expect(await receipts.pendingDelivery('ten_other', id)).toBeNull();
    expect(await receipts.markProcessed('ten_other', id, new Date())).toBe(false);
    const pending = await receipts.pendingDelivery(tenantId, id);
    expect(pending).toMatchObject({ storeId: 'sto_a', topic: 'orders/create', change: delivery().change });
    expect(await receipts.markProcessed(tenantId, id, new Date())).toBe(true);
    expect(await receipts.markProcessed(tenantId, id, new Date())).toBe(false);
    expect(await receipts.pendingDelivery(tenantId, id)).toBeNull();
    // A redelivery after processing is still a duplicate.
    expect(await receipts.acceptDelivery(delivery({ deliveryId: 'c0ffee' }))).toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantRepository } from '../tenancy/tenant-repository';
import { type TestDatabase, testDatabases } from '../testing';
import { createWebhookReceiptRepository } from './webhook-receipt-repository';

describe.each(testDatabases())('webhook receipts on $name', ({ create }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('accepts a delivery once per platform and store', async () => {
    const receipts = createWebhookReceiptRepository(database.db);
    const tenantId = (await createTenantRepository(database.db).createTenant({ name: 'Acme' })).id;
    const delivery = {
      tenantId,
      platform: 'shopify' as const,
      storeId: 'sto_a',
      deliveryId: 'b54557e4',
      topic: 'orders/create',
    };
    expect(await receipts.recordReceipt(delivery)).toBe(true);
    expect(await receipts.recordReceipt(delivery)).toBe(false);
    expect(await receipts.recordReceipt({ ...delivery, storeId: 'sto_b' })).toBe(true);
    expect(await receipts.recordReceipt({ ...delivery, platform: 'woocommerce' })).toBe(true);
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialCipher } from '../crypto/credential-cipher';
import { type TestDatabase, testDatabases } from '../testing';
import { createStoreRepository } from './store-repository';
import { findStoreTenant } from './store-tenant-lookup';
import { createTenantRepository } from './tenant-repository';

describe.each(testDatabases())('findStoreTenant on $name', ({ create }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('finds the owning tenant only for the store platform', async () => {
    const tenantId = (await createTenantRepository(database.db).createTenant({ name: 'Acme' })).id;
    const stores = createStoreRepository(database.db, { cipher: createCredentialCipher(randomBytes(32)) });
    const store = await stores.createStore({
      tenantId,
      platform: 'woocommerce',
      name: 'Shop',
      credentials: { consumerKey: 'ck' },
    });
    expect(await findStoreTenant(database.db, { platform: 'woocommerce', storeId: store.id })).toEqual({
      tenantId,
    });
    expect(await findStoreTenant(database.db, { platform: 'shopify', storeId: store.id })).toBeNull();
    expect(
      await findStoreTenant(database.db, { platform: 'woocommerce', storeId: 'sto_missing' }),
    ).toBeNull();
  });
});

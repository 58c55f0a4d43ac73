import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialCipher } from '../crypto/credential-cipher';
import { type TestDatabase, testDatabases } from '../testing';
import { listActiveStores } from './active-stores';
import { createStoreRepository } from './store-repository';
import { createTenantRepository } from './tenant-repository';

describe.each(testDatabases())('listActiveStores on $name', ({ create }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('lists active stores of every tenant and leaves disconnected ones out', async () => {
    const tenants = createTenantRepository(database.db);
    const stores = createStoreRepository(database.db, { cipher: createCredentialCipher(randomBytes(32)) });
    const a = (await tenants.createTenant({ name: 'A' })).id;
    const b = (await tenants.createTenant({ name: 'B' })).id;
    const first = await stores.createStore({
      tenantId: a,
      platform: 'shopify',
      name: 'One',
      credentials: {},
    });
    const second = await stores.createStore({
      tenantId: b,
      platform: 'woocommerce',
      name: 'Two',
      credentials: {},
    });
    const gone = await stores.createStore({
      tenantId: b,
      platform: 'woocommerce',
      name: 'Gone',
      credentials: {},
    });
    await stores.updateStore(b, gone.id, { status: 'disconnected' });
    const listed = await listActiveStores(database.db);
    expect(listed).toHaveLength(2);
    expect(listed).toEqual(
      expect.arrayContaining([
        { tenantId: a, storeId: first.id, platform: 'shopify' },
        { tenantId: b, storeId: second.id, platform: 'woocommerce' },
      ]),
    );
  });
});

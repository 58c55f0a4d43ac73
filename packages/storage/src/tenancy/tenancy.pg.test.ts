import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialCipher } from '../crypto/credential-cipher';
import { NotFoundError, StorageInputError } from '../errors';
import { type TestDatabase, testDatabases } from '../testing';
import { createApiKeyRepository } from './api-key-repository';
import { createStoreRepository } from './store-repository';
import { createTenantRepository } from './tenant-repository';

describe.each(testDatabases())('tenants, API keys and stores on $name', ({ create }) => {
  let database: TestDatabase;
  let clock: Date;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database?.close();
  });

  const repositories = () => {
    clock = new Date('2026-03-01T10:00:00.000Z');
    const cipher = createCredentialCipher(randomBytes(32));
    return {
      tenants: createTenantRepository(database.db),
      keys: createApiKeyRepository(database.db, { now: () => clock }),
      stores: createStoreRepository(database.db, { cipher }),
    };
  };

  it('issues an API key once, stores only its hash, verifies and revokes it', async () => {
    const { tenants, keys } = repositories();
    const tenant = await tenants.createTenant({ name: 'Acme' });
    const { apiKey, secret } = await keys.createApiKey({ tenantId: tenant.id, mode: 'test', name: 'CI' });
    expect(secret).toMatch(/^cw_test_[0-9A-Za-z]{43}$/);
    expect(apiKey).toMatchObject({ tenantId: tenant.id, mode: 'test', last4: secret.slice(-4) });
    expect(secret.startsWith(apiKey.prefix)).toBe(true);

    const stored = await database.db.execute(sql`select * from api_keys where id = ${apiKey.id}`);
    expect(JSON.stringify(stored)).not.toContain(secret.slice(8));

    const verified = await keys.verifyApiKey(secret);
    expect(verified?.tenant).toEqual(tenant);
    expect(verified?.apiKey.id).toBe(apiKey.id);
    expect(verified?.apiKey.lastUsedAt).toEqual(clock);

    expect(await keys.verifyApiKey(`${secret.slice(0, -1)}x`)).toBeNull();
    expect(await keys.verifyApiKey('cw_test_short')).toBeNull();
    expect(await keys.verifyApiKey(secret.replace('cw_test_', 'cw_live_'))).toBeNull();

    const other = await tenants.createTenant({ name: 'Other' });
    expect(await keys.revokeApiKey(other.id, apiKey.id)).toBe(false);
    expect(await keys.verifyApiKey(secret)).not.toBeNull();
    expect(await keys.revokeApiKey(tenant.id, apiKey.id)).toBe(true);
    expect(await keys.verifyApiKey(secret)).toBeNull();
    expect(await keys.revokeApiKey(tenant.id, apiKey.id)).toBe(false);
    expect((await keys.listApiKeys(tenant.id))[0]?.revokedAt).toEqual(clock);
    expect(await keys.listApiKeys(other.id)).toEqual([]);
  });

  it('updates last-used at most once a minute', async () => {
    const { tenants, keys } = repositories();
    const tenant = await tenants.createTenant({ name: 'Busy' });
    const { secret } = await keys.createApiKey({ tenantId: tenant.id, mode: 'live' });
    const first = clock;
    await keys.verifyApiKey(secret);
    clock = new Date(first.getTime() + 30_000);
    expect((await keys.verifyApiKey(secret))?.apiKey.lastUsedAt).toEqual(first);
    clock = new Date(first.getTime() + 61_000);
    expect((await keys.verifyApiKey(secret))?.apiKey.lastUsedAt).toEqual(clock);
  });

  it('keeps store credentials encrypted and hands them out only through getStoreCredentials', async () => {
    const { tenants, stores } = repositories();
    const tenant = await tenants.createTenant({ name: 'Shop owner' });
    const credentials = { accessToken: 'shpat_super_secret_value', shopDomain: 'demo.myshopify.com' };
    const store = await stores.createStore({
      tenantId: tenant.id,
      platform: 'shopify',
      name: 'Demo',
      credentials,
      domain: 'demo.myshopify.com',
    });
    expect(store).toMatchObject({ tenantId: tenant.id, platform: 'shopify', status: 'active', settings: {} });
    expect(JSON.stringify(store)).not.toContain('shpat_super_secret_value');
    const rows = await database.db.execute(sql`select * from stores where id = ${store.id}`);
    expect(JSON.stringify(rows)).not.toContain('shpat_super_secret_value');

    expect(await stores.getStoreCredentials(tenant.id, store.id)).toEqual(credentials);
    await stores.replaceStoreCredentials(tenant.id, store.id, { accessToken: 'shpat_rotated' });
    expect(await stores.getStoreCredentials(tenant.id, store.id)).toEqual({ accessToken: 'shpat_rotated' });

    const other = await tenants.createTenant({ name: 'Intruder' });
    await expect(stores.getStoreCredentials(other.id, store.id)).rejects.toThrow(NotFoundError);
    expect(await stores.getStore(other.id, store.id)).toBeNull();
    expect(await stores.listStores(other.id)).toEqual([]);
    expect((await stores.listStores(tenant.id)).map((s) => s.id)).toEqual([store.id]);

    const updated = await stores.updateStore(tenant.id, store.id, {
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
    });
    expect(updated).toMatchObject({ currency: 'EUR', timeZone: 'Europe/Berlin', name: 'Demo' });
    await expect(stores.updateStore(tenant.id, store.id, { currency: 'euro' })).rejects.toThrow(
      StorageInputError,
    );
  });

  it('resolves a store by its publishable key until the key is rotated', async () => {
    const { tenants, stores } = repositories();
    const tenant = await tenants.createTenant({ name: 'Storefront' });
    const store = await stores.createStore({
      tenantId: tenant.id,
      platform: 'woocommerce',
      name: 'Woo',
      credentials: { consumerKey: 'ck_1', consumerSecret: 'cs_1' },
      baseUrl: 'https://woo.example.com',
    });
    const key = await stores.rotatePublishableKey(tenant.id, store.id);
    expect(key).toMatch(/^cw_pk_/);
    expect((await stores.findStoreByPublishableKey(key))?.id).toBe(store.id);
    const rotated = await stores.rotatePublishableKey(tenant.id, store.id);
    expect(await stores.findStoreByPublishableKey(key)).toBeNull();
    expect((await stores.findStoreByPublishableKey(rotated))?.hasPublishableKey).toBe(true);
  });
});

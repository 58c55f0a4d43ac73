import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../testing/test-gateway';

describe.each(testDatabases())('GET /v1/tenant on $name', ({ create }) => {
  let database: TestDatabase;
  // One database per file (PGlite start-up dominates); each test builds its own tenant and app.
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database.close();
  });

  it('returns the tenant and key of the caller', async () => {
    const { app, tenant, apiKey, authorization } = await buildTestApp(database);
    const response = await app.request('/v1/tenant', { headers: authorization });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      tenant: { id: tenant.id, name: 'Acme', createdAt: tenant.createdAt.toISOString() },
      apiKey: { id: apiKey.id, mode: 'test' },
    });
  });

  it('shows each tenant only itself', async () => {
    const { app, repositories, tenant } = await buildTestApp(database);
    const globex = await repositories.tenants.createTenant({ name: 'Globex' });
    const globexKey = await repositories.apiKeys.createApiKey({ tenantId: globex.id, mode: 'live' });
    const response = await app.request('/v1/tenant', {
      headers: { authorization: `Bearer ${globexKey.secret}` },
    });
    const body = (await response.json()) as { tenant: unknown; apiKey: unknown };
    expect(body.tenant).toMatchObject({ id: globex.id, name: 'Globex' });
    expect(body.apiKey).toEqual({ id: globexKey.apiKey.id, mode: 'live' });
    expect(JSON.stringify(body)).not.toContain(tenant.id);
  });
});

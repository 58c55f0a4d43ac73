import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, manualClock } from '../testing/test-gateway';

describe.each(testDatabases())('API key authentication on $name', ({ create }) => {
  let database: TestDatabase;
  // One database per file (PGlite start-up dominates); each test builds its own tenant and app.
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database.close();
  });

  async function expectUnauthorized(response: Response, detail: RegExp) {
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as { detail: string };
    expect(problem).toMatchObject({
      code: 'unauthorized',
      type: 'https://cartwire.dev/problems/unauthorized',
    });
    expect(problem.detail).toMatch(detail);
  }

  it('refuses a request without credentials', async () => {
    const { app } = await buildTestApp(database);
    await expectUnauthorized(await app.request('/v1/tenant'), /Authorization: Bearer/);
  });

  it('refuses another scheme and a token that is not a Cartwire key', async () => {
    const { app, secret } = await buildTestApp(database);
    const basic = await app.request('/v1/tenant', {
      headers: { authorization: `Basic ${btoa(`${secret}:`)}` },
    });
    await expectUnauthorized(basic, /Bearer scheme/);
    const foreign = await app.request('/v1/tenant', {
      headers: { authorization: 'Bearer sk_live_abcdefghijklmnopqrstuvwx' },
    });
    await expectUnauthorized(foreign, /not a Cartwire API key/);
  });

  it('refuses a well-formed key that does not exist', async () => {
    const { app, secret } = await buildTestApp(database);
    const forged = `${secret.slice(0, -4)}${secret.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    await expectUnauthorized(
      await app.request('/v1/tenant', { headers: { authorization: `Bearer ${forged}` } }),
      /invalid or has been revoked/,
    );
  });

  it('accepts a valid key, then refuses it once revoked (after the cache entry expires)', async () => {
    const clock = manualClock();
    const { app, repositories, tenant, apiKey, authorization } = await buildTestApp(database, { clock });
    expect((await app.request('/v1/tenant', { headers: authorization })).status).toBe(200);
    expect(await repositories.apiKeys.revokeApiKey(tenant.id, apiKey.id)).toBe(true);
    // Revoked by another process (the CLI, another gateway): trusted from memory for at most 10 s.
    expect((await app.request('/v1/tenant', { headers: authorization })).status).toBe(200);
    clock.advance(10_001);
    await expectUnauthorized(await app.request('/v1/tenant', { headers: authorization }), /revoked/);
  });

  it('refuses a revoked key at once when this process invalidates it', async () => {
    const { app, apiKeyCache, repositories, tenant, apiKey, authorization } = await buildTestApp(database);
    expect((await app.request('/v1/tenant', { headers: authorization })).status).toBe(200);
    expect(await repositories.apiKeys.revokeApiKey(tenant.id, apiKey.id)).toBe(true);
    apiKeyCache.invalidateKey(apiKey.id);
    await expectUnauthorized(await app.request('/v1/tenant', { headers: authorization }), /revoked/);
  });

  it('accepts the scheme name in any case', async () => {
    const { app, secret } = await buildTestApp(database);
    expect((await app.request('/v1/tenant', { headers: { authorization: `bearer ${secret}` } })).status).toBe(
      200,
    );
  });

  it('guards unknown /v1 paths too, so they reveal nothing without a key', async () => {
    const { app, authorization } = await buildTestApp(database);
    expect((await app.request('/v1/whatever')).status).toBe(401);
    expect((await app.request('/v1/whatever', { headers: authorization })).status).toBe(404);
  });
});

import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, manualClock } from '../testing/test-gateway';

describe.each(testDatabases())('per-key rate limit on $name', ({ create }) => {
  let database: TestDatabase;
  // One database per file (PGlite start-up dominates); each test builds its own tenant and app.
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database.close();
  });

  it('sends RateLimit headers, then a 429 problem with Retry-After once the burst is spent', async () => {
    const clock = manualClock();
    const { app, authorization } = await buildTestApp(database, {
      clock,
      config: { rateLimit: { burst: 2, perSecond: 1 } },
    });
    const first = await app.request('/v1/tenant', { headers: authorization });
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('2');
    expect(first.headers.get('ratelimit-remaining')).toBe('1');
    expect(first.headers.get('ratelimit-reset')).toBe('1');
    expect((await app.request('/v1/tenant', { headers: authorization })).status).toBe(200);

    const refused = await app.request('/v1/tenant', { headers: authorization });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('ratelimit-limit')).toBe('2');
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(await refused.json()).toMatchObject({ code: 'rate_limited', status: 429 });

    clock.advance(1000);
    expect((await app.request('/v1/tenant', { headers: authorization })).status).toBe(200);
  });

  it('counts each API key separately and leaves unauthenticated routes alone', async () => {
    const { app, repositories, tenant, authorization } = await buildTestApp(database, {
      config: { rateLimit: { burst: 1, perSecond: 0.01 } },
    });
    const other = await repositories.apiKeys.createApiKey({ tenantId: tenant.id, mode: 'live' });
    expect((await app.request('/v1/tenant', { headers: authorization })).status).toBe(200);
    expect((await app.request('/v1/tenant', { headers: authorization })).status).toBe(429);
    const otherKey = { authorization: `Bearer ${other.secret}` };
    expect((await app.request('/v1/tenant', { headers: otherKey })).status).toBe(200);
    const health = await app.request('/healthz');
    expect(health.status).toBe(200);
    expect(health.headers.get('ratelimit-limit')).toBeNull();
  });
});

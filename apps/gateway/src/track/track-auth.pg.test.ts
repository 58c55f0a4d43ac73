import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { buildTestApp } from '../testing/test-gateway';
import { createSyncRuntime, type SyncRuntime } from '../workers/sync-runtime';

describe.each(testDatabases())('the full app serves /v1/track without an API key ($name)', ({ create }) => {
  let database: TestDatabase;
  let runtime: SyncRuntime;
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let publishableKey: string;

  beforeAll(async () => {
    database = await create();
    built = await buildTestApp(database);
    runtime = createSyncRuntime({
      database,
      repositories: built.repositories,
      clock: { now: () => new Date() },
      logger: createLogger({ level: 'silent' }),
      workerId: 'track-auth-test',
    });
    runtime.mount(built.app);
    const store = await built.repositories.stores.createStore({
      tenantId: built.tenant.id,
      platform: 'shopify',
      name: 'Storefront',
      credentials: {},
    });
    publishableKey = await built.repositories.stores.rotatePublishableKey(built.tenant.id, store.id);
  }, 60_000);
  afterAll(async () => {
    await runtime?.close();
    await database?.close();
  });

  it('accepts a publishable key on /v1/track while every other /v1 route still needs an API key', async () => {
    const tracked = await built.app.request('/v1/track', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cartwire-publishable-key': publishableKey },
      body: JSON.stringify({ type: 'search.performed', anonymousId: 'anon-1', properties: { query: 'tea' } }),
    });
    expect(tracked.status).toBe(202);
    const withoutKey = await built.app.request('/v1/track', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'search.performed', anonymousId: 'anon-1', properties: { query: 'tea' } }),
    });
    expect(withoutKey.status).toBe(401);
    expect((await built.app.request('/v1/tenant')).status).toBe(401);
    // A publishable key is not an API key.
    const asApiKey = await built.app.request('/v1/tenant', {
      headers: { authorization: `Bearer ${publishableKey}` },
    });
    expect(asApiKey.status).toBe(401);
  });
});

import { ID_PREFIX, newId } from '@cartwire/model';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayUnderTest, startGatewayUnderTest } from './gateway-under-test';
import { createSyncHarness, type SyncHarness, silentLogger } from './sync-harness';

describe.each(testDatabases())('POST /v1/track over loopback HTTP ($name)', ({ create }) => {
  let database: TestDatabase;
  let harness: SyncHarness;
  let gateway: GatewayUnderTest;
  let publishableKey: string;
  const productId = newId(ID_PREFIX.product);
  const customerId = newId(ID_PREFIX.customer);

  function track(body: unknown, key: string | null = publishableKey, origin = 'https://shop.example') {
    return fetch(`${gateway.url}/v1/track`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin,
        ...(key === null ? {} : { 'x-cartwire-publishable-key': key }),
      },
      body: JSON.stringify(body),
    });
  }

  beforeAll(async () => {
    database = await create();
    harness = await createSyncHarness(database);
    gateway = await startGatewayUnderTest({
      database,
      repositories: harness.repositories,
      clock: harness.clock,
      logger: silentLogger,
      trackRateLimit: { perSecond: 1, burst: 6 },
    });
    const store = await harness.repositories.stores.createStore({
      tenantId: harness.tenantId,
      platform: 'shopify',
      name: 'Storefront',
      credentials: {},
    });
    publishableKey = await harness.repositories.stores.rotatePublishableKey(harness.tenantId, store.id);
  }, 60_000);
  afterAll(async () => {
    await gateway?.close();
    await database?.close();
  });

  it('answers CORS preflights from storefront origins', async () => {
    const preflight = await fetch(`${gateway.url}/v1/track`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-cartwire-publishable-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-cartwire-publishable-key');
  });

  it('records behaviour events and stitches an anonymous id to the customer after login', async () => {
    const viewed = await track({ type: 'product.viewed', anonymousId: 'anon-42', properties: { productId } });
    expect(viewed.status).toBe(202);
    expect(viewed.headers.get('access-control-allow-origin')).toBe('*');
    // Login: the tracker sends both ids once.
    await track({
      type: 'search.performed',
      anonymousId: 'anon-42',
      customerId,
      properties: { query: 'tea' },
    });
    await track({
      type: 'cart.item_added',
      anonymousId: 'anon-42',
      properties: { variantId: newId(ID_PREFIX.variant), quantity: 2 },
      messageId: 'm-1',
    });
    const retry = await track({
      type: 'cart.item_added',
      anonymousId: 'anon-42',
      properties: { variantId: newId(ID_PREFIX.variant), quantity: 2 },
      messageId: 'm-1',
    });
    expect(await retry.json()).toMatchObject({ duplicate: true });

    const events = await harness.events();
    expect(events.map((event) => [event.type, event.source])).toEqual([
      ['product.viewed', 'track'],
      ['search.performed', 'track'],
      ['cart.item_added', 'track'],
    ]);
    expect(events[0]?.entityId).toBe(productId);
    expect(events[0]?.data).toMatchObject({ shopper: { anonymousId: 'anon-42' } });
    expect(events[2]?.data).toMatchObject({ shopper: { anonymousId: 'anon-42', customerId } });
  });

  it('refuses unknown keys, bad properties, and callers over the per-key limit', async () => {
    expect((await track({ type: 'product.viewed', anonymousId: 'a' }, null)).status).toBe(401);
    expect((await track({ type: 'product.viewed', anonymousId: 'a' }, 'cw_pk_unknown')).status).toBe(401);
    const invalid = await track({
      type: 'product.viewed',
      anonymousId: 'a',
      properties: { productId: 'not-an-id' },
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ errors: [{ path: 'properties.productId' }] });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      statuses.push(
        (await track({ type: 'search.performed', anonymousId: 'a', properties: { query: 'x' } })).status,
      );
    }
    expect(statuses).toContain(429);
  });
});

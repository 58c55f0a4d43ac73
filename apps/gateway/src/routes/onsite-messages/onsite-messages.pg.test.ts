import type { OutboundMessage } from '@cartwire/automation-sdk';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, manualClock } from '../../testing/test-gateway';

const KEY = 'x-cartwire-publishable-key';
const TOKEN = 'x-cartwire-customer-token';
type Store = 'a' | 'b' | 'other';

describe.each(testDatabases())('storefront onsite messages on $name', ({ create }) => {
  let database: TestDatabase;
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  const clock = manualClock(new Date('2026-03-02T10:00:00Z'));
  const keys: Record<Store, string> = { a: '', b: '', other: '' };
  const storeIds: Record<Store, string> = { a: '', b: '', other: '' };
  const ids: Record<string, string> = {};
  let otherAuthorization: { authorization: string };

  /** What the merchant's backend does for the signed-in customer: a token over the secret-key API. */
  const issue = (store: Store, body: Record<string, unknown>, auth?: { authorization: string }) =>
    built.app.request(`/v1/stores/${storeIds[store]}/onsite-tokens`, {
      method: 'POST',
      headers: {
        ...(auth ?? (store === 'other' ? otherAuthorization : built.authorization)),
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
  async function tokenFor(store: Store, customerId: string): Promise<string> {
    const response = await issue(store, { customerId });
    expect(response.status).toBe(201);
    return ((await response.json()) as { token: string }).token;
  }

  function message(
    tenantId: string,
    storeId: string,
    customerId: string,
    key: string,
    template: string,
  ): OutboundMessage {
    return {
      channel: 'onsite',
      template,
      offer: { kind: 'none' },
      discountedVariantIds: null,
      recommendedProductIds: [],
      recipient: { customerId, email: null, phone: null },
      subject: { cartId: null, orderId: null, variantId: null, productId: null },
      origin: {
        tenantId,
        storeId,
        workflowId: 'wf_1',
        workflowKey: 'cart',
        version: 1,
        runId: `run_${key}`,
        nodeId: 'banner',
        variants: {},
        idempotencyKey: key,
      },
    };
  }

  beforeAll(async () => {
    database = await create();
    built = await buildTestApp(database, { clock });
    const { stores, tenants } = built.repositories;
    const storeA = await stores.createStore({
      tenantId: built.tenant.id,
      platform: 'shopify',
      name: 'A',
      credentials: {},
    });
    const storeB = await stores.createStore({
      tenantId: built.tenant.id,
      platform: 'shopify',
      name: 'B',
      credentials: {},
    });
    const otherTenant = await tenants.createTenant({ name: 'Globex' });
    const storeC = await stores.createStore({
      tenantId: otherTenant.id,
      platform: 'shopify',
      name: 'C',
      credentials: {},
    });
    keys.a = await stores.rotatePublishableKey(built.tenant.id, storeA.id);
    keys.b = await stores.rotatePublishableKey(built.tenant.id, storeB.id);
    keys.other = await stores.rotatePublishableKey(otherTenant.id, storeC.id);
    Object.assign(storeIds, { a: storeA.id, b: storeB.id, other: storeC.id });
    const otherKey = await built.repositories.apiKeys.createApiKey({
      tenantId: otherTenant.id,
      mode: 'test',
    });
    otherAuthorization = { authorization: `Bearer ${otherKey.secret}` };
    // Loaded after the app: the SDK's zod schemas must be created after @hono/zod-openapi extends zod
    // (templates.routes.ts calls .openapi on one of them), which importing the app first guarantees.
    const { createOnsiteChannel } = await import('@cartwire/automation-sdk');
    const onsite = createOnsiteChannel({
      db: database.db,
      render: (m) => ({ title: `Hello from ${m.template}`, url: '/cart' }),
      now: () => clock.now(),
      ttl: 'P1D',
    });
    ids.a = (await onsite.send(message(built.tenant.id, storeA.id, 'cus_x', 'k-a', 'cart-banner'))).messageId;
    ids.a2 = (await onsite.send(message(built.tenant.id, storeA.id, 'cus_x', 'k-a2', 'second'))).messageId;
    ids.b = (await onsite.send(message(built.tenant.id, storeB.id, 'cus_x', 'k-b', 'store-b'))).messageId;
    ids.other = (
      await onsite.send(message(otherTenant.id, storeC.id, 'cus_x', 'k-c', 'other-tenant'))
    ).messageId;
  }, 60_000);
  afterAll(async () => {
    await database?.close();
  });

  /** The storefront's read: publishable key of `store` and the customer's token for that store. */
  const read = async (store: Store, customer: string) =>
    built.app.request(`/v1/track/messages?customer=${customer}`, {
      headers: {
        [KEY]: keys[store],
        [TOKEN]: await tokenFor(store, customer),
        origin: 'https://shop.example',
      },
    });
  const get = (query: string, headers: Record<string, string> = {}) =>
    built.app.request(`/v1/track/messages${query}`, { headers });
  const dismiss = async (id: string, customer: string, store: Store) =>
    built.app.request(`/v1/track/messages/${id}/dismiss?customer=${customer}`, {
      method: 'POST',
      headers: { [KEY]: keys[store], [TOKEN]: await tokenFor(store, customer) },
    });

  it("lists the customer's messages of the key's store only, with open CORS", async () => {
    const response = await read('a', 'cus_x');
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await response.json()) as { object: string; data: { id: string; template: string }[] };
    expect(body.object).toBe('list');
    expect(body.data.map((m) => m.template).sort()).toEqual(['cart-banner', 'second']);
    expect(body.data.find((m) => m.id === ids.a)).toEqual({
      object: 'onsite_message',
      id: ids.a,
      customerId: 'cus_x',
      template: 'cart-banner',
      content: { title: 'Hello from cart-banner', url: '/cart' },
      createdAt: '2026-03-02T10:00:00.000Z',
      expiresAt: '2026-03-03T10:00:00.000Z',
      seenAt: '2026-03-02T10:00:00.000Z',
    });
    const otherStore = (await (await read('b', 'cus_x')).json()) as { data: { id: string }[] };
    expect(otherStore.data.map((m) => m.id)).toEqual([ids.b]);
    const otherTenant = (await (await read('other', 'cus_x')).json()) as { data: { id: string }[] };
    expect(otherTenant.data.map((m) => m.id)).toEqual([ids.other]);
    expect(((await (await read('a', 'cus_y')).json()) as { data: unknown[] }).data).toEqual([]);

    const preflight = await built.app.request('/v1/track/messages', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': `${KEY},${TOKEN}`,
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(KEY);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(TOKEN);
  });

  it("refuses a read without the customer's token, with another customer's or store's token, or an expired one", async () => {
    const problem = async (response: Response) => {
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      return ((await response.json()) as { detail: string }).detail;
    };
    // Guessing a customer id with only the public key is what the token stops.
    expect(await problem(await get('?customer=cus_x', { [KEY]: keys.a }))).toMatch(
      /X-Cartwire-Customer-Token.*onsite-tokens/,
    );
    const forY = await tokenFor('a', 'cus_y');
    expect(await problem(await get('?customer=cus_x', { [KEY]: keys.a, [TOKEN]: forY }))).toMatch(
      /not valid for this customer/,
    );
    const fromB = await tokenFor('b', 'cus_x');
    expect(await problem(await get('?customer=cus_x', { [KEY]: keys.a, [TOKEN]: fromB }))).toMatch(
      /not valid/,
    );
    const forged = `${forY.slice(0, -4)}AAAA`;
    await problem(await get('?customer=cus_y', { [KEY]: keys.a, [TOKEN]: forged }));
    await problem(await get('?customer=cus_x', { [KEY]: keys.a, [TOKEN]: 'cw_ct_garbage' }));

    const short = await issue('a', { customerId: 'cus_x', ttlSeconds: 60 });
    const { token, expiresAt } = (await short.json()) as { token: string; expiresAt: string };
    expect(expiresAt).toBe(new Date(clock.now().getTime() + 60_000).toISOString());
    expect((await get('?customer=cus_x', { [KEY]: keys.a, [TOKEN]: token })).status).toBe(200);
    clock.advance(61_000);
    expect(await problem(await get('?customer=cus_x', { [KEY]: keys.a, [TOKEN]: token }))).toMatch(/expired/);
  });

  it("issues tokens only for the caller's own stores, with validated input", async () => {
    const foreign = await issue('a', { customerId: 'cus_x' }, otherAuthorization);
    expect(foreign.status).toBe(404);
    const invalid = await issue('a', { customerId: '', ttlSeconds: 10, extra: true });
    expect(invalid.status).toBe(400);
    expect(
      ((await invalid.json()) as { errors: { path: string }[] }).errors.map((e) => e.path).sort(),
    ).toEqual(['', 'customerId', 'ttlSeconds']);
    const ok = await issue('a', { customerId: 'cus_x' });
    expect(await ok.json()).toMatchObject({
      object: 'onsite_token',
      storeId: storeIds.a,
      customerId: 'cus_x',
      token: expect.stringMatching(/^cw_ct_[0-9a-z]+\.[A-Za-z0-9_-]{43}$/),
    });
  });

  it('refuses requests without a valid publishable key or customer, and API keys are not publishable keys', async () => {
    const token = await tokenFor('a', 'cus_x');
    const missing = await get('?customer=cus_x', { [TOKEN]: token });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(
      (await get('?customer=cus_x', { [KEY]: 'cw_pk_0000000000000000000000000000', [TOKEN]: token })).status,
    ).toBe(401);
    const withApiKey = await built.app.request('/v1/track/messages?customer=cus_x', {
      headers: built.authorization,
    });
    expect(withApiKey.status).toBe(401);
    const noCustomer = await get('', { [KEY]: keys.a });
    expect(noCustomer.status).toBe(400);
    expect(await noCustomer.json()).toMatchObject({ errors: [{ in: 'query', path: 'customer' }] });
  });

  it('dismisses only within the key’s store and tenant and for the owner, idempotently', async () => {
    expect((await dismiss(ids.a ?? '', 'cus_x', 'b')).status).toBe(404);
    expect((await dismiss(ids.a ?? '', 'cus_x', 'other')).status).toBe(404);
    expect((await dismiss(ids.a ?? '', 'cus_y', 'a')).status).toBe(404);
    const unsigned = await built.app.request(`/v1/track/messages/${ids.a}/dismiss?customer=cus_x`, {
      method: 'POST',
      headers: { [KEY]: keys.a },
    });
    expect(unsigned.status).toBe(401);
    const first = await dismiss(ids.a ?? '', 'cus_x', 'a');
    expect(first.status).toBe(200);
    const body = await first.json();
    const dismissedAt = clock.now().toISOString();
    expect(body).toEqual({ object: 'onsite_message', id: ids.a, dismissedAt });
    clock.advance(60_000);
    expect(await (await dismiss(ids.a ?? '', 'cus_x', 'a')).json()).toEqual(body);
    const left = (await (await read('a', 'cus_x')).json()) as { data: { id: string }[] };
    expect(left.data.map((m) => m.id)).toEqual([ids.a2]);
    clock.advance(24 * 3_600_000);
    expect(((await (await read('a', 'cus_x')).json()) as { data: unknown[] }).data).toEqual([]);
  });

  it("registers and unregisters the signed-in customer's push devices, scoped to the key's store", async () => {
    const device = async (path: string, store: Store, customer: string, body: unknown, signed = true) =>
      built.app.request(`/v1/track/devices${path}?customer=${customer}`, {
        method: 'POST',
        headers: {
          [KEY]: keys[store],
          ...(signed ? { [TOKEN]: await tokenFor(store, customer) } : {}),
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    const token = 'fcm-token-0123456789';
    expect((await device('', 'a', 'cus_x', { token }, false)).status).toBe(401);
    const registered = await device('', 'a', 'cus_x', { token, platform: 'android' });
    expect(registered.status).toBe(200);
    expect(await registered.json()).toMatchObject({
      object: 'push_device',
      customerId: 'cus_x',
      platform: 'android',
    });
    expect((await device('', 'a', 'cus_x', { token: 'short' })).status).toBe(400);
    const { createPushDevices } = await import('../../providers/push-devices');
    const devices = createPushDevices({ db: database.db, now: () => clock.now() });
    expect(await devices.tokens(built.tenant.id, 'cus_x')).toEqual([token]);
    // Another customer of the store cannot take the device off cus_x's list by unregistering it.
    expect((await device('/unregister', 'a', 'cus_y', { token })).status).toBe(404);
    expect((await device('/unregister', 'b', 'cus_x', { token })).status).toBe(404);
    expect((await device('/unregister', 'a', 'cus_x', { token })).status).toBe(204);
    expect(await devices.tokens(built.tenant.id, 'cus_x')).toEqual([]);
  });
});

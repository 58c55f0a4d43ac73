import type { OutboundMessage } from '@cartwire/automation-sdk';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, manualClock } from '../../testing/test-gateway';

const KEY = 'x-cartwire-publishable-key';

describe.each(testDatabases())('storefront onsite messages on $name', ({ create }) => {
  let database: TestDatabase;
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  const clock = manualClock(new Date('2026-03-02T10:00:00Z'));
  const keys: Record<'a' | 'b' | 'other', string> = { a: '', b: '', other: '' };
  const ids: Record<string, string> = {};

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

  const get = (query: string, key?: string) =>
    built.app.request(`/v1/track/messages${query}`, {
      headers: key ? { [KEY]: key, origin: 'https://shop.example' } : {},
    });
  const dismiss = (id: string, customer: string, key: string) =>
    built.app.request(`/v1/track/messages/${id}/dismiss?customer=${customer}`, {
      method: 'POST',
      headers: { [KEY]: key },
    });

  it("lists the customer's messages of the key's store only, with open CORS", async () => {
    const response = await get('?customer=cus_x', keys.a);
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
    const otherStore = (await (await get('?customer=cus_x', keys.b)).json()) as { data: { id: string }[] };
    expect(otherStore.data.map((m) => m.id)).toEqual([ids.b]);
    const otherTenant = (await (await get('?customer=cus_x', keys.other)).json()) as {
      data: { id: string }[];
    };
    expect(otherTenant.data.map((m) => m.id)).toEqual([ids.other]);
    expect(((await (await get('?customer=cus_y', keys.a)).json()) as { data: unknown[] }).data).toEqual([]);

    const preflight = await built.app.request('/v1/track/messages', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': KEY,
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain(KEY);
  });

  it('refuses requests without a valid publishable key or customer, and API keys are not publishable keys', async () => {
    const missing = await get('?customer=cus_x');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect((await get('?customer=cus_x', 'cw_pk_0000000000000000000000000000')).status).toBe(401);
    const withApiKey = await built.app.request('/v1/track/messages?customer=cus_x', {
      headers: built.authorization,
    });
    expect(withApiKey.status).toBe(401);
    const noCustomer = await get('', keys.a);
    expect(noCustomer.status).toBe(400);
    expect(await noCustomer.json()).toMatchObject({ errors: [{ in: 'query', path: 'customer' }] });
  });

  it('dismisses only within the key’s store and tenant and for the owner, idempotently', async () => {
    expect((await dismiss(ids.a ?? '', 'cus_x', keys.b)).status).toBe(404);
    expect((await dismiss(ids.a ?? '', 'cus_x', keys.other)).status).toBe(404);
    expect((await dismiss(ids.a ?? '', 'cus_y', keys.a)).status).toBe(404);
    const first = await dismiss(ids.a ?? '', 'cus_x', keys.a);
    expect(first.status).toBe(200);
    const body = await first.json();
    expect(body).toEqual({ object: 'onsite_message', id: ids.a, dismissedAt: '2026-03-02T10:00:00.000Z' });
    clock.advance(60_000);
    expect(await (await dismiss(ids.a ?? '', 'cus_x', keys.a)).json()).toEqual(body);
    const left = (await (await get('?customer=cus_x', keys.a)).json()) as { data: { id: string }[] };
    expect(left.data.map((m) => m.id)).toEqual([ids.a2]);
    clock.advance(24 * 3_600_000);
    expect(((await (await get('?customer=cus_x', keys.a)).json()) as { data: unknown[] }).data).toEqual([]);
  });
});

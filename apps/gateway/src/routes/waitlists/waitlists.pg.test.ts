import { entityId } from '@cartwire/model';
import { sampleCustomer, type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import type { z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleVariant } from '../../../../../packages/model/src/sample-entities';
import { buildTestApp } from '../../testing/test-gateway';
import type { WaitlistSubscription } from './waitlists.routes';

type Subscription = z.infer<typeof WaitlistSubscription>;
interface Page<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}
interface LoggedEvent {
  type: string;
  entityType: string;
  entityId: string;
  data: { subscriptionId: string };
}
const body = async <T>(response: Response) => (await response.json()) as T;

describe.each(testDatabases())('variant waitlists over REST on $name', ({ create }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('subscribes idempotently, lists, unsubscribes, records waitlist.subscribed, and keeps tenants apart', async () => {
    const { call, otherTenantAuthorization, repositories, tenant } = await buildTestApp(database);
    const store = await repositories.stores.createStore({
      tenantId: tenant.id,
      platform: 'shopify',
      name: 'Boots',
      credentials: { accessToken: 'shpat_test' },
    });
    const variant = sampleVariant({
      id: entityId('variant', store.id, 'boot-42'),
      storeId: store.id,
      externalId: 'boot-42',
      productId: entityId('product', store.id, 'boot'),
      inventoryQuantity: 0,
    });
    const ada = sampleCustomer(store.id, 'ada', { email: 'ada@example.com' });
    await repositories.entities.upsertEntities('variant', [{ tenantId: tenant.id, entity: variant }]);
    await repositories.entities.upsertEntities('customer', [{ tenantId: tenant.id, entity: ada }]);
    const base = `/v1/stores/${store.id}/variants/${variant.id}/waitlist`;

    const first = await call('POST', base, { customerId: ada.id, channel: 'email' });
    expect(first.status).toBe(201);
    const created = await body<Subscription>(first);
    expect(created).toMatchObject({
      object: 'waitlist_subscription',
      variantId: variant.id,
      productId: variant.productId,
      customerId: ada.id,
      email: 'ada@example.com',
      channel: 'email',
      status: 'active',
    });
    const again = await call('POST', base, { customerId: ada.id });
    expect(again.status).toBe(200);
    expect((await body<Subscription>(again)).id).toBe(created.id);
    const guest = await call('POST', base, { email: 'Guest@Example.com' });
    expect(guest.status).toBe(201);
    // The same guest in other letter case is the same subscriber.
    expect((await call('POST', base, { email: 'guest@example.com' })).status).toBe(200);

    // One event per new subscription, not per call.
    const events = await body<Page<LoggedEvent>>(await call('GET', '/v1/events?types=waitlist.subscribed'));
    expect(events.data.map((e) => e.data.subscriptionId).sort()).toEqual(
      [created.id, (await body<Subscription>(guest)).id].sort(),
    );
    expect(events.data[0]).toMatchObject({
      type: 'waitlist.subscribed',
      entityType: 'variant',
      entityId: variant.id,
    });

    const page1 = await body<Page<Subscription>>(await call('GET', `${base}?limit=1`));
    expect(page1).toMatchObject({ object: 'list', has_more: true });
    expect(page1.data.map((s) => s.id)).toEqual([created.id]);
    const page2 = await body<Page<Subscription>>(
      await call('GET', `${base}?limit=1&cursor=${page1.next_cursor}`),
    );
    expect(page2).toMatchObject({ has_more: false, next_cursor: null });
    expect(page2.data.map((s) => s.email)).toEqual(['Guest@Example.com']);

    // Bad input: no subscriber, a customer from nowhere, an unknown variant, a forged cursor.
    const empty = await call('POST', base, {});
    expect(empty.status).toBe(400);
    expect(empty.headers.get('content-type')).toContain('application/problem+json');
    const stranger = await call('POST', base, { customerId: entityId('customer', store.id, 'nobody') });
    expect(stranger.status).toBe(400);
    expect((await body<{ errors: unknown[] }>(stranger)).errors).toEqual([
      expect.objectContaining({ path: 'customerId' }),
    ]);
    const unknown = await call('POST', `/v1/stores/${store.id}/variants/var_00000000000000000000/waitlist`, {
      email: 'x@example.com',
    });
    expect(unknown.status).toBe(404);
    expect((await body<{ type: string }>(unknown)).type).toMatch(/not_found$/);
    expect((await call('GET', `${base}?cursor=bm9wZQ`)).status).toBe(400);

    // Another tenant sees none of it: the variant, the list and the subscription are 404 to them.
    const theirs = await otherTenantAuthorization();
    expect((await call('GET', base, undefined, theirs)).status).toBe(404);
    expect((await call('POST', base, { email: 'y@example.com' }, theirs)).status).toBe(404);
    expect((await call('DELETE', `${base}/${created.id}`, undefined, theirs)).status).toBe(404);

    expect((await call('DELETE', `${base}/${created.id}`)).status).toBe(204);
    expect((await call('DELETE', `${base}/${created.id}`)).status).toBe(404);
    const rest = await body<Page<Subscription>>(await call('GET', base));
    expect(rest.data.map((s) => s.email)).toEqual(['Guest@Example.com']);
  });
});

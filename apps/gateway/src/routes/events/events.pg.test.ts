import { ID_PREFIX, newId } from '@cartwire/model';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../testing/test-gateway';
import { minute, sampleCustomer, sampleOrder } from '../shared/sample-records';

interface EventList {
  data: { id: string; type: string; storeId: string }[];
  has_more: boolean;
  next_cursor: string | null;
}

describe.each(testDatabases())('/v1/events on $name', ({ create }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database?.close();
  });

  async function withEvents() {
    const built = await buildTestApp(database);
    const store = await built.repositories.stores.createStore({
      tenantId: built.tenant.id,
      platform: 'woocommerce',
      name: 'S',
      credentials: {},
    });
    const envelope = (at: number) => ({
      id: newId(ID_PREFIX.event),
      tenantId: built.tenant.id,
      storeId: store.id,
      occurredAt: minute(at),
      receivedAt: minute(at),
      source: 'poll' as const,
    });
    const order = sampleOrder(store.id, '1');
    const customer = sampleCustomer(store.id, '1');
    const events = [
      { ...envelope(1), type: 'order.created', entityType: 'order', entityId: order.id, data: order },
      {
        ...envelope(2),
        type: 'customer.created',
        entityType: 'customer',
        entityId: customer.id,
        data: customer,
      },
      { ...envelope(3), type: 'order.paid', entityType: 'order', entityId: order.id, data: order },
    ];
    await built.repositories.events.appendEvents(events);
    return { ...built, store, events };
  }

  it('reads the log in order, page by page, and resumes after the last cursor', async () => {
    const { app, authorization, events, repositories, store, tenant } = await withEvents();
    const first = (await (
      await app.request('/v1/events?limit=2', { headers: authorization })
    ).json()) as EventList;
    expect(first.data.map((e) => e.type)).toEqual(['order.created', 'customer.created']);
    expect(first.has_more).toBe(true);
    const second = (await (
      await app.request(`/v1/events?limit=2&after=${first.next_cursor}`, { headers: authorization })
    ).json()) as EventList;
    expect(second.data.map((e) => e.id)).toEqual([events[2]?.id]);
    expect(second.has_more).toBe(false);
    // Polling with the last cursor returns only what was appended since.
    const later = sampleOrder(store.id, '2');
    await repositories.events.appendEvents([
      {
        id: newId(ID_PREFIX.event),
        tenantId: tenant.id,
        storeId: store.id,
        occurredAt: minute(9),
        receivedAt: minute(9),
        source: 'poll',
        type: 'order.created',
        entityType: 'order',
        entityId: later.id,
        data: later,
      },
    ]);
    const polled = (await (
      await app.request(`/v1/events?after=${second.next_cursor}`, { headers: authorization })
    ).json()) as EventList;
    expect(polled.data.map((e) => e.type)).toEqual(['order.created']);
  });

  it('filters by type with wildcards and by store, and gets one event', async () => {
    const { app, authorization, events, store } = await withEvents();
    const list = async (query: string) =>
      (
        (await (await app.request(`/v1/events?${query}`, { headers: authorization })).json()) as EventList
      ).data.map((e) => e.type);
    expect(await list('type=order.*')).toEqual(['order.created', 'order.paid']);
    expect(await list('type=customer.created,order.paid')).toEqual(['customer.created', 'order.paid']);
    expect(await list(`store_id=${store.id}&type=*`)).toHaveLength(3);
    const one = await app.request(`/v1/events/${events[1]?.id}`, { headers: authorization });
    expect(await one.json()).toMatchObject({ id: events[1]?.id, type: 'customer.created' });
  });

  it('refuses unknown types and foreign cursors with 400, other tenants with 404, no key with 401', async () => {
    const { app, authorization, events } = await withEvents();
    const badType = await app.request('/v1/events?type=order.exploded', { headers: authorization });
    expect(badType.status).toBe(400);
    expect(await badType.json()).toMatchObject({ errors: [{ in: 'query', path: 'type.0' }] });
    expect((await app.request('/v1/events?after=xyz', { headers: authorization })).status).toBe(400);
    const other = await buildTestApp(database);
    const theirs = await other.app.request(`/v1/events/${events[0]?.id}`, { headers: other.authorization });
    expect(theirs.status).toBe(404);
    const theirList = (await (
      await other.app.request('/v1/events', { headers: other.authorization })
    ).json()) as EventList;
    expect(theirList.data).toEqual([]);
    expect((await app.request('/v1/events')).status).toBe(401);
  });
});

import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../testing/test-gateway';
import { minute, sampleCustomer, sampleOrder } from '../shared/sample-records';

describe.each(testDatabases())('/v1/segments on $name', ({ create }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database?.close();
  });

  async function seeded() {
    const built = await buildTestApp(database);
    const tenantId = built.tenant.id;
    const store = await built.repositories.stores.createStore({
      tenantId,
      platform: 'woocommerce',
      name: 'Segments store',
      credentials: {},
    });
    const customers = [1, 2, 3].map((n) =>
      sampleCustomer(store.id, `c${n}`, { email: `c${n}@example.com`, tags: n === 1 ? ['vip'] : [] }),
    );
    await built.repositories.entities.upsertEntities(
      'customer',
      customers.map((entity) => ({ tenantId, entity })),
    );
    // c1: two orders of 10 EUR; c2: one; c3: none.
    const orders = [0, 0, 1].map((owner, i) =>
      sampleOrder(store.id, `o${i}`, {
        customerId: customers[owner]?.id ?? null,
        createdAt: minute(i),
        updatedAt: minute(i),
        processedAt: minute(i),
      }),
    );
    await built.repositories.entities.upsertEntities(
      'order',
      orders.map((entity) => ({ tenantId, entity })),
    );
    return {
      ...built,
      store,
      customers: customers.map((c) => c.id) as [string, string, string],
      otherAuth: await built.otherTenantAuthorization(),
    };
  }

  it("answers a customer's metrics, computing them on first read, and 404 across tenants", async () => {
    const { call, customers, otherAuth } = await seeded();
    const response = await call('GET', `/v1/customers/${customers[0]}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      object: 'customer_metrics',
      customerId: customers[0],
      ordersCount: 2,
      totalSpent: { amount: '20.00', currency: 'EUR' },
      averageOrderValue: { amount: '10.00', currency: 'EUR' },
      firstOrderAt: minute(0),
      lastOrderAt: minute(1),
      refundRate: '0',
      marginContributed: null,
    });
    expect((await call('GET', `/v1/customers/${customers[0]}/metrics`, undefined, otherAuth)).status).toBe(
      404,
    );
    expect((await call('GET', '/v1/customers/cus_unknown0000000000000000/metrics')).status).toBe(404);
  });

  it('lists every problem of an invalid rule as problem+json', async () => {
    const { call } = await seeded();
    const response = await call('POST', '/v1/segments', {
      name: 'Broken',
      rule: {
        all: [
          { field: 'metrics.favouriteColour', op: 'eq', value: 'red' },
          { event: { type: 'cart.abandoned', where: [{ path: 'total.price', op: 'gt', value: 100 }] } },
          { field: 'metrics.totalSpent', op: 'gt', value: 'lots' },
        ],
      },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const body = (await response.json()) as {
      code: string;
      problems: { code: string }[];
      errors: { path: string }[];
    };
    expect(body.code).toBe('validation_failed');
    expect(body.problems.map((p) => p.code)).toEqual([
      'unknown_field',
      'unknown_event_path',
      'invalid_value',
    ]);
    expect(body.errors.map((e) => e.path)).toEqual([
      'rule.all.0.field',
      'rule.all.1.event.where.0.path',
      'rule.all.2.value',
    ]);
    expect((await call('GET', '/v1/segments')).status).toBe(200);
    expect(((await (await call('GET', '/v1/segments')).json()) as { data: unknown[] }).data).toEqual([]);
  });

  it('creates, previews, pages members, updates with re-materialization, deletes, and keeps tenants apart', async () => {
    const { call, customers, otherAuth, authorization } = await seeded();
    // Metrics come from the refresher in a running gateway; reading them computes them as well.
    for (const id of customers) expect((await call('GET', `/v1/customers/${id}/metrics`)).status).toBe(200);

    const rule = { field: 'metrics.ordersCount', op: 'gte', value: 1 };
    const preview = await call('POST', '/v1/segments/preview', { rule, sampleSize: 1 });
    expect(preview.status).toBe(200);
    const previewed = (await preview.json()) as { count: number; sample: { customerId: string }[] };
    expect(previewed.count).toBe(2);
    expect(previewed.sample).toHaveLength(1);

    const headers = { ...authorization, 'idempotency-key': 'create-buyers' };
    const created = await call('POST', '/v1/segments', { name: 'Buyers', rule }, headers);
    expect(created.status).toBe(201);
    const segment = (await created.json()) as {
      id: string;
      version: number;
      memberCount: number;
      materialization: unknown;
    };
    expect(segment).toMatchObject({
      version: 1,
      memberCount: 2,
      materialization: { entered: 2, exited: 0, members: 2 },
    });
    const replayed = await call('POST', '/v1/segments', { name: 'Buyers', rule }, headers);
    expect(((await replayed.json()) as { id: string }).id).toBe(segment.id);

    const first = (await (await call('GET', `/v1/segments/${segment.id}/members?limit=1`)).json()) as {
      data: { customerId: string }[];
      has_more: boolean;
      next_cursor: string;
    };
    expect(first.has_more).toBe(true);
    const second = (await (
      await call('GET', `/v1/segments/${segment.id}/members?limit=1&cursor=${first.next_cursor}`)
    ).json()) as { data: { customerId: string }[]; next_cursor: string | null };
    expect(second.next_cursor).toBeNull();
    expect([...first.data, ...second.data].map((m) => m.customerId).sort()).toEqual(
      [customers[0], customers[1]].sort(),
    );
    expect((await call('GET', `/v1/segments/${segment.id}/members?cursor=bogus`)).status).toBe(400);

    const mine = (await (await call('GET', `/v1/customers/${customers[0]}/segments`)).json()) as {
      data: { segment: { id: string } }[];
    };
    expect(mine.data.map((s) => s.segment.id)).toEqual([segment.id]);

    const updated = await call('PATCH', `/v1/segments/${segment.id}`, {
      rule: { field: 'customer.tags', op: 'contains', value: 'vip' },
    });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({
      version: 2,
      memberCount: 1,
      materialization: { entered: 0, exited: 1, members: 1 },
    });
    const renamed = await call('PATCH', `/v1/segments/${segment.id}`, { name: 'VIP' });
    expect(await renamed.json()).toMatchObject({ name: 'VIP', version: 2, materialization: null });
    expect(
      ((await (await call('GET', `/v1/customers/${customers[1]}/segments`)).json()) as { data: unknown[] })
        .data,
    ).toEqual([]);

    for (const [method, path] of [
      ['GET', `/v1/segments/${segment.id}`],
      ['GET', `/v1/segments/${segment.id}/members`],
      ['PATCH', `/v1/segments/${segment.id}`],
      ['DELETE', `/v1/segments/${segment.id}`],
      ['GET', `/v1/customers/${customers[0]}/segments`],
    ] as const) {
      const response = await call(method, path, method === 'PATCH' ? { name: 'x' } : undefined, otherAuth);
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    expect(
      ((await (await call('GET', '/v1/segments', undefined, otherAuth)).json()) as { data: unknown[] }).data,
    ).toEqual([]);

    expect((await call('DELETE', `/v1/segments/${segment.id}`)).status).toBe(204);
    expect((await call('GET', `/v1/segments/${segment.id}`)).status).toBe(404);
  });
});

import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { minute, sampleCustomer, sampleOrder } from '../routes/shared/sample-records';
import { buildTestApp } from '../testing/test-gateway';

describe.each(testDatabases())('/graphql on $name', ({ create }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database?.close();
  });

  async function seeded() {
    const built = await buildTestApp(database);
    const store = await built.repositories.stores.createStore({
      tenantId: built.tenant.id,
      platform: 'woocommerce',
      name: 'GraphQL store',
      credentials: {},
    });
    const customers = [1, 2, 3].map((n) => sampleCustomer(store.id, `c${n}`, { email: `c${n}@example.com` }));
    await built.repositories.entities.upsertEntities(
      'customer',
      customers.map((entity) => ({ tenantId: built.tenant.id, entity })),
    );
    const orders = Array.from({ length: 6 }, (_, i) =>
      sampleOrder(store.id, `o${i}`, {
        customerId: customers[i % 3]?.id ?? null,
        createdAt: minute(i),
        updatedAt: minute(i),
      }),
    );
    await built.repositories.entities.upsertEntities(
      'order',
      orders.map((entity) => ({ tenantId: built.tenant.id, entity })),
    );
    const query = async (
      source: string,
      variables: Record<string, unknown> = {},
      headers = built.authorization,
    ) => {
      const response = await built.app.request('/graphql', {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ query: source, variables }),
      });
      return {
        status: response.status,
        body: (await response.json()) as { data: unknown; errors?: unknown[] },
      };
    };
    return { ...built, store, customers, orders, query };
  }

  it('resolves order → customer → orders with one batched query per level', async () => {
    const { query, repositories } = await seeded();
    const byIds = vi.spyOn(repositories.entityListing, 'getByIds');
    const whereIn = vi.spyOn(repositories.entityListing, 'listWhereIn');
    const { status, body } = await query(`{
      orders(first: 6) { nodes { name customer { email orders { name } } } }
    }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const nodes = (
      body.data as {
        orders: { nodes: { name: string; customer: { email: string; orders: { name: string }[] } }[] };
      }
    ).orders.nodes;
    expect(nodes.map((n) => n.name)).toEqual(['#o5', '#o4', '#o3', '#o2', '#o1', '#o0']);
    expect(nodes[0]?.customer).toEqual({
      email: 'c3@example.com',
      orders: [{ name: '#o5' }, { name: '#o2' }],
    });
    expect(byIds).toHaveBeenCalledTimes(1);
    expect(whereIn).toHaveBeenCalledTimes(1);
  });

  it('pages connections with pageInfo.endCursor', async () => {
    const { query } = await seeded();
    const page = `query($after: String) { orders(first: 4, after: $after) { nodes { name } pageInfo { hasNextPage endCursor } } }`;
    const first = (await query(page)).body.data as {
      orders: { nodes: { name: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    };
    expect(first.orders.pageInfo.hasNextPage).toBe(true);
    const second = (await query(page, { after: first.orders.pageInfo.endCursor })).body.data as typeof first;
    expect([...first.orders.nodes, ...second.orders.nodes].map((n) => n.name)).toEqual([
      '#o5',
      '#o4',
      '#o3',
      '#o2',
      '#o1',
      '#o0',
    ]);
    expect(second.orders.pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });

  it('scopes every field to the caller’s tenant and refuses requests without a key', async () => {
    const mine = await seeded();
    const theirs = await seeded();
    const { body } = await mine.query(`query($id: ID!) { order(id: $id) { name } stores { id } }`, {
      id: theirs.orders[0]?.id,
    });
    expect(body.data).toEqual({ order: null, stores: [{ id: mine.store.id }] });
    const anonymous = await mine.app.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ stores { id } }' }),
    });
    expect(anonymous.status).toBe(401);
  });

  it('reports invalid queries and API errors with stable codes', async () => {
    const { query } = await seeded();
    const invalid = await query('{ orders { nope } }');
    expect(invalid.status).toBe(400);
    const badCursor = await query('{ orders(after: "not-ours") { nodes { id } } }');
    expect(badCursor.body.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'validation_failed' }) }),
    ]);
  });
});

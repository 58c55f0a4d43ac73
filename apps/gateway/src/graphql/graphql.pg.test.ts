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

  async function seeded(options: { graphiql?: boolean; orders?: number } = {}) {
    const built = await buildTestApp(database, { graphiql: options.graphiql ?? false });
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
    const orders = Array.from({ length: options.orders ?? 6 }, (_, i) =>
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

  it('reads a page of orders, their customers and the customers’ orders in three statements whatever the page size', async () => {
    const { query, repositories } = await seeded({ orders: 60 });
    const reads = (['listPage', 'count', 'getByIds', 'listWhereIn'] as const).map((method) =>
      vi.spyOn(repositories.entityListing, method),
    );
    const { status, body } = await query(`{
      orders(first: 60) { nodes { name customer { email orders(first: 100) { name customer { email } } } } }
    }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const nodes = (body.data as { orders: { nodes: { customer: { orders: unknown[] } }[] } }).orders.nodes;
    expect(nodes).toHaveLength(60);
    expect(nodes.every((node) => node.customer.orders.length === 20)).toBe(true);
    // One list page, one batch of customers (3 of them, asked for 60 times), one batch of their orders;
    // the customers of those 60 orders come from the loader's cache.
    expect(reads.map((spy) => spy.mock.calls.length)).toEqual([1, 0, 1, 1]);
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
    const { app, authorization, query } = await seeded();
    // GraphQL over HTTP: a GraphQL response media type gets 400 for a document that does not validate, while
    // the legacy application/json answer stays 200 with errors and no data.
    const strict = await app.request('/graphql', {
      method: 'POST',
      headers: {
        ...authorization,
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
      },
      body: JSON.stringify({ query: '{ orders { nope } }' }),
    });
    expect(strict.status).toBe(400);
    expect(await strict.json()).toEqual({
      errors: [expect.objectContaining({ message: expect.stringContaining('Cannot query field "nope"') })],
    });
    const invalid = await query('{ orders { nope } }');
    expect(invalid.status).toBe(200);
    expect(invalid.body.data).toBeUndefined();
    expect(invalid.body.errors).toHaveLength(1);
    const badCursor = await query('{ orders(after: "not-ours") { nodes { id } } }');
    expect(badCursor.body.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'validation_failed' }) }),
    ]);
  });

  it('masks unexpected failures without a stack trace and logs them', async () => {
    const { query, repositories, logLines } = await seeded();
    vi.spyOn(repositories.entityListing, 'listPage').mockRejectedValueOnce(
      new Error('connection to 10.0.0.7 refused: password authentication failed'),
    );
    const { status, body } = await query('{ orders { nodes { id } } }');
    expect(status).toBe(200);
    expect(body).toEqual({
      data: { orders: null },
      errors: [
        {
          message: 'Unexpected error.',
          path: ['orders'],
          locations: [{ line: 1, column: 3 }],
          extensions: { code: 'internal_error' },
        },
      ],
    });
    expect(logLines).toContainEqual(
      expect.objectContaining({
        msg: 'graphql request failed',
        err: expect.objectContaining({ message: expect.stringContaining('10.0.0.7') }),
      }),
    );
  });

  it('answers introspection and queries sent with GET', async () => {
    const { app, authorization, query } = await seeded();
    const introspected = await query(
      '{ __schema { queryType { name } } __type(name: "Order") { fields { name } } }',
    );
    expect(introspected.body.data).toMatchObject({
      __schema: { queryType: { name: 'Query' } },
      __type: { fields: expect.arrayContaining([{ name: 'customer' }, { name: 'lineItems' }]) },
    });
    const get = await app.request(`/graphql?query=${encodeURIComponent('{ stores { name } }')}`, {
      headers: authorization,
    });
    expect(get.status).toBe(200);
    expect(get.headers.get('cartwire-request-id')).toMatch(/^req_/);
    expect(await get.json()).toEqual({ data: { stores: [{ name: 'GraphQL store' }] } });
  });

  it('applies the request body limit before GraphQL reads the body', async () => {
    const { app, authorization } = await seeded();
    const response = await app.request('/graphql', {
      method: 'POST',
      headers: { ...authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ stores { id } } # ${'x'.repeat(1024 * 1024)}` }),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ code: 'payload_too_large' });
  });

  it('serves GraphiQL to a browser in development, from this server only', async () => {
    const { app } = await seeded({ graphiql: true });
    const page = await app.request('/graphql', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+';/);
    expect(csp).toContain("connect-src 'self'");
    const html = await page.text();
    expect(html).toContain('YogaGraphiQL.renderYogaGraphiQL');
    // Nothing loaded from elsewhere: no script, stylesheet or worker URL off this origin.
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']?https?:/);
    expect(html).not.toContain('unpkg.com');
    // Queries still need a key.
    const anonymous = await app.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ stores { id } }' }),
    });
    expect(anonymous.status).toBe(401);
  });

  it('serves no GraphiQL outside development', async () => {
    const { app, authorization } = await seeded({ graphiql: false });
    const anonymous = await app.request('/graphql', { headers: { accept: 'text/html' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    const withKey = await app.request('/graphql', { headers: { ...authorization, accept: 'text/html' } });
    expect(withKey.headers.get('content-type') ?? '').not.toContain('text/html');
    expect(await withKey.text()).not.toContain('GraphiQL');
  });
});

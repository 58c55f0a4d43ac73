import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTestEmulator, keyPaths } from './test-store';

const throttledFixture = JSON.parse(
  readFileSync(new URL('./fixtures/graphql-throttled.response.json', import.meta.url), 'utf8'),
);

// requested = 2 + 150 × (node 1 + lineItems connection 2 + 5 × line node 1) = 1202 > 1000
const TOO_EXPENSIVE = '{ orders(first: 150) { nodes { id lineItems(first: 5) { nodes { id } } } } }';
// requested = 2 + 100 × 1 = 102, but the test store holds far fewer orders
const HUNDRED_ORDERS = '{ orders(first: 100) { nodes { id } } }';

describe('Shopify GraphQL cost and throttling', () => {
  it('computes the requested cost from the query and refunds requested − actual', async () => {
    const { graphql, store } = createTestEmulator();
    const reply = await graphql(HUNDRED_ORDERS);
    const orderCount = store.listOrders().length;
    expect(orderCount).toBeLessThan(100);
    expect(reply.json.extensions?.cost).toEqual({
      requestedQueryCost: 102,
      actualQueryCost: 2 + orderCount,
      throttleStatus: {
        maximumAvailable: 2000,
        currentlyAvailable: 2000 - (2 + orderCount),
        restoreRate: 100,
      },
    });
    // Shopify writes the bucket size and restore rate as floats.
    expect(reply.text).toContain('"maximumAvailable":2000.0');
    expect(reply.text).toContain('"restoreRate":100.0');
  });

  it('drains the bucket, answers THROTTLED in HTTP 200 without data, and restores with time', async () => {
    const { graphql, clock } = createTestEmulator({ plan: { bucketSize: 300, restoreRate: 50 } });
    // Each run reserves 202 points and keeps only the ~30 it used, so the bucket drains in steps.
    const query = '{ orders(first: 200) { nodes { id } } }';
    let left = 300;
    let runs = 0;
    while (left >= 202) {
      const reply = await graphql(query);
      expect(reply.json.errors).toBeUndefined();
      const cost = reply.json.extensions?.cost;
      expect(cost?.requestedQueryCost).toBe(202);
      expect(cost?.throttleStatus.currentlyAvailable).toBe(left - (cost?.actualQueryCost ?? 0));
      left = cost?.throttleStatus.currentlyAvailable ?? 0;
      runs += 1;
    }
    expect(runs).toBeGreaterThan(1);

    const throttled = await graphql(query);
    expect(throttled.status).toBe(200);
    expect(throttled.json.data).toBeUndefined();
    expect(throttled.json.errors).toEqual(throttledFixture.errors);
    expect(keyPaths(throttled.json)).toEqual(keyPaths(throttledFixture));
    expect(throttled.json.extensions?.cost).toEqual({
      requestedQueryCost: 202,
      actualQueryCost: null,
      throttleStatus: { maximumAvailable: 300, currentlyAvailable: left, restoreRate: 50 },
    });

    // (202 − left) / 50 points per second later the query fits again.
    clock.advance(Math.ceil(((202 - left) / 50) * 1000) - 100);
    expect((await graphql(query)).json.errors?.[0]?.extensions?.code).toBe('THROTTLED');
    clock.advance(100);
    const restored = await graphql(query);
    expect(restored.json.errors).toBeUndefined();
    expect(restored.json.data).toBeTruthy();
  });

  it('refuses a query over 1000 points before execution and without charging', async () => {
    const { graphql } = createTestEmulator();
    const reply = await graphql(TOO_EXPENSIVE);
    expect(reply.status).toBe(200);
    expect(reply.json.data).toBeUndefined();
    expect(reply.json.errors?.[0]?.message).toMatch(
      /^Query cost is 1202, which exceeds the single query max cost limit \(1000\)\./,
    );
    expect(reply.json.errors?.[0]?.extensions?.code).toBe('MAX_COST_EXCEEDED');
    expect(reply.json.extensions?.cost.throttleStatus.currentlyAvailable).toBe(2000);
  });

  it('counts connection variables, fragments and mutations as Shopify does', async () => {
    const { graphql } = createTestEmulator();
    const withVariables = await graphql(
      'query Page($n: Int!) { products(first: $n) { edges { node { ...P } } } } fragment P on Product { id variants(first: 3) { nodes { id } } }',
      { n: 4 },
    );
    // 2 + 4 × (1 + 2 + 3 × 1)
    expect(withVariables.json.extensions?.cost.requestedQueryCost).toBe(26);
    const mutation = await graphql(
      'mutation { bulkOperationRunQuery(query: "{ products { edges { node { id } } } }") { bulkOperation { id } userErrors { message } } }',
    );
    expect(mutation.json.extensions?.cost).toMatchObject({ requestedQueryCost: 10, actualQueryCost: 10 });
  });

  it('rejects first or last above 250 and a connection without either', async () => {
    const { graphql } = createTestEmulator();
    const tooMany = await graphql('{ products(first: 251) { nodes { id } } }');
    expect(tooMany.json.errors?.[0]).toMatchObject({
      message: expect.stringContaining('maximum of 250'),
      extensions: { code: 'MAX_PAGE_SIZE_EXCEEDED' },
    });
    const unbounded = await graphql('{ products { nodes { id } } }');
    expect(unbounded.json.errors?.[0]?.message).toBe('you must provide one of first or last');
  });
});

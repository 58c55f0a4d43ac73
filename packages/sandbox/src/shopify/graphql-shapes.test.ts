import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gid, inventoryLevelGid } from './gid';
import { INVENTORY_QUANTITY_NAMES } from './render-catalog';
import { createTestEmulator, keyPaths, pathOf } from './test-store';

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}

function expectFixtureKeys(actual: unknown, name: string): void {
  const missing = [...keyPaths(fixture(name))].filter((path) => !keyPaths(actual).has(path));
  expect(missing).toEqual([]);
}

const DECIMAL = /^-?\d+\.(0|\d*[1-9])$/;

describe('GraphQL shapes match the Shopify fixtures', () => {
  it('orders with details: MoneyBags, statuses, line items with deleted products', async () => {
    const { graphql, ids } = createTestEmulator();
    const reply = await graphql(`{
      orders(first: 5) { edges { node {
        id name createdAt displayFinancialStatus displayFulfillmentStatus email
        totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
        subtotalPriceSet { shopMoney { amount currencyCode } }
        shippingAddress { address1 city countryCodeV2 }
        lineItems(first: 5) { edges { node { name quantity sku variant { id title } product { id } } } }
      } } }
    }`);
    expect(reply.json.errors).toBeUndefined();
    expectFixtureKeys(reply.json.data, 'graphql-orders.details.data.json');
    const edges = pathOf(reply.json.data, 'orders.edges') as { node: unknown }[];
    for (const { node } of edges) {
      expect(pathOf(node, 'id')).toMatch(/^gid:\/\/shopify\/Order\/\d+$/);
      expect(pathOf(node, 'name')).toMatch(/^#\d+$/);
      expect(pathOf(node, 'createdAt')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(pathOf(node, 'totalPriceSet.shopMoney.amount')).toMatch(DECIMAL);
    }
    const withDeleted = edges.find(
      ({ node }) => pathOf(node, 'id') === gid('Order', ids.deletedProductOrder),
    );
    expect(pathOf(withDeleted, 'node.lineItems.edges.0.node')).toMatchObject({
      sku: 'limited',
      variant: null,
      product: null,
    });
  });

  it('full order detail: refunds, fulfillments with tracking, presentment money, discounts', async () => {
    const { graphql, ids } = createTestEmulator();
    const detail = `
      displayFinancialStatus displayFulfillmentStatus cancelledAt closedAt processedAt sourceName tags note discountCodes
      totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
      totalRefundedSet { shopMoney { amount } }
      customer { id email numberOfOrders amountSpent { amount currencyCode } }
      refunds { id createdAt totalRefundedSet { shopMoney { amount } } refundLineItems(first: 5) { nodes { quantity lineItem { sku } subtotalSet { shopMoney { amount } } } } }
      fulfillments { status displayStatus deliveredAt trackingInfo { company number url } }`;
    const reply = await graphql(
      `query($a: ID!, $b: ID!, $c: ID!, $d: ID!, $e: ID!) {
        refunded: order(id: $a) { ${detail} } fulfilled: order(id: $b) { ${detail} }
        eur: order(id: $c) { ${detail} } cancelled: order(id: $d) { ${detail} } guest: order(id: $e) { ${detail} }
      }`,
      {
        a: gid('Order', ids.refundedOrder),
        b: gid('Order', ids.fulfilledOrder),
        c: gid('Order', ids.eurOrder),
        d: gid('Order', ids.cancelledOrder),
        e: gid('Order', ids.guestOrder),
      },
    );
    expect(reply.json.errors).toBeUndefined();
    const data = reply.json.data;
    expect(pathOf(data, 'refunded')).toMatchObject({
      displayFinancialStatus: 'PARTIALLY_REFUNDED',
      discountCodes: ['TENOFF'],
      refunds: [{ refundLineItems: { nodes: [{ quantity: 1, lineItem: { sku: 'draft-151' } }] } }],
    });
    expect(pathOf(data, 'fulfilled')).toMatchObject({
      displayFulfillmentStatus: 'FULFILLED',
      fulfillments: [
        {
          status: 'SUCCESS',
          displayStatus: 'DELIVERED',
          trackingInfo: [{ company: 'USPS', number: '1Z1234512345123456' }],
        },
      ],
    });
    expect(pathOf(data, 'eur.totalPriceSet')).toEqual({
      shopMoney: { amount: '200.0', currencyCode: 'USD' },
      presentmentMoney: { amount: '180.0', currencyCode: 'EUR' },
    });
    expect(pathOf(data, 'cancelled.cancelledAt')).toMatch(/Z$/);
    expect(pathOf(data, 'guest.customer')).toBeNull();
  });

  it('cursor pagination envelope and the updated_at filter shape', async () => {
    const { graphql } = createTestEmulator();
    const paginated = await graphql(
      '{ orders(first: 10) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }',
    );
    expect(keyPaths(paginated.json.data)).toEqual(keyPaths(fixture('graphql-orders.paginated.data.json')));
    const cursor = String(pathOf(paginated.json.data, 'orders.pageInfo.endCursor'));
    expect(Object.keys(JSON.parse(Buffer.from(cursor, 'base64').toString()))).toEqual([
      'last_id',
      'last_value',
    ]);
    const updated = await graphql(
      '{ orders(first: 10, query: "updated_at:>2019-12-01") { edges { node { id updatedAt } } } }',
    );
    expect(keyPaths(updated.json.data)).toEqual(keyPaths(fixture('graphql-orders.updated-after.data.json')));
  });

  it('abandoned checkouts, customers, inventory items and levels', async () => {
    const { graphql, ids } = createTestEmulator();
    const checkouts = await graphql(`{ abandonedCheckouts(first: 1) { nodes {
      abandonedCheckoutUrl billingAddress { country } completedAt createdAt
      customer { firstName lastName email } id shippingAddress { country } updatedAt } } }`);
    expect(keyPaths(checkouts.json.data)).toEqual(keyPaths(fixture('graphql-abandoned-checkouts.data.json')));
    expect(pathOf(checkouts.json.data, 'abandonedCheckouts.nodes.0.abandonedCheckoutUrl')).toMatch(
      /^https:\/\/emulator-test\.myshopify\.com\/\d+\/checkouts\/ac\/[0-9a-f]+\/recover\?key=/,
    );

    const customer = await graphql(
      'query($id: ID!) { customer(id: $id) { id amountSpent { amount currencyCode } } }',
      {
        id: gid('Customer', ids.customer),
      },
    );
    expect(keyPaths(customer.json.data)).toEqual(
      keyPaths(fixture('graphql-customer-by-identifier.data.json')),
    );
    expect(pathOf(customer.json.data, 'customer.amountSpent.amount')).toMatch(DECIMAL);

    const items = await graphql('{ inventoryItems(first: 2) { edges { node { id tracked sku } } } }');
    expect(keyPaths(items.json.data)).toEqual(keyPaths(fixture('graphql-inventory-items.data.json')));

    const levelId = inventoryLevelGid(ids.location, ids.variant);
    const level = await graphql(
      'query($id: ID!, $names: [String!]!) { inventoryLevel(id: $id) { id quantities(names: $names) { name quantity } item { id sku } location { id name } } }',
      { id: levelId, names: INVENTORY_QUANTITY_NAMES },
    );
    const levelFixture = fixture('graphql-inventory-level.data.json');
    expect(keyPaths(level.json.data)).toEqual(keyPaths(levelFixture));
    expect(pathOf(level.json.data, 'inventoryLevel.id')).toBe(levelId);
    const names = (value: unknown) =>
      (pathOf(value, 'inventoryLevel.quantities') as { name: string }[]).map((q) => q.name);
    expect(names(level.json.data).sort()).toEqual(names(levelFixture).sort());
  });

  it('the full response envelope of bulkOperationRunQuery', async () => {
    const { graphql } = createTestEmulator();
    const reply = await graphql(
      'mutation { bulkOperationRunQuery(query: "{ products { edges { node { id } } } }") { bulkOperation { id status } userErrors { field message } } }',
    );
    const envelope = fixture('graphql-success-envelope.bulk-operation-run-query.response.json');
    expect(keyPaths(reply.json)).toEqual(keyPaths(envelope));
    expect(pathOf(reply.json.data, 'bulkOperationRunQuery.bulkOperation')).toMatchObject({
      id: expect.stringMatching(/^gid:\/\/shopify\/BulkOperation\/\d+$/),
      status: 'CREATED',
    });
    expect(reply.json.extensions?.cost).toEqual({
      requestedQueryCost: 10,
      actualQueryCost: 10,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1990, restoreRate: 100 },
    });
  });

  it('resolves node and nodes by gid, null for unknown ids', async () => {
    const { graphql, ids } = createTestEmulator();
    const reply = await graphql(
      'query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } node(id: "gid://shopify/Order/1") { id } }',
      {
        ids: [
          gid('Order', ids.refundedOrder),
          gid('Customer', ids.customer),
          gid('ProductVariant', ids.variant),
        ],
      },
    );
    expect(reply.json.data).toEqual({
      nodes: [
        { __typename: 'Order', id: gid('Order', ids.refundedOrder) },
        { __typename: 'Customer', id: gid('Customer', ids.customer) },
        { __typename: 'ProductVariant', id: gid('ProductVariant', ids.variant) },
      ],
      node: null,
    });
  });
});

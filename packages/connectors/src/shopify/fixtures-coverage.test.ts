import { describe, expect, it } from 'vitest';
import { fixtureNames } from './test-fixtures/read-fixture';

/** Which test reads each Shopify fixture; a new fixture fails this test until it is covered. */
const COVERED_BY: Record<string, string> = {
  'bulk-operation-result.products-variants.jsonl': 'bulk-jsonl.test.ts',
  'error-401-invalid-token.response.json': 'graphql-response.test.ts',
  'graphql-abandoned-checkouts.data.json': 'map-graphql.test.ts',
  'graphql-customer-by-identifier.data.json': 'map-graphql.test.ts',
  'graphql-inventory-items.data.json': 'map-graphql.test.ts',
  'graphql-inventory-level.data.json': 'map-graphql.test.ts',
  'graphql-orders.details.data.json': 'map-graphql.test.ts',
  'graphql-orders.paginated.data.json': 'map-graphql.test.ts',
  'graphql-orders.updated-after.data.json': 'map-graphql.test.ts',
  'graphql-success-envelope.bulk-operation-run-query.response.json': 'graphql-response.test.ts',
  'graphql-throttled.response.json': 'graphql-response.test.ts',
  'rest-429-throttled.response.json': 'graphql-response.test.ts',
  'rest-abandoned-checkouts.list.response.json': 'map-rest.test.ts',
  'rest-customer.retrieve.response.json': 'map-rest.test.ts',
  'rest-fulfillment.retrieve.response.json': 'map-rest.test.ts',
  'rest-inventory-items.list.response.json': 'webhooks.test.ts',
  'rest-inventory-levels.list.response.json': 'webhooks.test.ts',
  'rest-order.retrieve.response.json': 'map-rest.test.ts',
  'rest-orders.list.response.json': 'map-rest.test.ts',
  'rest-products.list.response.json': 'map-rest.test.ts',
  'rest-refunds.list.response.json': 'map-rest.test.ts',
  'rest-webhooks.list.response.json': 'webhooks.test.ts',
  'webhook-orders-cancelled.body.json': 'webhooks.test.ts',
  'webhook-products-create.body.json': 'webhooks.test.ts',
  'webhook-products-delete.body.json': 'webhooks.test.ts',
};

describe('Shopify fixtures', () => {
  it('are each covered by a mapper or classification test', () => {
    expect(fixtureNames()).toEqual(Object.keys(COVERED_BY).sort());
  });
});

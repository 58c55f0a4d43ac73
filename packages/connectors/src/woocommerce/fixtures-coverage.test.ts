import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureNames } from './test-fixtures/read-fixture';

/** Which test file exercises each WooCommerce fixture; a new fixture without a test fails here. */
const COVERED_BY: Record<string, string> = {
  'auth-endpoint-callback.body.json': './auth.test.ts',
  'coupon.retrieve.response.json': './map/map-order.test.ts',
  'customer.retrieve.response.json': './map/map-customer.test.ts',
  'customers.list.response.json': './map/map-customer.test.ts',
  'error-401-authentication.response.json': './classify.test.ts',
  'error-404-rest_no_route.response.json': './classify.test.ts',
  'error-404-woocommerce_rest_term_invalid.response.json': './classify.test.ts',
  'order-refund.retrieve.response.json': './map/map-order.test.ts',
  'order.retrieve.response.json': './map/map-order.test.ts',
  'orders.list.response.json': './map/map-order.test.ts',
  'product-variation.retrieve.response.json': './map/map-catalog.test.ts',
  'product.retrieve.response.json': './map/map-catalog.test.ts',
  'products.list.response.json': './map/map-catalog.test.ts',
  'webhook-order.created.body.json': './webhooks.test.ts',
  'webhook-order.deleted.body.json': './webhooks.test.ts',
  'webhook.retrieve.response.json': './webhooks.test.ts',
  'webhooks.list.response.json': './webhooks.test.ts',
};

describe('WooCommerce fixture coverage', () => {
  it('names a test for every fixture file', () => {
    expect(Object.keys(COVERED_BY).sort()).toEqual(fixtureNames());
  });

  it.each(Object.entries(COVERED_BY))('%s is read by %s', (name, testFile) => {
    expect(readFileSync(new URL(testFile, import.meta.url), 'utf8')).toContain(`'${name}'`);
  });
});

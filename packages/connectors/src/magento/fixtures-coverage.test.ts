import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureNames } from './test-fixtures/read-fixture';

/** Which test reads each Magento / Adobe Commerce fixture; a new fixture without a test fails here. */
const COVERED_BY: Record<string, string> = {
  'admin-token.response.json': './magento-auth.test.ts',
  'adobe-commerce-webhook.response-exception.json': './adobe-commerce-events.test.ts',
  'adobe-commerce-webhook.response-success.json': './adobe-commerce-events.test.ts',
  'adobe-io-event.catalog-product-save-commit-after.json': './adobe-commerce-events.test.ts',
  'cart.add-item.response.json': './map-customer.test.ts',
  'cart.mine.response.json': './map-customer.test.ts',
  'cart.shipping-information.response.json': './map-customer.test.ts',
  'customer.create.response.json': './map-customer.test.ts',
  'error-400.response.json': './magento-auth.test.ts',
  'error-429-rate-limited.response.json': './magento-auth.test.ts',
  'inventory.source-items.search.response.json': './map-catalog.test.ts',
  'order.retrieve.response.json': './map-order.test.ts',
  'orders.search.fields-filtered.response.json': './map-order.test.ts',
  'product.create.response.json': './map-catalog.test.ts',
};

describe('Magento fixture coverage', () => {
  it('names a test for every fixture file', () => {
    expect(Object.keys(COVERED_BY).sort()).toEqual(fixtureNames());
  });

  it('holds the same payloads as the shared fixture folder (reformatted by the repo formatter)', () => {
    const shared = new URL('../../../../../shared/fixtures/platforms/magento/', import.meta.url);
    for (const name of fixtureNames()) {
      let original: string;
      try {
        original = readFileSync(new URL(name, shared), 'utf8');
      } catch {
        return; // a clone without the shared folder: the copies are the source
      }
      expect(JSON.parse(readFileSync(new URL(`./test-fixtures/${name}`, import.meta.url), 'utf8'))).toEqual(
        JSON.parse(original),
      );
    }
  });

  it.each(Object.entries(COVERED_BY))('%s is read by %s', (name, testFile) => {
    expect(readFileSync(new URL(testFile, import.meta.url), 'utf8')).toContain(`'${name}'`);
  });
});

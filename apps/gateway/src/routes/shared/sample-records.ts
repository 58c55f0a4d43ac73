// Test support (not a test): small valid normalized records to seed the entity tables.
import type { Customer, Order } from '@cartwire/model';
import { sampleCustomer as baseCustomer, sampleOrder as baseOrder } from '@cartwire/storage/testing';

const eur = (amount: string) => ({ amount, currency: 'EUR' });

/** An ISO time `minutes` after 2026-01-01T00:00Z. */
export function minute(minutes: number): string {
  return new Date(Date.UTC(2026, 0, 1) + minutes * 60_000).toISOString();
}

/** A paid EUR 10.00 WooCommerce order placed at `minute(0)`. */
export function sampleOrder(storeId: string, externalId: string, overrides: Partial<Order> = {}): Order {
  return baseOrder(storeId, externalId, {
    platform: 'woocommerce',
    createdAt: minute(0),
    updatedAt: minute(0),
    processedAt: minute(0),
    subtotal: eur('10.00'),
    totalShipping: eur('0.00'),
    totalTax: eur('0.00'),
    total: eur('10.00'),
    ...overrides,
  });
}

/** A WooCommerce customer created at `minute(0)`. */
export function sampleCustomer(
  storeId: string,
  externalId: string,
  overrides: Partial<Customer> = {},
): Customer {
  return baseCustomer(storeId, externalId, { createdAt: minute(0), updatedAt: minute(0), ...overrides });
}

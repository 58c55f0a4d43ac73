// Test support (not a test): small valid normalized records to seed the entity tables.
import { type Customer, entityId, type Order } from '@cartwire/model';

const eur = (amount: string) => ({ amount, currency: 'EUR' });

/** An ISO time `minutes` after 2026-01-01T00:00Z. */
export function minute(minutes: number): string {
  return new Date(Date.UTC(2026, 0, 1) + minutes * 60_000).toISOString();
}

export function sampleOrder(storeId: string, externalId: string, overrides: Partial<Order> = {}): Order {
  return {
    id: entityId('order', storeId, externalId),
    storeId,
    platform: 'woocommerce',
    externalId,
    createdAt: minute(0),
    updatedAt: minute(0),
    name: `#${externalId}`,
    status: 'open',
    financialStatus: 'paid',
    fulfillmentStatus: 'unfulfilled',
    currency: 'EUR',
    presentmentCurrency: 'EUR',
    subtotal: eur('10.00'),
    totalDiscounts: eur('0.00'),
    totalShipping: eur('0.00'),
    totalTax: eur('0.00'),
    total: eur('10.00'),
    totalRefunded: eur('0.00'),
    discountCodes: [],
    discountApplications: [],
    lineItems: [],
    refunds: [],
    shipments: [],
    customerId: null,
    email: 'buyer@example.com',
    phone: null,
    billingAddress: null,
    shippingAddress: null,
    sourceChannel: 'web',
    tags: [],
    note: null,
    processedAt: minute(0),
    cancelledAt: null,
    closedAt: null,
    ...overrides,
  };
}

export function sampleCustomer(
  storeId: string,
  externalId: string,
  overrides: Partial<Customer> = {},
): Customer {
  const consent = { state: 'unknown' as const, source: null, updatedAt: null };
  return {
    id: entityId('customer', storeId, externalId),
    storeId,
    platform: 'woocommerce',
    externalId,
    createdAt: minute(0),
    updatedAt: minute(0),
    email: `customer-${externalId}@example.com`,
    phone: null,
    firstName: 'Ada',
    lastName: 'Lovelace',
    tags: [],
    locale: null,
    timeZone: null,
    marketingConsent: { email: consent, sms: consent },
    defaultAddress: null,
    ordersCount: 0,
    totalSpent: eur('0.00'),
    ...overrides,
  };
}

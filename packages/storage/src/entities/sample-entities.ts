// Small valid entities for tests, exported through `@cartwire/storage/testing` only.
import { type Customer, entityId, type Order, type Variant } from '@cartwire/model';

const at = '2026-01-31T12:00:00.000Z';
const eur = (amount: string) => ({ amount, currency: 'EUR' });

export function sampleOrder(storeId: string, externalId: string, overrides: Partial<Order> = {}): Order {
  return {
    id: entityId('order', storeId, externalId),
    storeId,
    platform: 'shopify',
    externalId,
    createdAt: at,
    updatedAt: at,
    name: `#${externalId}`,
    status: 'open',
    financialStatus: 'paid',
    fulfillmentStatus: 'unfulfilled',
    currency: 'EUR',
    presentmentCurrency: 'EUR',
    subtotal: eur('39.80'),
    totalDiscounts: eur('0.00'),
    totalShipping: eur('4.90'),
    totalTax: eur('6.36'),
    total: eur('44.70'),
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
    processedAt: at,
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
    createdAt: at,
    updatedAt: at,
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

export function sampleVariant(
  storeId: string,
  externalId: string,
  overrides: Partial<Variant> = {},
): Variant {
  return {
    id: entityId('variant', storeId, externalId),
    storeId,
    platform: 'shopify',
    externalId,
    createdAt: at,
    updatedAt: at,
    productId: entityId('product', storeId, 'p1'),
    sku: `SKU-${externalId}`,
    barcode: null,
    title: 'Default',
    options: [],
    price: eur('9.50'),
    compareAtPrice: null,
    unitCost: null,
    inventoryTracked: true,
    inventoryQuantity: 3,
    imageUrl: null,
    position: 0,
    ...overrides,
  };
}

/** An ISO time `minutes` after the samples' base time. */
export function minutesLater(minutes: number): string {
  return new Date(Date.parse(at) + minutes * 60_000).toISOString();
}

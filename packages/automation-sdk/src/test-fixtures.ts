// Valid model records and events for this package's tests. Not part of the public surface.
import {
  type Cart,
  type CartLine,
  type Customer,
  EVENT_ENTITY_TYPE,
  type EventEnvelope,
  type EventType,
  entityId,
  ID_PREFIX,
  type LineItem,
  lineId,
  money,
  newId,
  type Order,
  type Product,
  type Variant,
} from '@cartwire/model';

export const tenantId = 'ten_test0automation';
export const storeId = entityId('store', tenantId, 'shop.example.com');
export const T0 = '2026-03-02T10:00:00.000Z';
export const eur = (amount: string) => money(amount, 'EUR');

const base = (type: 'customer' | 'cart' | 'order' | 'variant' | 'product', externalId: string) => ({
  id: entityId(type, storeId, externalId),
  storeId,
  platform: 'shopify' as const,
  externalId,
  createdAt: T0,
  updatedAt: T0,
});

export function customer(externalId = '55', overrides: Partial<Customer> = {}): Customer {
  return {
    ...base('customer', externalId),
    email: `c${externalId}@example.com`,
    phone: null,
    firstName: 'Ada',
    lastName: 'Lovelace',
    tags: [],
    locale: 'en-GB',
    timeZone: 'Europe/Berlin',
    marketingConsent: {
      email: { state: 'subscribed', source: null, updatedAt: null },
      sms: { state: 'not_subscribed', source: null, updatedAt: null },
    },
    defaultAddress: null,
    ordersCount: 1,
    totalSpent: eur('80.00'),
    ...overrides,
  };
}

export function variant(
  externalId: string,
  price: string,
  cost: string | null,
  stock: number,
  overrides: Partial<Variant> = {},
): Variant {
  return {
    ...base('variant', externalId),
    productId: entityId('product', storeId, `p${externalId}`),
    sku: `SKU-${externalId}`,
    barcode: null,
    title: `Variant ${externalId}`,
    options: [],
    price: eur(price),
    compareAtPrice: null,
    unitCost: cost === null ? null : eur(cost),
    inventoryTracked: true,
    inventoryQuantity: stock,
    imageUrl: null,
    position: 0,
    ...overrides,
  };
}

export function product(externalId: string, variants: Variant[], overrides: Partial<Product> = {}): Product {
  return {
    ...base('product', externalId),
    title: `Product ${externalId}`,
    handle: `product-${externalId}`,
    description: null,
    brand: null,
    productType: 'shirts',
    status: 'active',
    tags: [],
    options: [],
    images: [],
    collectionIds: [],
    url: null,
    publishedAt: T0,
    variants,
    ...overrides,
  };
}

export function cartLine(cartId: string, v: Variant, quantity = 1): CartLine {
  return {
    id: lineId('cart_line', cartId, v.externalId),
    externalId: v.externalId,
    productId: v.productId,
    variantId: v.id,
    sku: v.sku,
    title: v.title,
    variantTitle: null,
    quantity,
    unitPrice: v.price,
    imageUrl: null,
  };
}

export function cart(externalId: string, items: [Variant, number][], overrides: Partial<Cart> = {}): Cart {
  const id = entityId('cart', storeId, externalId);
  const lines = items.map(([v, q]) => cartLine(id, v, q));
  const subtotal = lines.reduce((sum, l) => sum + Number(l.unitPrice.amount) * l.quantity, 0).toFixed(2);
  return {
    ...base('cart', externalId),
    status: 'abandoned',
    currency: 'EUR',
    lines,
    subtotal: eur(subtotal),
    totalDiscounts: eur('0'),
    totalTax: eur('0'),
    total: eur(subtotal),
    discountCodes: [],
    discountApplications: [],
    customerId: entityId('customer', storeId, '55'),
    email: 'c55@example.com',
    phone: null,
    recoveryUrl: 'https://shop.example.com/recover/1',
    completedAt: null,
    convertedOrderId: null,
    ...overrides,
  };
}

export function lineItem(orderId: string, v: Variant, quantity = 1): LineItem {
  return {
    id: lineId('line_item', orderId, v.externalId),
    externalId: v.externalId,
    productId: v.productId,
    variantId: v.id,
    sku: v.sku,
    title: v.title,
    variantTitle: null,
    quantity,
    unitPrice: v.price,
    totalDiscount: eur('0'),
    totalTax: eur('0'),
    requiresShipping: true,
  };
}

export function order(externalId: string, items: [Variant, number][], overrides: Partial<Order> = {}): Order {
  const id = entityId('order', storeId, externalId);
  const lineItems = items.map(([v, q]) => lineItem(id, v, q));
  const subtotal = lineItems.reduce((sum, l) => sum + Number(l.unitPrice.amount) * l.quantity, 0).toFixed(2);
  return {
    ...base('order', externalId),
    name: `#${externalId}`,
    status: 'open',
    financialStatus: 'paid',
    fulfillmentStatus: 'unfulfilled',
    currency: 'EUR',
    presentmentCurrency: 'EUR',
    subtotal: eur(subtotal),
    totalDiscounts: eur('0'),
    totalShipping: eur('0'),
    totalTax: eur('0'),
    total: eur(subtotal),
    totalRefunded: eur('0'),
    discountCodes: [],
    discountApplications: [],
    lineItems,
    refunds: [],
    shipments: [],
    customerId: entityId('customer', storeId, '55'),
    email: 'c55@example.com',
    phone: null,
    billingAddress: null,
    shippingAddress: null,
    sourceChannel: 'web',
    tags: [],
    note: null,
    processedAt: T0,
    cancelledAt: null,
    closedAt: null,
    ...overrides,
  };
}

/** An event envelope of `type` about `entityId`, with a fresh id unless one is given. */
export function event(
  type: EventType,
  data: unknown,
  options: { entityId?: string | null; at?: string; id?: string } = {},
): EventEnvelope {
  const entity = (data as { id?: unknown } | null)?.id;
  return {
    id: options.id ?? newId(ID_PREFIX.event),
    tenantId,
    storeId,
    occurredAt: options.at ?? T0,
    receivedAt: options.at ?? T0,
    source: 'webhook',
    type,
    entityType: EVENT_ENTITY_TYPE[type],
    entityId: options.entityId !== undefined ? options.entityId : typeof entity === 'string' ? entity : null,
    data,
  };
}

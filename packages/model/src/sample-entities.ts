// Small valid entities for this package's tests. Not part of the public surface.
import type { Cart } from './entities/cart';
import type { LineItem } from './entities/line-item';
import type { Order } from './entities/order';
import type { Variant } from './entities/variant';
import { entityId, lineId } from './ids';
import { money } from './money';

export const sampleStoreId = entityId('store', 'ten_test', 'shop.example.com');
export const sampleOrderId = entityId('order', sampleStoreId, '1001');
export const sampleProductId = entityId('product', sampleStoreId, '7');
export const sampleVariantId = entityId('variant', sampleStoreId, '70');
export const sampleTime = '2026-01-31T12:00:00Z';
export const eur = (amount: string) => money(amount, 'EUR');

export function sampleLine(overrides: Partial<LineItem> = {}): LineItem {
  return {
    id: lineId('line_item', sampleOrderId, '1'),
    externalId: '1',
    productId: sampleProductId,
    variantId: sampleVariantId,
    sku: 'TEE-M',
    title: 'T-shirt',
    variantTitle: 'M',
    quantity: 2,
    unitPrice: eur('19.90'),
    totalDiscount: eur('0'),
    totalTax: eur('6.36'),
    requiresShipping: true,
    ...overrides,
  };
}

export function sampleOrder(overrides: Partial<Order> = {}): Order {
  return {
    id: sampleOrderId,
    storeId: sampleStoreId,
    platform: 'shopify',
    externalId: '1001',
    createdAt: sampleTime,
    updatedAt: sampleTime,
    name: '#1001',
    status: 'open',
    financialStatus: 'paid',
    fulfillmentStatus: 'unfulfilled',
    currency: 'EUR',
    presentmentCurrency: 'EUR',
    subtotal: eur('39.80'),
    totalDiscounts: eur('0'),
    totalShipping: eur('4.90'),
    totalTax: eur('6.36'),
    total: eur('44.70'),
    totalRefunded: eur('0'),
    discountCodes: [],
    discountApplications: [],
    lineItems: [sampleLine()],
    refunds: [],
    shipments: [],
    customerId: entityId('customer', sampleStoreId, '55'),
    email: 'buyer@example.com',
    phone: null,
    billingAddress: null,
    shippingAddress: null,
    sourceChannel: 'web',
    tags: [],
    note: null,
    processedAt: sampleTime,
    cancelledAt: null,
    closedAt: null,
    ...overrides,
  };
}

export function sampleVariant(overrides: Partial<Variant> = {}): Variant {
  return {
    id: sampleVariantId,
    storeId: sampleStoreId,
    platform: 'woocommerce',
    externalId: '70',
    createdAt: sampleTime,
    updatedAt: sampleTime,
    productId: sampleProductId,
    sku: null,
    barcode: null,
    title: '100g',
    options: [{ name: 'Size', value: '100g' }],
    price: eur('9.50'),
    compareAtPrice: null,
    unitCost: null,
    inventoryTracked: true,
    inventoryQuantity: 0,
    imageUrl: null,
    position: 0,
    ...overrides,
  };
}

export function sampleCart(overrides: Partial<Cart> = {}): Cart {
  return {
    id: entityId('cart', sampleStoreId, 'c1'),
    storeId: sampleStoreId,
    platform: 'shopify',
    externalId: 'c1',
    createdAt: sampleTime,
    updatedAt: sampleTime,
    status: 'abandoned',
    currency: 'EUR',
    lines: [],
    subtotal: eur('0'),
    totalDiscounts: eur('0'),
    totalTax: eur('0'),
    total: eur('0'),
    discountCodes: [],
    discountApplications: [],
    customerId: null,
    email: 'guest@example.com',
    phone: null,
    recoveryUrl: 'https://shop.example.com/checkout/recover/abc',
    completedAt: null,
    convertedOrderId: null,
    ...overrides,
  };
}

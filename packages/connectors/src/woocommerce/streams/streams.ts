import { z } from 'zod';
import { defineStream } from '../../engine/connector';
import { toCart } from '../map/map-cart';
import { gmtToIso } from '../map/map-common';
import { toCustomer } from '../map/map-customer';
import { DEFAULT_LOCATION_EXTERNAL_ID, defaultLocation, toInventoryLevels } from '../map/map-inventory';
import { toOrder } from '../map/map-order';
import { toProduct } from '../map/map-product';
import { WooProductRecord } from '../raw/raw-catalog';
import { WooCustomer } from '../raw/raw-customer';
import { WooOrder, WooOrderRecord } from '../raw/raw-order';
import { catalogPages } from './catalog-pages';
import { listPages, listRequest } from './list-request';
import { orderPages } from './order-pages';

function nestedId(key: 'order' | 'product') {
  return (record: unknown): string | null => {
    const nested = z.object({ [key]: z.object({ id: z.number() }) }).safeParse(record);
    return nested.success ? String((nested.data[key] as { id: number }).id) : null;
  };
}

/** Orders with their refunds' detail; incremental on `date_modified_gmt`. */
export const ordersStream = defineStream({
  entity: 'order',
  schema: WooOrderRecord,
  custom: orderPages,
  cursor: {
    updatedAt: (record) => gmtToIso(record.order.date_modified_gmt),
    id: (record) => String(record.order.id),
  },
  map: (record, context) => toOrder(record, context.storeId),
  externalId: nestedId('order'),
});

/**
 * `checkout-draft` plus every core status: whether `status=any` includes drafts is unconfirmed, so
 * they are listed (WordPress reads a comma-separated list for array parameters).
 */
const CART_STATUSES = 'checkout-draft,pending,processing,on-hold,completed,cancelled,refunded,failed';

/**
 * Carts: WooCommerce has none, so `checkout-draft` orders (block checkout before payment) are read
 * as open carts, and block-checkout orders past the draft stage as converted carts.
 */
export const cartsStream = defineStream({
  entity: 'cart',
  schema: WooOrder,
  custom: (context) =>
    listPages(context, listRequest('orders.list', '/orders', context.since, { status: CART_STATUSES })),
  cursor: {
    updatedAt: (order) => gmtToIso(order.date_modified_gmt),
    id: (order) => String(order.id),
  },
  map: (order, context) => toCart(order, context.storeId),
});

/** Products with their variations as variants. */
export const productsStream = defineStream({
  entity: 'product',
  schema: WooProductRecord,
  custom: catalogPages,
  cursor: {
    updatedAt: (record) => gmtToIso(record.product.date_modified_gmt),
    id: (record) => String(record.product.id),
  },
  map: (record, context) => toProduct(record, context.storeId),
  externalId: nestedId('product'),
});

/** `stock_quantity` per stock-managed variant at the store's single default location. */
export const inventoryLevelsStream = defineStream({
  entity: 'inventory_level',
  schema: WooProductRecord,
  custom: catalogPages,
  cursor: {
    updatedAt: (record) => gmtToIso(record.product.date_modified_gmt),
    id: (record) => String(record.product.id),
  },
  map: (record, context) => toInventoryLevels(record, context.storeId),
  externalId: nestedId('product'),
});

/**
 * Customers (WordPress users of every role, so buyers registered under another role are kept).
 * The customers endpoint has no modification filter: incremental runs re-read every customer and
 * the idempotent upsert drops the unchanged ones.
 */
export const customersStream = defineStream({
  entity: 'customer',
  schema: WooCustomer,
  custom: (context) => listPages(context, listRequest('customers.list', '/customers', null, { role: 'all' })),
  cursor: {
    updatedAt: (customer) => gmtToIso(customer.date_modified_gmt ?? customer.date_created_gmt),
    id: (customer) => String(customer.id),
  },
  map: (customer, context) => toCustomer(customer, context.storeId),
});

const DefaultLocationRecord = z.object({ id: z.literal(DEFAULT_LOCATION_EXTERNAL_ID) });

/** The one synthetic location of a WooCommerce store; no request is made. */
export const locationsStream = defineStream({
  entity: 'location',
  schema: DefaultLocationRecord,
  async *custom() {
    yield { records: [{ id: DEFAULT_LOCATION_EXTERNAL_ID }], next: null };
  },
  cursor: {
    updatedAt: () => new Date(0).toISOString(),
    id: (record) => record.id,
  },
  map: (_record, context) => defaultLocation(context.storeId),
});

import { toMinor } from '../store/money';
import type {
  Cart,
  Category,
  Customer,
  InventoryLevel,
  Location,
  Order,
  Product,
  Variant,
} from '../store/types';
import { shopifyId } from './gid';
import type { ResourceSpec } from './graphql-connections';
import type { ShopifyGraphqlContext } from './graphql-context';
import {
  renderCollectionNode,
  renderInventoryItemNode,
  renderInventoryLevelNode,
  renderLocationNode,
  renderProductNode,
  renderVariantNode,
} from './render-catalog';
import { renderAbandonedCheckoutNode } from './render-checkout';
import { renderCustomerNode } from './render-customer';
import { renderOrderNode } from './render-order';
import { type Comparator, idField, listField, type SearchField, textField, timeField } from './search-query';
import { graphqlTime } from './time-format';

type Context = ShopifyGraphqlContext;

// Sort and filter on second-precision times, as Shopify stores them: records sharing a second are
// exactly the boundary case the (value, id) cursor has to get right.
const at = (iso: string | null) => graphqlTime(iso);

function booleanField<T>(get: (record: T) => boolean): SearchField<T> {
  return (record, comparator: Comparator, value) =>
    comparator === '=' && get(record) === (value.toLowerCase() === 'true');
}

function oneOf<T>(
  get: (record: T) => string,
  aliases: Record<string, readonly string[]> = {},
): SearchField<T> {
  return (record, comparator, value) => {
    if (comparator !== '=') return false;
    const wanted = value.toLowerCase();
    return (aliases[wanted] ?? [wanted]).includes(get(record));
  };
}

export const productSpec: ResourceSpec<Product, ReturnType<typeof renderProductNode>> = {
  name: 'products',
  id: (product) => shopifyId('Product', product.id),
  sortKeys: {
    CREATED_AT: (product) => at(product.createdAt),
    UPDATED_AT: (product) => at(product.updatedAt),
    PUBLISHED_AT: (product) => at(product.publishedAt),
    TITLE: (product) => product.title.toLowerCase(),
    VENDOR: (product) => product.vendor.toLowerCase(),
    PRODUCT_TYPE: (product) => product.productType.toLowerCase(),
  },
  search: (context: Context) => ({
    fields: {
      id: idField((product) => shopifyId('Product', product.id)),
      title: textField((product) => product.title),
      handle: textField((product) => product.handle),
      vendor: textField((product) => product.vendor),
      product_type: textField((product) => product.productType),
      status: oneOf((product) => product.status),
      tag: listField((product) => product.tags),
      tag_not: (product, comparator, value) => !listField<Product>((p) => p.tags)(product, comparator, value),
      sku: (product, comparator, value) =>
        context.store
          .variantsOf(product.id)
          .some((variant) => textField<Variant>((v) => v.sku)(variant, comparator, value)),
      created_at: timeField(
        (product) => at(product.createdAt),
        () => context.now,
      ),
      updated_at: timeField(
        (product) => at(product.updatedAt),
        () => context.now,
      ),
      published_at: timeField(
        (product) => at(product.publishedAt),
        () => context.now,
      ),
    },
    text: (product, word) => product.title.toLowerCase().includes(word.toLowerCase()),
  }),
  render: renderProductNode,
};

export const variantSpec: ResourceSpec<Variant, ReturnType<typeof renderVariantNode>> = {
  name: 'variants',
  id: (variant) => shopifyId('ProductVariant', variant.id),
  sortKeys: {
    TITLE: (variant) => variant.title.toLowerCase(),
    SKU: (variant) => variant.sku,
    POSITION: (variant) => variant.position,
  },
  search: (context: Context) => ({
    fields: {
      id: idField((variant) => shopifyId('ProductVariant', variant.id)),
      product_id: idField((variant) => shopifyId('Product', variant.productId)),
      sku: textField((variant) => variant.sku),
      barcode: textField((variant) => variant.barcode),
      title: textField((variant) => variant.title),
      created_at: timeField(
        (variant) => at(variant.createdAt),
        () => context.now,
      ),
      updated_at: timeField(
        (variant) => at(variant.updatedAt),
        () => context.now,
      ),
    },
    text: (variant, word) => `${variant.title} ${variant.sku}`.toLowerCase().includes(word.toLowerCase()),
  }),
  render: renderVariantNode,
};

export const collectionSpec: ResourceSpec<Category, ReturnType<typeof renderCollectionNode>> = {
  name: 'collections',
  id: (category) => shopifyId('Collection', category.id),
  sortKeys: {
    TITLE: (category) => category.name.toLowerCase(),
    UPDATED_AT: (category) => at(category.updatedAt),
  },
  search: (context: Context) => ({
    fields: {
      id: idField((category) => shopifyId('Collection', category.id)),
      title: textField((category) => category.name),
      handle: textField((category) => category.slug),
      updated_at: timeField(
        (category) => at(category.updatedAt),
        () => context.now,
      ),
    },
    text: (category, word) => category.name.toLowerCase().includes(word.toLowerCase()),
  }),
  render: renderCollectionNode,
};

export const customerSpec: ResourceSpec<Customer, ReturnType<typeof renderCustomerNode>> = {
  name: 'customers',
  id: (customer) => shopifyId('Customer', customer.id),
  sortKeys: {
    CREATED_AT: (customer) => at(customer.createdAt),
    UPDATED_AT: (customer) => at(customer.updatedAt),
    NAME: (customer) => `${customer.firstName} ${customer.lastName}`.toLowerCase(),
  },
  search: (context: Context) => ({
    fields: {
      id: idField((customer) => shopifyId('Customer', customer.id)),
      email: textField((customer) => customer.email),
      phone: textField((customer) => customer.phone),
      first_name: textField((customer) => customer.firstName),
      last_name: textField((customer) => customer.lastName),
      tag: listField((customer) => customer.tags),
      country: (customer, comparator, value) =>
        comparator === '=' &&
        customer.addresses.some((address) => address.countryCode.toLowerCase() === value.toLowerCase()),
      accepts_marketing: booleanField((customer) => customer.emailMarketing.state === 'subscribed'),
      orders_count: (customer, comparator, value) =>
        compareNumber(context.store.ordersOf(customer.id).length, comparator, value),
      created_at: timeField(
        (customer) => at(customer.createdAt),
        () => context.now,
      ),
      updated_at: timeField(
        (customer) => at(customer.updatedAt),
        () => context.now,
      ),
    },
    text: (customer, word) =>
      `${customer.firstName} ${customer.lastName} ${customer.email ?? ''}`
        .toLowerCase()
        .includes(word.toLowerCase()),
  }),
  render: renderCustomerNode,
};

function compareNumber(actual: number, comparator: Comparator, value: string): boolean {
  const wanted = Number(value);
  if (!Number.isFinite(wanted)) return false;
  switch (comparator) {
    case '=':
      return actual === wanted;
    case '<':
      return actual < wanted;
    case '<=':
      return actual <= wanted;
    case '>':
      return actual > wanted;
    case '>=':
      return actual >= wanted;
  }
}

const ORDER_STATUS: Record<string, (order: Order) => boolean> = {
  any: () => true,
  open: (order) => order.closedAt === null && order.cancelledAt === null,
  closed: (order) => order.closedAt !== null,
  cancelled: (order) => order.cancelledAt !== null,
  not_closed: (order) => order.closedAt === null,
};

export const orderSpec: ResourceSpec<Order, ReturnType<typeof renderOrderNode>> = {
  name: 'orders',
  id: (order) => shopifyId('Order', order.id),
  sortKeys: {
    CREATED_AT: (order) => at(order.createdAt),
    UPDATED_AT: (order) => at(order.updatedAt),
    PROCESSED_AT: (order) => at(order.processedAt),
    NUMBER: (order) => order.number,
    ORDER_NUMBER: (order) => order.number,
    TOTAL_PRICE: (order) => toMinor(order.total, order.currency),
    FINANCIAL_STATUS: (order) => order.financialState,
    FULFILLMENT_STATUS: (order) => order.fulfillmentState,
    CUSTOMER_NAME: (order) => order.email ?? '',
  },
  search: (context: Context) => ({
    fields: {
      id: idField((order) => shopifyId('Order', order.id)),
      name: (order, comparator, value) =>
        comparator === '=' && `#${order.number}` === (value.startsWith('#') ? value : `#${value}`),
      email: textField((order) => order.email),
      customer_id: idField((order) =>
        order.customerId === null ? -1n : shopifyId('Customer', order.customerId),
      ),
      status: (order, comparator, value) =>
        comparator === '=' && (ORDER_STATUS[value.toLowerCase()]?.(order) ?? false),
      financial_status: oneOf((order) => order.financialState),
      fulfillment_status: oneOf((order) => order.fulfillmentState, {
        shipped: ['fulfilled'],
        fulfilled: ['fulfilled'],
        partial: ['partially_fulfilled'],
        unshipped: ['unfulfilled'],
        unfulfilled: ['unfulfilled', 'partially_fulfilled'],
      }),
      tag: listField((order) => order.tags),
      tag_not: (order, comparator, value) => !listField<Order>((o) => o.tags)(order, comparator, value),
      sku: (order, _comparator, value) =>
        order.lines.some((line) => line.sku.toLowerCase() === value.toLowerCase()),
      source_name: textField((order) => (order.source === 'checkout' ? 'web' : order.source)),
      test: booleanField(() => false),
      created_at: timeField(
        (order) => at(order.createdAt),
        () => context.now,
      ),
      updated_at: timeField(
        (order) => at(order.updatedAt),
        () => context.now,
      ),
      processed_at: timeField(
        (order) => at(order.processedAt),
        () => context.now,
      ),
    },
    text: (order, word) => `#${order.number} ${order.email ?? ''}`.toLowerCase().includes(word.toLowerCase()),
  }),
  render: renderOrderNode,
};

/** Carts become abandoned checkouts once abandoned; recovered ones stay listed, as on Shopify. */
export function isAbandonedCheckout(cart: Cart): boolean {
  return cart.abandonedAt !== null;
}

export const abandonedCheckoutSpec: ResourceSpec<Cart, ReturnType<typeof renderAbandonedCheckoutNode>> = {
  name: 'abandonedCheckouts',
  id: (cart) => shopifyId('AbandonedCheckout', cart.id),
  sortKeys: {
    CHECKOUT_ID: (cart) => shopifyId('AbandonedCheckout', cart.id),
    CREATED_AT: (cart) => at(cart.createdAt),
    TOTAL_PRICE: (cart) => toMinor(cart.subtotal, cart.currency),
    CUSTOMER_NAME: (cart) => cart.email ?? '',
  },
  search: (context: Context) => ({
    fields: {
      id: idField((cart) => shopifyId('AbandonedCheckout', cart.id)),
      email: textField((cart) => cart.email),
      status: oneOf((cart) => (cart.completedAt === null ? 'open' : 'closed')),
      recovery_state: oneOf((cart) => (cart.convertedOrderId === null ? 'not_recovered' : 'recovered')),
      created_at: timeField(
        (cart) => at(cart.createdAt),
        () => context.now,
      ),
      updated_at: timeField(
        (cart) => at(cart.updatedAt),
        () => context.now,
      ),
    },
    text: (cart, word) => (cart.email ?? '').toLowerCase().includes(word.toLowerCase()),
  }),
  render: renderAbandonedCheckoutNode,
};

export const locationSpec: ResourceSpec<Location, ReturnType<typeof renderLocationNode>> = {
  name: 'locations',
  id: (location) => shopifyId('Location', location.id),
  sortKeys: { NAME: (location) => location.name.toLowerCase() },
  search: () => ({
    fields: {
      id: idField((location) => shopifyId('Location', location.id)),
      name: textField((location) => location.name),
      active: booleanField((location) => location.active),
    },
    text: (location, word) => location.name.toLowerCase().includes(word.toLowerCase()),
  }),
  render: renderLocationNode,
};

export const inventoryItemSpec: ResourceSpec<Variant, ReturnType<typeof renderInventoryItemNode>> = {
  name: 'inventoryItems',
  id: (variant) => shopifyId('InventoryItem', variant.id),
  sortKeys: {},
  search: (context: Context) => ({
    fields: {
      id: idField((variant) => shopifyId('InventoryItem', variant.id)),
      sku: textField((variant) => variant.sku),
      created_at: timeField(
        (variant) => at(variant.createdAt),
        () => context.now,
      ),
      updated_at: timeField(
        (variant) => at(variant.updatedAt),
        () => context.now,
      ),
    },
    text: (variant, word) => variant.sku.toLowerCase().includes(word.toLowerCase()),
  }),
  render: renderInventoryItemNode,
};

export const inventoryLevelSpec: ResourceSpec<InventoryLevel, ReturnType<typeof renderInventoryLevelNode>> = {
  name: 'inventoryLevels',
  // Shopify's level ids are not plain numbers; the store id gives a stable order for cursors.
  id: (level) => BigInt(level.id),
  sortKeys: {},
  search: (context: Context) => ({
    fields: {
      inventory_item_id: idField((level) => shopifyId('InventoryItem', level.variantId)),
      location_id: idField((level) => shopifyId('Location', level.locationId)),
      updated_at: timeField(
        (level) => at(level.updatedAt),
        () => context.now,
      ),
      created_at: timeField(
        (level) => at(level.createdAt),
        () => context.now,
      ),
    },
  }),
  render: renderInventoryLevelNode,
};

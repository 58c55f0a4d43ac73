import { staticAuth } from '../engine/auth';
import { defineConnector } from '../engine/connector';
import { createFulfillment, setInventoryLevel, updateOrderNoteAndTags } from './actions';
import { bulkCapableStream } from './bulk-backfill';
import { classifyShopify, observeCost } from './graphql-response';
import { graphqlPagedStream } from './graphql-stream';
import { inventoryLevelsStream } from './inventory-levels-stream';
import { mapCart } from './map-cart';
import { mapCustomer } from './map-customer';
import { mapLocation } from './map-inventory';
import { mapOrder } from './map-order';
import { mapProduct } from './map-product';
import { shopifyNeutralWrites } from './neutral-writes';
import { CHECKOUT_FIELDS, RawCheckout } from './raw-checkout';
import { CUSTOMER_FIELDS, RawCustomer } from './raw-customer';
import { LOCATION_FIELDS, RawLocation } from './raw-inventory';
import { ORDER_FIELDS, RawOrder } from './raw-order';
import { PRODUCT_FIELDS, RawProduct } from './raw-product';
import { ShopifyCredentials, ShopifySettings } from './settings';
import { shopifyWebhooks } from './webhooks';

/**
 * Shopify through the Admin GraphQL API. Streams page with `updated_at` filters sorted by
 * UPDATED_AT (abandoned checkouts and locations offer no such sort: ID), each page sized so its
 * requested cost stays within 1000 points; products, customers and orders switch to a bulk operation
 * for backfills above `bulkThreshold`. The cost bucket is fed from `extensions.cost`, and THROTTLED
 * (sent as HTTP 200) is classified rate_limited with the wait the bucket needs.
 *
 * @example
 * const engine = createConnectorEngine();
 * await runStream({ engine, connector: shopifyConnector, stream: 'orders', mode: 'backfill', checkpoints,
 *   store: { id: storeId, credentials: { shopDomain: 'acme.myshopify.com', accessToken, clientSecret } },
 *   onPage: (orders) => repository.upsertEntities(orders) });
 */
export const shopifyConnector = defineConnector({
  platform: 'shopify',
  credentials: ShopifyCredentials,
  settings: ShopifySettings,
  baseUrl: (credentials, settings) =>
    `${settings.apiOrigin ?? `https://${credentials.shopDomain}`}/admin/api/${credentials.apiVersion}`,
  auth: staticAuth((credentials: ShopifyCredentials) => ({
    headers: { 'X-Shopify-Access-Token': credentials.accessToken },
  })),
  rateLimit: {
    kind: 'cost-bucket',
    // Standard plan as observed; replaced by each response's throttleStatus.
    maximumAvailable: 2000,
    restoreRate: 100,
    defaultCost: 50,
    maxConcurrent: 4,
    observe: observeCost,
  },
  classify: classifyShopify,
  json: 'json',
  streams: {
    products: bulkCapableStream({
      entity: 'product',
      root: 'products',
      fields: PRODUCT_FIELDS,
      sortKey: 'UPDATED_AT',
      withShopCurrency: true,
      schema: RawProduct,
      map: mapProduct,
      updatedAt: (raw) => raw.updatedAt,
      children: { Product: { ProductVariant: 'variants', Collection: 'collections' } },
    }),
    customers: bulkCapableStream({
      entity: 'customer',
      root: 'customers',
      fields: CUSTOMER_FIELDS,
      sortKey: 'UPDATED_AT',
      schema: RawCustomer,
      map: mapCustomer,
      updatedAt: (raw) => raw.updatedAt,
      children: {},
    }),
    orders: bulkCapableStream({
      entity: 'order',
      root: 'orders',
      fields: ORDER_FIELDS,
      sortKey: 'UPDATED_AT',
      schema: RawOrder,
      map: mapOrder,
      updatedAt: (raw) => raw.updatedAt,
      children: {
        Order: { LineItem: 'lineItems' },
        Refund: { '*': 'refundLineItems', RefundLineItem: 'refundLineItems' },
        Fulfillment: { '*': 'fulfillmentLineItems', FulfillmentLineItem: 'fulfillmentLineItems' },
      },
    }),
    carts: graphqlPagedStream({
      entity: 'cart',
      root: 'abandonedCheckouts',
      fields: CHECKOUT_FIELDS,
      // AbandonedCheckoutSortKeys has no UPDATED_AT; ID keeps paging stable under the updated_at filter.
      sortKey: 'ID',
      schema: RawCheckout,
      map: mapCart,
      updatedAt: (raw) => raw.updatedAt,
    }),
    locations: graphqlPagedStream({
      entity: 'location',
      root: 'locations',
      fields: LOCATION_FIELDS,
      sortKey: 'ID',
      rootArgs: { includeInactive: true },
      // Locations take no updated_at filter; there are few, so every run reads them all.
      updatedAtFilter: false,
      schema: RawLocation,
      map: mapLocation,
      updatedAt: (raw) => raw.updatedAt,
    }),
    inventoryLevels: inventoryLevelsStream,
  },
  webhooks: shopifyWebhooks,
  actions: {
    updateOrderNoteAndTags,
    createFulfillment,
    setInventoryLevel,
    ...shopifyNeutralWrites,
  },
});

export type ShopifyConnector = typeof shopifyConnector;

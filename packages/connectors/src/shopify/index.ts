export {
  CreateFulfillmentInput,
  createFulfillment,
  SetInventoryLevelInput,
  setInventoryLevel,
  UpdateOrderNoteInput,
  updateOrderNoteAndTags,
} from './actions';
export { createShopifyGraphqlClient, type ShopifyGraphqlClient } from './admin-client';
export { BulkOperationError } from './bulk-backfill';
export { BulkResultError, regroupBulkJsonl } from './bulk-jsonl';
export { type ShopifyConnector, shopifyConnector } from './connector';
export { classifyShopify, observeCost, throttleWaitMs } from './graphql-response';
export { renderSelection, type Selection } from './graphql-selection';
export { pagedQuery } from './graphql-stream';
export { mapCart } from './map-cart';
export { mapCustomer } from './map-customer';
export { inventoryLevelExternalId, mapInventoryLevel, mapLocation } from './map-inventory';
export { mapOrder, mapRefund, mapShipment } from './map-order';
export { mapProduct } from './map-product';
export { CHECKOUT_FIELDS, RawCheckout } from './raw-checkout';
export { CUSTOMER_FIELDS, RawCustomer } from './raw-customer';
export { INVENTORY_LEVEL_FIELDS, LOCATION_FIELDS, RawInventoryLevel, RawLocation } from './raw-inventory';
export { ORDER_FIELDS, RawOrder } from './raw-order';
export { PRODUCT_FIELDS, RawProduct } from './raw-product';
export {
  restCheckoutToRaw,
  restCustomerToRaw,
  restFulfillmentToRaw,
  restInventoryLevelToRaw,
  restOrderToRaw,
  restProductToRaw,
  restRefundToRaw,
} from './rest-adapters';
export { DEFAULT_API_VERSION, ShopifyCredentials, ShopifySettings } from './settings';
export { numericIdOf } from './shopify-ids';
export { verifyShopifyWebhook } from './webhook-signature';
export { SHOPIFY_TOPICS, type ShopifyTopicName } from './webhook-topics';
export {
  mapShopifyWebhook,
  type ShopifyWebhookContext,
  ShopifyWebhookPayloadError,
  type ShopifyWebhookResult,
  shopifyWebhooks,
  webhookDeliveryIdOf,
  webhookTopicOf,
} from './webhooks';

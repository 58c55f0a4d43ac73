// Public surface of the Shopify Admin API emulator. packages/sandbox/src/index.ts re-exports this file
// whole, so names say "Shopify" where they could clash with the other emulators' exports.
export { flattenBulkResult as flattenShopifyBulkResult } from './bulk-jsonl';
// BulkOperationRegistry, LeakyBucket and the executor build an unmetered "ground truth" executor in the
// cross-package backfill tests (tests/connectors/shopify-harness.ts).
export { BulkOperationRegistry } from './bulk-operations';
export { shopifyDiscountCodes } from './discounts';
export {
  createShopifyEmulator,
  INVALID_TOKEN_BODY as SHOPIFY_INVALID_TOKEN_BODY,
  type ShopifyEmulator,
  type ShopifyEmulatorControl,
} from './emulator';
export { ShopifyEmulatorOptions } from './emulator-options';
export { shopifyFaultInjector } from './fault-bodies';
export {
  gid,
  inventoryLevelGid as shopifyInventoryLevelGid,
  parseGid as parseShopifyGid,
  SHOPIFY_ID_BASE,
  type ShopifyIdKind,
  shopifyId,
  storeIdFromGid as storeIdFromShopifyGid,
  storeIdOf as storeIdOfShopifyId,
} from './gid';
export { createShopifyGraphqlExecutor, shopifyAdminSchema } from './graphql-executor';
export { toJsonText as toShopifyJson } from './json-text';
export { LeakyBucket, type ThrottleStatus } from './leaky-bucket';
export {
  MAX_SINGLE_QUERY_COST as SHOPIFY_MAX_QUERY_COST,
  requestedQueryCost as shopifyRequestedQueryCost,
} from './query-cost';
export {
  renderCollectionNode as renderShopifyCollectionNode,
  renderInventoryItemNode as renderShopifyInventoryItemNode,
  renderInventoryLevelNode as renderShopifyInventoryLevelNode,
  renderLocationNode as renderShopifyLocationNode,
  renderProductNode as renderShopifyProductNode,
  renderVariantNode as renderShopifyVariantNode,
} from './render-catalog';
export {
  abandonedCheckoutUrl as shopifyAbandonedCheckoutUrl,
  renderAbandonedCheckoutNode as renderShopifyAbandonedCheckoutNode,
} from './render-checkout';
export { renderCustomerNode as renderShopifyCustomerNode } from './render-customer';
export {
  renderFulfillmentNode as renderShopifyFulfillmentNode,
  renderLineItemNode as renderShopifyLineItemNode,
  renderOrderNode as renderShopifyOrderNode,
  renderRefundNode as renderShopifyRefundNode,
} from './render-order';
export {
  renderRestInventoryItem as renderShopifyRestInventoryItem,
  renderRestInventoryLevel as renderShopifyRestInventoryLevel,
  renderRestProduct as renderShopifyRestProduct,
  renderRestVariant as renderShopifyRestVariant,
} from './rest-catalog';
export { renderRestCheckout as renderShopifyRestCheckout } from './rest-checkout';
export type { RestRenderContext as ShopifyRestRenderContext } from './rest-context';
export { renderRestCustomer as renderShopifyRestCustomer } from './rest-customer';
export {
  renderRestFulfillment as renderShopifyRestFulfillment,
  renderRestLineItem as renderShopifyRestLineItem,
  renderRestOrder as renderShopifyRestOrder,
  renderRestRefund as renderShopifyRestRefund,
} from './rest-order';
export { SHOPIFY_ADMIN_SDL } from './schema-sdl';
export type { ShopifyWebhookDelivery, ShopifyWebhookSubscription } from './webhook-dispatcher';
export { shopifyWebhookHeaders, shopifyWebhookHmac, verifyShopifyWebhookHmac } from './webhook-signature';
export {
  SHOPIFY_WEBHOOK_TOPICS,
  type ShopifyWebhookEvent,
  type ShopifyWebhookTopic,
  webhooksForChange as shopifyWebhooksForChange,
} from './webhook-topics';

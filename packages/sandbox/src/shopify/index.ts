// Public surface of the Shopify Admin API emulator; packages/sandbox/src/index.ts re-exports it.

export { type BulkResult, flattenBulkResult } from './bulk-jsonl';
export { BulkOperationRegistry, type BulkOperationStatus, type BulkTiming } from './bulk-operations';
export { type Connection, encodeCursor, MAX_PAGE_SIZE, type PageArgs, paginate } from './connection';
export {
  createShopifyEmulator,
  INVALID_TOKEN_BODY,
  type ShopifyEmulator,
  type ShopifyEmulatorControl,
} from './emulator';
export { bulkConcurrencyFor, ShopifyEmulatorOptions } from './emulator-options';
export { shopifyFaultInjector } from './fault-bodies';
export {
  gid,
  inventoryLevelGid,
  parseGid,
  SHOPIFY_ID_BASE,
  type ShopifyIdKind,
  shopifyId,
  storeIdFromGid,
  storeIdOf,
} from './gid';
export { createShopifyGraphqlExecutor, GraphqlRequestBody, shopifyAdminSchema } from './graphql-executor';
export { jsonFloat, toJsonText } from './json-text';
export { LeakyBucket, type ThrottleStatus } from './leaky-bucket';
export { graphqlDecimal, restDecimal } from './money-format';
export {
  actualQueryCost,
  MAX_SINGLE_QUERY_COST,
  MUTATION_COST,
  requestedQueryCost,
} from './query-cost';
export {
  renderCollectionNode,
  renderInventoryItemNode,
  renderInventoryLevelNode,
  renderLocationNode,
  renderProductNode,
  renderVariantNode,
} from './render-catalog';
export { abandonedCheckoutUrl, renderAbandonedCheckoutNode } from './render-checkout';
export { renderCustomerNode, renderMailingAddress } from './render-customer';
export {
  renderFulfillmentNode,
  renderFulfillmentOrderNode,
  renderLineItemNode,
  renderOrderNode,
  renderRefundNode,
} from './render-order';
export {
  renderRestInventoryItem,
  renderRestInventoryLevel,
  renderRestProduct,
  renderRestVariant,
} from './rest-catalog';
export { renderRestCheckout } from './rest-checkout';
export type { RestRenderContext } from './rest-context';
export { renderRestCustomer } from './rest-customer';
export { renderRestFulfillment, renderRestLineItem, renderRestOrder, renderRestRefund } from './rest-order';
export { SHOPIFY_ADMIN_SDL } from './schema-sdl';
export { parseSearchQuery, type SearchExpression, SearchSyntaxError } from './search-query';
export {
  createWebhookDispatcher,
  type ShopifyWebhookDelivery,
  type ShopifyWebhookSubscription,
} from './webhook-dispatcher';
export { shopifyWebhookHeaders, shopifyWebhookHmac, verifyShopifyWebhookHmac } from './webhook-signature';
export {
  SHOPIFY_WEBHOOK_TOPICS,
  type ShopifyWebhookEvent,
  type ShopifyWebhookTopic,
  webhooksForChange,
} from './webhook-topics';

export { WooWritableOrderStatus, wooActions } from './actions';
export { oauthQuery, wooAuth } from './auth';
export { wooCredentialsFromAuthCallback } from './auth-callback';
export { classifyWooCommerce } from './classify';
export { type WooCommerceConnector, wooCommerceConnector } from './connector';
export { WooCredentials, WooSettings, wooBaseUrl } from './credentials';
export { toCart } from './map/map-cart';
export { toCustomer } from './map/map-customer';
export { DEFAULT_LOCATION_EXTERNAL_ID, defaultLocation, toInventoryLevels } from './map/map-inventory';
export { couponValueType, simpleVariantExternalId } from './map/map-lines';
export { toOrder } from './map/map-order';
export { IncompleteProductError, toProduct } from './map/map-product';
export { type UnifiedOrderStatus, unifiedOrderStatus } from './map/order-status';
export { WooAuthCallbackBody, WooErrorBody, WooOrderNote, WooWebhook } from './raw/raw-admin';
export { WooCoupon, WooProduct, WooProductRecord, WooVariation } from './raw/raw-catalog';
export { WooCustomer } from './raw/raw-customer';
export { WooOrder, WooOrderRecord, WooRefund } from './raw/raw-order';
export { WOO_PAGE_SIZE } from './streams/list-request';
export {
  isWooWebhookPing,
  verifyWooWebhook,
  WOO_WEBHOOK_TOPICS,
  wooWebhookRecord,
  wooWebhookSignature,
  wooWebhooks,
} from './webhooks';

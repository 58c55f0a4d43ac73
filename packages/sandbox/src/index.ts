// Each emulator's surface is kept by its author in <platform>/index.ts, named so the platforms do not
// clash; re-exporting them whole keeps this entry in step with them.
export * from './amazon/index';
export { DEFAULT_GENERATOR_NOW, type GenerateStoreOptions, generateStore } from './generator/generate-store';
export { createRandom, type Random } from './generator/random';
export { SIZE_PROFILES, type SizeProfile, type StoreSize } from './generator/sizes';
export {
  createFaultInjector,
  FaultConfig,
  type FaultConfigInput,
  type FaultInjector,
  type FaultInjectorOptions,
  type FaultKind,
  type FaultStats,
  type ForcedFault,
} from './http/faults';
export { DROP_CONNECTION_HEADER, type FetchApp } from './http/fetch-app';
export { mswHandlersFor } from './http/msw-handlers';
export { type ServedEmulator, type ServeEmulatorOptions, serveEmulator } from './http/serve-emulator';
export {
  createWebhookSender,
  type DeliveryAttempt,
  type DeliveryRecord,
  type WebhookDelivery,
  type WebhookSender,
  type WebhookSenderOptions,
} from './http/webhook-sender';
export * from './magento/index';
export * from './shopify/index';
export { type Clock, createManualClock, type ManualClock, systemClock, toIso } from './store/clock';
export { SandboxStoreError, type SandboxStoreErrorCode } from './store/errors';
export type * from './store/inputs';
export {
  allocateMinor,
  convertMinor,
  currencyDigits,
  fromMinor,
  multiplyMinor,
  normalizeAmount,
  percentOfMinor,
  toMinor,
} from './store/money';
export { fulfilledQuantities, refundedQuantities } from './store/orders';
export { DEFAULT_SHOP, SandboxStore, type SandboxStoreOptions } from './store/sandbox-store';
export type * from './store/types';
export {
  createWooCommerceEmulator,
  type WooCommerceEmulator,
  type WooCommerceEmulatorControl,
  WooCommerceEmulatorOptions,
} from './woocommerce/emulator';
export { phpJsonEncode } from './woocommerce/php-json';
export { renderWooCustomer } from './woocommerce/render-customer';
export {
  draftOrderId,
  renderWooDraftOrder,
  renderWooOrder,
  renderWooRefund,
  type WooOrderStatus,
  wooOrderStatus,
} from './woocommerce/render-order';
export { renderWooProduct, renderWooVariation, type WooJson } from './woocommerce/render-product';
export { OAUTH_TIMESTAMP_WINDOW_MS } from './woocommerce/woo-auth';
export { type WooErrorCode, WooRestError } from './woocommerce/woo-errors';
export { DRAFT_ORDER_ID_OFFSET, type WooRenderContext } from './woocommerce/woo-format';
export { WooRateLimit } from './woocommerce/woo-rate-limit';
export {
  MAX_DELIVERY_FAILURES,
  WOO_USER_AGENT,
  type WooWebhookTopic,
  wooWebhookSignature,
} from './woocommerce/woo-webhooks';

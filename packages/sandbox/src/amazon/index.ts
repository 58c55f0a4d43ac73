// Public surface of the Amazon Selling Partner API emulator. packages/sandbox/src/index.ts re-exports
// this file whole, so names say "Amazon" where they could clash with the other emulators' exports.
export { amazonOrderId } from './amazon-ids';
export {
  LWA_TOKEN_SECONDS as AMAZON_LWA_TOKEN_SECONDS,
  RDT_SECONDS as AMAZON_RDT_SECONDS,
} from './credentials';
export { type AmazonEmulator, type AmazonEmulatorControl, createAmazonEmulator } from './emulator';
// The cache the emulator reads orders through: tests build the expected pages from the same views.
export {
  type AmazonEmulatorStats,
  createOrderViewCache as createAmazonOrderViewCache,
} from './emulator-context';
export {
  AmazonEmulatorOptions,
  type ResolvedAmazonEmulatorOptions,
  type UsagePlanOverrides as AmazonUsagePlanOverrides,
} from './emulator-options';
export { amazonFaultInjector } from './error-bodies';
export { type OrderChangeInput as AmazonOrderChangeInput, orderChangeNotification } from './notifications';
export { ALL_ORDERS_BY_LAST_UPDATE as AMAZON_ORDER_REPORT_TYPE } from './order-report';
export type { OrderView as AmazonOrderView } from './order-view';
export {
  afnLocationId as amazonAfnLocationId,
  type ListingView as AmazonListingView,
  listingViews as amazonListingViews,
  renderInventorySummary as renderAmazonInventorySummary,
  renderListing as renderAmazonListing,
} from './render-catalog';
export {
  type IncludedData as AmazonIncludedData,
  renderOrder2026 as renderAmazonOrder2026,
  renderOrderItemV0 as renderAmazonOrderItemV0,
  renderOrderV0 as renderAmazonOrderV0,
} from './render-order';
export {
  type AmazonOperation,
  DEFAULT_USAGE_PLANS as AMAZON_DEFAULT_USAGE_PLANS,
  type UsagePlan as AmazonUsagePlan,
} from './usage-plans';

export { amazonConnector } from './amazon-connector';
export {
  inventoryLevelsStream,
  locationsStream,
  productsStream,
} from './catalog-streams';
export { classifyAmazon } from './classify';
export { AmazonCredentials, LWA_ENDPOINT, lwaTokenUrl, SP_API_REGIONS, spApiBase } from './credentials';
export { AMAZON_USER_AGENT, lwaAuth } from './lwa-auth';
export { addressFrom2026, addressFromReport, addressFromV0, splitName } from './map-address';
export {
  catalogSummaryOf,
  listingUpdatedAt,
  mapBuyer,
  mapListing,
  mapNetwork,
  mapStock,
  stockKey,
  stockUpdatedAt,
} from './map-catalog';
export { lineKeyOf, mapOrder2026, mapOrderV0, mapReportOrder, orderFromFacts } from './map-order';
export { mapPackage, packageExternalId, shipmentStatusOf } from './map-shipment';
export {
  type OrderChange,
  OrderChangeNotification,
  type ParsedOrderChange,
  parseOrderChangeNotification,
} from './order-change-notification';
export { AMAZON_RELAY_SIGNATURE_HEADER, amazonRelayHeaders, amazonRelayWebhooks } from './order-change-relay';
export { factsFrom2026, factsFromReport, factsFromV0, type ItemFacts, type OrderFacts } from './order-facts';
export {
  ORDER_REPORT_TYPE,
  OrderReportFormatError,
  OrderReportRecord,
  OrderReportRow,
  parseOrderReport,
} from './order-report';
export {
  AMAZON_ORDER_STATUSES,
  type AmazonOrderStatus,
  statusFrom2026,
  statusFromV0,
  type UnifiedStatuses,
  unifiedStatuses,
} from './order-status';
export { customersStream, orderReadPath, ordersStream, shipmentsStream } from './order-streams';
export {
  OrderWithItemsV0,
  RawCatalogItem,
  RawInventorySummary,
  RawListingsItem,
  RawOrder2026,
  RawOrderItem2026,
  RawOrderItemV0,
  RawOrderV0,
  RawPackage,
} from './raw-schemas';
export { REPORT_WINDOW_MS } from './reports-backfill';
export {
  ORDERS_RDT_REQUEST,
  RestrictedDataTokenRequest,
  RestrictedDataTokenResponse,
} from './restricted-data-token';
export { AmazonSettings, amazonSettingsOf, type ResolvedAmazonSettings } from './settings';
export { BuyerRecord, FulfillmentNetwork, ListingRecord, NetworkRecord, StockRecord } from './stream-records';
export { AMAZON_USAGE_PLANS, type AmazonOperationName, amazonRateLimit, observedRate } from './usage-plans';

export { BASE32_ALPHABET } from './base32';
export { CurrencyCode, currencyDecimals } from './currency';
export { DecimalString, formatDecimal, parseDecimal, type RoundingMode } from './decimal';
export { Address } from './entities/address';
export { Cart, CartLine, CartStatus } from './entities/cart';
export { Collection } from './entities/collection';
export { ConsentState, Customer, MarketingConsent } from './entities/customer';
export { DiscountApplication } from './entities/discount-application';
export { EmailAddress } from './entities/email';
export { type AnyEntity, ENTITY_SCHEMAS, type EntityOf } from './entities/entity-schemas';
export { InventoryLevel } from './entities/inventory-level';
export { LineItem } from './entities/line-item';
export { Location } from './entities/location';
export { FinancialStatus, FulfillmentStatus, Order, OrderStatus } from './entities/order';
export { Product, ProductImage, ProductOption, ProductStatus } from './entities/product';
export { Refund, RefundLine } from './entities/refund';
export { Shipment, ShipmentLine, ShipmentStatus } from './entities/shipment';
export { Store, StoreStatus } from './entities/store';
export { Variant, VariantOption } from './entities/variant';
export { EntityType } from './entity-type';
export {
  CurrencyMismatchError,
  InvalidCurrencyError,
  InvalidDecimalError,
  InvalidEventError,
  InvalidIdError,
  InvalidTimestampError,
  ModelError,
  type ModelErrorCode,
} from './errors';
export {
  BackInStockData,
  CartItemAddedData,
  CategoryViewedData,
  EVENT_DATA,
  InventoryChangedData,
  LowStockData,
  MessageRequestedData,
  PriceDroppedData,
  ProductDeletedData,
  ProductViewedData,
  SearchPerformedData,
  SegmentMembershipData,
  Shopper,
  WaitlistSubscribedData,
  WebhookTestData,
} from './event-data';
export { EventTypePattern, eventTypeMatches } from './event-pattern';
export {
  AnyEvent,
  EVENT_ENTITY_TYPE,
  EVENT_SCHEMAS,
  EventEntityType,
  EventEnvelope,
  EventSource,
  EventType,
  isEventOfType,
  parseEvent,
  type TypedEvent,
} from './events';
export {
  entityId,
  ID_BODY_LENGTH,
  ID_PREFIX,
  type IdKind,
  type IdPrefix,
  LINE_ID_PREFIX,
  type LineKind,
  lineId,
  newId,
  prefixedId,
} from './ids';
export {
  addMoney,
  compareMoney,
  fromMinorUnits,
  isZero,
  Money,
  money,
  multiplyMoney,
  percentOf,
  roundMoney,
  subtractMoney,
  sumMoney,
  toMinorUnits,
} from './money';
export { Platform } from './platform';
export { IsoDateTime, toIsoUtc } from './time';

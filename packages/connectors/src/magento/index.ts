export {
  type AdobeEventClassification,
  AdobeIoEvent,
  AdobeWebhookResponse,
  classifyAdobeIoEvent,
  webhookException,
  webhookSuccess,
} from './adobe-commerce-events';
export {
  MagentoAdminAuth,
  MagentoBearerAuth,
  MagentoCredentials,
  MagentoOAuth1Auth,
  magentoApiBase,
} from './credentials';
export {
  AddOrderCommentInput,
  addOrderComment,
  CreateShipmentInput,
  createShipment,
  SetSourceQuantityInput,
  setSourceQuantity,
} from './magento-actions';
export { magentoAuth } from './magento-auth';
export { magentoConnector } from './magento-connector';
export { MAGENTO_PAGE_SIZE, MagentoResponseShapeError, magentoPagination } from './magento-paging';
export { mapCart } from './map-cart';
export { mapCustomer } from './map-customer';
export { mapSource, mapSourceItem, sourceItemKey } from './map-inventory';
export { mapOrder } from './map-order';
export { mapProduct, optionAttributeCode } from './map-product';
export { mapCreditMemo, mapShipment } from './map-sales-documents';
export { oauth1AuthorizationHeader, oauth1BaseString, percentEncode } from './oauth1-signer';
export { financialStatusOf, fulfillmentStatusOf, MAGENTO_ORDER_STATES, orderStatusOf } from './order-status';
export {
  RawCart,
  RawCreditMemo,
  RawCustomer,
  RawOrder,
  RawProduct,
  RawShipment,
  RawSource,
  RawSourceItem,
} from './raw-schemas';
export { incrementalQuery, searchCriteriaQuery } from './search-query';
export { MagentoSettings, pageSizeOf } from './settings';
export { OrderBundle, ProductFamily, QuoteRecord, SourceItemRecord, SourceRecord } from './stream-records';
export { fromMagentoDate, magentoMoney, toMagentoDate } from './wire-values';

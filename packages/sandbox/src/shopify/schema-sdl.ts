/**
 * The subset of the Shopify Admin GraphQL schema the emulator serves. Names, nullability, enums and
 * argument defaults follow the real schema so queries written against Shopify run unchanged.
 */

const connectionArgs = 'first: Int, last: Int, after: String, before: String, reverse: Boolean = false';

function connection(type: string): string {
  return `
type ${type}Edge { cursor: String! node: ${type}! }
type ${type}Connection { edges: [${type}Edge!]! nodes: [${type}!]! pageInfo: PageInfo! }`;
}

// Every ISO-4217 code the runtime knows, so any store currency renders.
const currencyCodes = Intl.supportedValuesOf('currency').join(' ');

export const SHOPIFY_ADMIN_SDL = /* GraphQL */ `
scalar DateTime
scalar Decimal
scalar Money
scalar URL
scalar HTML
scalar UnsignedInt64

interface Node { id: ID! }

type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }

enum CurrencyCode { ${currencyCodes} }
type MoneyV2 { amount: Decimal! currencyCode: CurrencyCode! }
type MoneyBag { shopMoney: MoneyV2! presentmentMoney: MoneyV2! }

type UserError { field: [String!] message: String! }

type Domain { host: String! url: URL! }
type Shop implements Node {
  id: ID! name: String! email: String! myshopifyDomain: String! currencyCode: CurrencyCode!
  ianaTimezone: String! primaryDomain: Domain!
}

type MailingAddress implements Node {
  id: ID! firstName: String lastName: String name: String company: String address1: String address2: String
  city: String province: String provinceCode: String country: String countryCodeV2: String zip: String
  phone: String
}

enum ProductStatus { ACTIVE ARCHIVED DRAFT }
enum ProductSortKeys { CREATED_AT ID INVENTORY_TOTAL PRODUCT_TYPE PUBLISHED_AT RELEVANCE TITLE UPDATED_AT VENDOR }
enum ProductVariantSortKeys { FULL_TITLE ID INVENTORY_LEVELS_AVAILABLE INVENTORY_MANAGEMENT INVENTORY_POLICY INVENTORY_QUANTITY NAME POPULAR POSITION RELEVANCE SKU TITLE }
enum CollectionSortKeys { ID RELEVANCE TITLE UPDATED_AT }
enum CustomerSortKeys { CREATED_AT ID LOCATION NAME RELEVANCE UPDATED_AT }
enum OrderSortKeys { CREATED_AT CUSTOMER_NAME FINANCIAL_STATUS FULFILLMENT_STATUS ID NUMBER ORDER_NUMBER PROCESSED_AT RELEVANCE TOTAL_PRICE UPDATED_AT }
enum AbandonedCheckoutSortKeys { CHECKOUT_ID CREATED_AT CUSTOMER_NAME ID RELEVANCE TOTAL_PRICE }
enum LocationSortKeys { ID NAME RELEVANCE }
enum InventoryItemSortKeys { ID }

type SelectedOption { name: String! value: String! }
type ProductOption implements Node { id: ID! name: String! position: Int! values: [String!]! }

type Product implements Node {
  id: ID! legacyResourceId: UnsignedInt64! title: String! handle: String! descriptionHtml: HTML!
  vendor: String! productType: String! status: ProductStatus! tags: [String!]!
  createdAt: DateTime! updatedAt: DateTime! publishedAt: DateTime totalInventory: Int! tracksInventory: Boolean!
  options(first: Int): [ProductOption!]!
  variants(${connectionArgs}): ProductVariantConnection!
  collections(${connectionArgs}, sortKey: CollectionSortKeys = ID, query: String): CollectionConnection!
}

type ProductVariant implements Node {
  id: ID! legacyResourceId: UnsignedInt64! title: String! displayName: String! sku: String barcode: String
  price: Money! compareAtPrice: Money position: Int! taxable: Boolean! inventoryQuantity: Int
  selectedOptions: [SelectedOption!]! createdAt: DateTime! updatedAt: DateTime!
  product: Product! inventoryItem: InventoryItem!
}

type Collection implements Node {
  id: ID! legacyResourceId: UnsignedInt64! title: String! handle: String! descriptionHtml: HTML!
  updatedAt: DateTime!
  products(${connectionArgs}, query: String): ProductConnection!
}

enum CustomerEmailMarketingState { INVALID NOT_SUBSCRIBED PENDING REDACTED SUBSCRIBED UNSUBSCRIBED }
enum CustomerSmsMarketingState { NOT_SUBSCRIBED PENDING REDACTED SUBSCRIBED UNSUBSCRIBED }
enum CustomerMarketingOptInLevel { CONFIRMED_OPT_IN SINGLE_OPT_IN UNKNOWN }
enum CustomerConsentCollectedFrom { OTHER SHOPIFY }
enum CustomerState { DECLINED DISABLED ENABLED INVITED }

type CustomerEmailMarketingConsentState {
  marketingState: CustomerEmailMarketingState! marketingOptInLevel: CustomerMarketingOptInLevel
  consentUpdatedAt: DateTime
}
type CustomerSmsMarketingConsentState {
  marketingState: CustomerSmsMarketingState! marketingOptInLevel: CustomerMarketingOptInLevel!
  consentUpdatedAt: DateTime consentCollectedFrom: CustomerConsentCollectedFrom
}

type Customer implements Node {
  id: ID! legacyResourceId: UnsignedInt64! firstName: String lastName: String displayName: String!
  email: String phone: String locale: String! note: String tags: [String!]! state: CustomerState!
  verifiedEmail: Boolean! createdAt: DateTime! updatedAt: DateTime!
  emailMarketingConsent: CustomerEmailMarketingConsentState
  smsMarketingConsent: CustomerSmsMarketingConsentState
  defaultAddress: MailingAddress addresses(first: Int): [MailingAddress!]!
  numberOfOrders: UnsignedInt64! amountSpent: MoneyV2!
  lastOrder: Order
  orders(${connectionArgs}, sortKey: OrderSortKeys = ID, query: String): OrderConnection!
}

enum OrderDisplayFinancialStatus { AUTHORIZED EXPIRED PAID PARTIALLY_PAID PARTIALLY_REFUNDED PENDING REFUNDED VOIDED }
enum OrderDisplayFulfillmentStatus { FULFILLED IN_PROGRESS ON_HOLD OPEN PARTIALLY_FULFILLED PENDING_FULFILLMENT REQUEST_DECLINED RESTOCKED SCHEDULED UNFULFILLED }
enum OrderCancelReason { CUSTOMER DECLINED FRAUD INVENTORY OTHER STAFF }

type TaxLine { title: String! rate: Float ratePercentage: Float priceSet: MoneyBag! }
type ShippingLine {
  id: ID title: String! code: String source: String originalPriceSet: MoneyBag! discountedPriceSet: MoneyBag!
  taxLines: [TaxLine!]!
}

type LineItem implements Node {
  id: ID! name: String! title: String! quantity: Int! currentQuantity: Int! refundableQuantity: Int!
  unfulfilledQuantity: Int! sku: String variantTitle: String vendor: String taxable: Boolean!
  requiresShipping: Boolean!
  variant: ProductVariant product: Product
  originalUnitPriceSet: MoneyBag! discountedUnitPriceSet: MoneyBag! originalTotalSet: MoneyBag!
  discountedTotalSet: MoneyBag! totalDiscountSet: MoneyBag! taxLines(first: Int): [TaxLine!]!
}

enum RefundLineItemRestockType { CANCEL LEGACY_RESTOCK NO_RESTOCK RETURN }
type RefundLineItem {
  id: ID lineItem: LineItem! quantity: Int! restockType: RefundLineItemRestockType! restocked: Boolean!
  priceSet: MoneyBag! subtotalSet: MoneyBag! totalTaxSet: MoneyBag!
}
${connection('RefundLineItem')}

type Refund implements Node {
  id: ID! legacyResourceId: UnsignedInt64! createdAt: DateTime updatedAt: DateTime! note: String
  totalRefundedSet: MoneyBag!
  refundLineItems(${connectionArgs}): RefundLineItemConnection!
  order: Order!
}

enum FulfillmentStatus { CANCELLED ERROR FAILURE OPEN PENDING SUCCESS }
enum FulfillmentDisplayStatus { ATTEMPTED_DELIVERY CANCELED CONFIRMED DELIVERED FAILURE FULFILLED IN_TRANSIT LABEL_PRINTED LABEL_PURCHASED LABEL_VOIDED MARKED_AS_FULFILLED NOT_DELIVERED OUT_FOR_DELIVERY PICKED_UP READY_FOR_PICKUP SUBMITTED }
type FulfillmentTrackingInfo { company: String number: String url: URL }
type FulfillmentLineItem implements Node { id: ID! lineItem: LineItem! quantity: Int }
${connection('FulfillmentLineItem')}

type Fulfillment implements Node {
  id: ID! legacyResourceId: UnsignedInt64! name: String! status: FulfillmentStatus!
  displayStatus: FulfillmentDisplayStatus createdAt: DateTime! updatedAt: DateTime! deliveredAt: DateTime
  inTransitAt: DateTime estimatedDeliveryAt: DateTime totalQuantity: Int!
  trackingInfo(first: Int): [FulfillmentTrackingInfo!]!
  fulfillmentLineItems(${connectionArgs}): FulfillmentLineItemConnection!
  location: Location order: Order!
}

enum FulfillmentOrderStatus { CANCELLED CLOSED INCOMPLETE IN_PROGRESS ON_HOLD OPEN SCHEDULED }
type FulfillmentOrderLineItem implements Node {
  id: ID! totalQuantity: Int! remainingQuantity: Int! lineItem: LineItem! sku: String productTitle: String!
}
${connection('FulfillmentOrderLineItem')}
type FulfillmentOrder implements Node {
  id: ID! status: FulfillmentOrderStatus! createdAt: DateTime! updatedAt: DateTime!
  lineItems(${connectionArgs}): FulfillmentOrderLineItemConnection!
  order: Order!
}
${connection('FulfillmentOrder')}

type Order implements Node {
  id: ID! legacyResourceId: UnsignedInt64! name: String! email: String phone: String
  createdAt: DateTime! updatedAt: DateTime! processedAt: DateTime! cancelledAt: DateTime closedAt: DateTime
  cancelReason: OrderCancelReason closed: Boolean! test: Boolean! confirmed: Boolean!
  displayFinancialStatus: OrderDisplayFinancialStatus displayFulfillmentStatus: OrderDisplayFulfillmentStatus!
  currencyCode: CurrencyCode! presentmentCurrencyCode: CurrencyCode!
  subtotalLineItemsQuantity: Int!
  totalPriceSet: MoneyBag! subtotalPriceSet: MoneyBag totalDiscountsSet: MoneyBag totalShippingPriceSet: MoneyBag!
  totalTaxSet: MoneyBag totalRefundedSet: MoneyBag! totalRefundedShippingSet: MoneyBag!
  currentTotalPriceSet: MoneyBag! totalOutstandingSet: MoneyBag! totalReceivedSet: MoneyBag!
  discountCode: String discountCodes: [String!]! sourceName: String tags: [String!]! note: String
  paymentGatewayNames: [String!]!
  customer: Customer shippingAddress: MailingAddress billingAddress: MailingAddress
  shippingLine: ShippingLine taxLines: [TaxLine!]!
  lineItems(${connectionArgs}): LineItemConnection!
  refunds(first: Int): [Refund!]!
  fulfillments(first: Int): [Fulfillment!]!
  fulfillmentOrders(${connectionArgs}): FulfillmentOrderConnection!
}

type AbandonedCheckoutLineItem implements Node {
  id: ID! title: String! variantTitle: String sku: String quantity: Int!
  variant: ProductVariant product: Product
  originalUnitPriceSet: MoneyBag! originalTotalPriceSet: MoneyBag! discountedTotalPriceSet: MoneyBag!
}

type AbandonedCheckout implements Node {
  id: ID! name: String! abandonedCheckoutUrl: URL! createdAt: DateTime! updatedAt: DateTime!
  completedAt: DateTime note: String taxesIncluded: Boolean!
  customer: Customer billingAddress: MailingAddress shippingAddress: MailingAddress
  subtotalPriceSet: MoneyBag! totalPriceSet: MoneyBag! totalDiscountSet: MoneyBag! totalTaxSet: MoneyBag
  totalLineItemsPriceSet: MoneyBag!
  lineItems(${connectionArgs}): AbandonedCheckoutLineItemConnection!
}

type LocationAddress {
  address1: String address2: String city: String province: String provinceCode: String country: String
  countryCode: String zip: String phone: String formatted: [String!]!
}
type Location implements Node {
  id: ID! legacyResourceId: UnsignedInt64! name: String! isActive: Boolean! fulfillsOnlineOrders: Boolean!
  address: LocationAddress! createdAt: DateTime! updatedAt: DateTime!
  inventoryLevels(${connectionArgs}, query: String): InventoryLevelConnection!
  inventoryLevel(inventoryItemId: ID!): InventoryLevel
}

type InventoryItem implements Node {
  id: ID! legacyResourceId: UnsignedInt64! sku: String tracked: Boolean! requiresShipping: Boolean!
  unitCost: MoneyV2 createdAt: DateTime! updatedAt: DateTime! variant: ProductVariant!
  inventoryLevels(${connectionArgs}, query: String): InventoryLevelConnection!
  inventoryLevel(locationId: ID!): InventoryLevel
}

type InventoryQuantity implements Node { id: ID! name: String! quantity: Int! updatedAt: DateTime }
type InventoryLevel implements Node {
  id: ID! canDeactivate: Boolean! createdAt: DateTime! updatedAt: DateTime!
  item: InventoryItem! location: Location!
  quantities(names: [String!]!): [InventoryQuantity!]!
}

enum BulkOperationStatus { CANCELED CANCELING COMPLETED CREATED EXPIRED FAILED RUNNING }
enum BulkOperationType { MUTATION QUERY }
enum BulkOperationErrorCode { ACCESS_DENIED INTERNAL_SERVER_ERROR TIMEOUT }
type BulkOperation implements Node {
  id: ID! status: BulkOperationStatus! type: BulkOperationType! errorCode: BulkOperationErrorCode
  createdAt: DateTime! completedAt: DateTime objectCount: UnsignedInt64! rootObjectCount: UnsignedInt64!
  fileSize: UnsignedInt64 url: URL partialDataUrl: URL query: String!
}
enum BulkOperationUserErrorCode { INVALID LIMIT_REACHED OPERATION_IN_PROGRESS NO_SUCH_FILE }
type BulkOperationUserError { field: [String!] message: String! code: BulkOperationUserErrorCode }
type BulkOperationRunQueryPayload { bulkOperation: BulkOperation userErrors: [BulkOperationUserError!]! }
type BulkOperationCancelPayload { bulkOperation: BulkOperation userErrors: [UserError!]! }

${['Product', 'ProductVariant', 'Collection', 'Customer', 'Order', 'LineItem', 'AbandonedCheckout', 'AbandonedCheckoutLineItem', 'Location', 'InventoryItem', 'InventoryLevel'].map(connection).join('\n')}

input OrderInput { id: ID! tags: [String!] note: String email: String phone: String }
type OrderUpdatePayload { order: Order userErrors: [UserError!]! }

input FulfillmentOrderLineItemInput { id: ID! quantity: Int! }
input FulfillmentOrderLineItemsInput { fulfillmentOrderId: ID! fulfillmentOrderLineItems: [FulfillmentOrderLineItemInput!] }
input FulfillmentTrackingInput { company: String number: String url: URL numbers: [String!] urls: [URL!] }
input FulfillmentInput {
  lineItemsByFulfillmentOrder: [FulfillmentOrderLineItemsInput!]! trackingInfo: FulfillmentTrackingInput
  notifyCustomer: Boolean = false
}
type FulfillmentCreatePayload { fulfillment: Fulfillment userErrors: [UserError!]! }

input InventoryQuantityInput { inventoryItemId: ID! locationId: ID! quantity: Int! compareQuantity: Int }
input InventorySetQuantitiesInput {
  name: String! reason: String! referenceDocumentUri: String ignoreCompareQuantity: Boolean = false
  quantities: [InventoryQuantityInput!]!
}
type Job { id: ID! done: Boolean! }
enum OrderCancelUserErrorCode { INVALID NOT_FOUND }
type OrderCancelUserError { field: [String!] message: String! code: OrderCancelUserErrorCode }
type OrderCancelPayload { job: Job orderCancelUserErrors: [OrderCancelUserError!]! userErrors: [UserError!]! }

type InventoryChange { name: String! delta: Int! quantityAfterChange: Int item: InventoryItem location: Location }
type InventoryAdjustmentGroup { createdAt: DateTime! reason: String! referenceDocumentUri: String changes(inventoryItemIds: [ID!], locationIds: [ID!], quantityNames: [String!]): [InventoryChange!]! }
type InventorySetQuantitiesUserError { field: [String!] message: String! code: String }
type InventorySetQuantitiesPayload { inventoryAdjustmentGroup: InventoryAdjustmentGroup userErrors: [InventorySetQuantitiesUserError!]! }

enum DiscountBuyerSelection { ALL }
input DiscountCustomersInput { add: [ID!] remove: [ID!] }
input DiscountContextInput { all: DiscountBuyerSelection customers: DiscountCustomersInput }
input DiscountAmountInput { amount: Decimal appliesOnEachItem: Boolean }
input DiscountCustomerGetsValueInput { percentage: Float discountAmount: DiscountAmountInput }
input DiscountProductsInput { productsToAdd: [ID!] productVariantsToAdd: [ID!] }
input DiscountItemsInput { all: Boolean products: DiscountProductsInput }
input DiscountCustomerGetsInput { value: DiscountCustomerGetsValueInput items: DiscountItemsInput }
input DiscountShippingDestinationSelectionInput { all: Boolean }
input DiscountCodeBasicInput {
  title: String code: String startsAt: DateTime endsAt: DateTime usageLimit: Int appliesOncePerCustomer: Boolean
  context: DiscountContextInput customerGets: DiscountCustomerGetsInput
}
input DiscountCodeFreeShippingInput {
  title: String code: String startsAt: DateTime endsAt: DateTime usageLimit: Int appliesOncePerCustomer: Boolean
  context: DiscountContextInput destination: DiscountShippingDestinationSelectionInput
}
enum DiscountStatus { ACTIVE EXPIRED SCHEDULED }
type DiscountRedeemCode { id: ID! code: String! }
type DiscountRedeemCodeConnection { nodes: [DiscountRedeemCode!]! }
type DiscountCodeBasic { title: String! status: DiscountStatus! startsAt: DateTime! endsAt: DateTime usageLimit: Int appliesOncePerCustomer: Boolean! codes(first: Int): DiscountRedeemCodeConnection! }
type DiscountCodeFreeShipping { title: String! status: DiscountStatus! startsAt: DateTime! endsAt: DateTime usageLimit: Int appliesOncePerCustomer: Boolean! codes(first: Int): DiscountRedeemCodeConnection! }
union DiscountCode = DiscountCodeBasic | DiscountCodeFreeShipping
type DiscountCodeNode { id: ID! codeDiscount: DiscountCode! }
type DiscountUserError { field: [String!] message: String! code: String extraInfo: String }
type DiscountCodeBasicCreatePayload { codeDiscountNode: DiscountCodeNode userErrors: [DiscountUserError!]! }
type DiscountCodeFreeShippingCreatePayload { codeDiscountNode: DiscountCodeNode userErrors: [DiscountUserError!]! }

type Query {
  shop: Shop!
  node(id: ID!): Node
  nodes(ids: [ID!]!): [Node]!
  product(id: ID!): Product
  products(${connectionArgs}, sortKey: ProductSortKeys = ID, query: String): ProductConnection!
  productVariant(id: ID!): ProductVariant
  productVariants(${connectionArgs}, sortKey: ProductVariantSortKeys = ID, query: String): ProductVariantConnection!
  collection(id: ID!): Collection
  collections(${connectionArgs}, sortKey: CollectionSortKeys = ID, query: String): CollectionConnection!
  customer(id: ID!): Customer
  customers(${connectionArgs}, sortKey: CustomerSortKeys = ID, query: String): CustomerConnection!
  order(id: ID!): Order
  orders(${connectionArgs}, sortKey: OrderSortKeys = PROCESSED_AT, query: String): OrderConnection!
  abandonedCheckouts(${connectionArgs}, sortKey: AbandonedCheckoutSortKeys = ID, query: String): AbandonedCheckoutConnection!
  location(id: ID): Location
  locations(${connectionArgs}, sortKey: LocationSortKeys = NAME, query: String, includeInactive: Boolean = false): LocationConnection!
  inventoryItem(id: ID!): InventoryItem
  inventoryItems(${connectionArgs}, query: String): InventoryItemConnection!
  inventoryLevel(id: ID!): InventoryLevel
  currentBulkOperation(type: BulkOperationType = QUERY): BulkOperation
  bulkOperation(id: ID!): BulkOperation
}

type Mutation {
  bulkOperationRunQuery(query: String!, groupObjects: Boolean = false): BulkOperationRunQueryPayload
  bulkOperationCancel(id: ID!): BulkOperationCancelPayload
  orderUpdate(input: OrderInput!): OrderUpdatePayload
  fulfillmentCreate(fulfillment: FulfillmentInput!, message: String): FulfillmentCreatePayload
  inventorySetQuantities(input: InventorySetQuantitiesInput!): InventorySetQuantitiesPayload
  orderCancel(orderId: ID!, reason: OrderCancelReason!, refund: Boolean!, restock: Boolean!, notifyCustomer: Boolean = false, staffNote: String): OrderCancelPayload
  discountCodeBasicCreate(basicCodeDiscount: DiscountCodeBasicInput!): DiscountCodeBasicCreatePayload
  discountCodeFreeShippingCreate(freeShippingCodeDiscount: DiscountCodeFreeShippingInput!): DiscountCodeFreeShippingCreatePayload
}
`;

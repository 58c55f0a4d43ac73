/**
 * Platform-neutral sandbox commerce records. Every emulator (Shopify, WooCommerce, …) renders its
 * own wire format from these; nothing here uses one platform's vocabulary.
 *
 * Conventions: ids are positive integers from one sequence per record kind; timestamps are ISO-8601
 * UTC with millisecond precision (`2026-03-01T12:00:00.000Z`); money is a decimal string with the
 * currency's minor-unit precision (`"19.90"`, `"1200"` for JPY). Records are plain JSON values so a
 * store can be snapshotted and compared byte for byte.
 */

/** ISO-8601 UTC timestamp with millisecond precision. */
export type IsoTimestamp = string;
/** Decimal amount as a string with the currency's minor-unit precision. */
export type DecimalString = string;

export interface ShopSettings {
  name: string;
  /** Shop (settlement) currency, ISO-4217. */
  currency: string;
  /** Bare host name the shop is served under, e.g. `sandbox-shop.example`. */
  domain: string;
  /** IANA time zone the shop reports local times in. */
  timeZone: string;
  email: string;
}

export interface Address {
  firstName: string;
  lastName: string;
  company: string;
  address1: string;
  address2: string;
  city: string;
  /** Province/state name, empty when the country has none. */
  province: string;
  /** Province/state code (`CA`), empty when unknown. */
  provinceCode: string;
  postcode: string;
  /** ISO-3166 alpha-2 country code. */
  countryCode: string;
  phone: string;
}

export interface Category {
  id: number;
  name: string;
  slug: string;
  parentId: number | null;
  description: string;
  createdAt: IsoTimestamp;
  updatedAt: IsoTimestamp;
}

export interface Location {
  id: number;
  name: string;
  address: Address;
  active: boolean;
  fulfillsOnlineOrders: boolean;
  createdAt: IsoTimestamp;
  updatedAt: IsoTimestamp;
}

export type ProductStatus = 'active' | 'draft' | 'archived';

export interface ProductOption {
  name: string;
  values: string[];
}

export interface Product {
  id: number;
  title: string;
  /** URL slug (Shopify handle / WooCommerce slug). */
  handle: string;
  descriptionHtml: string;
  /** Vendor or brand. */
  vendor: string;
  productType: string;
  categoryIds: number[];
  tags: string[];
  status: ProductStatus;
  /** Empty for a product sold as one default variant (WooCommerce "simple"). */
  options: ProductOption[];
  /** Variant ids in display order. */
  variantIds: number[];
  imageUrls: string[];
  publishedAt: IsoTimestamp | null;
  createdAt: IsoTimestamp;
  updatedAt: IsoTimestamp;
}

export interface Variant {
  id: number;
  productId: number;
  /** `Default Title` for the single variant of a product without options, else `Red / M`. */
  title: string;
  sku: string;
  barcode: string;
  /** Option values in the order of the product's options. */
  options: string[];
  price: DecimalString;
  compareAtPrice: DecimalString | null;
  /** What the merchant pays per unit (for margin rules); null when unknown. */
  unitCost: DecimalString | null;
  weightGrams: number;
  taxable: boolean;
  requiresShipping: boolean;
  inventoryTracked: boolean;
  position: number;
  createdAt: IsoTimestamp;
  updatedAt: IsoTimestamp;
}

export interface InventoryLevel {
  id: number;
  variantId: number;
  locationId: number;
  /** May go negative: the sandbox oversells like a "continue selling" inventory policy. */
  available: number;
  createdAt: IsoTimestamp;
  updatedAt: IsoTimestamp;
}

export type MarketingState = 'subscribed' | 'not_subscribed' | 'unsubscribed' | 'pending';
export type MarketingOptInLevel = 'single_opt_in' | 'confirmed_opt_in' | 'unknown';

export interface MarketingConsent {
  state: MarketingState;
  optInLevel: MarketingOptInLevel | null;
  /** When the state last changed; null when never recorded. */
  consentUpdatedAt: IsoTimestamp | null;
}

export interface Customer {
  id: number;
  email: string | null;
  phone: string | null;
  firstName: string;
  lastName: string;
  /** BCP-47 locale, e.g. `en-US`, `de-DE`. */
  locale: string;
  /** IANA time zone, null when unknown. */
  timeZone: string | null;
  addresses: Address[];
  /** Index into `addresses` of the default address, null when there is none. */
  defaultAddressIndex: number | null;
  emailMarketing: MarketingConsent;
  smsMarketing: MarketingConsent;
  tags: string[];
  note: string;
  verifiedEmail: boolean;
  createdAt: IsoTimestamp;
  updatedAt: IsoTimestamp;
}

export type FinancialState = 'pending' | 'authorized' | 'paid' | 'partially_refunded' | 'refunded' | 'voided';

export type FulfillmentState = 'unfulfilled' | 'partially_fulfilled' | 'fulfilled';

export type DiscountType = 'percentage' | 'fixed_amount';

export interface DiscountCode {
  code: string;
  type: DiscountType;
  /** Percent (`"10"`) or a fixed amount in the order currency (`"5.00"`). */
  value: DecimalString;
  /** What the code took off this order. */
  amount: DecimalString;
}

export interface OrderLine {
  id: number;
  /** May reference a product deleted since the order was placed. */
  productId: number;
  /** May reference a variant deleted since the order was placed. */
  variantId: number;
  /** Product title at the time of purchase. */
  title: string;
  /** Variant title at the time of purchase, null for a default variant. */
  variantTitle: string | null;
  sku: string;
  vendor: string;
  quantity: number;
  /** Unit price at the time of purchase; `"0.00"` for free items. */
  price: DecimalString;
  /** Share of the order's discount codes allocated to this line. */
  discount: DecimalString;
  /** Tax on this line after discount. */
  tax: DecimalString;
  taxable: boolean;
  requiresShipping: boolean;
  /** Location the stock was taken from. */
  locationId: number | null;
}

export interface ShippingLine {
  title: string;
  code: string;
  price: DecimalString;
  tax: DecimalString;
}

export interface RefundLine {
  lineId: number;
  quantity: number;
  /** Line amount refunded before tax. */
  subtotal: DecimalString;
  tax: DecimalString;
  restock: boolean;
}

export interface Refund {
  id: number;
  orderId: number;
  reason: string;
  /** Total money returned to the buyer by this refund (lines + tax + shipping, or a bare amount). */
  amount: DecimalString;
  lines: RefundLine[];
  shippingAmount: DecimalString;
  createdAt: IsoTimestamp;
}

export type ShipmentStatus =
  | 'pending'
  | 'in_transit'
  | 'out_for_delivery'
  | 'delivered'
  | 'failure'
  | 'cancelled';

export interface FulfillmentLine {
  lineId: number;
  quantity: number;
}

export interface Fulfillment {
  id: number;
  orderId: number;
  status: ShipmentStatus;
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  locationId: number | null;
  lines: FulfillmentLine[];
  deliveredAt: IsoTimestamp | null;
  createdAt: IsoTimestamp;
  updatedAt: IsoTimestamp;
}

export type CancelReason = 'customer' | 'fraud' | 'inventory' | 'declined' | 'other';

export type OrderSource = 'web' | 'pos' | 'api' | 'checkout';

export interface Order {
  id: number;
  /** Sequential human-facing number (`1001`), distinct from the id. */
  number: number;
  /** Null for a guest checkout. */
  customerId: number | null;
  /** Contact email (the customer's at purchase time, or the guest's); null when none was given. */
  email: string | null;
  phone: string | null;
  billingAddress: Address | null;
  shippingAddress: Address | null;
  /** Shop currency all amounts are in. */
  currency: string;
  /** Currency the buyer saw. Equal to `currency` unless the order was placed in another market. */
  presentmentCurrency: string;
  /** Units of presentment currency per unit of shop currency (`"1"` when the same). */
  exchangeRate: DecimalString;
  lines: OrderLine[];
  discountCodes: DiscountCode[];
  /** Sum of line price × quantity before discounts. */
  lineItemsSubtotal: DecimalString;
  totalDiscounts: DecimalString;
  shipping: ShippingLine | null;
  /** Tax on lines and shipping. Prices are tax-exclusive. */
  totalTax: DecimalString;
  /** lineItemsSubtotal − totalDiscounts + shipping + totalTax. */
  total: DecimalString;
  /** Sum of refund amounts. */
  totalRefunded: DecimalString;
  financialState: FinancialState;
  fulfillmentState: FulfillmentState;
  refunds: Refund[];
  fulfillments: Fulfillment[];
  paymentMethod: string;
  source: OrderSource;
  note: string;
  tags: string[];
  /** Cart this order was converted from, if any. */
  cartId: number | null;
  cancelReason: CancelReason | null;
  processedAt: IsoTimestamp;
  paidAt: IsoTimestamp | null;
  /** Set when the order is fully fulfilled or cancelled (Shopify's auto-archive default). */
  closedAt: IsoTimestamp | null;
  cancelledAt: IsoTimestamp | null;
  createdAt: IsoTimestamp;
  updatedAt: IsoTimestamp;
}

export type CartStatus = 'open' | 'converted' | 'abandoned';

export interface CartLine {
  id: number;
  productId: number;
  variantId: number;
  title: string;
  variantTitle: string | null;
  sku: string;
  quantity: number;
  price: DecimalString;
}

export interface Cart {
  id: number;
  /** Opaque recovery token used to build the platform's recovery URL. */
  token: string;
  status: CartStatus;
  /** Null for a guest. */
  customerId: number | null;
  email: string | null;
  phone: string | null;
  currency: string;
  lines: CartLine[];
  subtotal: DecimalString;
  shippingAddress: Address | null;
  abandonedAt: IsoTimestamp | null;
  completedAt: IsoTimestamp | null;
  convertedOrderId: number | null;
  createdAt: IsoTimestamp;
  updatedAt: IsoTimestamp;
}

/** The record kinds a change event can be about. */
export type StoreRecordKind =
  | 'category'
  | 'location'
  | 'product'
  | 'variant'
  | 'inventory_level'
  | 'customer'
  | 'order'
  | 'cart';

export type StoreChangeAction = 'created' | 'updated' | 'deleted';

/** The store mutation that caused a change; lets emulators choose topics like `refunds/create`. */
export type StoreMutation =
  | 'createCategory'
  | 'createLocation'
  | 'createProduct'
  | 'updateProduct'
  | 'deleteProduct'
  | 'changePrice'
  | 'setInventory'
  | 'restock'
  | 'createCustomer'
  | 'updateCustomer'
  | 'placeOrder'
  | 'markPaid'
  | 'updateOrder'
  | 'refundOrder'
  | 'fulfillOrder'
  | 'markDelivered'
  | 'cancelOrder'
  | 'createCart'
  | 'updateCart'
  | 'abandonCart'
  | 'convertCart';

export interface StoreChange {
  kind: StoreRecordKind;
  action: StoreChangeAction;
  id: number;
  cause: StoreMutation;
  /** The record's updatedAt after the change (the change time for deletions). */
  at: IsoTimestamp;
  /** The sub-record created by the mutation: the refund of `refundOrder`, the fulfillment of `fulfillOrder`/`markDelivered`. */
  related?: { kind: 'refund' | 'fulfillment'; id: number };
}

export type StoreChangeListener = (change: StoreChange) => void;

/** Everything in a store as plain JSON, in id order; two equal stores serialize identically. */
export interface StoreSnapshot {
  shop: ShopSettings;
  categories: Category[];
  locations: Location[];
  products: Product[];
  variants: Variant[];
  inventoryLevels: InventoryLevel[];
  customers: Customer[];
  orders: Order[];
  carts: Cart[];
  /** Next id per sequence, so a restored store continues numbering where it stopped. */
  sequences: Record<string, number>;
}

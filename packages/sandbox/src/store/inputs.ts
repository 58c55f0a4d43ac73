import type {
  Address,
  CancelReason,
  DecimalString,
  DiscountType,
  FinancialState,
  MarketingConsent,
  OrderSource,
  ProductOption,
  ProductStatus,
  ShipmentStatus,
} from './types';

// Inputs of the store's mutation API. Optional fields get documented defaults; ids and timestamps
// are always assigned by the store.

export interface CreateCategoryInput {
  name: string;
  slug?: string;
  parentId?: number | null;
  description?: string;
}

export interface CreateLocationInput {
  name: string;
  address: Address;
  /** @default true */
  active?: boolean;
  /** @default true */
  fulfillsOnlineOrders?: boolean;
}

export interface CreateVariantInput {
  sku: string;
  barcode?: string;
  /** Values in the order of the product's options; empty for a default variant. */
  options?: string[];
  price: DecimalString;
  compareAtPrice?: DecimalString | null;
  unitCost?: DecimalString | null;
  /** @default 0 */
  weightGrams?: number;
  /** @default true */
  taxable?: boolean;
  /** @default true */
  requiresShipping?: boolean;
  /** @default true */
  inventoryTracked?: boolean;
  /** Starting stock per location id; locations not listed start at 0. */
  stock?: Record<number, number>;
}

export interface CreateProductInput {
  title: string;
  handle?: string;
  descriptionHtml?: string;
  vendor?: string;
  productType?: string;
  categoryIds?: number[];
  tags?: string[];
  /** @default 'active' */
  status?: ProductStatus;
  /** Omit (or pass []) for a product with one default variant. */
  options?: ProductOption[];
  variants: CreateVariantInput[];
  imageUrls?: string[];
}

export interface UpdateProductInput {
  title?: string;
  descriptionHtml?: string;
  vendor?: string;
  productType?: string;
  categoryIds?: number[];
  tags?: string[];
  status?: ProductStatus;
}

export interface ChangePriceInput {
  price: DecimalString;
  /** Omit to keep the current compare-at price; null clears it. */
  compareAtPrice?: DecimalString | null;
  unitCost?: DecimalString | null;
}

export interface CreateCustomerInput {
  email?: string | null;
  phone?: string | null;
  firstName?: string;
  lastName?: string;
  /** @default 'en-US' */
  locale?: string;
  timeZone?: string | null;
  addresses?: Address[];
  emailMarketing?: Partial<MarketingConsent>;
  smsMarketing?: Partial<MarketingConsent>;
  tags?: string[];
  note?: string;
  /** @default true */
  verifiedEmail?: boolean;
}

export type UpdateCustomerInput = Partial<CreateCustomerInput> & { defaultAddressIndex?: number | null };

export interface OrderLineInput {
  variantId: number;
  quantity: number;
  /** Unit price; defaults to the variant's current price. */
  price?: DecimalString;
}

export interface DiscountCodeInput {
  code: string;
  type: DiscountType;
  /** Percent for `percentage` (`"10"`), amount in the shop currency for `fixed_amount`. */
  value: DecimalString;
}

export interface ShippingInput {
  title: string;
  code: string;
  price: DecimalString;
}

export interface PlaceOrderInput {
  /** Omit or null for a guest checkout. */
  customerId?: number | null;
  /** Defaults to the customer's email; required contact for guests is not enforced (some have none). */
  email?: string | null;
  phone?: string | null;
  lines: OrderLineInput[];
  discountCodes?: DiscountCodeInput[];
  shipping?: ShippingInput | null;
  /** Tax rate applied to taxable lines and shipping, e.g. `"0.2"`. @default "0" */
  taxRate?: DecimalString;
  /** @default the shop currency */
  presentmentCurrency?: string;
  /** Presentment units per shop unit. @default "1" */
  exchangeRate?: DecimalString;
  billingAddress?: Address | null;
  /** Defaults to the billing address when any line requires shipping. */
  shippingAddress?: Address | null;
  /** `pending`/`authorized` leave payment for {@link SandboxStore.markPaid}. @default 'paid' */
  financialState?: Extract<FinancialState, 'pending' | 'authorized' | 'paid'>;
  /** @default 'credit_card' */
  paymentMethod?: string;
  /** @default 'web' */
  source?: OrderSource;
  note?: string;
  tags?: string[];
}

export interface RefundLineInput {
  lineId: number;
  quantity: number;
  /** Put the units back into stock at the line's location. @default true */
  restock?: boolean;
}

/**
 * A refund. With `lines`, refunds those units (their discounted price plus tax); with `amount` only,
 * refunds that bare amount (goodwill/partial refund); with neither, refunds everything not yet
 * refunded, shipping included.
 */
export interface RefundOrderInput {
  lines?: RefundLineInput[];
  amount?: DecimalString;
  /** Also refund this much shipping (or `true` for all remaining shipping). */
  shipping?: DecimalString | boolean;
  reason?: string;
}

export interface FulfillOrderInput {
  /** Omit to fulfil every unfulfilled unit. */
  lines?: { lineId: number; quantity: number }[];
  carrier?: string | null;
  trackingNumber?: string | null;
  trackingUrl?: string | null;
  locationId?: number | null;
  /** @default 'in_transit' when a tracking number is given, else 'pending' */
  status?: Extract<ShipmentStatus, 'pending' | 'in_transit' | 'out_for_delivery'>;
}

export interface CancelOrderInput {
  /** @default 'customer' */
  reason?: CancelReason;
  /** Refund what was paid. @default true */
  refund?: boolean;
  /** Return unfulfilled units to stock. @default true */
  restock?: boolean;
}

export interface UpdateOrderInput {
  note?: string;
  tags?: string[];
  email?: string | null;
  phone?: string | null;
  shippingAddress?: Address | null;
  billingAddress?: Address | null;
}

export interface CartLineInput {
  variantId: number;
  quantity: number;
}

export interface CreateCartInput {
  customerId?: number | null;
  email?: string | null;
  phone?: string | null;
  lines: CartLineInput[];
  shippingAddress?: Address | null;
}

export interface UpdateCartInput {
  /** Replaces all lines. */
  lines?: CartLineInput[];
  customerId?: number | null;
  email?: string | null;
  phone?: string | null;
  shippingAddress?: Address | null;
}

/** Order options used when a cart converts; lines, contact and address come from the cart. */
export type ConvertCartInput = Omit<PlaceOrderInput, 'lines' | 'customerId' | 'email' | 'phone'>;

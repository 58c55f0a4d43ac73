/**
 * REST/webhook bodies (snake_case, numeric ids) rewritten into the GraphQL shapes the mappers read, so a
 * webhook and a sync of the same object go through one mapper and give one normalized entity.
 * Bodies must be parsed big-int-safe (ids beyond 2^53 arrive as strings); ids are taken from
 * `admin_graphql_api_id` where present.
 */
import { money, sumMoney } from '@cartwire/model';
import { z } from 'zod';
import type { RawMailingAddress } from './raw-address';
import type { RawCheckout } from './raw-checkout';
import type { RawCustomer } from './raw-customer';
import type { RawInventoryLevel } from './raw-inventory';
import type { RawFulfillment, RawLineItem, RawOrder, RawRefund } from './raw-order';
import type { RawProduct, RawVariant } from './raw-product';
import { gidParams, numericIdOf, toGid } from './shopify-ids';
import type { RawMoneyBag } from './shopify-money';

const Id = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);
const Text = z.string().nullish();
const RestMoney = z.object({
  amount: z.union([z.string(), z.number()]).transform(String),
  currency_code: z.string(),
});
const RestMoneySet = z.object({ shop_money: RestMoney, presentment_money: RestMoney.optional() });
type RestMoneySet = z.infer<typeof RestMoneySet>;
const Decimal = z.union([z.string(), z.number()]).transform(String);

const RestAddress = z.looseObject({
  first_name: Text,
  last_name: Text,
  company: Text,
  address1: Text,
  address2: Text,
  city: Text,
  province: Text,
  province_code: Text,
  country_code: Text,
  zip: Text,
  phone: Text,
});

function bag(set: RestMoneySet | null | undefined): RawMoneyBag | null {
  if (!set) return null;
  return {
    shopMoney: { amount: set.shop_money.amount, currencyCode: set.shop_money.currency_code },
    ...(set.presentment_money
      ? {
          presentmentMoney: {
            amount: set.presentment_money.amount,
            currencyCode: set.presentment_money.currency_code,
          },
        }
      : {}),
  };
}

function shopBag(amount: string, currency: string): RawMoneyBag {
  return { shopMoney: { amount, currencyCode: currency } };
}

function address(raw: z.infer<typeof RestAddress> | null | undefined): RawMailingAddress | null {
  if (!raw) return null;
  return {
    firstName: raw.first_name,
    lastName: raw.last_name,
    company: raw.company,
    address1: raw.address1,
    address2: raw.address2,
    city: raw.city,
    province: raw.province,
    provinceCode: raw.province_code,
    countryCodeV2: raw.country_code,
    zip: raw.zip,
    phone: raw.phone,
  };
}

/** Shopify REST tags are one comma-separated string. */
function tagsOf(value: string | null | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

function gidOf(
  kind: string,
  record: { id: string; admin_graphql_api_id?: string | null | undefined },
): string {
  return record.admin_graphql_api_id ?? toGid(kind, record.id);
}

const Upper = (value: string | null | undefined) => (value ? value.toUpperCase() : null);

// ---- orders, refunds, fulfillments ------------------------------------------------------------

const RestTaxLine = z.looseObject({ price_set: RestMoneySet.nullish() });
const RestLineItem = z.looseObject({
  id: Id,
  admin_graphql_api_id: Text,
  title: z.string(),
  variant_title: Text,
  sku: Text,
  quantity: z.number().int().nonnegative(),
  requires_shipping: z.boolean().optional(),
  variant_id: Id.nullish(),
  product_id: Id.nullish(),
  price: Decimal.optional(),
  price_set: RestMoneySet.nullish(),
  tax_lines: z.array(RestTaxLine).default([]),
  discount_allocations: z.array(z.looseObject({ amount_set: RestMoneySet.nullish() })).default([]),
});

const RestRefund = z.looseObject({
  id: Id,
  admin_graphql_api_id: Text,
  created_at: Text,
  note: Text,
  refund_line_items: z
    .array(
      z.looseObject({
        quantity: z.number().int().nonnegative(),
        line_item_id: Id,
        restock_type: Text,
        subtotal_set: RestMoneySet,
        total_tax_set: RestMoneySet.nullish(),
      }),
    )
    .default([]),
  transactions: z
    .array(z.looseObject({ kind: Text, status: Text, amount: Decimal, currency: z.string() }))
    .default([]),
});

const RestFulfillment = z.looseObject({
  id: Id,
  admin_graphql_api_id: Text,
  status: z.string(),
  shipment_status: Text,
  created_at: z.string(),
  updated_at: z.string(),
  tracking_company: Text,
  tracking_number: Text,
  tracking_url: Text,
  line_items: z.array(z.looseObject({ id: Id, quantity: z.number().int() })).default([]),
});

export const RestOrder = z.looseObject({
  id: Id,
  admin_graphql_api_id: Text,
  name: z.string(),
  email: Text,
  contact_email: Text,
  phone: Text,
  created_at: Text,
  updated_at: z.string(),
  processed_at: Text,
  cancelled_at: Text,
  closed_at: Text,
  financial_status: Text,
  fulfillment_status: Text,
  currency: z.string(),
  presentment_currency: Text,
  discount_codes: z.array(z.looseObject({ code: z.string() })).default([]),
  source_name: Text,
  tags: Text,
  note: Text,
  total_price_set: RestMoneySet,
  subtotal_price_set: RestMoneySet.nullish(),
  total_discounts_set: RestMoneySet.nullish(),
  total_shipping_price_set: RestMoneySet.nullish(),
  total_tax_set: RestMoneySet.nullish(),
  customer: z.looseObject({ id: Id, admin_graphql_api_id: Text }).nullish(),
  shipping_address: RestAddress.nullish(),
  billing_address: RestAddress.nullish(),
  line_items: z.array(RestLineItem).default([]),
  refunds: z.array(RestRefund).default([]),
  fulfillments: z.array(RestFulfillment).default([]),
});

const REST_FULFILLMENT_STATUS: Record<string, string> = {
  fulfilled: 'FULFILLED',
  partial: 'PARTIALLY_FULFILLED',
  restocked: 'RESTOCKED',
  on_hold: 'ON_HOLD',
  scheduled: 'SCHEDULED',
  unfulfilled: 'UNFULFILLED',
};

function lineItem(raw: z.infer<typeof RestLineItem>, currency: string): RawLineItem {
  const discount = sumMoney(
    raw.discount_allocations.flatMap((allocation) =>
      allocation.amount_set
        ? [money(allocation.amount_set.shop_money.amount, allocation.amount_set.shop_money.currency_code)]
        : [],
    ),
    currency,
  );
  return {
    id: gidOf('LineItem', raw),
    title: raw.title,
    variantTitle: raw.variant_title,
    sku: raw.sku,
    quantity: raw.quantity,
    requiresShipping: raw.requires_shipping ?? true,
    variant: raw.variant_id ? { id: toGid('ProductVariant', raw.variant_id) } : null,
    product: raw.product_id ? { id: toGid('Product', raw.product_id) } : null,
    originalUnitPriceSet:
      bag(raw.price_set) ?? (raw.price === undefined ? null : shopBag(raw.price, currency)),
    // Shopify reports discounts on REST lines as allocations; `total_discount` stays "0.00".
    totalDiscountSet: shopBag(discount.amount, currency),
    taxLines: raw.tax_lines.flatMap((tax) => {
      const priceSet = bag(tax.price_set);
      return priceSet ? [{ priceSet }] : [];
    }),
  };
}

function refund(raw: z.infer<typeof RestRefund>, currency: string): RawRefund {
  const paid = raw.transactions.filter(
    (transaction) => transaction.kind === 'refund' && transaction.status === 'success',
  );
  const total =
    paid.length > 0
      ? sumMoney(
          paid.map((transaction) => money(transaction.amount, transaction.currency)),
          currency,
        )
      : sumMoney(
          raw.refund_line_items.flatMap((line) => [
            money(line.subtotal_set.shop_money.amount, currency),
            money(line.total_tax_set?.shop_money.amount ?? '0', currency),
          ]),
          currency,
        );
  return {
    id: gidOf('Refund', raw),
    createdAt: raw.created_at,
    updatedAt: null,
    note: raw.note,
    totalRefundedSet: shopBag(total.amount, currency),
    refundLineItems: {
      nodes: raw.refund_line_items.map((line) => ({
        quantity: line.quantity,
        // Every restock type other than no_restock put the units back (return, cancel, legacy_restock).
        restocked: (line.restock_type ?? 'no_restock') !== 'no_restock',
        lineItem: { id: toGid('LineItem', line.line_item_id) },
        subtotalSet: bag(line.subtotal_set) ?? shopBag('0', currency),
        totalTaxSet: bag(line.total_tax_set),
      })),
    },
  };
}

function fulfillment(raw: z.infer<typeof RestFulfillment>): RawFulfillment {
  const status = raw.status.toUpperCase();
  const lifecycleDisplay: Record<string, string> = {
    SUCCESS: 'FULFILLED',
    CANCELLED: 'CANCELED',
    FAILURE: 'FAILURE',
    ERROR: 'FAILURE',
  };
  const hasTracking = raw.tracking_company || raw.tracking_number || raw.tracking_url;
  return {
    id: gidOf('Fulfillment', raw),
    status,
    displayStatus: Upper(raw.shipment_status) ?? lifecycleDisplay[status] ?? null,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
    inTransitAt: null,
    // REST carries no delivery time; a delivered fulfilment's last update is when it was marked delivered.
    deliveredAt: raw.shipment_status === 'delivered' ? raw.updated_at : null,
    trackingInfo: hasTracking
      ? [{ company: raw.tracking_company, number: raw.tracking_number, url: raw.tracking_url }]
      : [],
    fulfillmentLineItems: {
      nodes: raw.line_items.map((line) => ({
        quantity: line.quantity,
        lineItem: { id: toGid('LineItem', line.id) },
      })),
    },
  };
}

/** A REST order body (`orders/*` webhooks) in the GraphQL order shape. */
export function restOrderToRaw(body: unknown): RawOrder {
  const raw = RestOrder.parse(body);
  const currency = raw.currency;
  return {
    id: gidOf('Order', raw),
    name: raw.name,
    email: raw.email ?? raw.contact_email,
    phone: raw.phone,
    createdAt: raw.created_at ?? raw.updated_at,
    updatedAt: raw.updated_at,
    processedAt: raw.processed_at,
    cancelledAt: raw.cancelled_at,
    closedAt: raw.closed_at,
    displayFinancialStatus: Upper(raw.financial_status),
    displayFulfillmentStatus:
      REST_FULFILLMENT_STATUS[raw.fulfillment_status ?? 'unfulfilled'] ?? 'UNFULFILLED',
    currencyCode: currency,
    presentmentCurrencyCode: raw.presentment_currency ?? currency,
    discountCodes: raw.discount_codes.map((discount) => discount.code),
    sourceName: raw.source_name,
    tags: tagsOf(raw.tags),
    note: raw.note,
    totalPriceSet: bag(raw.total_price_set) ?? shopBag('0', currency),
    subtotalPriceSet: bag(raw.subtotal_price_set),
    totalDiscountsSet: bag(raw.total_discounts_set),
    totalShippingPriceSet: bag(raw.total_shipping_price_set),
    totalTaxSet: bag(raw.total_tax_set),
    totalRefundedSet: null,
    customer: raw.customer ? { id: gidOf('Customer', raw.customer) } : null,
    shippingAddress: address(raw.shipping_address),
    billingAddress: address(raw.billing_address),
    lineItems: { nodes: raw.line_items.map((line) => lineItem(line, currency)) },
    refunds: raw.refunds.map((entry) => refund(entry, currency)),
    fulfillments: raw.fulfillments.map(fulfillment),
  };
}

/** A `refunds/create` body with the order it belongs to (`order_id`), in the GraphQL refund shape. */
export function restRefundToRaw(body: unknown, currency: string): { orderId: string; refund: RawRefund } {
  const raw = RestRefund.extend({ order_id: Id }).parse(body);
  return { orderId: raw.order_id, refund: refund(raw, currency) };
}

/** A `fulfillments/*` body with its `order_id`, in the GraphQL fulfillment shape. */
export function restFulfillmentToRaw(body: unknown): { orderId: string; fulfillment: RawFulfillment } {
  const raw = RestFulfillment.extend({ order_id: Id }).parse(body);
  return { orderId: raw.order_id, fulfillment: fulfillment(raw) };
}

// ---- customers -------------------------------------------------------------------------------

const RestConsent = z.looseObject({
  state: z.string(),
  opt_in_level: Text,
  consent_updated_at: Text,
  consent_collected_from: Text,
});

export const RestCustomer = z.looseObject({
  id: Id,
  admin_graphql_api_id: Text,
  email: Text,
  phone: Text,
  first_name: Text,
  last_name: Text,
  created_at: Text,
  updated_at: z.string(),
  orders_count: z.number().int().nonnegative().nullish(),
  total_spent: Decimal.nullish(),
  currency: Text,
  tags: Text,
  locale: Text,
  email_marketing_consent: RestConsent.nullish(),
  sms_marketing_consent: RestConsent.nullish(),
  default_address: RestAddress.nullish(),
});

function consent(raw: z.infer<typeof RestConsent> | null | undefined) {
  if (!raw) return null;
  return {
    marketingState: raw.state.toUpperCase(),
    marketingOptInLevel: Upper(raw.opt_in_level),
    consentUpdatedAt: raw.consent_updated_at,
    consentCollectedFrom: raw.consent_collected_from,
  };
}

/** A REST customer body (`customers/*` webhooks) in the GraphQL customer shape. */
export function restCustomerToRaw(body: unknown): RawCustomer {
  const raw = RestCustomer.parse(body);
  return {
    id: gidOf('Customer', raw),
    firstName: raw.first_name,
    lastName: raw.last_name,
    email: raw.email,
    phone: raw.phone,
    locale: raw.locale,
    tags: tagsOf(raw.tags),
    createdAt: raw.created_at ?? raw.updated_at,
    updatedAt: raw.updated_at,
    numberOfOrders: raw.orders_count ?? null,
    amountSpent:
      raw.total_spent != null && raw.currency
        ? { amount: raw.total_spent, currencyCode: raw.currency }
        : null,
    emailMarketingConsent: consent(raw.email_marketing_consent),
    smsMarketingConsent: consent(raw.sms_marketing_consent),
    defaultAddress: address(raw.default_address),
  };
}

// ---- products --------------------------------------------------------------------------------

const RestVariant = z.looseObject({
  id: Id,
  admin_graphql_api_id: Text,
  title: z.string(),
  sku: Text,
  barcode: Text,
  price: Decimal,
  compare_at_price: Decimal.nullish(),
  position: z.number().int(),
  inventory_quantity: z.number().int().nullish(),
  inventory_management: Text,
  created_at: Text,
  updated_at: Text,
  option1: Text,
  option2: Text,
  option3: Text,
});

export const RestProduct = z.looseObject({
  id: Id,
  admin_graphql_api_id: Text,
  title: z.string(),
  handle: Text,
  body_html: Text,
  vendor: Text,
  product_type: Text,
  status: z.enum(['active', 'archived', 'draft']),
  tags: Text,
  created_at: Text,
  updated_at: z.string(),
  published_at: Text,
  options: z.array(z.looseObject({ name: z.string(), values: z.array(z.string()).default([]) })).default([]),
  variants: z.array(RestVariant).default([]),
});

/**
 * A REST product body (`products/*` webhooks) in the GraphQL product shape. REST prices are bare
 * decimals like GraphQL's, in the shop currency, which the body does not name: the caller passes it.
 */
export function restProductToRaw(body: unknown, shopCurrencyCode: string): RawProduct {
  const raw = RestProduct.parse(body);
  const optionNames = raw.options.map((option) => option.name);
  const variants: RawVariant[] = raw.variants.map((variant) => ({
    id: gidOf('ProductVariant', variant),
    title: variant.title,
    sku: variant.sku,
    barcode: variant.barcode,
    price: variant.price,
    compareAtPrice: variant.compare_at_price,
    position: variant.position,
    inventoryQuantity: variant.inventory_quantity,
    createdAt: variant.created_at ?? raw.created_at ?? raw.updated_at,
    updatedAt: variant.updated_at ?? raw.updated_at,
    selectedOptions: [variant.option1, variant.option2, variant.option3].flatMap((value, index) => {
      const name = optionNames[index];
      return name !== undefined && value ? [{ name, value }] : [];
    }),
    inventoryItem:
      variant.inventory_management === undefined
        ? null
        : { tracked: variant.inventory_management === 'shopify' },
  }));
  return {
    id: gidOf('Product', raw),
    title: raw.title,
    handle: raw.handle,
    descriptionHtml: raw.body_html,
    vendor: raw.vendor,
    productType: raw.product_type,
    status: raw.status.toUpperCase() as RawProduct['status'],
    tags: tagsOf(raw.tags),
    // Webhook samples leave created_at null; the first version of a product was created when it was updated.
    createdAt: raw.created_at ?? raw.updated_at,
    updatedAt: raw.updated_at,
    publishedAt: raw.published_at,
    options: raw.options.map((option) => ({ name: option.name, values: option.values })),
    variants: { nodes: variants },
    shopCurrencyCode,
  };
}

// ---- checkouts -------------------------------------------------------------------------------

export const RestCheckout = z.looseObject({
  id: Id,
  abandoned_checkout_url: Text,
  created_at: z.string(),
  updated_at: z.string(),
  completed_at: Text,
  email: Text,
  phone: Text,
  currency: z.string(),
  customer: z.looseObject({ id: Id, admin_graphql_api_id: Text, email: Text, phone: Text }).nullish(),
  shipping_address: RestAddress.nullish(),
  billing_address: RestAddress.nullish(),
  subtotal_price: Decimal,
  total_price: Decimal,
  total_discounts: Decimal.nullish(),
  total_tax: Decimal.nullish(),
  line_items: z
    .array(
      z.looseObject({
        key: z.string(),
        title: z.string(),
        variant_title: Text,
        sku: Text,
        quantity: z.number().int().nonnegative(),
        variant_id: Id.nullish(),
        product_id: Id.nullish(),
        price: Decimal,
      }),
    )
    .default([]),
});

/** A REST abandoned checkout (`checkouts/*` webhooks) in the GraphQL `AbandonedCheckout` shape. */
export function restCheckoutToRaw(body: unknown): RawCheckout {
  const raw = RestCheckout.parse(body);
  const currency = raw.currency;
  return {
    id: toGid('AbandonedCheckout', raw.id),
    abandonedCheckoutUrl: raw.abandoned_checkout_url,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
    completedAt: raw.completed_at,
    email: raw.email,
    customer: raw.customer
      ? {
          id: gidOf('Customer', raw.customer),
          email: raw.customer.email,
          phone: raw.customer.phone ?? raw.phone,
        }
      : null,
    shippingAddress: address(raw.shipping_address),
    billingAddress: address(raw.billing_address),
    subtotalPriceSet: shopBag(raw.subtotal_price, currency),
    totalPriceSet: shopBag(raw.total_price, currency),
    totalDiscountSet: raw.total_discounts == null ? null : shopBag(raw.total_discounts, currency),
    totalTaxSet: raw.total_tax == null ? null : shopBag(raw.total_tax, currency),
    lineItems: {
      nodes: raw.line_items.map((line) => ({
        id: `key:${line.key}`,
        title: line.title,
        variantTitle: line.variant_title,
        sku: line.sku,
        quantity: line.quantity,
        variant: line.variant_id ? { id: toGid('ProductVariant', line.variant_id) } : null,
        product: line.product_id ? { id: toGid('Product', line.product_id) } : null,
        originalUnitPriceSet: shopBag(line.price, currency),
      })),
    },
  };
}

// ---- inventory -------------------------------------------------------------------------------

export const RestInventoryLevel = z.looseObject({
  inventory_item_id: Id,
  location_id: Id,
  available: z.number().int().nullable(),
  updated_at: z.string(),
  admin_graphql_api_id: Text,
});

/**
 * A REST inventory level (`inventory_levels/update`) in the GraphQL shape. The body names the
 * inventory item, not the variant; the caller resolves it (`inventoryItem(id) { variant { id } }`).
 */
export function restInventoryLevelToRaw(body: unknown, variantId: string): RawInventoryLevel {
  const raw = RestInventoryLevel.parse(body);
  const itemGid = toGid('InventoryItem', raw.inventory_item_id);
  const id =
    raw.admin_graphql_api_id ??
    `${toGid('InventoryLevel', raw.location_id)}?inventory_item_id=${raw.inventory_item_id}`;
  if (gidParams(id).get('inventory_item_id') !== raw.inventory_item_id) {
    throw new Error(`inventory level ${id} does not match item ${raw.inventory_item_id}`);
  }
  return {
    id,
    createdAt: null,
    updatedAt: raw.updated_at,
    item: {
      id: itemGid,
      variant: { id: variantId.startsWith('gid://') ? variantId : toGid('ProductVariant', variantId) },
    },
    location: { id: toGid('Location', raw.location_id) },
    // Disconnected levels report null: nothing is available there any more.
    quantities: [{ name: 'available', quantity: raw.available ?? 0 }],
  };
}

/** The numeric id of a `{ "id": … }` delete body (`products/delete`, `customers/delete`, …). */
export function restDeletedId(body: unknown): string {
  const raw = z.object({ id: Id }).parse(body);
  return raw.id.startsWith('gid://') ? numericIdOf(raw.id) : raw.id;
}

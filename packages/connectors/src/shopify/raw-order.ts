import { z } from 'zod';
import { connection, object, type Selection } from './graphql-selection';
import { mailingAddress, RawMailingAddress } from './raw-address';
import { RawMoneyBag } from './shopify-money';

export const LINE_ITEMS_PER_ORDER = 10;
export const REFUNDS_PER_ORDER = 10;
export const FULFILLMENTS_PER_ORDER = 10;
export const LINES_PER_REFUND = 10;
export const LINES_PER_FULFILLMENT = 10;

/** Only the shop-currency amount: the buyer's currency is `presentmentCurrencyCode`, and each MoneyV2 costs a point. */
const bag = (name: string) => object(name, [object('shopMoney', ['amount', 'currencyCode'])]);

export const LINE_ITEM_FIELDS: readonly Selection[] = [
  'id',
  'title',
  'variantTitle',
  'sku',
  'quantity',
  'requiresShipping',
  object('variant', ['id']),
  object('product', ['id']),
  bag('originalUnitPriceSet'),
  bag('totalDiscountSet'),
  object('taxLines', [bag('priceSet')]),
];

export const REFUND_FIELDS: readonly Selection[] = [
  'id',
  'createdAt',
  'updatedAt',
  'note',
  bag('totalRefundedSet'),
  connection('refundLineItems', { first: LINES_PER_REFUND }, [
    'quantity',
    'restocked',
    object('lineItem', ['id']),
    bag('subtotalSet'),
    bag('totalTaxSet'),
  ]),
];

export const FULFILLMENT_FIELDS: readonly Selection[] = [
  'id',
  'status',
  'displayStatus',
  'createdAt',
  'updatedAt',
  'inTransitAt',
  'deliveredAt',
  object('trackingInfo', ['company', 'number', 'url'], { first: 1 }),
  connection('fulfillmentLineItems', { first: LINES_PER_FULFILLMENT }, [
    'quantity',
    object('lineItem', ['id']),
  ]),
];

export const ORDER_FIELDS: readonly Selection[] = [
  'id',
  'name',
  'email',
  'phone',
  'createdAt',
  'updatedAt',
  'processedAt',
  'cancelledAt',
  'closedAt',
  'displayFinancialStatus',
  'displayFulfillmentStatus',
  'currencyCode',
  'presentmentCurrencyCode',
  'discountCodes',
  'sourceName',
  'tags',
  'note',
  bag('totalPriceSet'),
  bag('subtotalPriceSet'),
  bag('totalDiscountsSet'),
  bag('totalShippingPriceSet'),
  bag('totalTaxSet'),
  bag('totalRefundedSet'),
  object('customer', ['id']),
  mailingAddress('shippingAddress'),
  mailingAddress('billingAddress'),
  connection('lineItems', { first: LINE_ITEMS_PER_ORDER }, LINE_ITEM_FIELDS),
  object('refunds', REFUND_FIELDS, { first: REFUNDS_PER_ORDER }),
  object('fulfillments', FULFILLMENT_FIELDS, { first: FULFILLMENTS_PER_ORDER }),
];

const PageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() });
const nodesOf = <T extends z.ZodType>(node: T) =>
  z.object({ nodes: z.array(node), pageInfo: PageInfo.optional() });
/** A connection read as `nodes`; documents written with `edges { node }` are read the same way. */
const edgesOrNodes = <T extends z.ZodType>(node: T) =>
  z.preprocess((value) => {
    const edges = (value as { edges?: unknown } | null)?.edges;
    if (!Array.isArray(edges)) return value;
    const pageInfo = (value as { pageInfo?: unknown }).pageInfo;
    return {
      nodes: edges.map((edge) => (edge as { node?: unknown } | null)?.node),
      ...(pageInfo ? { pageInfo } : {}),
    };
  }, nodesOf(node));

export const RawLineItem = z.object({
  id: z.string(),
  title: z.string().optional(),
  /** Documentation examples select `name` ("Draft - 151cm") instead of `title`. */
  name: z.string().optional(),
  variantTitle: z.string().nullish(),
  sku: z.string().nullish(),
  quantity: z.number().int().nonnegative(),
  requiresShipping: z.boolean().optional(),
  /** Null when the product or variant was deleted after the sale. */
  variant: z.object({ id: z.string(), title: z.string().optional() }).nullish(),
  product: z.object({ id: z.string() }).nullish(),
  originalUnitPriceSet: RawMoneyBag.nullish(),
  totalDiscountSet: RawMoneyBag.nullish(),
  taxLines: z.array(z.object({ priceSet: RawMoneyBag })).default([]),
});
export type RawLineItem = z.infer<typeof RawLineItem>;

export const RawRefund = z.object({
  id: z.string(),
  createdAt: z.string().nullish(),
  updatedAt: z.string().nullish(),
  note: z.string().nullish(),
  totalRefundedSet: RawMoneyBag,
  refundLineItems: nodesOf(
    z.object({
      quantity: z.number().int().nonnegative(),
      restocked: z.boolean(),
      lineItem: z.object({ id: z.string() }),
      subtotalSet: RawMoneyBag,
      totalTaxSet: RawMoneyBag.nullish(),
    }),
  ),
});
export type RawRefund = z.infer<typeof RawRefund>;

export const RawFulfillment = z.object({
  id: z.string(),
  status: z.string(),
  displayStatus: z.string().nullish(),
  createdAt: z.string(),
  updatedAt: z.string(),
  inTransitAt: z.string().nullish(),
  deliveredAt: z.string().nullish(),
  trackingInfo: z
    .array(
      z.object({ company: z.string().nullish(), number: z.string().nullish(), url: z.string().nullish() }),
    )
    .default([]),
  fulfillmentLineItems: nodesOf(
    z.object({ quantity: z.number().int().nullish(), lineItem: z.object({ id: z.string() }) }),
  ),
});
export type RawFulfillment = z.infer<typeof RawFulfillment>;

/**
 * An order as the connector reads it. Fields outside `id`/`createdAt` are optional so documents that
 * select a subset (Shopify's own examples) still map; the connector's query selects them all.
 */
export const RawOrder = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  createdAt: z.string(),
  updatedAt: z.string(),
  processedAt: z.string().nullish(),
  cancelledAt: z.string().nullish(),
  closedAt: z.string().nullish(),
  displayFinancialStatus: z.string().nullish(),
  displayFulfillmentStatus: z.string(),
  currencyCode: z.string().optional(),
  presentmentCurrencyCode: z.string().optional(),
  discountCodes: z.array(z.string()).default([]),
  sourceName: z.string().nullish(),
  tags: z.array(z.string()).default([]),
  note: z.string().nullish(),
  totalPriceSet: RawMoneyBag,
  subtotalPriceSet: RawMoneyBag.nullish(),
  totalDiscountsSet: RawMoneyBag.nullish(),
  totalShippingPriceSet: RawMoneyBag.nullish(),
  totalTaxSet: RawMoneyBag.nullish(),
  totalRefundedSet: RawMoneyBag.nullish(),
  customer: z.object({ id: z.string() }).nullish(),
  shippingAddress: RawMailingAddress.nullish(),
  billingAddress: RawMailingAddress.nullish(),
  lineItems: edgesOrNodes(RawLineItem),
  refunds: z.array(RawRefund).default([]),
  fulfillments: z.array(RawFulfillment).default([]),
});
export type RawOrder = z.infer<typeof RawOrder>;

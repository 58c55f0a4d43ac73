import { z } from 'zod';
import { connection, object, type Selection } from './graphql-selection';
import { mailingAddress, RawMailingAddress } from './raw-address';
import { RawMoneyBag } from './shopify-money';

export const LINES_PER_CHECKOUT = 10;

/** Only the shop-currency amount: the buyer's currency is `presentmentCurrencyCode`, and each MoneyV2 costs a point. */
const bag = (name: string) => object(name, [object('shopMoney', ['amount', 'currencyCode'])]);

export const CHECKOUT_FIELDS: readonly Selection[] = [
  'id',
  'abandonedCheckoutUrl',
  'createdAt',
  'updatedAt',
  'completedAt',
  object('customer', ['id', 'email', 'phone']),
  mailingAddress('shippingAddress'),
  mailingAddress('billingAddress'),
  bag('subtotalPriceSet'),
  bag('totalPriceSet'),
  bag('totalDiscountSet'),
  bag('totalTaxSet'),
  connection('lineItems', { first: LINES_PER_CHECKOUT }, [
    'id',
    'title',
    'variantTitle',
    'sku',
    'quantity',
    object('variant', ['id']),
    object('product', ['id']),
    bag('originalUnitPriceSet'),
  ]),
];

const PageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() });

export const RawCheckoutLine = z.object({
  /** A gid; REST bodies carry only an opaque `key`, adapted to `key:{key}`. */
  id: z.string(),
  title: z.string(),
  variantTitle: z.string().nullish(),
  sku: z.string().nullish(),
  quantity: z.number().int().nonnegative(),
  variant: z.object({ id: z.string() }).nullish(),
  product: z.object({ id: z.string() }).nullish(),
  originalUnitPriceSet: RawMoneyBag,
});
export type RawCheckoutLine = z.infer<typeof RawCheckoutLine>;

/** GraphQL `AbandonedCheckout`: includes checkouts recovered after being abandoned (`completedAt`). */
export const RawCheckout = z.object({
  id: z.string(),
  abandonedCheckoutUrl: z.string().nullish(),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullish(),
  /** Not a Shopify GraphQL field: the email typed at checkout, carried by REST/webhook bodies of guests. */
  email: z.string().nullish(),
  customer: z
    .object({ id: z.string().optional(), email: z.string().nullish(), phone: z.string().nullish() })
    .nullish(),
  shippingAddress: RawMailingAddress.nullish(),
  billingAddress: RawMailingAddress.nullish(),
  subtotalPriceSet: RawMoneyBag,
  totalPriceSet: RawMoneyBag,
  totalDiscountSet: RawMoneyBag.nullish(),
  totalTaxSet: RawMoneyBag.nullish(),
  lineItems: z.object({ nodes: z.array(RawCheckoutLine), pageInfo: PageInfo.optional() }),
});
export type RawCheckout = z.infer<typeof RawCheckout>;

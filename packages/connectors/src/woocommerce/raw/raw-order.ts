import { z } from 'zod';
import { GmtDate, WooAddress, WooAmount, WooId, WooMetaList } from './raw-common';

export const WooLineItem = z.object({
  id: WooId,
  name: z.string(),
  /** 0 when the product was deleted after the order was placed. */
  product_id: WooId,
  /** 0 for simple products (and for deleted variations). */
  variation_id: WooId,
  /** Negative on refund line items. */
  quantity: z.number().int(),
  subtotal: WooAmount,
  subtotal_tax: WooAmount,
  total: WooAmount,
  total_tax: WooAmount,
  sku: z.string().nullish(),
  /** A JSON number (`3`, `12`, sometimes a long float) although the docs say string; after discounts. */
  price: z.union([z.number(), WooAmount]).nullish(),
  meta_data: WooMetaList,
  /** Parent product name of a variation line (WooCommerce 5.6+). */
  parent_name: z.string().nullish(),
  /** Line image (WooCommerce 8.0+). */
  image: z.object({ src: z.union([z.url(), z.literal('')]).nullish() }).nullish(),
});
export type WooLineItem = z.infer<typeof WooLineItem>;

export const WooCouponLine = z.object({
  id: WooId,
  code: z.string(),
  discount: WooAmount,
  discount_tax: WooAmount,
  /** WooCommerce 8.3+: the coupon's type and configured value at the time of the order. */
  discount_type: z.string().nullish(),
  nominal_amount: z.union([z.number(), WooAmount]).nullish(),
});
export type WooCouponLine = z.infer<typeof WooCouponLine>;

const WooShippingLine = z.object({
  id: WooId,
  method_title: z.string(),
  method_id: z.string(),
  total: WooAmount,
  total_tax: WooAmount,
});

/** The summary of a refund embedded in an order: no date and no lines. */
export const WooRefundSummary = z.object({
  id: WooId,
  /** The reason: core's orders controller sends `reason`; the documentation example shows `refund`. */
  reason: z.string().nullish(),
  refund: z.string().nullish(),
  /** Negative: `"-10.00"`. */
  total: WooAmount,
});
export type WooRefundSummary = z.infer<typeof WooRefundSummary>;

/** `GET /orders/{id}` (and the body of `order.*` webhooks). */
export const WooOrder = z.object({
  id: WooId,
  parent_id: WooId,
  number: z.string(),
  order_key: z.string().nullish(),
  created_via: z.string().nullish(),
  /** Core statuses plus `checkout-draft` and whatever plugins register. */
  status: z.string().min(1),
  currency: z.string().length(3),
  date_created_gmt: GmtDate,
  date_modified_gmt: GmtDate,
  discount_total: WooAmount,
  discount_tax: WooAmount,
  shipping_total: WooAmount,
  shipping_tax: WooAmount,
  cart_tax: WooAmount,
  total: WooAmount,
  total_tax: WooAmount,
  prices_include_tax: z.boolean(),
  /** 0 for guest checkouts. */
  customer_id: WooId,
  customer_note: z.string().nullish(),
  billing: WooAddress,
  shipping: WooAddress,
  payment_method: z.string().nullish(),
  date_paid_gmt: GmtDate.nullable(),
  date_completed_gmt: GmtDate.nullable(),
  meta_data: WooMetaList,
  line_items: z.array(WooLineItem),
  shipping_lines: z.array(WooShippingLine).default([]),
  coupon_lines: z.array(WooCouponLine).default([]),
  refunds: z.array(WooRefundSummary).default([]),
});
export type WooOrder = z.infer<typeof WooOrder>;

export const WooRefundLineItem = z.object({
  id: WooId,
  product_id: WooId,
  variation_id: WooId,
  /** Negative: units given back. */
  quantity: z.number().int(),
  /** Negative amounts. */
  total: WooAmount,
  total_tax: WooAmount,
  meta_data: WooMetaList,
});

/** `GET /orders/{id}/refunds/{refund_id}`. */
export const WooRefund = z.object({
  id: WooId,
  date_created_gmt: GmtDate,
  /** Positive: `"10.00"`. */
  amount: WooAmount,
  reason: z.string().nullish(),
  line_items: z.array(WooRefundLineItem).default([]),
});
export type WooRefund = z.infer<typeof WooRefund>;

/**
 * What the orders stream yields: the order plus its refunds read from `orders/{id}/refunds`
 * (`null` when only the order body is known, as in webhooks).
 */
export const WooOrderRecord = z.object({
  order: WooOrder,
  refundDetails: z.array(WooRefund).nullable(),
});
export type WooOrderRecord = z.infer<typeof WooOrderRecord>;

import { z } from 'zod';
import { GmtDate, WooId, WooOptionalAmount } from './raw-common';

const Term = z.object({ id: WooId, name: z.string(), slug: z.string().optional() });

const Image = z.object({
  id: WooId.optional(),
  src: z.url(),
  alt: z.string().nullish(),
});

/** `GET /products/{id}`. */
export const WooProduct = z.object({
  id: WooId,
  name: z.string(),
  slug: z.string(),
  permalink: z.string().nullish(),
  /** Null for auto-drafts that were never saved. */
  date_created_gmt: GmtDate.nullable(),
  date_modified_gmt: GmtDate,
  /** simple, variable, grouped, external (plugins add more). */
  type: z.string(),
  /** publish, draft, pending, private, future, trash. */
  status: z.string(),
  description: z.string().nullish(),
  sku: z.string().nullish(),
  price: WooOptionalAmount,
  regular_price: WooOptionalAmount,
  sale_price: WooOptionalAmount,
  on_sale: z.boolean(),
  virtual: z.boolean().default(false),
  manage_stock: z.boolean(),
  stock_quantity: z.number().int().nullable(),
  categories: z.array(Term).default([]),
  tags: z.array(Term).default([]),
  images: z.array(Image).default([]),
  attributes: z
    .array(
      z.object({
        id: WooId,
        name: z.string(),
        variation: z.boolean(),
        options: z.array(z.string()),
      }),
    )
    .default([]),
  /** Ids of the product's variations (variable products). */
  variations: z.array(WooId).default([]),
  /** GTIN/UPC/EAN/ISBN (WooCommerce 9.2+). */
  global_unique_id: z.string().nullish(),
  /** Brands taxonomy (WooCommerce 9.6+). */
  brands: z.array(Term).optional(),
});
export type WooProduct = z.infer<typeof WooProduct>;

/** `GET /products/{id}/variations/{variation_id}`. */
export const WooVariation = z.object({
  id: WooId,
  date_created_gmt: GmtDate.nullable(),
  date_modified_gmt: GmtDate,
  sku: z.string().nullish(),
  price: WooOptionalAmount,
  regular_price: WooOptionalAmount,
  sale_price: WooOptionalAmount,
  on_sale: z.boolean(),
  status: z.string(),
  virtual: z.boolean().default(false),
  /** `'parent'` when stock is pooled on the parent product. */
  manage_stock: z.union([z.boolean(), z.literal('parent')]),
  stock_quantity: z.number().int().nullable(),
  image: Image.nullish(),
  attributes: z.array(z.object({ id: WooId, name: z.string(), option: z.string() })).default([]),
  menu_order: z.number().int().default(0),
  global_unique_id: z.string().nullish(),
});
export type WooVariation = z.infer<typeof WooVariation>;

/**
 * What the products and inventory streams yield: a product with its variations read from
 * `products/{id}/variations`, and the shop currency its prices are in (product payloads do not
 * state it). Both are `null` when only the product body is known, as in webhooks.
 */
export const WooProductRecord = z.object({
  product: WooProduct,
  variations: z.array(WooVariation).nullable(),
  currency: z.string().length(3).nullable(),
});
export type WooProductRecord = z.infer<typeof WooProductRecord>;

/** `GET /coupons/{id}`: read for its discount vocabulary (`percent`, `fixed_cart`, `fixed_product`). */
export const WooCoupon = z.object({
  id: WooId,
  code: z.string(),
  amount: z.string(),
  discount_type: z.string(),
  date_modified_gmt: GmtDate,
});
export type WooCoupon = z.infer<typeof WooCoupon>;

import { z } from 'zod';

/** WooCommerce integer ids (posts, users, order items). */
export const WooId = z.number().int().nonnegative();

/**
 * A `*_gmt` timestamp: `YYYY-MM-DDTHH:MM:SS` in UTC without a zone designator. A trailing `Z` or
 * fraction is tolerated because proxies and plugins sometimes add them.
 */
export const GmtDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?$/, 'expected a WooCommerce GMT date');

/** Money as WooCommerce renders it: a decimal string (`"29.35"`, `"-10.00"` on refund summaries). */
export const WooAmount = z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal amount string');

/** Product prices, which are `""` when the merchant left them blank. */
export const WooOptionalAmount = z.union([WooAmount, z.literal('')]);

/** Blank address parts come back as `""` or, from some plugins, `null`. */
const text = z.string().nullish();

export const WooAddress = z.object({
  first_name: text,
  last_name: text,
  company: text,
  address_1: text,
  address_2: text,
  city: text,
  state: text,
  postcode: text,
  country: text,
  email: text,
  phone: text,
});
export type WooAddress = z.infer<typeof WooAddress>;

const WooMetaData = z.object({
  id: WooId.optional(),
  key: z.string(),
  value: z.unknown(),
  /** Present on order line items since WooCommerce 3.x: the human label and value of a meta entry. */
  display_key: z.string().optional(),
  display_value: z.unknown().optional(),
});

export const WooMetaList = z.array(WooMetaData).default([]);

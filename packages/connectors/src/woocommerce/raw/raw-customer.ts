import { z } from 'zod';
import { GmtDate, WooAddress, WooAmount, WooId } from './raw-common';

/** `GET /customers/{id}`. */
export const WooCustomer = z.object({
  id: WooId,
  date_created_gmt: GmtDate,
  /** Null for accounts never modified since registration. */
  date_modified_gmt: GmtDate.nullable(),
  email: z.string(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  role: z.string().nullish(),
  username: z.string().nullish(),
  billing: WooAddress,
  shipping: WooAddress,
  /** Only in wc/v2 and earlier; v3 removed both. */
  orders_count: z.number().int().nonnegative().optional(),
  total_spent: WooAmount.optional(),
});
export type WooCustomer = z.infer<typeof WooCustomer>;

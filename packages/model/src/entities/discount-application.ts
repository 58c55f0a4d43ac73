import { z } from 'zod';
import { DecimalString } from '../decimal';
import { Money } from '../money';

export const DiscountApplication = z
  .object({
    type: z
      .enum(['code', 'automatic', 'manual'])
      .describe(
        '`code`: a discount code the shopper entered. `automatic`: a rule the store applied by itself ' +
          '(Shopify automatic discount, Magento cart price rule without coupon, Amazon promotion). ' +
          '`manual`: added by staff.',
      ),
    code: z.string().nullable().describe('The code entered, for `code` discounts; null otherwise.'),
    title: z.string().nullable().describe('Name of the discount or rule; null when the platform gives none.'),
    valueType: z
      .enum(['fixed_amount', 'percentage'])
      .nullable()
      .describe('Whether `value` is an amount or a percentage; null when the platform does not say.'),
    value: DecimalString.nullable().describe(
      'The configured value: an amount in the order currency, or a percentage ("15" = 15 %); null when unknown.',
    ),
    amount: Money.nullable().describe(
      'Total amount this discount took off; null when the platform does not say.',
    ),
    target: z
      .enum(['line_items', 'shipping'])
      .describe('What the discount applies to: the items or the shipping cost.'),
  })
  .describe('A discount applied to an order or cart.')
  .meta({ id: 'DiscountApplication' });
export type DiscountApplication = z.infer<typeof DiscountApplication>;

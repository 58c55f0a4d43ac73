import { z } from 'zod';
import { ID_PREFIX, LINE_ID_PREFIX, prefixedId } from '../ids';
import { Money } from '../money';

export const LineItem = z
  .object({
    id: prefixedId(LINE_ID_PREFIX.line_item).describe(
      'Stable Cartwire id of the line (li_…), derived from the order id and the platform line id.',
    ),
    externalId: z.string().min(1).describe("The platform's id for this line."),
    productId: prefixedId(ID_PREFIX.product)
      .nullable()
      .describe('Product bought; null when the platform gives none. May reference a since-deleted product.'),
    variantId: prefixedId(ID_PREFIX.variant)
      .nullable()
      .describe('Variant bought; null when the platform gives none. May reference a since-deleted variant.'),
    sku: z.string().nullable().describe('SKU at the time of purchase; null when none.'),
    title: z.string().describe('Product title at the time of purchase.'),
    variantTitle: z.string().nullable().describe('Variant title at the time of purchase; null when none.'),
    quantity: z.number().int().min(0).describe('Units ordered (0 when the line was removed by an edit).'),
    unitPrice: Money.describe(
      'Price of one unit before discounts, in the shop currency. May be zero (gifts).',
    ),
    totalDiscount: Money.describe('Discounts allocated to this line in total.'),
    totalTax: Money.describe('Tax charged on this line in total.'),
    requiresShipping: z.boolean().describe('Whether the item is physical and must be shipped.'),
  })
  .describe('One line of an order.')
  .meta({ id: 'LineItem' });
export type LineItem = z.infer<typeof LineItem>;

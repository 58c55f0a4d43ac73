import { z } from 'zod';
import { ID_PREFIX, prefixedId } from '../ids';
import { Money } from '../money';
import { entityBase } from './base';

export const VariantOption = z
  .object({
    name: z.string().describe('Option name, e.g. "Size".'),
    value: z.string().describe('Chosen value, e.g. "M".'),
  })
  .describe('One option value that distinguishes a variant.')
  .meta({ id: 'VariantOption' });
export type VariantOption = z.infer<typeof VariantOption>;

export const Variant = z
  .object({
    id: prefixedId(ID_PREFIX.variant).describe('Cartwire id of the variant (var_…).'),
    ...entityBase,
    productId: prefixedId(ID_PREFIX.product).describe('Product this variant belongs to.'),
    sku: z.string().nullable().describe('Stock keeping unit; null when the merchant set none.'),
    barcode: z.string().nullable().describe('Barcode (GTIN, EAN, UPC, ISBN); null when none.'),
    title: z
      .string()
      .describe('Variant title, e.g. "M / Blue"; the product title for single-variant products.'),
    options: z.array(VariantOption).describe('Option values of this variant, in the product option order.'),
    price: Money.describe('Current selling price in the shop currency.'),
    compareAtPrice: Money.nullable().describe('Original price shown struck through; null when not on sale.'),
    unitCost: Money.nullable().describe(
      'Cost of one unit to the merchant (for margin rules); null when the platform does not report it.',
    ),
    inventoryTracked: z.boolean().describe('Whether the platform tracks stock for this variant.'),
    inventoryQuantity: z
      .number()
      .int()
      .nullable()
      .describe(
        'Total available quantity across locations; null when untracked or unknown. May be negative.',
      ),
    imageUrl: z.url().nullable().describe('Image of this variant; null when it has none of its own.'),
    position: z
      .number()
      .int()
      .min(0)
      .describe('Position of the variant within its product, 0-based, in the platform order.'),
  })
  .describe('A purchasable version of a product (a size/colour combination, or the only version).')
  .meta({ id: 'Variant' });
export type Variant = z.infer<typeof Variant>;

import { z } from 'zod';
import { ID_PREFIX, prefixedId } from '../ids';
import { IsoDateTime } from '../time';
import { entityBase } from './base';
import { Variant } from './variant';

export const ProductStatus = z
  .enum(['active', 'draft', 'archived'])
  .describe(
    '`active`: sellable and visible (Shopify ACTIVE, WooCommerce publish, Magento enabled, Amazon ' +
      'BUYABLE/DISCOVERABLE). `draft`: not yet published (Shopify DRAFT, WooCommerce draft/pending/private). ' +
      '`archived`: retired (Shopify ARCHIVED, Magento disabled, Amazon listing inactive).',
  );
export type ProductStatus = z.infer<typeof ProductStatus>;

export const ProductOption = z
  .object({
    name: z.string().describe('Option name, e.g. "Size".'),
    values: z.array(z.string()).describe('All values offered for this option, in display order.'),
  })
  .describe('An option a product varies by.')
  .meta({ id: 'ProductOption' });
export type ProductOption = z.infer<typeof ProductOption>;

export const ProductImage = z
  .object({
    url: z.url().describe('Absolute URL of the image.'),
    altText: z.string().nullable().describe('Alternative text; null when none.'),
  })
  .describe('A product image.')
  .meta({ id: 'ProductImage' });
export type ProductImage = z.infer<typeof ProductImage>;

export const Product = z
  .object({
    id: prefixedId(ID_PREFIX.product).describe('Cartwire id of the product (prd_…).'),
    ...entityBase,
    title: z.string().describe('Product title.'),
    handle: z.string().nullable().describe('URL handle or slug; null when the platform has none (Amazon).'),
    description: z.string().nullable().describe('Description, possibly HTML; null when empty.'),
    brand: z.string().nullable().describe('Brand or vendor name; null when none.'),
    productType: z
      .string()
      .nullable()
      .describe('Merchant-defined product type or attribute set; null when none.'),
    status: ProductStatus,
    tags: z.array(z.string()).describe('Merchant tags; empty when none.'),
    options: z
      .array(ProductOption)
      .describe('Options the variants differ by; empty for single-variant products.'),
    images: z.array(ProductImage).describe('Images in display order; the first is the featured image.'),
    collectionIds: z
      .array(prefixedId(ID_PREFIX.collection))
      .describe('Collections or categories the product belongs to, where the platform reports them.'),
    url: z.url().nullable().describe('Storefront URL of the product page; null when unknown.'),
    publishedAt: IsoDateTime.nullable().describe(
      'When the product was published (UTC); null when unpublished.',
    ),
    variants: z
      .array(Variant)
      .describe('All variants, ordered by `position`. At least one for sellable products.'),
  })
  .describe('A product with its variants.')
  .meta({ id: 'Product' });
export type Product = z.infer<typeof Product>;

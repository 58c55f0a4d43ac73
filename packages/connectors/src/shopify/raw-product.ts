import { z } from 'zod';
import { connection, object, type Selection } from './graphql-selection';
import { RawMoneyV2 } from './shopify-money';

/** Nested page sizes: large enough for real catalogues, small enough to page 10+ products per query. */
export const VARIANTS_PER_PRODUCT = 20;
export const COLLECTIONS_PER_PRODUCT = 10;

export const VARIANT_FIELDS: readonly Selection[] = [
  'id',
  'title',
  'sku',
  'barcode',
  'price',
  'compareAtPrice',
  'position',
  'inventoryQuantity',
  'createdAt',
  'updatedAt',
  object('selectedOptions', ['name', 'value']),
  object('inventoryItem', ['id', 'tracked', object('unitCost', ['amount', 'currencyCode'])]),
];

export const PRODUCT_FIELDS: readonly Selection[] = [
  'id',
  'title',
  'handle',
  'descriptionHtml',
  'vendor',
  'productType',
  'status',
  'tags',
  'createdAt',
  'updatedAt',
  'publishedAt',
  object('options', ['name', 'values']),
  connection('variants', { first: VARIANTS_PER_PRODUCT }, VARIANT_FIELDS),
  connection('collections', { first: COLLECTIONS_PER_PRODUCT }, ['id']),
];

const PageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() });

export const RawVariant = z.object({
  id: z.string(),
  title: z.string(),
  sku: z.string().nullish(),
  barcode: z.string().nullish(),
  /** `Money` scalar: a decimal string in the shop currency. */
  price: z.string(),
  compareAtPrice: z.string().nullish(),
  position: z.number().int(),
  inventoryQuantity: z.number().int().nullish(),
  createdAt: z.string(),
  updatedAt: z.string(),
  selectedOptions: z.array(z.object({ name: z.string(), value: z.string() })).default([]),
  inventoryItem: z
    .object({ id: z.string().optional(), tracked: z.boolean(), unitCost: RawMoneyV2.nullish() })
    .nullish(),
});
export type RawVariant = z.infer<typeof RawVariant>;

/**
 * A product as the connector reads it. `shopCurrencyCode` is not a Shopify field: variant prices are
 * bare decimals in the shop currency, so the stream attaches the shop's currency to every record.
 */
export const RawProduct = z.object({
  id: z.string(),
  title: z.string(),
  handle: z.string().nullish(),
  descriptionHtml: z.string().nullish(),
  vendor: z.string().nullish(),
  productType: z.string().nullish(),
  status: z.enum(['ACTIVE', 'ARCHIVED', 'DRAFT']),
  tags: z.array(z.string()).default([]),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullish(),
  options: z.array(z.object({ name: z.string(), values: z.array(z.string()) })).default([]),
  variants: z.object({ nodes: z.array(RawVariant), pageInfo: PageInfo.optional() }),
  collections: z
    .object({ nodes: z.array(z.object({ id: z.string() })), pageInfo: PageInfo.optional() })
    .optional(),
  shopCurrencyCode: z.string().length(3),
});
export type RawProduct = z.infer<typeof RawProduct>;

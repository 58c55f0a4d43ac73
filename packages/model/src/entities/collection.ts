import { z } from 'zod';
import { ID_PREFIX, prefixedId } from '../ids';
import { entityBase, nullableCreatedAt } from './base';

export const Collection = z
  .object({
    id: prefixedId(ID_PREFIX.collection).describe('Cartwire id of the collection (col_…).'),
    ...entityBase,
    createdAt: nullableCreatedAt,
    title: z.string().describe('Title of the collection or category.'),
    handle: z.string().nullable().describe('URL handle or slug; null when the platform has none.'),
    description: z.string().nullable().describe('Description (may contain HTML); null when empty.'),
    parentId: prefixedId(ID_PREFIX.collection)
      .nullable()
      .describe('Parent collection for nested category trees (WooCommerce, Magento); null at the top.'),
    productIds: z
      .array(prefixedId(ID_PREFIX.product))
      .optional()
      .describe('Products in the collection; present only when membership was fetched.'),
  })
  .describe('A group of products: a Shopify collection, or a WooCommerce/Magento category.')
  .meta({ id: 'Collection' });
export type Collection = z.infer<typeof Collection>;

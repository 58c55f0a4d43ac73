import { Product, ProductStatus } from '@cartwire/model';
import { z } from '@hono/zod-openapi';
import type { EntityResource } from '../shared/entity-resource';

export const productsResource: EntityResource = {
  type: 'product',
  path: 'products',
  name: 'Product',
  tag: 'Products',
  schema: Product,
  filters: {
    status: ProductStatus,
    sku: z.string().min(1),
    q: z.string().trim().min(1).max(200),
  },
};

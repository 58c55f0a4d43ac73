import { Cart, CartStatus } from '@cartwire/model';
import { z } from '@hono/zod-openapi';
import type { EntityResource } from '../shared/entity-resource';

export const cartsResource: EntityResource = {
  type: 'cart',
  path: 'carts',
  name: 'Cart',
  tag: 'Carts',
  schema: Cart,
  filters: {
    status: CartStatus,
    email: z.string().min(1),
    q: z.string().trim().min(1).max(200),
  },
};

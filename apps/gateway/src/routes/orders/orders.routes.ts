import { Order, OrderStatus } from '@cartwire/model';
import { z } from '@hono/zod-openapi';
import type { EntityResource } from '../shared/entity-resource';

export const ordersResource: EntityResource = {
  type: 'order',
  path: 'orders',
  name: 'Order',
  tag: 'Orders',
  schema: Order,
  filters: {
    status: OrderStatus,
    email: z.string().min(1),
    sku: z.string().min(1),
    q: z.string().trim().min(1).max(200),
  },
};

import { Customer } from '@cartwire/model';
import { z } from '@hono/zod-openapi';
import type { EntityResource } from '../shared/entity-resource';

export const customersResource: EntityResource = {
  type: 'customer',
  path: 'customers',
  name: 'Customer',
  tag: 'Customers',
  schema: Customer,
  filters: {
    email: z.string().min(1),
    q: z.string().trim().min(1).max(200),
  },
};

import { z } from 'zod';

export const EntityType = z
  .enum([
    'store',
    'location',
    'collection',
    'product',
    'variant',
    'inventory_level',
    'customer',
    'order',
    'refund',
    'shipment',
    'cart',
  ])
  .describe('Kind of normalized entity.');
export type EntityType = z.infer<typeof EntityType>;

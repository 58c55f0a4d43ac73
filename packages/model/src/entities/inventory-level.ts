import { z } from 'zod';
import { ID_PREFIX, prefixedId } from '../ids';
import { entityBase, nullableCreatedAt } from './base';

export const InventoryLevel = z
  .object({
    id: prefixedId(ID_PREFIX.inventory_level).describe('Cartwire id of the stock level (inv_…).'),
    ...entityBase,
    createdAt: nullableCreatedAt,
    variantId: prefixedId(ID_PREFIX.variant).describe('Variant whose stock this is.'),
    locationId: prefixedId(ID_PREFIX.location).describe('Location holding the stock.'),
    available: z
      .number()
      .int()
      .describe('Units available to sell at this location. May be negative when the platform oversold.'),
  })
  .describe('Stock of one variant at one location. `updatedAt` is when the quantity last changed.')
  .meta({ id: 'InventoryLevel' });
export type InventoryLevel = z.infer<typeof InventoryLevel>;

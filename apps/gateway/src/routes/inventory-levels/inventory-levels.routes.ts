import { InventoryLevel } from '@cartwire/model';
import { z } from '@hono/zod-openapi';
import type { EntityResource } from '../shared/entity-resource';

export const inventoryLevelsResource: EntityResource = {
  type: 'inventory_level',
  path: 'inventory-levels',
  name: 'InventoryLevel',
  tag: 'Inventory',
  schema: InventoryLevel,
  filters: {
    sku: z.string().min(1),
  },
};

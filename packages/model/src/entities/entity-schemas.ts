import type { z } from 'zod';
import type { EntityType } from '../entity-type';
import { Cart } from './cart';
import { Collection } from './collection';
import { Customer } from './customer';
import { InventoryLevel } from './inventory-level';
import { Location } from './location';
import { Order } from './order';
import { Product } from './product';
import { Refund } from './refund';
import { Shipment } from './shipment';
import { Store } from './store';
import { Variant } from './variant';

/** The schema of each entity type, for code that handles entities generically (storage, sync, API). */
export const ENTITY_SCHEMAS = {
  store: Store,
  location: Location,
  collection: Collection,
  product: Product,
  variant: Variant,
  inventory_level: InventoryLevel,
  customer: Customer,
  order: Order,
  refund: Refund,
  shipment: Shipment,
  cart: Cart,
} as const satisfies { [K in EntityType]: z.ZodType };

export type EntityOf<K extends EntityType> = z.infer<(typeof ENTITY_SCHEMAS)[K]>;
export type AnyEntity = EntityOf<EntityType>;

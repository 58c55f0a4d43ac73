import { z } from 'zod';
import { object, type Selection } from './graphql-selection';

export const INVENTORY_LEVEL_FIELDS: readonly Selection[] = [
  'id',
  'updatedAt',
  object('item', ['id', object('variant', ['id'])]),
  object('location', ['id']),
  object('quantities', ['name', 'quantity'], { names: '["available"]' }),
];

/** GraphQL `InventoryLevel` with the `available` quantity and the variant its item belongs to. */
export const RawInventoryLevel = z.object({
  id: z.string(),
  createdAt: z.string().nullish(),
  updatedAt: z.string(),
  item: z.object({ id: z.string(), variant: z.object({ id: z.string() }) }),
  location: z.object({ id: z.string() }),
  quantities: z.array(z.object({ name: z.string(), quantity: z.number().int() })),
});
export type RawInventoryLevel = z.infer<typeof RawInventoryLevel>;

export const LOCATION_FIELDS: readonly Selection[] = [
  'id',
  'name',
  'isActive',
  'createdAt',
  'updatedAt',
  object('address', [
    'address1',
    'address2',
    'city',
    'province',
    'provinceCode',
    'countryCode',
    'zip',
    'phone',
  ]),
];

export const RawLocation = z.object({
  id: z.string(),
  name: z.string(),
  isActive: z.boolean().default(true),
  createdAt: z.string().nullish(),
  updatedAt: z.string(),
  address: z
    .object({
      address1: z.string().nullish(),
      address2: z.string().nullish(),
      city: z.string().nullish(),
      province: z.string().nullish(),
      provinceCode: z.string().nullish(),
      countryCode: z.string().nullish(),
      zip: z.string().nullish(),
      phone: z.string().nullish(),
    })
    .nullish(),
});
export type RawLocation = z.infer<typeof RawLocation>;

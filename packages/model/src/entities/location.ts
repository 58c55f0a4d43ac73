import { z } from 'zod';
import { ID_PREFIX, prefixedId } from '../ids';
import { Address } from './address';
import { entityBase, nullableCreatedAt } from './base';

export const Location = z
  .object({
    id: prefixedId(ID_PREFIX.location).describe('Cartwire id of the location (loc_…).'),
    ...entityBase,
    createdAt: nullableCreatedAt,
    name: z.string().describe('Name of the location.'),
    address: Address.nullable().describe('Address of the location; null when the platform has none.'),
    active: z.boolean().describe('Whether the location currently stocks and fulfils inventory.'),
  })
  .describe(
    'A place inventory is held: a Shopify location, a Magento inventory source, an Amazon fulfilment ' +
      'channel (FBA or merchant), or the single implicit stock pool of a WooCommerce store.',
  )
  .meta({ id: 'Location' });
export type Location = z.infer<typeof Location>;

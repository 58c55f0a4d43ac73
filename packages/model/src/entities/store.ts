import { z } from 'zod';
import { CurrencyCode } from '../currency';
import { ID_PREFIX, prefixedId } from '../ids';
import { entityBase, nullableCreatedAt } from './base';

export const StoreStatus = z
  .enum(['active', 'disconnected', 'error'])
  .describe(
    'Connection state: `active` syncs normally; `disconnected` means credentials were revoked or the app ' +
      'was uninstalled; `error` means syncing is failing and needs attention.',
  );
export type StoreStatus = z.infer<typeof StoreStatus>;

export const Store = z
  .object({
    id: prefixedId(ID_PREFIX.store).describe('Cartwire id of the store (sto_…).'),
    ...entityBase,
    storeId: prefixedId(ID_PREFIX.store).describe('Same as `id`: a store belongs to itself.'),
    createdAt: nullableCreatedAt,
    name: z.string().describe('Display name of the store.'),
    domain: z.string().nullable().describe('Primary host name, e.g. "shop.example.com"; null when unknown.'),
    baseUrl: z
      .url()
      .nullable()
      .describe('Base URL of the storefront or API, e.g. "https://shop.example.com"; null when unknown.'),
    currency: CurrencyCode.describe('Shop (base) currency: the currency order totals are reported in.'),
    timeZone: z
      .string()
      .nullable()
      .describe('IANA time zone of the store, e.g. "Europe/Berlin"; null when the platform does not say.'),
    status: StoreStatus,
  })
  .describe(
    'A connected store on one platform (a Shopify shop, a WooCommerce site, an Amazon seller account…).',
  )
  .meta({ id: 'Store' });
export type Store = z.infer<typeof Store>;

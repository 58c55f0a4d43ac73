import { z } from 'zod';
import type { StoreView } from '../engine/connector';

/** Per-store Amazon settings (beside the engine's own `rateLimit`, `timeoutMs`, …). */
export const AmazonSettings = z.looseObject({
  /** Merchant token of the selling partner (listings paths carry it). */
  sellerId: z.string().min(1),
  /** Marketplaces read, e.g. `['ATVPDKIKX0DER']`; the first is used where one is required (FBA). */
  marketplaceIds: z.array(z.string().min(1)).min(1).max(50),
  /**
   * Orders API generation. v0 is deprecated (migrate by 2027-03-27) but still live for accounts not
   * yet migrated. @default '2026-01-01'
   */
  ordersApi: z.enum(['2026-01-01', 'v0']).optional(),
  /**
   * Whether the application holds the restricted roles for buyer PII: requests `includedData=BUYER`
   * (2026-01-01) or Restricted Data Tokens (v0). Without it no customer can be identified (the
   * customers stream is empty) and orders carry only city, state, postal code and country of the
   * delivery address. @default false
   */
  piiAccess: z.boolean().optional(),
  /**
   * How order backfills read: `paging` (searchOrders / getOrders page by page), `reports` (the
   * GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL report, 30 days per report), or `auto`:
   * reports when the backfill window is wider than `reportsAboveDays` (with the default
   * `backfillDays` it is), paging otherwise. Reports win on wide windows because searchOrders' usage
   * plan is 0.0056 requests/s (one page of 100 orders every three minutes); a report returns a month
   * of orders at once. Incremental runs always page (see `orderReadPath`).
   * @default 'auto'
   */
  orderBackfill: z.enum(['auto', 'paging', 'reports']).optional(),
  /** Backfill window width, in days, above which `auto` uses reports. @default 30 */
  reportsAboveDays: z.number().positive().optional(),
  /** How far back a backfill reads (Amazon returns orders of the last two years). @default 730 */
  backfillDays: z.int().min(1).max(730).optional(),
  /** searchOrders/getOrders page size. @default 100 */
  pageSize: z.int().min(1).max(100).optional(),
  /** searchListingsItems page size (products, MFN stock); the API allows at most 20. @default 20 */
  listingsPageSize: z.int().min(1).max(20).optional(),
  /** Report status polls before giving up on one report. @default 60 */
  reportMaxPolls: z.int().min(1).optional(),
  /** Milliseconds between report status polls. @default 15 000 */
  reportPollMs: z.int().min(0).optional(),
});
export type AmazonSettings = z.infer<typeof AmazonSettings>;

export interface ResolvedAmazonSettings {
  sellerId: string;
  marketplaceIds: string[];
  ordersApi: '2026-01-01' | 'v0';
  piiAccess: boolean;
  orderBackfill: 'auto' | 'paging' | 'reports';
  reportsAboveDays: number;
  backfillDays: number;
  pageSize: number;
  listingsPageSize: number;
  reportMaxPolls: number;
  reportPollMs: number;
}

export function amazonSettingsOf(store: StoreView): ResolvedAmazonSettings {
  // Validated when the store was connected; parsing again here only recovers the types.
  const settings = AmazonSettings.parse(store.settings);
  return {
    sellerId: settings.sellerId,
    marketplaceIds: settings.marketplaceIds,
    ordersApi: settings.ordersApi ?? '2026-01-01',
    piiAccess: settings.piiAccess ?? false,
    orderBackfill: settings.orderBackfill ?? 'auto',
    reportsAboveDays: settings.reportsAboveDays ?? 30,
    backfillDays: settings.backfillDays ?? 730,
    pageSize: settings.pageSize ?? 100,
    listingsPageSize: settings.listingsPageSize ?? 20,
    reportMaxPolls: settings.reportMaxPolls ?? 60,
    reportPollMs: settings.reportPollMs ?? 15_000,
  };
}

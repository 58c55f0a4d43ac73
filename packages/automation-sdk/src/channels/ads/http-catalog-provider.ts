import { z } from 'zod';
import { ProviderError } from '../errors';
import { type ProviderHttpOptions, providerRequest } from '../provider-http';
import type { AdsCatalogProvider, CatalogBatchResult } from './ads-provider';
import { asGraphError } from './http-ads-provider';

/** The five free-form catalogue fields Meta (and Google Merchant Center) let product sets filter on. */
export const CATALOG_PAUSE_LABELS = [
  'custom_label_0',
  'custom_label_1',
  'custom_label_2',
  'custom_label_3',
  'custom_label_4',
] as const;
export type CatalogPauseLabel = (typeof CATALOG_PAUSE_LABELS)[number];

export interface HttpAdsCatalogProviderOptions extends ProviderHttpOptions {
  /** Graph API base including the version, e.g. `https://graph.facebook.com/v21.0`. */
  baseUrl: string;
  /** A system-user access token with catalog_management on the catalogue (bearer). */
  accessToken: string;
  /**
   * The item field a paused SKU is marked in. Pick a custom label the catalogue feed leaves empty: a feed
   * upload that sets it would overwrite the mark.
   * @default 'custom_label_4'
   * @example 'custom_label_2'
   */
  pauseLabel?: CatalogPauseLabel;
  /**
   * The value a paused item's label holds (Meta allows 100 characters); product sets that ads use filter
   * it out with `{"custom_label_4": {"neq": "cartwire_paused"}}`. A resumed item's label is emptied.
   * @default 'cartwire_paused'
   */
  pausedValue?: string;
  /** @default 'meta-catalog' */
  name?: string;
}

/**
 * Meta's documented limit is 5,000 requests per call, with "under 3,000 for optimal performance"
 * (Product Catalog Items Batch reference).
 */
const BATCH_SIZE = 3_000;

/** The part of an items_batch answer Cartwire reads: `handles`, and `validation_status` per refused item. */
const ItemsBatchResponse = z.object({
  handles: z.array(z.string()),
  validation_status: z
    .array(
      z.object({
        retailer_id: z.string(),
        errors: z.array(z.object({ message: z.string() })).default([]),
      }),
    )
    .default([]),
});

/**
 * Reference ads catalogue adapter: Meta's Catalog Batch API, `POST {baseUrl}/{catalogId}/items_batch` with
 * `{ item_type: 'PRODUCT_ITEM', allow_upsert: false, requests: [{ method: 'UPDATE', data: { id: sku,
 * custom_label_4: 'cartwire_paused' } }] }` (Meta recommends `items_batch` over the older `/batch`, which
 * has differently named parameters; see developers.facebook.com/docs/marketing-api/catalog-batch and the
 * Product Catalog Items Batch reference). `allow_upsert: false` keeps a SKU the catalogue does not hold
 * from being created as a bare item. Meta answers `{ handles, validation_status }` and applies the batch
 * asynchronously (`GET /{catalogId}/check_batch_request_status?handle=…` reports its end); items it refuses
 * at once come back in `validation_status` and are reported as `rejected`.
 *
 * Why a custom label and not `availability: 'out of stock'`: ads skip out-of-stock items on their own once
 * the catalogue feed says so, and writing `availability` would contradict the feed the merchant owns (and
 * be overwritten by its next upload); a label only Cartwire writes marks "paused by Cartwire" precisely,
 * so resuming clears exactly what Cartwire set, and the product sets the ads use exclude it with one filter
 * rule. It is the same mechanism Google documents for Shopping campaigns (inventory filters on custom
 * labels); Google Merchant Center's per-item switch is `excludedDestinations: ['Shopping_ads']` in the
 * Content API (products.custombatch), which an adapter for Google would set instead. Meta is the platform
 * the customer-list adapter (`createHttpAdsAudienceProvider`) already speaks, with the same token.
 *
 * Graph errors come as `{ error: { message, code } }`; throttling codes (including 80014, the catalogue
 * batch rate limit) and 5xx are retryable.
 */
export function createHttpAdsCatalogProvider(options: HttpAdsCatalogProviderOptions): AdsCatalogProvider {
  const name = options.name ?? 'meta-catalog';
  const base = options.baseUrl.replace(/\/+$/, '');
  const label = options.pauseLabel ?? 'custom_label_4';
  const pausedValue = options.pausedValue ?? 'cartwire_paused';
  if (!CATALOG_PAUSE_LABELS.includes(label)) {
    throw new TypeError(`pauseLabel must be one of ${CATALOG_PAUSE_LABELS.join(', ')}`);
  }
  if (pausedValue === '' || pausedValue.length > 100) {
    throw new TypeError('pausedValue must be 1 to 100 characters (Meta custom label limit)');
  }

  async function update(
    catalog: string,
    skus: readonly string[],
    value: string,
  ): Promise<CatalogBatchResult> {
    const result: CatalogBatchResult = { handles: [], rejected: [] };
    const unique = [...new Set(skus)];
    for (let start = 0; start < unique.length; start += BATCH_SIZE) {
      const chunk = unique.slice(start, start + BATCH_SIZE);
      let json: unknown;
      try {
        ({ json } = await providerRequest(name, options, {
          method: 'POST',
          url: `${base}/${encodeURIComponent(catalog)}/items_batch`,
          headers: {
            authorization: `Bearer ${options.accessToken}`,
            'content-type': 'application/json',
            accept: 'application/json',
          },
          body: JSON.stringify({
            item_type: 'PRODUCT_ITEM',
            allow_upsert: false,
            requests: chunk.map((sku) => ({ method: 'UPDATE', data: { id: sku, [label]: value } })),
          }),
        }));
      } catch (error) {
        throw asGraphError(error);
      }
      const parsed = ItemsBatchResponse.safeParse(json);
      if (!parsed.success) {
        // A 2xx we cannot read may or may not have been applied; the update is idempotent, so retry it.
        throw new ProviderError(`${name}: unreadable items_batch answer`, true, 200);
      }
      result.handles.push(...parsed.data.handles);
      for (const status of parsed.data.validation_status) {
        if (status.errors.length === 0 || !chunk.includes(status.retailer_id)) continue;
        result.rejected.push({
          sku: status.retailer_id,
          message: status.errors.map((e) => e.message).join('; '),
        });
      }
    }
    return result;
  }

  return {
    platform: 'meta',
    name,
    pauseItems: (catalog, skus) => update(catalog, skus, pausedValue),
    resumeItems: (catalog, skus) => update(catalog, skus, ''),
  };
}

import { z } from 'zod';
import { type CustomStreamContext, defineStream } from '../engine/connector';
import type { ConnectorResponse, RequestOptions } from '../engine/http-types';
import { paginate } from '../engine/pagination/paginate';
import type { PageCursor } from '../engine/pagination/pagination-types';
import { listingUpdatedAt, mapListing, mapNetwork, mapStock, stockKey, stockUpdatedAt } from './map-catalog';
import { arrayAt, objectAt, stringAt } from './order-requests';
import { amazonSettingsOf } from './settings';
import { ListingRecord, NetworkRecord, StockRecord } from './stream-records';

function listingsRequest(context: {
  since: string | null;
  store: CustomStreamContext['store'];
}): RequestOptions {
  const settings = amazonSettingsOf(context.store);
  return {
    operation: 'searchListingsItems',
    path: `/listings/2021-08-01/items/${encodeURIComponent(settings.sellerId)}`,
    query: {
      marketplaceIds: settings.marketplaceIds[0],
      includedData: 'summaries,attributes,offers,fulfillmentAvailability',
      pageSize: settings.listingsPageSize,
      sortBy: 'lastUpdatedDate',
      sortOrder: 'ASC',
      lastUpdatedAfter: context.since ?? undefined,
    },
  };
}

function listingRecords(marketplaceId: string) {
  return (response: ConnectorResponse) =>
    arrayAt(response.body, 'items').map((item) => ({ item, marketplaceId }));
}

/** `pagination.nextToken`, where Listings Items and FBA Inventory both put their next-page token. */
const paginationNextToken = (response: ConnectorResponse) =>
  stringAt(objectAt(response.body, 'pagination'), 'nextToken');

const SkuOf = z.looseObject({ item: z.looseObject({ sku: z.string() }) });

/**
 * Products from the seller's listings (searchListingsItems, `listingsPageSize` per page, oldest change first,
 * `lastUpdatedAfter` on incremental runs), in the first configured marketplace.
 */
export const productsStream = defineStream({
  entity: 'product',
  schema: ListingRecord,
  cursor: { updatedAt: listingUpdatedAt, id: (raw) => raw.item.sku },
  externalId: (record) => {
    const parsed = SkuOf.safeParse(record);
    return parsed.success ? parsed.data.item.sku : null;
  },
  map: (raw, context) => mapListing(raw, context),
  request: (input) => listingsRequest(input),
  paginate: { kind: 'cursor', param: 'pageToken', next: paginationNextToken },
  records: (response) => {
    // The marketplace is not echoed per item; it is the one requested.
    const marketplace = new URL(response.url).searchParams.get('marketplaceIds') ?? '';
    return listingRecords(marketplace)(response);
  },
});

/** Resume state of the inventory stream: which network is being read and its page token. */
const StockResume = z.object({ phase: z.enum(['AFN', 'MFN']), token: z.string().nullable() });

function stockResume(cursor: PageCursor | null): z.infer<typeof StockResume> | null {
  if (cursor?.kind !== 'custom') return null;
  const parsed = StockResume.safeParse(cursor.state);
  return parsed.success ? parsed.data : null;
}

function observedAt(response: ConnectorResponse): string {
  const date = response.headers.get('date');
  const ms = date ? Date.parse(date) : Number.NaN;
  return new Date(Number.isFinite(ms) ? ms : Date.now()).toISOString();
}

/**
 * Inventory levels per fulfillment network: FBA stock from getInventorySummaries (AFN;
 * `startDateTime` on incremental runs; its nextToken lives 30 s, so a resume from a stale token
 * restarts the stream), then merchant-fulfilled stock from the listings' `DEFAULT`
 * fulfillmentAvailability (MFN).
 */
export const inventoryLevelsStream = defineStream({
  entity: 'inventory_level',
  schema: StockRecord,
  cursor: { updatedAt: stockUpdatedAt, id: stockKey },
  externalId: (record) => {
    const parsed = StockRecord.safeParse(record);
    return parsed.success ? stockKey(parsed.data) : null;
  },
  map: (raw, context) => mapStock(raw, context),
  async *custom(context) {
    const settings = amazonSettingsOf(context.store);
    const marketplaceId = settings.marketplaceIds[0] ?? '';
    const resume = stockResume(context.resumeFrom);
    const cursorOf = (phase: 'AFN' | 'MFN', token: string | null): PageCursor => ({
      kind: 'custom',
      state: { phase, token },
    });
    if (resume?.phase !== 'MFN') {
      const fba = paginate({
        pagination: { kind: 'cursor', param: 'nextToken', next: paginationNextToken },
        base: {
          operation: 'getInventorySummaries',
          path: '/fba/inventory/v1/summaries',
          query: {
            details: 'true',
            granularityType: 'Marketplace',
            granularityId: marketplaceId,
            marketplaceIds: marketplaceId,
            startDateTime: context.since ?? undefined,
          },
        },
        start: resume?.token ? { kind: 'cursor', token: resume.token } : null,
        send: context.request,
        records: (response) => arrayAt(objectAt(response.body, 'payload'), 'inventorySummaries'),
      });
      for await (const page of fba) {
        const at = observedAt(page.response);
        yield {
          records: page.records.map((summary) => ({ network: 'AFN', summary, observedAt: at })),
          next: cursorOf(page.next ? 'AFN' : 'MFN', page.next?.kind === 'cursor' ? page.next.token : null),
        };
      }
    }
    const listings = paginate({
      pagination: { kind: 'cursor', param: 'pageToken', next: paginationNextToken },
      base: listingsRequest(context),
      start: resume?.phase === 'MFN' && resume.token ? { kind: 'cursor', token: resume.token } : null,
      send: context.request,
      records: listingRecords(marketplaceId),
    });
    for await (const page of listings) {
      yield {
        records: page.records.map((listing) => ({ network: 'MFN', listing })),
        next: page.next?.kind === 'cursor' ? cursorOf('MFN', page.next.token) : null,
      };
    }
  },
});

/**
 * Locations: Amazon has no location resource. Cartwire models the two fulfillment networks a seller
 * stocks — Fulfilled by Amazon (AFN) and merchant fulfilled (MFN) — as two fixed locations, observed
 * when read. No request is made.
 */
export const locationsStream = defineStream({
  entity: 'location',
  schema: NetworkRecord,
  cursor: { updatedAt: (raw) => raw.observedAt, id: (raw) => raw.network },
  externalId: (record) => {
    const parsed = NetworkRecord.safeParse(record);
    return parsed.success ? parsed.data.network : null;
  },
  map: (raw, context) => mapNetwork(raw, context),
  async *custom() {
    const observed = new Date().toISOString();
    yield { records: ['AFN', 'MFN'].map((network) => ({ network, observedAt: observed })), next: null };
  },
});

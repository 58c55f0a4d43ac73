import type { Hono } from 'hono';
import { asinOf } from './amazon-ids';
import { type AmazonContext, type AmazonVariables, amazonJson, operation } from './emulator-context';
import { invalidInput, notFound } from './error-bodies';
import { byKey, decodePageToken, encodePageToken, filtersHash, pageAfter } from './page-token';
import { instantParam, intParam, listParam, ParamError, singleParam } from './query-params';
import {
  afnLocationId,
  LISTING_INCLUDED_DATA,
  type ListingView,
  listingViews,
  renderCatalogItem,
  renderInventorySummary,
  renderListing,
} from './render-catalog';

type App = Hono<{ Variables: AmazonVariables }>;

const LISTINGS_TOKEN_LIFETIME_MS = 24 * 3600 * 1000;
/** FBA inventory `nextToken`s expire 30 seconds after they are issued. */
export const INVENTORY_TOKEN_LIFETIME_MS = 30_000;
const INVENTORY_PAGE_SIZE = 50;

const listingKey = (view: ListingView) => ({ at: view.updatedMs, id: view.sku });

/** Listings Items 2021-08-01, FBA Inventory v1 and Catalog Items 2022-04-01. */
export function registerCatalog(app: App, context: AmazonContext): void {
  const { marketplaceId, sellerId, store } = context.options;
  const currency = store.shop.currency;

  function listingIncluded(values: string[]): Set<string> {
    const unknown = values.find((value) => !(LISTING_INCLUDED_DATA as readonly string[]).includes(value));
    if (unknown !== undefined) throw new ParamError(`Invalid includedData value: ${unknown}.`);
    return new Set(values.length === 0 ? ['summaries'] : values);
  }

  app.get('/listings/2021-08-01/items/:sellerId', operation(context, 'searchListingsItems'), (c) => {
    try {
      if (c.req.param('sellerId') !== sellerId) return amazonJson(c, notFound('Seller not found.'), 404);
      const marketplaces = listParam(c, 'marketplaceIds');
      if (marketplaces.length === 0) throw new ParamError('marketplaceIds is required.');
      const included = listingIncluded(listParam(c, 'includedData'));
      const pageSize = intParam(c, 'pageSize', 1, 20, 10);
      const updatedAfter = instantParam(c, 'lastUpdatedAfter');
      const updatedBefore = instantParam(c, 'lastUpdatedBefore');
      const descending = singleParam(c, 'sortOrder') === 'DESC';
      const filters = {
        marketplaces,
        updatedAfter,
        updatedBefore,
        descending,
        sort: singleParam(c, 'sortBy'),
      };
      const hash = filtersHash(filters);
      const token = singleParam(c, 'pageToken');
      let after = null;
      if (token !== undefined) {
        const decoded = decodePageToken(token, hash, context.now(), LISTINGS_TOKEN_LIFETIME_MS);
        if (!decoded.ok) return amazonJson(c, invalidInput(decoded.reason), 400);
        after = decoded.key;
      }
      const matching = marketplaces.includes(marketplaceId)
        ? listingViews(store).filter(
            (view) =>
              (updatedAfter === null || view.updatedMs >= updatedAfter) &&
              (updatedBefore === null || view.updatedMs <= updatedBefore),
          )
        : [];
      // Descending order is served as the reverse of the ascending keyset (keys negated).
      const keyOf = descending ? (view: ListingView) => ({ at: -view.updatedMs, id: view.sku }) : listingKey;
      matching.sort(byKey(keyOf));
      const page = pageAfter(matching, keyOf, after, pageSize);
      return amazonJson(c, {
        numberOfResults: matching.length,
        ...(page.last ? { pagination: { nextToken: encodePageToken(page.last, hash, context.now()) } } : {}),
        items: page.items.map((view) => renderListing(view, included, marketplaceId, currency)),
      });
    } catch (error) {
      if (error instanceof ParamError) return amazonJson(c, invalidInput(error.message), 400);
      throw error;
    }
  });

  app.get('/listings/2021-08-01/items/:sellerId/:sku', operation(context, 'getListingsItem'), (c) => {
    try {
      const included = listingIncluded(listParam(c, 'includedData'));
      const sku = c.req.param('sku');
      const view = listingViews(store).find((candidate) => candidate.sku === sku);
      if (c.req.param('sellerId') !== sellerId || !view) {
        return amazonJson(c, notFound(`SKU '${sku}' not found in marketplace ${marketplaceId}`), 404);
      }
      return amazonJson(c, renderListing(view, included, marketplaceId, currency));
    } catch (error) {
      if (error instanceof ParamError) return amazonJson(c, invalidInput(error.message), 400);
      throw error;
    }
  });

  app.get('/fba/inventory/v1/summaries', operation(context, 'getInventorySummaries'), (c) => {
    try {
      if (singleParam(c, 'granularityType') !== 'Marketplace') {
        throw new ParamError('granularityType must be Marketplace.');
      }
      const granularityId = singleParam(c, 'granularityId');
      if (!granularityId) throw new ParamError('granularityId is required.');
      if (listParam(c, 'marketplaceIds').length === 0) throw new ParamError('marketplaceIds is required.');
      const startDateTime = instantParam(c, 'startDateTime');
      const skus = startDateTime === null ? listParam(c, 'sellerSkus') : [];
      if (skus.length > 50) throw new ParamError('sellerSkus accepts at most 50 values.');
      const filters = { granularityId, startDateTime, skus };
      const hash = filtersHash(filters);
      const token = singleParam(c, 'nextToken');
      let after = null;
      if (token !== undefined) {
        const decoded = decodePageToken(token, hash, context.now(), INVENTORY_TOKEN_LIFETIME_MS);
        if (!decoded.ok) return amazonJson(c, invalidInput(decoded.reason), 400);
        after = decoded.key;
      }
      const afn = afnLocationId(store);
      const summaries = (afn === null || granularityId !== marketplaceId ? [] : store.listInventoryLevels())
        .filter((level) => level.locationId === afn)
        .map((level) => renderInventorySummary(store, level))
        .filter((summary): summary is Record<string, unknown> => summary !== null)
        .map((summary) => ({
          summary,
          key: { at: Date.parse(String(summary.lastUpdatedTime)), id: String(summary.sellerSku) },
        }))
        .filter(
          (entry) =>
            (startDateTime === null || entry.key.at >= startDateTime) &&
            (skus.length === 0 || skus.includes(entry.key.id)),
        )
        .sort(byKey((entry) => entry.key));
      const page = pageAfter(summaries, (entry) => entry.key, after, INVENTORY_PAGE_SIZE);
      return amazonJson(c, {
        ...(page.last ? { pagination: { nextToken: encodePageToken(page.last, hash, context.now()) } } : {}),
        payload: {
          granularity: { granularityType: 'Marketplace', granularityId },
          inventorySummaries: page.items.map((entry) => entry.summary),
        },
      });
    } catch (error) {
      if (error instanceof ParamError) return amazonJson(c, invalidInput(error.message), 400);
      throw error;
    }
  });

  app.get('/catalog/2022-04-01/items/:asin', operation(context, 'getCatalogItem'), (c) => {
    const asin = c.req.param('asin');
    if (listParam(c, 'marketplaceIds').length === 0) {
      return amazonJson(c, invalidInput('marketplaceIds is required.'), 400);
    }
    const variant = store.listVariants().find((candidate) => asinOf(candidate.id) === asin);
    if (!variant) return amazonJson(c, notFound(`Requested item '${asin}' not found`), 404);
    const included = listParam(c, 'includedData');
    return amazonJson(
      c,
      renderCatalogItem(
        store,
        variant,
        new Set(included.length === 0 ? ['summaries'] : included),
        marketplaceId,
      ),
    );
  });
}

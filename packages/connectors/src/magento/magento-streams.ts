import { z } from 'zod';
import { type CustomStreamContext, defineStream } from '../engine/connector';
import type { ConnectorResponse, RequestOptions } from '../engine/http-types';
import { paginate } from '../engine/pagination/paginate';
import {
  entityIds,
  MagentoResponseShapeError,
  magentoPagination,
  observedAt,
  readAhead,
  searchAll,
  searchItems,
  storefrontOf,
} from './magento-paging';
import { mapCart } from './map-cart';
import { mapCustomer } from './map-customer';
import { mapSource, mapSourceItem, sourceItemKey } from './map-inventory';
import { mapOrder } from './map-order';
import { mapProduct } from './map-product';
import { mapCreditMemo, mapShipment } from './map-sales-documents';
import { RawCreditMemo, RawCustomer, RawShipment } from './raw-schemas';
import { incrementalQuery, searchCriteriaQuery } from './search-query';
import { pageSizeOf } from './settings';
import { OrderBundle, ProductFamily, QuoteRecord, SourceItemRecord, SourceRecord } from './stream-records';
import { fromMagentoDate } from './wire-values';

type Send = (request: RequestOptions) => Promise<ConnectorResponse>;

/** One stream's search pages at the store's page size, resuming from the saved page. */
function searchPages(context: CustomStreamContext, base: RequestOptions) {
  return readAhead(
    paginate({
      pagination: magentoPagination(pageSizeOf(context.store)),
      base,
      start: context.resumeFrom,
      send: context.request,
      records: searchItems,
    }),
  );
}

/** A stream whose pages are its search results as they come (no joins). */
function plainSearch(operation: string, path: string) {
  return async function* (context: CustomStreamContext) {
    const pages = searchPages(context, {
      operation,
      path,
      query: incrementalQuery(context.since, 'entity_id'),
    });
    for await (const page of pages) yield { records: page.records, next: page.next };
  };
}

function inFilter(field: string, values: readonly (string | number)[]) {
  return searchCriteriaQuery({ groups: [[{ field, value: values.join(','), conditionType: 'in' }]] });
}

function groupBy<T>(rows: readonly T[], key: (row: T) => number | null): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const value = key(row);
    if (value === null) continue;
    const list = groups.get(value) ?? [];
    list.push(row);
    groups.set(value, list);
  }
  return groups;
}

const ParentOnly = z.looseObject({
  id: z.union([z.int(), z.string()]),
  extension_attributes: z
    .looseObject({ configurable_product_links: z.array(z.union([z.int(), z.string()])).optional() })
    .optional(),
});
const OrderRef = z.looseObject({ order_id: z.union([z.int(), z.string()]) });
const QuoteOrder = z.looseObject({ entity_id: z.int(), quote_id: z.union([z.int(), z.string()]) });
const SkuId = z.looseObject({ id: z.int(), sku: z.string() });
const Currency = z.looseObject({ base_currency_code: z.string().length(3) });

async function baseCurrency(send: Send): Promise<string> {
  const response = await send({ operation: 'directory.currency', path: '/directory/currency' });
  const parsed = Currency.safeParse(response.body);
  if (!parsed.success) throw new MagentoResponseShapeError('/directory/currency', 'base_currency_code');
  return parsed.data.base_currency_code;
}

function orderIdOf(record: unknown): number | null {
  const parsed = OrderRef.safeParse(record);
  return parsed.success ? Number(parsed.data.order_id) : null;
}

/**
 * Products: configurable parents and standalone products, paged by `updated_at` (children are not
 * visible individually, `visibility = 1`), with each page's configurable children fetched in one
 * `entity_id in (…)` search.
 */
export const productsStream = defineStream({
  entity: 'product',
  schema: ProductFamily,
  cursor: {
    updatedAt: (raw) => fromMagentoDate(raw.product.updated_at),
    id: (raw) => String(raw.product.id),
  },
  externalId: (record) => {
    const parsed = z.object({ product: ParentOnly }).safeParse(record);
    return parsed.success ? String(parsed.data.product.id) : null;
  },
  map: (raw, context) => mapProduct(raw, context),
  async *custom(context) {
    const { since, request } = context;
    const currency = await baseCurrency(request);
    const pages = searchPages(context, {
      operation: 'products.search',
      path: '/products',
      query: incrementalQuery(since, 'entity_id', [
        [{ field: 'visibility', value: '1', conditionType: 'neq' }],
      ]),
    });
    for await (const page of pages) {
      const links = new Map<unknown, number[]>();
      for (const record of page.records) {
        const parsed = ParentOnly.safeParse(record);
        const ids = parsed.success
          ? (parsed.data.extension_attributes?.configurable_product_links ?? [])
          : [];
        links.set(record, ids.map(Number));
      }
      const childIds = [...links.values()].flat();
      const children = new Map<number, unknown>();
      if (childIds.length > 0) {
        const rows = await searchAll(
          request,
          'products.children',
          '/products',
          inFilter('entity_id', childIds),
        );
        for (const row of rows) {
          const parsed = ParentOnly.safeParse(row);
          if (parsed.success) children.set(Number(parsed.data.id), row);
        }
      }
      const storefrontUrl = storefrontOf(page.response.url);
      yield {
        records: page.records.map((record) => ({
          product: record,
          children: (links.get(record) ?? []).flatMap((id) => (children.has(id) ? [children.get(id)] : [])),
          currency,
          storefrontUrl,
        })),
        next: page.next,
      };
    }
  },
});

export const customersStream = defineStream({
  entity: 'customer',
  schema: RawCustomer,
  cursor: { updatedAt: (raw) => fromMagentoDate(raw.updated_at), id: (raw) => String(raw.id) },
  map: (raw, context) => mapCustomer(raw, context),
  custom: plainSearch('customers.search', '/customers/search'),
});

/** Orders with their items, plus each page's credit memos and shipments (one `order_id in` search each). */
export const ordersStream = defineStream({
  entity: 'order',
  schema: OrderBundle,
  cursor: {
    updatedAt: (raw) => fromMagentoDate(raw.order.updated_at),
    id: (raw) => String(raw.order.entity_id),
  },
  externalId: (record) => {
    const ids = entityIds([(record as { order?: unknown } | null)?.order]);
    return ids[0] === undefined ? null : String(ids[0]);
  },
  map: (raw, context) => mapOrder(raw, context),
  async *custom(context) {
    const { since, request } = context;
    const pages = searchPages(context, {
      operation: 'orders.search',
      path: '/orders',
      query: incrementalQuery(since, 'entity_id'),
    });
    for await (const page of pages) {
      const ids = entityIds(page.records);
      const [memos, shipments] =
        ids.length === 0
          ? [[], []]
          : await Promise.all([
              searchAll(request, 'creditmemos.search', '/creditmemos', inFilter('order_id', ids)),
              searchAll(request, 'shipments.search', '/shipments', inFilter('order_id', ids)),
            ]);
      const memosByOrder = groupBy(memos, orderIdOf);
      const shipmentsByOrder = groupBy(shipments, orderIdOf);
      yield {
        records: page.records.map((record) => {
          const id = entityIds([record])[0];
          return {
            order: record,
            creditMemos: id === undefined ? [] : (memosByOrder.get(id) ?? []),
            shipments: id === undefined ? [] : (shipmentsByOrder.get(id) ?? []),
          };
        }),
        next: page.next,
      };
    }
  },
});

export const refundsStream = defineStream({
  entity: 'refund',
  schema: RawCreditMemo,
  cursor: { updatedAt: (raw) => fromMagentoDate(raw.updated_at), id: (raw) => String(raw.entity_id) },
  externalId: (record) => entityIds([record])[0]?.toString() ?? null,
  map: (raw, context) => mapCreditMemo(raw, context),
  custom: plainSearch('creditmemos.search', '/creditmemos'),
});

export const shipmentsStream = defineStream({
  entity: 'shipment',
  schema: RawShipment,
  cursor: { updatedAt: (raw) => fromMagentoDate(raw.updated_at), id: (raw) => String(raw.entity_id) },
  externalId: (record) => entityIds([record])[0]?.toString() ?? null,
  map: (raw, context) => mapShipment(raw, context),
  custom: plainSearch('shipments.search', '/shipments'),
});

/**
 * Carts from non-empty quotes (`GET /V1/carts/search` needs an admin-level token or integration),
 * each page's converted quotes resolved to their orders by one `quote_id in` search.
 */
export const cartsStream = defineStream({
  entity: 'cart',
  schema: QuoteRecord,
  cursor: { updatedAt: (raw) => fromMagentoDate(raw.quote.updated_at), id: (raw) => String(raw.quote.id) },
  externalId: (record) => {
    const parsed = z.object({ quote: SkuId.pick({ id: true }) }).safeParse(record);
    return parsed.success ? String(parsed.data.quote.id) : null;
  },
  map: (raw, context) => mapCart(raw, context),
  async *custom(context) {
    const { since, request } = context;
    const pages = searchPages(context, {
      operation: 'carts.search',
      path: '/carts/search',
      query: incrementalQuery(since, 'entity_id', [
        [{ field: 'items_count', value: '0', conditionType: 'gt' }],
      ]),
    });
    for await (const page of pages) {
      const quoteIds = page.records.flatMap((record) => {
        const parsed = z.looseObject({ id: z.int(), is_active: z.unknown() }).safeParse(record);
        return parsed.success && (parsed.data.is_active === false || parsed.data.is_active === 0)
          ? [parsed.data.id]
          : [];
      });
      const orderByQuote = new Map<number, number>();
      if (quoteIds.length > 0) {
        const orders = await searchAll(request, 'orders.by_quote', '/orders', {
          ...inFilter('quote_id', quoteIds),
          fields: 'items[entity_id,quote_id],total_count',
        });
        for (const row of orders) {
          const parsed = QuoteOrder.safeParse(row);
          if (parsed.success) orderByQuote.set(Number(parsed.data.quote_id), parsed.data.entity_id);
        }
      }
      yield {
        records: page.records.map((record) => {
          const id = z.looseObject({ id: z.int() }).safeParse(record);
          return { quote: record, orderId: id.success ? (orderByQuote.get(id.data.id) ?? null) : null };
        }),
        next: page.next,
      };
    }
  },
});

/**
 * MSI source items. They carry no timestamp, so every run reads all of them (the `since` of an
 * incremental run cannot narrow the search) and stamps them with the response time; product ids
 * come from one `sku in (…)` search per page.
 */
export const inventoryLevelsStream = defineStream({
  entity: 'inventory_level',
  schema: SourceItemRecord,
  cursor: {
    updatedAt: (raw) => raw.observedAt,
    id: (raw) => sourceItemKey(raw.item.source_code, raw.item.sku),
  },
  externalId: (record) => {
    const parsed = z
      .object({ item: z.looseObject({ sku: z.string(), source_code: z.string() }) })
      .safeParse(record);
    return parsed.success ? sourceItemKey(parsed.data.item.source_code, parsed.data.item.sku) : null;
  },
  map: (raw, context) => mapSourceItem(raw, context),
  async *custom(context) {
    const { request } = context;
    const pages = searchPages(context, {
      operation: 'inventory.source_items.search',
      path: '/inventory/source-items',
      query: searchCriteriaQuery({
        sort: [
          { field: 'source_code', direction: 'ASC' },
          { field: 'sku', direction: 'ASC' },
        ],
      }),
    });
    for await (const page of pages) {
      const skus = [
        ...new Set(
          page.records.flatMap((record) => {
            const parsed = z.looseObject({ sku: z.string() }).safeParse(record);
            return parsed.success ? [parsed.data.sku] : [];
          }),
        ),
      ];
      const idBySku = new Map<string, number>();
      if (skus.length > 0) {
        const rows = await searchAll(request, 'products.by_sku', '/products', {
          ...inFilter('sku', skus),
          fields: 'items[id,sku],total_count',
        });
        for (const row of rows) {
          const parsed = SkuId.safeParse(row);
          if (parsed.success) idBySku.set(parsed.data.sku, parsed.data.id);
        }
      }
      const at = observedAt(page.response);
      yield {
        records: page.records.map((record) => {
          const sku = z.looseObject({ sku: z.string() }).safeParse(record);
          return {
            item: record,
            productId: sku.success ? (idBySku.get(sku.data.sku) ?? null) : null,
            observedAt: at,
          };
        }),
        next: page.next,
      };
    }
  },
});

/** MSI sources as locations; like source items they have no timestamps and are read in full. */
export const locationsStream = defineStream({
  entity: 'location',
  schema: SourceRecord,
  cursor: { updatedAt: (raw) => raw.observedAt, id: (raw) => raw.source.source_code },
  externalId: (record) => {
    const parsed = z.object({ source: z.looseObject({ source_code: z.string() }) }).safeParse(record);
    return parsed.success ? parsed.data.source.source_code : null;
  },
  map: (raw, context) => mapSource(raw, context),
  async *custom(context) {
    const pages = searchPages(context, {
      operation: 'inventory.sources.search',
      path: '/inventory/sources',
      query: searchCriteriaQuery({ sort: [{ field: 'source_code', direction: 'ASC' }] }),
    });
    for await (const page of pages) {
      const at = observedAt(page.response);
      yield { records: page.records.map((record) => ({ source: record, observedAt: at })), next: page.next };
    }
  },
});

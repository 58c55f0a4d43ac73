import { z } from 'zod';
import { type CustomPage, type CustomStreamContext, defineStream } from '../engine/connector';
import type { ConnectorResponse } from '../engine/http-types';
import { paginate } from '../engine/pagination/paginate';
import type { PageCursor } from '../engine/pagination/pagination-types';
import { mapBuyer } from './map-catalog';
import { lineKeyOf, mapOrder2026, mapOrderV0, mapReportOrder } from './map-order';
import { mapPackage, packageExternalId } from './map-shipment';
import { OrderReportRecord } from './order-report';
import {
  arrayAt,
  getOrdersPaging,
  getOrdersRequest,
  lowerBound,
  orderItemsPaging,
  searchOrdersPaging,
  searchOrdersRequest,
} from './order-requests';
import { OrderWithItemsV0, RawOrder2026, RawOrderV0, RawPackage } from './raw-schemas';
import { readAhead } from './read-ahead';
import { ReportsResumeState, reportPages } from './reports-backfill';
import { restrictedDataTokens } from './restricted-data-token';
import { amazonSettingsOf, type ResolvedAmazonSettings } from './settings';
import { BuyerRecord } from './stream-records';
import { amazonInstant, textOrNull } from './wire-values';

const DAY_MS = 24 * 3600 * 1000;

/** includedData of the orders stream: everything the normalized order uses; BUYER only with the role. */
function orderIncludedData(settings: ResolvedAmazonSettings): string[] {
  return [...(settings.piiAccess ? ['BUYER'] : []), 'RECIPIENT', 'FULFILLMENT', 'PACKAGES', 'PROCEEDS'];
}

/**
 * Which path reads this run. A backfill (no watermark yet) follows `orderBackfill`: under `auto`,
 * the Reports API when its window is wider than `reportsAboveDays`, paging otherwise. Incremental
 * runs always page: they read only changed orders (few, even after a long pause: searchOrders'
 * burst of 20 pages serves 2 000 at once), and the report would re-read those orders without their
 * buyer and packages, erasing what a paged read had stored and announcing each change twice. A quiet
 * store's watermark stays old, so a window rule would send every one of its polls to the Reports
 * API. A resumed run stays on the path its checkpoint belongs to.
 */
export function orderReadPath(
  since: string | null,
  resumeFrom: PageCursor | null,
  settings: ResolvedAmazonSettings,
  now = Date.now(),
): 'reports' | 'paging' {
  if (resumeFrom)
    return ReportsResumeState.safeParse(resumeFrom.kind === 'custom' ? resumeFrom.state : null).success
      ? 'reports'
      : 'paging';
  if (since !== null) return 'paging';
  if (settings.orderBackfill !== 'auto') return settings.orderBackfill;
  const from = Date.parse(lowerBound(since, settings, now));
  return now - from > settings.reportsAboveDays * DAY_MS ? 'reports' : 'paging';
}

function cursorPages(
  context: CustomStreamContext,
  base: Parameters<typeof paginate>[0]['base'],
  paging: {
    records(response: ConnectorResponse): unknown[];
    next(response: ConnectorResponse): string | null;
  },
  param: string,
) {
  return paginate({
    pagination: { kind: 'cursor', param, next: paging.next },
    base,
    start: context.resumeFrom?.kind === 'cursor' ? context.resumeFrom : null,
    send: context.request,
    records: paging.records,
  });
}

async function* searchOrderPages(
  context: CustomStreamContext,
  includedData: readonly string[],
): AsyncGenerator<CustomPage & { response: ConnectorResponse }> {
  const settings = amazonSettingsOf(context.store);
  const base = searchOrdersRequest(lowerBound(context.since, settings), settings, includedData);
  for await (const page of readAhead(cursorPages(context, base, searchOrdersPaging, 'paginationToken'))) {
    yield { records: page.records, next: page.next, response: page.response };
  }
}

/** v0 getOrders pages, each order joined with all its getOrderItems pages. */
async function* v0OrderPages(context: CustomStreamContext, withPii: boolean): AsyncGenerator<CustomPage> {
  const settings = amazonSettingsOf(context.store);
  const rdt = withPii ? restrictedDataTokens(context.request, context.store.id) : null;
  const after = lowerBound(context.since, settings);
  // The RDT is fetched per page so a long run renews it before its hour runs out.
  let token = rdt ? await rdt() : null;
  const pages = paginate({
    pagination: {
      kind: 'cursor',
      next: getOrdersPaging.next,
      apply: (request, next) => ({
        ...getOrdersRequest(after, settings, token),
        query: { ...request.query, NextToken: next },
      }),
    },
    base: getOrdersRequest(after, settings, token),
    start: context.resumeFrom?.kind === 'cursor' ? context.resumeFrom : null,
    send: context.request,
    records: getOrdersPaging.records,
  });
  for await (const page of pages) {
    const records: unknown[] = [];
    for (const record of page.records) {
      const order = RawOrderV0.safeParse(record);
      // An unreadable order is still handed on: the engine reports it with its id.
      if (!order.success) {
        records.push({ order: record, items: [] });
        continue;
      }
      const items: unknown[] = [];
      for await (const itemPage of paginate({
        pagination: { kind: 'cursor', param: 'NextToken', next: orderItemsPaging.next },
        base: {
          operation: 'getOrderItems',
          path: `/orders/v0/orders/${encodeURIComponent(order.data.AmazonOrderId)}/orderItems`,
        },
        start: null,
        send: context.request,
        records: orderItemsPaging.records,
      })) {
        items.push(...itemPage.records);
      }
      records.push({ order: record, items });
    }
    yield { records, next: page.next };
    if (rdt) token = await rdt();
  }
}

const OrderRecord = z.union([RawOrder2026, OrderWithItemsV0, OrderReportRecord]);
type OrderRecord = z.output<typeof OrderRecord>;

function orderIdOf(raw: OrderRecord): string {
  if ('orderId' in raw) return raw.orderId;
  if ('rows' in raw) return raw.rows[0]?.amazonOrderId ?? '';
  return raw.order.AmazonOrderId;
}

function orderUpdatedAt(raw: OrderRecord): string {
  if ('orderId' in raw) return amazonInstant(raw.lastUpdatedTime);
  if ('rows' in raw) return amazonInstant(raw.rows[0]?.lastUpdatedDate ?? '');
  return amazonInstant(raw.order.LastUpdateDate);
}

const AnyOrderId = z.union([
  z.looseObject({ orderId: z.string() }).transform((raw) => raw.orderId),
  z
    .looseObject({ order: z.looseObject({ AmazonOrderId: z.string() }) })
    .transform((raw) => raw.order.AmazonOrderId),
  z
    .looseObject({ rows: z.array(z.looseObject({ amazonOrderId: z.string() })).min(1) })
    .transform((raw) => raw.rows[0]?.amazonOrderId ?? null),
]);

/**
 * Orders. Paths, by store settings and run:
 * - 2026-01-01 (default): searchOrders on `lastUpdatedAfter` with `paginationToken`,
 *   includedData RECIPIENT, FULFILLMENT, PACKAGES, PROCEEDS (+ BUYER with `piiAccess`).
 * - v0 (`ordersApi: 'v0'`): getOrders on `LastUpdatedAfter` with `NextToken`, every order joined
 *   with its getOrderItems pages; with `piiAccess` getOrders is called with a Restricted Data Token.
 * - Reports (see `orderReadPath`): wide windows read GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL,
 *   30 days per report. That file has no buyer, street lines or packages: such orders carry none until
 *   the next incremental (paged) run re-reads them after a change; shipments have their own stream.
 */
export const ordersStream = defineStream({
  entity: 'order',
  schema: OrderRecord,
  cursor: { updatedAt: orderUpdatedAt, id: orderIdOf },
  externalId: (record) => {
    const parsed = AnyOrderId.safeParse(record);
    return parsed.success ? parsed.data : null;
  },
  map: (raw, context) => {
    if ('orderId' in raw) return mapOrder2026(raw, context);
    if ('rows' in raw) return mapReportOrder(raw, context);
    return mapOrderV0(raw, context);
  },
  async *custom(context) {
    const settings = amazonSettingsOf(context.store);
    if (orderReadPath(context.since, context.resumeFrom, settings) === 'reports') {
      const resume = ReportsResumeState.safeParse(
        context.resumeFrom?.kind === 'custom' ? context.resumeFrom.state : null,
      );
      yield* reportPages(
        context,
        settings,
        resume.success ? resume.data.windowStart : lowerBound(context.since, settings),
      );
      return;
    }
    if (settings.ordersApi === 'v0') {
      yield* v0OrderPages(context, settings.piiAccess);
      return;
    }
    for await (const page of searchOrderPages(context, orderIncludedData(settings))) {
      yield { records: page.records, next: page.next };
    }
  },
});

/** A package with what mapping it needs from its order. */
const PackageRecord = z.object({
  orderId: z.string().min(1),
  orderUpdatedTime: z.string(),
  lineKeys: z.array(z.tuple([z.string(), z.string()])),
  package: RawPackage,
});

/**
 * Shipments: the packages of 2026-01-01 orders (searchOrders with includedData=FULFILLMENT,PACKAGES),
 * one record per package. Orders API v0 exposes no packages: on v0 this stream is empty.
 */
export const shipmentsStream = defineStream({
  entity: 'shipment',
  schema: PackageRecord,
  cursor: {
    updatedAt: (raw) => amazonInstant(raw.orderUpdatedTime),
    id: (raw) => packageExternalId(raw.orderId, raw.package.packageReferenceId),
  },
  externalId: (record) => {
    const parsed = z
      .looseObject({ orderId: z.string(), package: z.looseObject({ packageReferenceId: z.string() }) })
      .safeParse(record);
    return parsed.success
      ? packageExternalId(parsed.data.orderId, parsed.data.package.packageReferenceId)
      : null;
  },
  map: (raw, context) =>
    mapPackage(
      raw.package,
      {
        orderId: raw.orderId,
        orderUpdatedAt: amazonInstant(raw.orderUpdatedTime),
        lineKeys: new Map(raw.lineKeys),
      },
      context,
    ),
  async *custom(context) {
    const settings = amazonSettingsOf(context.store);
    if (settings.ordersApi === 'v0') return;
    for await (const page of searchOrderPages(context, ['FULFILLMENT', 'PACKAGES'])) {
      const records = page.records.flatMap((record) => {
        const order = RawOrder2026.safeParse(record);
        if (!order.success) return [];
        const lineKeys = order.data.orderItems.map(
          (item) =>
            [
              item.orderItemId,
              lineKeyOf({
                sku: textOrNull(item.product.sellerSku),
                orderItemId: item.orderItemId,
                asin: textOrNull(item.product.asin),
              }),
            ] as [string, string],
        );
        return arrayAt(record, 'packages').map((pkg) => ({
          orderId: order.data.orderId,
          orderUpdatedTime: order.data.lastUpdatedTime,
          lineKeys,
          package: pkg,
        }));
      });
      yield { records, next: page.next };
    }
  },
});

/** Buyers of one page, the latest order per buyer (several orders by one buyer are common). */
function latestPerBuyer(buyers: BuyerRecord[]): BuyerRecord[] {
  const byEmail = new Map<string, BuyerRecord>();
  for (const buyer of buyers) {
    const key = buyer.buyerEmail.toLowerCase();
    const seen = byEmail.get(key);
    if (!seen || Date.parse(seen.orderUpdatedTime) <= Date.parse(buyer.orderUpdatedTime))
      byEmail.set(key, buyer);
  }
  return [...byEmail.values()];
}

function buyerFrom2026(record: unknown): BuyerRecord | null {
  const order = RawOrder2026.safeParse(record);
  const email = order.success ? textOrNull(order.data.buyer?.buyerEmail) : null;
  if (!order.success || email === null) return null;
  return {
    buyerEmail: email,
    buyerName: textOrNull(order.data.buyer?.buyerName),
    companyName: textOrNull(order.data.buyer?.buyerCompanyName),
    address: order.data.recipient?.deliveryAddress ?? null,
    orderCreatedTime: order.data.createdTime,
    orderUpdatedTime: order.data.lastUpdatedTime,
  };
}

function buyerFromV0(record: unknown): BuyerRecord | null {
  const order = RawOrderV0.safeParse(record);
  const email = order.success ? textOrNull(order.data.BuyerInfo?.BuyerEmail) : null;
  if (!order.success || email === null) return null;
  const address = order.data.ShippingAddress;
  return {
    buyerEmail: email,
    buyerName: textOrNull(order.data.BuyerInfo?.BuyerName),
    companyName: textOrNull(order.data.BuyerInfo?.BuyerTaxInfo?.CompanyLegalName),
    address: address
      ? {
          name: address.Name,
          addressLine1: address.AddressLine1,
          addressLine2: address.AddressLine2,
          addressLine3: address.AddressLine3,
          city: address.City,
          stateOrRegion: address.StateOrRegion,
          postalCode: address.PostalCode,
          countryCode: address.CountryCode,
          phone: address.Phone,
        }
      : null,
    orderCreatedTime: order.data.PurchaseDate,
    orderUpdatedTime: order.data.LastUpdateDate,
  };
}

/**
 * Customers derived from buyer info on orders (SP-API has no customer resource): 2026-01-01
 * searchOrders with includedData=BUYER,RECIPIENT, or v0 getOrders with a Restricted Data Token.
 * Without `piiAccess` nothing identifies a buyer, so the stream reads nothing and is empty.
 */
export const customersStream = defineStream({
  entity: 'customer',
  schema: BuyerRecord,
  cursor: {
    updatedAt: (raw) => amazonInstant(raw.orderUpdatedTime),
    id: (raw) => raw.buyerEmail.toLowerCase(),
  },
  externalId: (record) => {
    const parsed = z.looseObject({ buyerEmail: z.string() }).safeParse(record);
    return parsed.success ? parsed.data.buyerEmail.toLowerCase() : null;
  },
  map: (raw, context) => mapBuyer(raw, context),
  async *custom(context) {
    const settings = amazonSettingsOf(context.store);
    if (!settings.piiAccess) return;
    if (settings.ordersApi === 'v0') {
      const rdt = restrictedDataTokens(context.request, context.store.id);
      const after = lowerBound(context.since, settings);
      let token = await rdt();
      const pages = paginate({
        pagination: {
          kind: 'cursor',
          next: getOrdersPaging.next,
          apply: (request, next) => ({
            ...getOrdersRequest(after, settings, token),
            query: { ...request.query, NextToken: next },
          }),
        },
        base: getOrdersRequest(after, settings, token),
        start: context.resumeFrom?.kind === 'cursor' ? context.resumeFrom : null,
        send: context.request,
        records: getOrdersPaging.records,
      });
      for await (const page of pages) {
        const buyers = page.records.map(buyerFromV0).filter((buyer): buyer is BuyerRecord => buyer !== null);
        yield { records: latestPerBuyer(buyers), next: page.next };
        token = await rdt();
      }
      return;
    }
    for await (const page of searchOrderPages(context, ['BUYER', 'RECIPIENT'])) {
      const buyers = page.records.map(buyerFrom2026).filter((buyer): buyer is BuyerRecord => buyer !== null);
      yield { records: latestPerBuyer(buyers), next: page.next };
    }
  },
});

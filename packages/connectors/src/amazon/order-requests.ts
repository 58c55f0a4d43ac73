import type { ConnectorResponse, RequestOptions } from '../engine/http-types';
import type { ResolvedAmazonSettings } from './settings';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Lower bound of a run: the incremental `since`, or for a backfill `backfillDays` before now,
 * floored to UTC midnight so a resumed backfill repeats the exact same filters (a changed filter
 * invalidates Amazon's pagination token).
 */
export function lowerBound(since: string | null, settings: ResolvedAmazonSettings, now = Date.now()): string {
  if (since !== null) return new Date(Date.parse(since)).toISOString();
  const start = now - settings.backfillDays * DAY_MS;
  return new Date(Math.floor(start / DAY_MS) * DAY_MS).toISOString();
}

/** searchOrders (2026-01-01) on last update; paging adds `paginationToken`. */
export function searchOrdersRequest(
  after: string,
  settings: ResolvedAmazonSettings,
  includedData: readonly string[],
): RequestOptions {
  return {
    operation: 'searchOrders',
    path: '/orders/2026-01-01/orders',
    query: {
      lastUpdatedAfter: after,
      marketplaceIds: settings.marketplaceIds.join(','),
      maxResultsPerPage: settings.pageSize,
      includedData: includedData.join(','),
    },
  };
}

/** getOrders (v0) on last update; `NextToken` pages repeat the same filters, as Amazon documents. */
export function getOrdersRequest(
  after: string,
  settings: ResolvedAmazonSettings,
  rdt: string | null,
): RequestOptions {
  return {
    operation: 'getOrders',
    path: '/orders/v0/orders',
    query: {
      MarketplaceIds: settings.marketplaceIds.join(','),
      LastUpdatedAfter: after,
      MaxResultsPerPage: settings.pageSize,
    },
    ...rdtHeaders(rdt),
  };
}

/** Requests made with a Restricted Data Token carry it instead of the LWA token. */
export function rdtHeaders(rdt: string | null): Partial<RequestOptions> {
  return rdt === null ? {} : { authenticate: false, headers: { 'x-amz-access-token': rdt } };
}

export function objectAt(body: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function arrayAt(body: unknown, key: string): unknown[] {
  if (typeof body !== 'object' || body === null) return [];
  const value = (body as Record<string, unknown>)[key];
  return Array.isArray(value) ? value : [];
}

export function stringAt(record: Record<string, unknown> | undefined, key: string): string | null {
  const value = record?.[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** 2026-01-01 paging: `orders[]` and `pagination.nextToken`. */
export const searchOrdersPaging = {
  records: (response: ConnectorResponse) => arrayAt(response.body, 'orders'),
  next: (response: ConnectorResponse) => stringAt(objectAt(response.body, 'pagination'), 'nextToken'),
};

/** v0 paging: `payload.Orders[]` and `payload.NextToken`. */
export const getOrdersPaging = {
  records: (response: ConnectorResponse) => arrayAt(objectAt(response.body, 'payload'), 'Orders'),
  next: (response: ConnectorResponse) => stringAt(objectAt(response.body, 'payload'), 'NextToken'),
};

/** v0 getOrderItems: `payload.OrderItems[]`, `payload.NextToken`. */
export const orderItemsPaging = {
  records: (response: ConnectorResponse) => arrayAt(objectAt(response.body, 'payload'), 'OrderItems'),
  next: (response: ConnectorResponse) => stringAt(objectAt(response.body, 'payload'), 'NextToken'),
};

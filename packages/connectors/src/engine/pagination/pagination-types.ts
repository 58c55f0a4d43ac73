import { z } from 'zod';
import type { ConnectorResponse, RequestOptions } from '../http-types';

/**
 * Where the next page starts. Serializable: it is what the checkpoint store persists after each
 * page so an interrupted run resumes from exactly that page.
 */
export const PageCursor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('page'), page: z.number().int() }),
  z.object({ kind: z.literal('offset'), offset: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('link'), url: z.url() }),
  z.object({ kind: z.literal('cursor'), token: z.string().min(1) }),
  z.object({ kind: z.literal('graphqlRelay'), after: z.string().min(1) }),
  /** Resume state of a `custom` stream (e.g. a bulk operation id and a line offset). */
  z.object({ kind: z.literal('custom'), state: z.record(z.string(), z.json()) }),
]);
export type PageCursor = z.infer<typeof PageCursor>;

/**
 * `page=N&per_page=M` paging (WooCommerce, Magento `searchCriteria[currentPage]`).
 * Stops on total pages, else total count, else a short page — never on an empty page alone,
 * because Magento answers pages past the end with the last page again.
 */
export interface PagePagination {
  kind: 'page';
  /** @example 'page' or 'searchCriteria[currentPage]' */
  pageParam: string;
  /** @example 'per_page' or 'searchCriteria[pageSize]' */
  sizeParam: string;
  pageSize: number;
  /** @default 1 */
  firstPage?: number;
  /** Total page count, e.g. from `X-WP-TotalPages`. */
  totalPages?(response: ConnectorResponse): number | undefined;
  /** Total record count, e.g. Magento `total_count` or `X-WP-Total`. */
  totalCount?(response: ConnectorResponse): number | undefined;
}

/** `offset=N&limit=M` paging. Stops on total count, else a short page. */
export interface OffsetPagination {
  kind: 'offset';
  offsetParam: string;
  limitParam: string;
  pageSize: number;
  totalCount?(response: ConnectorResponse): number | undefined;
}

/** RFC 8288 `Link: <…>; rel="next"` paging (Shopify REST, WooCommerce). The next URL is used verbatim. */
export interface LinkPagination {
  kind: 'link';
  /** @default 'next' */
  rel?: string;
  /** Page-size parameter added to the first request only (later URLs carry it already). */
  sizeParam?: string;
  pageSize?: number;
}

/**
 * Token-in-body paging (Amazon `NextToken` / `pagination.nextToken`). The original filters are
 * kept on every page; `apply` customises where the token goes.
 */
export interface CursorPagination {
  kind: 'cursor';
  next(response: ConnectorResponse): string | null | undefined;
  /** Query parameter carrying the token; used when `apply` is absent. @example 'NextToken' */
  param?: string;
  apply?(request: RequestOptions, token: string): RequestOptions;
}

/** GraphQL Relay connections: `pageInfo { hasNextPage endCursor }`, cursor sent as a variable. */
export interface GraphqlRelayPagination {
  kind: 'graphqlRelay';
  pageInfo(response: ConnectorResponse): { hasNextPage: boolean; endCursor?: string | null } | undefined;
  /** Variable receiving the end cursor. @default 'after' */
  variable?: string;
}

export type PaginationDefinition =
  | PagePagination
  | OffsetPagination
  | LinkPagination
  | CursorPagination
  | GraphqlRelayPagination;

/** One fetched page. `next` is null on the last page. */
export interface Page {
  records: unknown[];
  response: ConnectorResponse;
  /** The cursor this page was fetched with (null for the first page of a run). */
  cursor: PageCursor | null;
  next: PageCursor | null;
}

export interface PaginateInput {
  pagination: PaginationDefinition;
  /** The stream's first-page request (filters, page size…). */
  base: RequestOptions;
  /** Resume point from a checkpoint; null starts at the first page. */
  start: PageCursor | null;
  send(request: RequestOptions): Promise<ConnectorResponse>;
  records(response: ConnectorResponse): unknown[];
}

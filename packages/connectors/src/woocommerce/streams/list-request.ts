import { InvalidPayloadError } from '../../engine/errors';
import type { ConnectorResponse, QueryParams, RequestOptions } from '../../engine/http-types';
import type { PagePagination } from '../../engine/pagination/pagination-types';

/** WordPress caps `per_page` at 100 (`rest_invalid_param` above). */
export const WOO_PAGE_SIZE = 100;

function headerInt(response: ConnectorResponse, name: string): number | undefined {
  const value = response.headers.get(name);
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value);
}

/** `page`/`per_page` paging that stops at `X-WP-TotalPages` (else `X-WP-Total`, else a short page). */
export const wooPagination: PagePagination = {
  kind: 'page',
  pageParam: 'page',
  sizeParam: 'per_page',
  pageSize: WOO_PAGE_SIZE,
  totalPages: (response) => headerInt(response, 'x-wp-totalpages'),
  totalCount: (response) => headerInt(response, 'x-wp-total'),
};

/** ISO-8601 UTC → the `YYYY-MM-DDTHH:MM:SS` WordPress parses, read as GMT with `dates_are_gmt`. */
export function wooGmtParam(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19);
}

/**
 * A collection request in a stable order: ascending ids never shift between pages while records
 * change, and `modified_after` + `dates_are_gmt` narrows incremental runs to changed records.
 */
export function listRequest(
  operation: string,
  path: string,
  since: string | null,
  extra: QueryParams = {},
): RequestOptions {
  const incremental: QueryParams =
    since === null ? {} : { modified_after: wooGmtParam(since), dates_are_gmt: 'true' };
  return { operation, path, query: { orderby: 'id', order: 'asc', ...incremental, ...extra } };
}

/** A collection body is a bare JSON array; anything else means the host answered something else. */
export function arrayBody(response: ConnectorResponse): unknown[] {
  if (Array.isArray(response.body)) return response.body;
  throw new InvalidPayloadError(`expected a JSON array from ${new URL(response.url).pathname}`, {
    platform: 'woocommerce',
    storeId: 'unknown',
    operation: 'list',
    status: response.status,
  });
}

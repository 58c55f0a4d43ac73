import type { CustomPage, CustomStreamContext } from '../../engine/connector';
import { InvalidPayloadError } from '../../engine/errors';
import type { ConnectorResponse, QueryParams, RequestOptions } from '../../engine/http-types';
import { paginate } from '../../engine/pagination/paginate';
import type { PagePagination } from '../../engine/pagination/pagination-types';
import { WooSettings } from '../credentials';

/** WordPress caps `per_page` at 100 (`rest_invalid_param` above). */
export const WOO_PAGE_SIZE = 100;

function headerInt(response: ConnectorResponse, name: string): number | undefined {
  const value = response.headers.get(name);
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value);
}

/** `page`/`per_page` paging that stops at `X-WP-TotalPages` (else `X-WP-Total`, else a short page). */
export function wooPagination(pageSize: number = WOO_PAGE_SIZE): PagePagination {
  return {
    kind: 'page',
    pageParam: 'page',
    sizeParam: 'per_page',
    pageSize,
    totalPages: (response) => headerInt(response, 'x-wp-totalpages'),
    totalCount: (response) => headerInt(response, 'x-wp-total'),
  };
}

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

/**
 * The records of a collection response: a bare JSON array. Anything else means the host answered
 * something other than WooCommerce (a login page, a cache's HTML), which fails the run.
 */
export function arrayBodyOf(where: { storeId: string; operation: string }) {
  return (response: ConnectorResponse): unknown[] => {
    if (Array.isArray(response.body)) return response.body;
    throw new InvalidPayloadError(`expected a JSON array from ${new URL(response.url).pathname}`, {
      platform: 'woocommerce',
      storeId: where.storeId,
      operation: where.operation,
      status: response.status,
    });
  };
}

/** The store's page size (settings `pageSize`, default 100). */
export function pageSizeOf(context: Pick<CustomStreamContext, 'store'>): number {
  return WooSettings.parse(context.store.settings).pageSize;
}

/** Every page of a collection from the first, for child reads (variations, refunds). */
export async function readAll(
  context: Pick<CustomStreamContext, 'request' | 'store'>,
  base: RequestOptions,
): Promise<unknown[]> {
  const records: unknown[] = [];
  for await (const page of paginate({
    pagination: wooPagination(pageSizeOf(context)),
    base,
    start: null,
    send: context.request,
    records: arrayBodyOf({ storeId: context.store.id, operation: base.operation }),
  })) {
    records.push(...page.records);
  }
  return records;
}

/**
 * Pulls each item of `source` one step ahead: while the caller handles page N, page N+1 is already
 * being fetched, so mapping and storing overlap the next request and a sync can keep the limiter
 * busy. Only the in-flight read is wasted when the caller stops early.
 */
export async function* readAhead<T>(source: AsyncIterator<T>): AsyncGenerator<T> {
  let pending = source.next();
  while (true) {
    const current = await pending;
    if (current.done) return;
    pending = source.next();
    // Observed later by the `await` above; marked handled now so a caller that stops early (abort,
    // failure while handling this page) does not leave an unhandled rejection behind.
    pending.catch(() => undefined);
    yield current.value;
  }
}

/**
 * A collection read page by page with the engine's page strategy, resumable at the page, reading one
 * page ahead, each page's records passed through `enrich` (child reads) before it is yielded.
 */
export async function* listPages(
  context: CustomStreamContext,
  base: RequestOptions,
  enrich: (records: unknown[]) => Promise<unknown[]> = async (records) => records,
): AsyncIterable<CustomPage> {
  const pages = paginate({
    pagination: wooPagination(pageSizeOf(context)),
    base,
    start: context.resumeFrom,
    send: context.request,
    records: arrayBodyOf({ storeId: context.store.id, operation: base.operation }),
  });
  for await (const page of readAhead(pages)) {
    yield { records: await enrich(page.records), next: page.next };
  }
}

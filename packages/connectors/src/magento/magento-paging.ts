import { z } from 'zod';
import type { ConnectorResponse, QueryParams, RequestOptions } from '../engine/http-types';
import { paginate } from '../engine/pagination/paginate';
import type { PagePagination } from '../engine/pagination/pagination-types';
import { SearchEnvelope } from './raw-schemas';

/** Records per search page. Magento's optional input limit caps `pageSize` at 300. */
export const MAGENTO_PAGE_SIZE = 100;

/**
 * `searchCriteria[currentPage]` paging that stops on `total_count`: a page past the end comes back as
 * the last page again on many Magento versions, so an empty page never signals the end.
 */
export function magentoPagination(pageSize: number = MAGENTO_PAGE_SIZE): PagePagination {
  return {
    kind: 'page',
    pageParam: 'searchCriteria[currentPage]',
    sizeParam: 'searchCriteria[pageSize]',
    pageSize,
    totalCount: (response) => SearchEnvelope.safeParse(response.body).data?.total_count,
  };
}

/** A 2xx Magento response whose body does not have the shape of its endpoint; the run stops. */
export class MagentoResponseShapeError extends Error {
  override readonly name = 'MagentoResponseShapeError';
  constructor(
    readonly path: string,
    expected: string,
  ) {
    super(`magento ${path}: expected ${expected}`);
  }
}

/** The `items` of a search response; anything else is an invalid payload. */
export function searchItems(response: ConnectorResponse): unknown[] {
  const parsed = SearchEnvelope.safeParse(response.body);
  if (!parsed.success)
    throw new MagentoResponseShapeError(new URL(response.url).pathname, '{ items: [...] }');
  return parsed.data.items;
}

/** Reads every page of a search (sidecar lookups such as "credit memos of these orders"). */
export async function searchAll(
  send: (request: RequestOptions) => Promise<ConnectorResponse>,
  operation: string,
  path: string,
  query: QueryParams,
): Promise<unknown[]> {
  const all: unknown[] = [];
  for await (const page of paginate({
    pagination: magentoPagination(),
    base: { operation, path, query },
    start: null,
    send,
    records: searchItems,
  })) {
    all.push(...page.records);
  }
  return all;
}

/** The storefront root of an API response URL (`https://shop.example/rest/default/V1/…` → `https://shop.example`). */
export function storefrontOf(responseUrl: string): string {
  const url = new URL(responseUrl);
  const restAt = url.pathname.indexOf('/rest/');
  return `${url.origin}${restAt > 0 ? url.pathname.slice(0, restAt) : ''}`;
}

/** When a response was produced (its `Date` header), as ISO-8601 UTC. */
export function observedAt(response: ConnectorResponse): string {
  const date = Date.parse(response.headers.get('date') ?? '');
  return new Date(Number.isNaN(date) ? Date.now() : date).toISOString();
}

const IdOnly = z.looseObject({ entity_id: z.union([z.int(), z.string()]) });

/** Numeric ids of the records on a page (`entity_id`), skipping malformed ones (reported later). */
export function entityIds(records: unknown[], field: 'entity_id' = 'entity_id'): number[] {
  return records.flatMap((record) => {
    const parsed = IdOnly.safeParse(record);
    return parsed.success ? [Number(parsed.data[field])] : [];
  });
}

/**
 * Iterates `source` one item ahead: the next page is requested while the caller still works on the
 * current one (its joined lookups), so a sync is not idle between a page and the next. The
 * prefetched page is never yielded before the current one, so checkpoints stay in order.
 */
export async function* readAhead<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let pending = source.next();
  try {
    while (true) {
      const current = await pending;
      if (current.done) return;
      pending = source.next();
      // A failed prefetch surfaces when it is awaited; until then it must not count as unhandled.
      pending.catch(() => undefined);
      yield current.value;
    }
  } finally {
    await source.return(undefined);
  }
}

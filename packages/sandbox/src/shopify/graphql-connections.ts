import { GraphQLError } from 'graphql';
import {
  type Connection,
  ConnectionArgumentError,
  type PageArgs,
  type Positioned,
  pageOfSorted,
  paginate,
  type SortValue,
  sortForPaging,
} from './connection';
import type { ShopifyGraphqlContext } from './graphql-context';
import { matchesSearch, parseSearchQuery, type SearchFields, SearchSyntaxError } from './search-query';

export interface ConnectionArgs extends PageArgs {
  sortKey?: string | null;
  query?: string | null;
}

function toGraphqlError(error: unknown): unknown {
  if (error instanceof ConnectionArgumentError) {
    return new GraphQLError(error.message, { extensions: { code: error.code } });
  }
  if (error instanceof SearchSyntaxError) {
    return new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return error;
}

function mapConnection<A, B>(connection: Connection<A>, map: (item: A) => B): Connection<B> {
  // Keep each edge's cursor lazy: read through the original edge only when selected.
  const edges = connection.edges.map((edge) => ({
    node: map(edge.node),
    get cursor() {
      return edge.cursor;
    },
  }));
  return { edges, nodes: edges.map((edge) => edge.node), pageInfo: connection.pageInfo };
}

/** A connection over a list embedded in its parent (an order's line items), in list order. */
export function listConnection<T>(
  items: readonly T[],
  args: PageArgs,
  context: ShopifyGraphqlContext,
): Connection<T> {
  try {
    const indexed = items.map((node, index) => ({ node, index }));
    const page = paginate(indexed, args, {
      id: (item) => BigInt(item.index),
      sortValue: () => null,
      unbounded: context.unbounded,
    });
    return mapConnection(page, (item) => item.node);
  } catch (error) {
    throw toGraphqlError(error);
  }
}

/** How a top-level resource is searched, sorted and rendered. */
export interface ResourceSpec<R, N> {
  /** Names the resource in the sorted-list cache. */
  name: string;
  id: (record: R) => bigint;
  sortKeys: Partial<Record<string, (record: R) => SortValue>>;
  search: (context: ShopifyGraphqlContext) => SearchFields<R>;
  render: (record: R) => N;
}

interface CachedOrder {
  version: number;
  sorted: Positioned<unknown>[];
}

const MAX_CACHED_ORDERS = 64;
// Paging a 100k-order store 250 at a time would otherwise filter and sort it again for every page;
// store.version changes on every mutation, which invalidates an entry.
const sortedCache = new WeakMap<object, Map<string, CachedOrder>>();

function sortedRecords<R>(
  context: ShopifyGraphqlContext,
  key: string,
  compute: () => Positioned<R>[],
): Positioned<R>[] {
  let byKey = sortedCache.get(context.store);
  if (!byKey) {
    byKey = new Map();
    sortedCache.set(context.store, byKey);
  }
  const cached = byKey.get(key);
  if (cached && cached.version === context.store.version) return cached.sorted as Positioned<R>[];
  const sorted = compute();
  byKey.delete(key);
  byKey.set(key, { version: context.store.version, sorted });
  if (byKey.size > MAX_CACHED_ORDERS) {
    const oldest = byKey.keys().next().value;
    if (oldest !== undefined) byKey.delete(oldest);
  }
  return sorted;
}

/**
 * A top-level connection (`orders`, `products`, …): filter by `query`, order by `sortKey` then id,
 * page, and render only the page. `scope` distinguishes subsets of one resource (a customer's orders).
 */
export function resourceConnection<R, N>(
  records: () => readonly R[],
  args: ConnectionArgs,
  spec: ResourceSpec<R, N>,
  context: ShopifyGraphqlContext,
  scope = '',
): Connection<N> {
  try {
    const query = args.query?.trim() ?? '';
    // Relative times (`updated_at:<now`) depend on the moment of the request.
    const moment = /\bnow\b/i.test(query) ? String(context.now) : '';
    const key = [spec.name, scope, args.sortKey ?? '', args.reverse ? 'desc' : 'asc', query, moment].join(
      '\u0000',
    );
    const sorted = sortedRecords(context, key, () => {
      const expression = query ? parseSearchQuery(query) : undefined;
      const search = spec.search(context);
      const all = records();
      const matching = expression ? all.filter((record) => matchesSearch(record, expression, search)) : all;
      const sortValue = (args.sortKey && spec.sortKeys[args.sortKey]) || (() => null);
      return sortForPaging(matching, { id: spec.id, sortValue }, Boolean(args.reverse));
    });
    return mapConnection(pageOfSorted(sorted, args, { unbounded: context.unbounded }), spec.render);
  } catch (error) {
    throw toGraphqlError(error);
  }
}

import { GraphQLError } from 'graphql';
import {
  type Connection,
  ConnectionArgumentError,
  type PageArgs,
  paginate,
  type SortValue,
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
  const edges = connection.edges.map((edge) => ({ cursor: edge.cursor, node: map(edge.node) }));
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
  id: (record: R) => bigint;
  sortKeys: Partial<Record<string, (record: R) => SortValue>>;
  search: (context: ShopifyGraphqlContext) => SearchFields<R>;
  render: (record: R) => N;
}

/**
 * A top-level connection (`orders`, `products`, …): filter by `query`, order by `sortKey` then id,
 * page, and render only the page.
 */
export function resourceConnection<R, N>(
  records: readonly R[],
  args: ConnectionArgs,
  spec: ResourceSpec<R, N>,
  context: ShopifyGraphqlContext,
): Connection<N> {
  try {
    const expression = args.query ? parseSearchQuery(args.query) : undefined;
    const search = spec.search(context);
    const matching = expression
      ? records.filter((record) => matchesSearch(record, expression, search))
      : records;
    const sortValue = (args.sortKey && spec.sortKeys[args.sortKey]) || (() => null);
    const page = paginate(matching, args, { id: spec.id, sortValue, unbounded: context.unbounded });
    return mapConnection(page, spec.render);
  } catch (error) {
    throw toGraphqlError(error);
  }
}

import type { EntityType } from '@cartwire/model';
import type { z } from 'zod';
import type { MapContext, PagedStreamDefinition, StreamRequestInput } from '../engine/connector';
import type { ConnectorResponse, RequestOptions } from '../engine/http-types';
import type { GraphqlRelayPagination } from '../engine/pagination/pagination-types';
import { envelopeOf } from './graphql-response';
import {
  pageSizeWithinCost,
  renderBulkSelection,
  renderSelection,
  type Selection,
  selectionCost,
} from './graphql-selection';
import { ShopifySettings } from './settings';
import { numericIdOf } from './shopify-ids';

/** How one Shopify root connection is read: by pages (incremental) and, for backfills, in bulk. */
export interface GraphqlStreamSpec<TSchema extends z.ZodType, TEntity extends EntityType> {
  entity: TEntity;
  /** Root connection field, e.g. `orders`. */
  root: string;
  /** Fields of one node. */
  fields: readonly Selection[];
  /** Sort key for stable paging; `UPDATED_AT` where Shopify offers it. */
  sortKey: string;
  /** Whether the connection accepts `updated_at` in its `query:` filter. @default true */
  updatedAtFilter?: boolean;
  /** Further arguments of the root connection, rendered verbatim. @example { includeInactive: true } */
  rootArgs?: Readonly<Record<string, string | number | boolean>>;
  /** Also read `shop { currencyCode }` and attach it to each record as `shopCurrencyCode`. */
  withShopCurrency?: boolean;
  schema: TSchema;
  map(
    raw: z.output<TSchema>,
    context: MapContext,
  ): ReturnType<PagedStreamDefinition<TSchema, TEntity>['map']>;
  updatedAt(raw: z.output<TSchema>): string;
}

export const GRAPHQL_PATH = '/graphql.json';

function quote(value: string): string {
  return `'${value.replace(/'/g, "\\'")}'`;
}

/** Shopify search syntax for "changed at or after `since`". */
export function updatedSinceFilter(since: string): string {
  return `updated_at:>=${quote(since)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The records of a root connection in a GraphQL response, with the shop currency attached when asked. */
export function connectionRecords(
  response: ConnectorResponse,
  root: string,
  withShopCurrency: boolean,
): unknown[] {
  const data = envelopeOf(response.body)?.data;
  if (!isRecord(data)) return [];
  const connection = data[root];
  if (!isRecord(connection)) return [];
  // The connector selects `nodes`; documents written with `edges { node }` read the same.
  const nodes = Array.isArray(connection.nodes)
    ? connection.nodes
    : Array.isArray(connection.edges)
      ? connection.edges.map((edge) => (isRecord(edge) ? edge.node : undefined))
      : [];
  if (!withShopCurrency) return nodes;
  const shop = data.shop;
  const currency = isRecord(shop) && typeof shop.currencyCode === 'string' ? shop.currencyCode : undefined;
  return nodes.map((node) => (isRecord(node) ? { ...node, shopCurrencyCode: currency } : node));
}

export function connectionPageInfo(response: ConnectorResponse, root: string) {
  const data = envelopeOf(response.body)?.data;
  if (!isRecord(data)) return undefined;
  const connection = data[root];
  if (!isRecord(connection) || !isRecord(connection.pageInfo)) return undefined;
  const { hasNextPage, endCursor } = connection.pageInfo;
  return {
    hasNextPage: hasNextPage === true,
    endCursor: typeof endCursor === 'string' ? endCursor : null,
  };
}

/** The paging document of a spec and the page size that keeps its requested cost ≤ 1000. */
export function pagedQuery(
  spec: Pick<
    GraphqlStreamSpec<z.ZodType, EntityType>,
    'root' | 'fields' | 'sortKey' | 'withShopCurrency' | 'rootArgs'
  >,
  pageSizeCap?: number,
) {
  const shopFields: Selection[] = spec.withShopCurrency
    ? [{ name: 'shop', kind: 'object', fields: ['currencyCode'] }]
    : [];
  const pageSize = Math.min(
    pageSizeWithinCost(spec.fields, selectionCost(shopFields)),
    pageSizeCap ?? Number.POSITIVE_INFINITY,
  );
  const operation = `Cartwire${spec.root[0]?.toUpperCase()}${spec.root.slice(1)}Page`;
  const extra = Object.entries(spec.rootArgs ?? {})
    .map(([key, value]) => `, ${key}: ${String(value)}`)
    .join('');
  const query =
    `query ${operation}($after: String, $query: String) { ${renderSelection(shopFields)} ` +
    `${spec.root}(first: ${pageSize}, after: $after, query: $query, sortKey: ${spec.sortKey}${extra}) ` +
    `{ nodes { ${renderSelection(spec.fields)} } pageInfo { hasNextPage endCursor } } }`;
  return {
    query,
    pageSize,
    requestedCost: selectionCost(shopFields) + 2 + pageSize * (1 + selectionCost(spec.fields)),
  };
}

/** The bulk operation document reading the same records as the paged query (no page sizes). */
export function bulkQuery(
  spec: Pick<GraphqlStreamSpec<z.ZodType, EntityType>, 'root' | 'fields' | 'sortKey'>,
  filter: string | null,
) {
  const args = [
    filter === null ? null : `query: ${JSON.stringify(filter)}`,
    `sortKey: ${spec.sortKey}`,
  ].filter(Boolean);
  return `{ ${spec.root}(${args.join(', ')}) { edges { node { ${renderBulkSelection(spec.fields)} } } } }`;
}

/** A paged stream over one root connection: `updated_at` filter, stable sort, graphqlRelay paging. */
export function graphqlPagedStream<TSchema extends z.ZodType, TEntity extends EntityType>(
  spec: GraphqlStreamSpec<TSchema, TEntity>,
): PagedStreamDefinition<TSchema, TEntity> {
  const queries = new Map<number | undefined, ReturnType<typeof pagedQuery>>();
  const queryFor = (store: StreamRequestInput['store']) => {
    const cap = ShopifySettings.parse(store.settings).pageSize;
    let built = queries.get(cap);
    if (!built) {
      built = pagedQuery(spec, cap);
      queries.set(cap, built);
    }
    return built;
  };
  const pagination: GraphqlRelayPagination = {
    kind: 'graphqlRelay',
    pageInfo: (response) => connectionPageInfo(response, spec.root),
  };
  const filtered = spec.updatedAtFilter ?? true;
  return {
    entity: spec.entity,
    schema: spec.schema,
    cursor: {
      updatedAt: spec.updatedAt,
      id: (raw) => numericIdOf((raw as { id: string }).id),
    },
    map: spec.map,
    externalId: (record) => {
      const id = isRecord(record) ? record.id : undefined;
      return typeof id === 'string' && id.startsWith('gid://') ? numericIdOf(id) : null;
    },
    request: (input: StreamRequestInput): RequestOptions => {
      const { query, requestedCost } = queryFor(input.store);
      return {
        operation: `${spec.root}.page`,
        method: 'POST',
        path: GRAPHQL_PATH,
        cost: requestedCost,
        body: {
          query,
          variables: { query: filtered && input.since ? updatedSinceFilter(input.since) : null },
        },
      };
    },
    paginate: pagination,
    records: (response) => connectionRecords(response, spec.root, spec.withShopCurrency ?? false),
  };
}

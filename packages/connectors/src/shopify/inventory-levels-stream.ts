import type { PagedStreamDefinition } from '../engine/connector';
import type { ConnectorResponse } from '../engine/http-types';
import { envelopeOf } from './graphql-response';
import { pageSizeWithinCost, renderSelection, selectionCost } from './graphql-selection';
import { GRAPHQL_PATH, updatedSinceFilter } from './graphql-stream';
import { mapInventoryLevel } from './map-inventory';
import { INVENTORY_LEVEL_FIELDS, RawInventoryLevel, type RawLocation } from './raw-inventory';
import { ShopifySettings } from './settings';
import { gidParams, numericIdOf } from './shopify-ids';

const LOCATION_COST = 1;

function levelsQuery(pageSizeCap: number | undefined) {
  const pageSize = Math.min(
    pageSizeWithinCost(INVENTORY_LEVEL_FIELDS, LOCATION_COST),
    pageSizeCap ?? Number.POSITIVE_INFINITY,
  );
  const query =
    `query CartwireInventoryLevelsPage($id: ID!, $after: String, $query: String) { location(id: $id) { ` +
    `inventoryLevels(first: ${pageSize}, after: $after, query: $query) { nodes { ${renderSelection(INVENTORY_LEVEL_FIELDS)} } ` +
    `pageInfo { hasNextPage endCursor } } } }`;
  return { query, requestedCost: LOCATION_COST + 2 + pageSize * (1 + selectionCost(INVENTORY_LEVEL_FIELDS)) };
}

function levelsConnection(response: ConnectorResponse): Record<string, unknown> | undefined {
  const data = envelopeOf(response.body)?.data as
    | { location?: { inventoryLevels?: Record<string, unknown> } | null }
    | undefined;
  return data?.location?.inventoryLevels ?? undefined;
}

/**
 * Stock levels, read per location (Shopify has no shop-wide level connection): a child stream of
 * `locations`, filtered on `updated_at` for incremental runs.
 */
export const inventoryLevelsStream: PagedStreamDefinition<typeof RawInventoryLevel, 'inventory_level'> = {
  entity: 'inventory_level',
  schema: RawInventoryLevel,
  parent: { stream: 'locations' },
  cursor: {
    updatedAt: (raw) => raw.updatedAt,
    id: (raw) =>
      `${numericIdOf(raw.location.id)}:${gidParams(raw.id).get('inventory_item_id') ?? numericIdOf(raw.item.id)}`,
  },
  map: mapInventoryLevel,
  externalId: () => null,
  request: (input) => {
    const { query, requestedCost } = levelsQuery(ShopifySettings.parse(input.store.settings).pageSize);
    return {
      operation: 'inventoryLevels.page',
      method: 'POST',
      path: GRAPHQL_PATH,
      cost: requestedCost,
      body: {
        query,
        variables: {
          id: (input.parent as RawLocation | undefined)?.id,
          query: input.since ? updatedSinceFilter(input.since) : null,
        },
      },
    };
  },
  paginate: {
    kind: 'graphqlRelay',
    pageInfo: (response) => {
      const info = levelsConnection(response)?.pageInfo as
        | { hasNextPage?: unknown; endCursor?: unknown }
        | undefined;
      if (!info) return undefined;
      return {
        hasNextPage: info.hasNextPage === true,
        endCursor: typeof info.endCursor === 'string' ? info.endCursor : null,
      };
    },
  },
  records: (response) => {
    const nodes = levelsConnection(response)?.nodes;
    return Array.isArray(nodes) ? nodes : [];
  },
};

import type { AnyEntity, EntityOf } from '@cartwire/model';
import {
  type EntityListPage,
  type EntityQuery,
  type FilterableColumn,
  type Repositories,
  StorageInputError,
  type StoredEntityType,
} from '@cartwire/storage';
import { NotFoundError, ProblemError, ValidationError } from '../http/problem';
import type { ChangeRecorder } from '../sync/change-recorder';
import { readSyncSettings } from '../sync/store-sync-settings';
import { throughConnector } from './connector-problem';
import type { ConnectorRegistry } from './connector-registry';
import type { StoreService } from './store-service';
import { readStreamUntil } from './stream-read';

/** Entity types the read API serves as resources. */
export type ResourceType = 'product' | 'customer' | 'order' | 'cart' | 'inventory_level' | 'location';

/** List and count filters as the API names them; which apply depends on the resource. */
export interface EntityFilters {
  readonly storeId?: string | undefined;
  readonly createdSince?: Date | undefined;
  readonly updatedSince?: Date | undefined;
  readonly status?: string | undefined;
  readonly email?: string | undefined;
  readonly sku?: string | undefined;
  readonly q?: string | undefined;
}

export interface ListOptions extends EntityFilters {
  readonly limit: number;
  readonly cursor?: string | undefined;
  readonly includeRaw: boolean;
}

export interface GetOptions {
  readonly includeRaw: boolean;
  /**
   * Read the record live from the platform, record it as a sync would (its `*.updated` and derived events
   * appended only when it changed), and return it.
   */
  readonly fresh: boolean;
}

export interface EntityService {
  list<K extends ResourceType>(tenantId: string, type: K, options: ListOptions): Promise<EntityListPage<K>>;
  count(tenantId: string, type: ResourceType, filters: EntityFilters): Promise<number>;
  /** @throws NotFoundError (404) when absent or another tenant's */
  get<K extends ResourceType>(
    tenantId: string,
    type: K,
    id: string,
    options: GetOptions,
  ): Promise<EntityOf<K>>;
  /** Many records by id for one tenant (GraphQL batches); missing ids are absent from the map. */
  getMany<K extends StoredEntityType>(
    tenantId: string,
    type: K,
    ids: readonly string[],
  ): Promise<Map<string, EntityOf<K>>>;
  /** Records whose filterable `column` is one of `values` (a page of customers' orders in one query). */
  listWhereIn<K extends StoredEntityType>(
    tenantId: string,
    type: K,
    column: FilterableColumn<K>,
    values: readonly string[],
  ): Promise<EntityOf<K>[]>;
}

export interface EntityServiceDeps {
  readonly repositories: Pick<Repositories, 'entities' | 'entityListing' | 'stores'>;
  readonly connectors: ConnectorRegistry;
  readonly stores: StoreService;
  /** Records what a fresh read found the way synced changes are recorded (upsert + events, one transaction). */
  readonly recorder: ChangeRecorder;
}

/** Look-back of a fresh read, so platforms with second-precision `modified_after` still return the record. */
const FRESH_LOOKBACK_MS = 1000;

function storageQuery<K extends ResourceType>(tenantId: string, filters: EntityFilters): EntityQuery<K> {
  const equality: Record<string, string> = {};
  if (filters.status !== undefined) equality.status = filters.status;
  if (filters.email !== undefined) equality.email = filters.email;
  return {
    tenantId,
    ...(filters.storeId === undefined ? {} : { storeId: filters.storeId }),
    ...(filters.createdSince === undefined ? {} : { createdSince: filters.createdSince }),
    ...(filters.updatedSince === undefined ? {} : { updatedSince: filters.updatedSince }),
    ...(filters.q === undefined ? {} : { q: filters.q }),
    ...(filters.sku === undefined ? {} : { sku: filters.sku }),
    filters: equality as EntityQuery<K>['filters'],
  };
}

/** Storage refusing a query (a foreign cursor, a filter the type lacks) is the caller's 400. */
async function asQueryErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof StorageInputError)) throw error;
    throw new ValidationError(
      error.issues.map((issue) => ({
        in: 'query',
        path: issue.path.replace(/^filters\./, ''),
        message: issue.message,
        code: 'invalid_value',
      })),
    );
  }
}

export function createEntityService({
  repositories,
  connectors,
  stores,
  recorder,
}: EntityServiceDeps): EntityService {
  const { entities, entityListing } = repositories;

  async function assertStore(tenantId: string, storeId: string | undefined): Promise<void> {
    // A store of another tenant is 404, not an empty list: its existence is not the caller's to learn.
    if (storeId !== undefined) await stores.get(tenantId, storeId);
  }

  async function readFresh<K extends ResourceType>(tenantId: string, type: K, stored: EntityOf<K>) {
    const store = await stores.get(tenantId, stored.storeId);
    const connector = stores.connectorOf(store);
    const streamName = Object.entries(connector.streams).find(([, stream]) => stream.entity === type)?.[0];
    if (streamName === undefined) {
      throw new ProblemError('bad_request', { detail: `${store.platform} has no live read for ${type}.` });
    }
    let found: AnyEntity | undefined;
    // An incremental read from the stored version's time is sure to include the record if it still exists.
    await throughConnector('Reading the record live', async () =>
      readStreamUntil({
        engine: connectors.engine,
        connector,
        store: {
          id: store.id,
          credentials: await repositories.stores.getStoreCredentials(tenantId, store.id),
          settings: store.settings,
        },
        stream: streamName,
        since: new Date(Date.parse(stored.updatedAt) - FRESH_LOOKBACK_MS),
        stop: (page) => {
          found = page.find((entity) => entity.id === stored.id) ?? found;
          return found !== undefined;
        },
      }),
    );
    if (!found) throw new NotFoundError(`${stored.id} no longer exists on ${store.platform}.`);
    // The same path as a sync page: a version that is not newer or has the same content is skipped and
    // announces nothing, a changed one is stored with exactly its events. The change happened on the
    // platform and Cartwire found it by reading, as a poll does.
    await recorder.recordEntities({
      tenantId,
      storeId: store.id,
      entities: [found],
      source: 'poll',
      mode: 'live',
      settings: readSyncSettings(store.settings),
    });
  }

  return {
    async list(tenantId, type, options) {
      const page = await asQueryErrors(() =>
        entityListing.listPage(type, {
          ...storageQuery(tenantId, options),
          limit: options.limit,
          includeRaw: options.includeRaw,
          ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
        }),
      );
      // Rows read under the tenant filter prove the store is the caller's; only an empty page needs the check.
      if (page.items.length === 0) await assertStore(tenantId, options.storeId);
      return page;
    },

    async count(tenantId, type, filters) {
      const total = await asQueryErrors(() => entityListing.count(type, storageQuery(tenantId, filters)));
      if (total === 0) await assertStore(tenantId, filters.storeId);
      return total;
    },

    async get(tenantId, type, id, options) {
      const stored = await entities.getEntity(type, tenantId, id);
      if (!stored) throw new NotFoundError(`No ${type} ${id}.`);
      if (options.fresh) await readFresh(tenantId, type, stored);
      if (!options.fresh && !options.includeRaw) return stored;
      const current = await entities.getEntity(type, tenantId, id, { includeRaw: options.includeRaw });
      if (!current) throw new NotFoundError(`No ${type} ${id}.`);
      return current;
    },

    async getMany(tenantId, type, ids) {
      const unique = [...new Set(ids)];
      const found = await entityListing.getByIds(type, tenantId, unique);
      return new Map(found.map((entity) => [entity.id, entity]));
    },

    listWhereIn: (tenantId, type, column, values) =>
      entityListing.listWhereIn(type, tenantId, column, values),
  };
}

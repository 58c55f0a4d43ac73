import {
  type NeutralWriteInput,
  type NeutralWriteName,
  type NeutralWriteResults,
  runNeutralWrite,
  UnsupportedWriteError,
  type WritableOrderStatus,
} from '@cartwire/connectors';
import type { AnyEntity, InventoryLevel, Order } from '@cartwire/model';
import type { Repositories, StoredEntityType, StoreRecord } from '@cartwire/storage';
import { type FieldError, NotFoundError, ProblemError, ValidationError } from '../http/problem';
import type { ChangeRecorder } from '../sync/change-recorder';
import { readSyncSettings } from '../sync/store-sync-settings';
import { throughConnector } from './connector-problem';
import type { ConnectorRegistry } from './connector-registry';
import type { StoreService } from './store-service';

export interface FulfillmentInput {
  /** Lines (`li_…`) and units to ship; every unit not yet shipped when omitted. */
  readonly lines?: readonly { lineItemId: string; quantity: number }[] | undefined;
  readonly carrier?: string | undefined;
  readonly trackingNumber?: string | undefined;
  readonly trackingUrl?: string | undefined;
  readonly notifyCustomer: boolean;
}

export interface InventoryLevelInput {
  readonly variantId: string;
  readonly locationId: string;
  readonly available: number;
}

/**
 * Writes through a store's platform, reflected locally: the caller's Cartwire ids are resolved to the
 * platform's ids under the tenant (another tenant's ids are 404), the connector's neutral write runs,
 * and the records it read back go through the change recorder like any synced change — one upsert, the
 * events for what actually changed (source `api`), once. A later poll or webhook finds them unchanged.
 */
export interface WriteService {
  createFulfillment(
    tenantId: string,
    storeId: string,
    orderId: string,
    input: FulfillmentInput,
  ): Promise<Order>;
  addOrderNote(
    tenantId: string,
    storeId: string,
    orderId: string,
    input: { note: string; notifyCustomer: boolean },
  ): Promise<Order>;
  addOrderTags(tenantId: string, storeId: string, orderId: string, tags: readonly string[]): Promise<Order>;
  updateOrderStatus(
    tenantId: string,
    storeId: string,
    orderId: string,
    status: WritableOrderStatus,
  ): Promise<Order>;
  setInventoryLevel(tenantId: string, storeId: string, input: InventoryLevelInput): Promise<InventoryLevel>;
}

export interface WriteServiceDeps {
  readonly repositories: Pick<Repositories, 'entities' | 'stores'>;
  readonly connectors: ConnectorRegistry;
  readonly stores: StoreService;
  readonly recorder: ChangeRecorder;
}

export function createWriteService({
  repositories,
  connectors,
  stores,
  recorder,
}: WriteServiceDeps): WriteService {
  const { entities } = repositories;

  async function writableStore(tenantId: string, storeId: string): Promise<StoreRecord> {
    const store = await stores.get(tenantId, storeId);
    if (store.status === 'disconnected') {
      throw new ProblemError('conflict', {
        detail: 'The store is disconnected; reconnect it to write to it.',
      });
    }
    return store;
  }

  /** A record of this store, or 404: another store's or tenant's id is not the caller's to learn about. */
  async function recordOf<K extends StoredEntityType>(
    tenantId: string,
    store: StoreRecord,
    type: K,
    id: string,
  ) {
    const found = await entities.getEntity(type, tenantId, id);
    if (!found || found.storeId !== store.id)
      throw new NotFoundError(`No ${type.replace('_', ' ')} ${id} in store ${store.id}.`);
    return found;
  }

  async function write<K extends NeutralWriteName>(
    tenantId: string,
    store: StoreRecord,
    name: K,
    input: NeutralWriteInput<K>,
  ): Promise<NeutralWriteResults[K]> {
    const connector = stores.connectorOf(store);
    const credentials = await repositories.stores.getStoreCredentials(tenantId, store.id);
    try {
      return await throughConnector(`Writing to ${store.platform}`, () =>
        runNeutralWrite({
          engine: connectors.engine,
          connector,
          store: { id: store.id, credentials, settings: store.settings },
          write: name,
          input,
        }),
      );
    } catch (error) {
      if (error instanceof UnsupportedWriteError) {
        throw new ProblemError('unsupported_by_platform', {
          detail: `${error.reason}.`,
          extensions: { platform: error.platform, write: error.write },
          cause: error,
        });
      }
      throw error;
    }
  }

  /** Records what the platform answered through the normal change path, then returns the stored version. */
  async function reflect<K extends 'order' | 'inventory_level'>(
    tenantId: string,
    store: StoreRecord,
    type: K,
    primary: AnyEntity & { id: string },
    others: readonly AnyEntity[] = [],
  ) {
    await recorder.recordEntities({
      tenantId,
      storeId: store.id,
      entities: [primary, ...others],
      source: 'api',
      mode: 'live',
      settings: readSyncSettings(store.settings),
    });
    const stored = await entities.getEntity(type, tenantId, primary.id);
    if (!stored) throw new Error(`${primary.id} was not stored after the write`);
    return stored;
  }

  async function orderWrite<
    K extends 'addOrderNote' | 'addOrderTags' | 'updateOrderStatus' | 'createFulfillment',
  >(
    tenantId: string,
    storeId: string,
    orderId: string,
    name: K,
    build: (order: Order) => NeutralWriteInput<K>,
  ): Promise<Order> {
    const store = await writableStore(tenantId, storeId);
    const order = await recordOf(tenantId, store, 'order', orderId);
    const result = (await write(tenantId, store, name, build(order))) as { order: Order };
    return reflect(tenantId, store, 'order', result.order);
  }

  return {
    createFulfillment: (tenantId, storeId, orderId, input) =>
      orderWrite(tenantId, storeId, orderId, 'createFulfillment', (order) => {
        const errors: FieldError[] = [];
        const lines = input.lines?.map((line, index) => {
          const found = order.lineItems.find((candidate) => candidate.id === line.lineItemId);
          if (!found) {
            errors.push({
              in: 'body',
              path: `lines.${index}.lineItemId`,
              message: `order ${order.id} has no line ${line.lineItemId}`,
              code: 'invalid_value',
            });
          }
          return { externalId: found?.externalId ?? '', quantity: line.quantity };
        });
        if (errors.length > 0) throw new ValidationError(errors);
        const tracking = {
          ...(input.carrier === undefined ? {} : { carrier: input.carrier }),
          ...(input.trackingNumber === undefined ? {} : { number: input.trackingNumber }),
          ...(input.trackingUrl === undefined ? {} : { url: input.trackingUrl }),
        };
        return {
          order: { externalId: order.externalId },
          ...(lines ? { lines } : {}),
          ...(Object.keys(tracking).length > 0 ? { tracking } : {}),
          notifyCustomer: input.notifyCustomer,
        };
      }),

    addOrderNote: (tenantId, storeId, orderId, input) =>
      orderWrite(tenantId, storeId, orderId, 'addOrderNote', (order) => ({
        order: { externalId: order.externalId },
        note: input.note,
        notifyCustomer: input.notifyCustomer,
      })),

    addOrderTags: (tenantId, storeId, orderId, tags) =>
      orderWrite(tenantId, storeId, orderId, 'addOrderTags', (order) => ({
        order: { externalId: order.externalId },
        tags: [...tags],
      })),

    updateOrderStatus: (tenantId, storeId, orderId, status) =>
      orderWrite(tenantId, storeId, orderId, 'updateOrderStatus', (order) => ({
        order: { externalId: order.externalId },
        status,
      })),

    async setInventoryLevel(tenantId, storeId, input) {
      const store = await writableStore(tenantId, storeId);
      const variant = await recordOf(tenantId, store, 'variant', input.variantId);
      const location = await recordOf(tenantId, store, 'location', input.locationId);
      const product = await recordOf(tenantId, store, 'product', variant.productId);
      const result = await write(tenantId, store, 'setInventoryLevel', {
        variant: { externalId: variant.externalId, productExternalId: product.externalId, sku: variant.sku },
        location: { externalId: location.externalId },
        available: input.available,
      });
      return reflect(
        tenantId,
        store,
        'inventory_level',
        result.inventoryLevel,
        result.product ? [result.product] : [],
      );
    },
  };
}

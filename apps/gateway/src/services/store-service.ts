import { type AnyConnector, EngineStoreSettings } from '@cartwire/connectors';
import type { Platform } from '@cartwire/model';
import type { Job, Repositories, StoreRecord, SyncCheckpoint } from '@cartwire/storage';
import type { z } from 'zod';
import { type FieldError, NotFoundError, ProblemError, ValidationError } from '../http/problem';
import { throughConnector } from './connector-problem';
import type { ConnectorRegistry } from './connector-registry';
import { readStreamUntil } from './stream-read';

export interface ConnectStoreInput {
  readonly platform: Platform;
  readonly name: string;
  readonly credentials: Record<string, unknown>;
  readonly settings: Record<string, unknown>;
}

export interface UpdateStoreInput {
  readonly name?: string | undefined;
  readonly settings?: Record<string, unknown> | undefined;
}

/** One stream of a store with its checkpoint (null before its first run). */
export interface StreamSyncStatus {
  readonly stream: string;
  readonly entity: string;
  readonly checkpoint: SyncCheckpoint | null;
}

export interface TriggerSyncInput {
  /** Streams to sync; every stream of the connector when omitted. */
  readonly streams?: readonly string[] | undefined;
  readonly mode: 'incremental' | 'backfill';
}

export interface EnqueuedSync {
  readonly stream: string;
  readonly job: Job;
  /** True when a sync of this stream was already waiting: that job is returned instead. */
  readonly deduplicated: boolean;
}

/** The queue sync workers claim from; payloads carry ids only. */
export const SYNC_QUEUE = 'sync';

export interface StoreService {
  connect(tenantId: string, input: ConnectStoreInput): Promise<StoreRecord>;
  list(tenantId: string): Promise<StoreRecord[]>;
  /** @throws NotFoundError (404) for an unknown store or one of another tenant */
  get(tenantId: string, storeId: string): Promise<StoreRecord>;
  update(tenantId: string, storeId: string, input: UpdateStoreInput): Promise<StoreRecord>;
  /** Marks the store disconnected and cancels its queued jobs. */
  disconnect(tenantId: string, storeId: string): Promise<{ store: StoreRecord; cancelledJobs: number }>;
  syncStatus(tenantId: string, storeId: string): Promise<{ store: StoreRecord; streams: StreamSyncStatus[] }>;
  triggerSync(tenantId: string, storeId: string, input: TriggerSyncInput): Promise<EnqueuedSync[]>;
  /** The connector of a store's platform. @throws ProblemError platform_not_supported */
  connectorOf(store: Pick<StoreRecord, 'platform'>): AnyConnector;
}

export interface StoreServiceDeps {
  readonly repositories: Pick<Repositories, 'stores' | 'checkpoints' | 'jobs' | 'storeJobs'>;
  readonly connectors: ConnectorRegistry;
}

function fieldErrors(prefix: string, error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    in: 'body',
    path: [prefix, ...issue.path.map(String)].join('.'),
    message: issue.message,
    code: issue.code,
  }));
}

/**
 * The stream the live check reads one page of: the catalogue (every platform has one), read
 * incrementally from "now" so the page is small, else the first declared stream.
 */
function checkStream(connector: AnyConnector): string {
  const names = Object.keys(connector.streams);
  const chosen = names.includes('products') ? 'products' : names[0];
  if (chosen === undefined)
    throw new Error(`${connector.platform} declares no stream to check a connection with`);
  return chosen;
}

/** How far back the check reads: just enough for the platform to answer one (usually empty) page. */
const CHECK_WINDOW_MS = 60_000;

export function createStoreService({ repositories, connectors }: StoreServiceDeps): StoreService {
  const { stores } = repositories;

  function connectorOf({ platform }: Pick<StoreRecord, 'platform'>): AnyConnector {
    const connector = connectors.connectorFor(platform);
    if (!connector) {
      throw new ProblemError('platform_not_supported', {
        detail: `This deployment has no ${platform} connector.`,
      });
    }
    return connector;
  }

  function validateSettings(connector: AnyConnector, settings: Record<string, unknown>): void {
    const errors: FieldError[] = [];
    const engine = EngineStoreSettings.safeParse(settings);
    if (!engine.success) errors.push(...fieldErrors('settings', engine.error));
    const platform = connector.settings?.safeParse(settings);
    if (platform && !platform.success) errors.push(...fieldErrors('settings', platform.error));
    if (errors.length > 0) throw new ValidationError(errors);
  }

  async function get(tenantId: string, storeId: string): Promise<StoreRecord> {
    const store = await stores.getStore(tenantId, storeId);
    if (!store) throw new NotFoundError(`No store ${storeId}.`);
    return store;
  }

  return {
    connectorOf,
    get,
    list: (tenantId) => stores.listStores(tenantId),

    async connect(tenantId, input) {
      const connector = connectorOf(input);
      const credentials = connector.credentials.safeParse(input.credentials);
      if (!credentials.success) {
        const errors = fieldErrors('credentials', credentials.error);
        throw new ProblemError('invalid_credentials', {
          detail: `${errors.length} credential field(s) do not match the ${input.platform} schema.`,
          extensions: { errors },
        });
      }
      validateSettings(connector, input.settings);
      // Nothing is saved until the platform accepted these credentials with a real read.
      await throughConnector('Checking the store connection', () =>
        readStreamUntil({
          engine: connectors.engine,
          connector,
          store: {
            id: `check_${crypto.randomUUID()}`,
            credentials: input.credentials,
            settings: input.settings,
          },
          stream: checkStream(connector),
          since: new Date(connectors.engine.clock.now() - CHECK_WINDOW_MS),
          stop: () => true,
        }),
      );
      return stores.createStore({
        tenantId,
        platform: input.platform,
        name: input.name,
        credentials: input.credentials,
        settings: input.settings,
      });
    },

    async update(tenantId, storeId, input) {
      const store = await get(tenantId, storeId);
      if (input.settings !== undefined) validateSettings(connectorOf(store), input.settings);
      return stores.updateStore(tenantId, storeId, {
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(input.settings === undefined ? {} : { settings: input.settings }),
      });
    },

    async disconnect(tenantId, storeId) {
      await get(tenantId, storeId);
      const store = await stores.updateStore(tenantId, storeId, { status: 'disconnected' });
      const cancelledJobs = await repositories.storeJobs.cancelStoreJobs({
        tenantId,
        storeId,
        reason: 'cancelled: the store was disconnected',
      });
      return { store, cancelledJobs };
    },

    async syncStatus(tenantId, storeId) {
      const store = await get(tenantId, storeId);
      const checkpoints = new Map(
        (await repositories.checkpoints.listForStore(tenantId, storeId)).map((c) => [c.stream, c]),
      );
      const streams = Object.entries(connectorOf(store).streams).map(([name, stream]) => ({
        stream: name,
        entity: stream.entity,
        checkpoint: checkpoints.get(name) ?? null,
      }));
      return { store, streams };
    },

    async triggerSync(tenantId, storeId, input) {
      const store = await get(tenantId, storeId);
      if (store.status === 'disconnected') {
        throw new ProblemError('conflict', { detail: 'The store is disconnected; reconnect it to sync.' });
      }
      const available = Object.keys(connectorOf(store).streams);
      const requested = input.streams ?? available;
      const unknown = requested.filter((name) => !available.includes(name));
      if (unknown.length > 0) {
        throw new ValidationError(
          unknown.map((name) => ({
            in: 'body',
            path: 'streams',
            message: `unknown stream '${name}'; this store has ${available.join(', ')}`,
            code: 'invalid_value',
          })),
        );
      }
      const streams = [...new Set(requested)];
      const results = await repositories.jobs.enqueue(
        streams.map((stream) => ({
          queue: SYNC_QUEUE,
          tenantId,
          payload: { storeId, stream, mode: input.mode },
          // One waiting sync per stream: a second trigger joins the queued one.
          dedupeKey: `sync:${storeId}:${stream}`,
        })),
      );
      return results.map((result, index) => ({
        stream: streams[index] as string,
        job: result.job,
        deduplicated: result.deduplicated,
      }));
    },
  };
}

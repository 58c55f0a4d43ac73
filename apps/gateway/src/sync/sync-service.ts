import {
  type ConnectorEngine,
  type ConnectorEngineOptions,
  createConnectorEngine,
  isConnectorError,
  type RunStreamResult,
  runStream,
} from '@cartwire/connectors';
import type { Cart } from '@cartwire/model';
import {
  type Database,
  type EnqueueJobInput,
  listActiveStores,
  type Repositories,
  type SyncCheckpoint,
} from '@cartwire/storage';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { type ChangeRecorder, createChangeRecorder, isAbandonable } from './change-recorder';
import {
  type ConnectorRegistry,
  connectorFor,
  DEFAULT_CONNECTORS,
  syncStreamsOf,
} from './platform-connectors';
import { stableEventId } from './stable-event-id';
import { createStorageCheckpointStore } from './storage-checkpoint-store';
import { pollIntervalFor, readSyncSettings } from './store-sync-settings';
import { CartCheckPayload, PRIORITY, SYNC_QUEUE, SyncJobPayload, syncDedupeKey } from './sync-jobs';

export interface SyncServiceOptions {
  database: Database;
  repositories: Pick<Repositories, 'stores' | 'entities' | 'events' | 'checkpoints' | 'jobs'>;
  clock: Clock;
  logger: Logger;
  /** @default Shopify and WooCommerce */
  connectors?: ConnectorRegistry;
  /** Options of the connector engine this service owns (tests shorten retries). */
  engine?: ConnectorEngineOptions;
}

/** What a finished job asks for next; the worker enqueues these after completing the job. */
export type FollowUps = EnqueueJobInput[];

/** A store went missing or its settings are unusable: retrying will not help. */
export class SyncJobPermanentError extends Error {
  override readonly name = 'SyncJobPermanentError';
}

export interface SyncService {
  readonly recorder: ChangeRecorder;
  /** On store connect: a backfill per stream, at backfill priority. */
  scheduleBackfill(tenantId: string, storeId: string): Promise<void>;
  /** An urgent incremental read of streams (a partial or stale webhook, a manual refresh). */
  requestFetch(
    tenantId: string,
    storeId: string,
    streams: readonly string[],
    reason: SyncJobPayload['reason'],
  ): Promise<void>;
  /**
   * Makes sure every active store is being synced: a stream never synced gets its backfill (a store
   * just connected), an idle stream whose next run is overdue gets its poll (a broken chain). Pending
   * jobs absorb the repeats (dedupe keys). @returns the jobs newly enqueued
   */
  reconcile(): Promise<number>;
  /** Runs one (store, stream) job; throws on failure after recording it in the sync status. */
  runSyncJob(tenantId: string, payload: unknown, signal?: AbortSignal): Promise<FollowUps>;
  /** Runs one abandonment check of a cart. */
  runCartCheck(tenantId: string, payload: unknown): Promise<FollowUps>;
  /** Sync status per stream: state, last success, last error and class, counts, watermark, next run. */
  getSyncStatus(tenantId: string, storeId: string): Promise<SyncCheckpoint[]>;
  close(): Promise<void>;
}

export function createSyncService(options: SyncServiceOptions): SyncService {
  const { database, repositories, clock, logger } = options;
  const connectors = options.connectors ?? DEFAULT_CONNECTORS;
  const now = () => clock.now();
  const recorder = createChangeRecorder(database, { now });
  let engine: ConnectorEngine | undefined;
  const engineFor = () => {
    engine ??= createConnectorEngine({ logger, ...options.engine });
    return engine;
  };

  async function loadStore(tenantId: string, storeId: string) {
    const store = await repositories.stores.getStore(tenantId, storeId);
    if (!store) throw new SyncJobPermanentError(`store ${storeId} not found`);
    return store;
  }

  function syncJob(
    tenantId: string,
    payload: SyncJobPayload,
    priority: number,
    runAt?: Date,
  ): EnqueueJobInput {
    return {
      queue: SYNC_QUEUE,
      tenantId,
      payload,
      priority,
      // Each run schedules the next, so a dead job would end a store's polling: retry for days
      // (backoff caps at an hour) before giving up.
      maxAttempts: 100,
      ...(runAt ? { runAt } : {}),
      dedupeKey:
        payload.reason === 'webhook' || payload.reason === 'manual'
          ? `${syncDedupeKey(payload.storeId, payload.stream, payload.mode)}:urgent`
          : syncDedupeKey(payload.storeId, payload.stream, payload.mode),
    };
  }

  return {
    recorder,

    async scheduleBackfill(tenantId, storeId) {
      const store = await loadStore(tenantId, storeId);
      const settings = readSyncSettings(store.settings);
      const streams = syncStreamsOf(connectorFor(connectors, store.platform), settings.streams);
      await repositories.jobs.enqueue(
        streams.map((stream) =>
          syncJob(tenantId, { storeId, stream, mode: 'backfill', reason: 'connect' }, PRIORITY.backfill),
        ),
      );
    },

    async requestFetch(tenantId, storeId, streams, reason) {
      await repositories.jobs.enqueue(
        streams.map((stream) =>
          syncJob(tenantId, { storeId, stream, mode: 'incremental', reason }, PRIORITY.urgent),
        ),
      );
    },

    async reconcile() {
      const jobs: EnqueueJobInput[] = [];
      for (const { tenantId, storeId, platform } of await listActiveStores(database.db)) {
        const connector = connectors[platform];
        const store = connector ? await repositories.stores.getStore(tenantId, storeId) : null;
        if (!connector || !store) continue;
        let settings: ReturnType<typeof readSyncSettings>;
        try {
          settings = readSyncSettings(store.settings);
        } catch (error) {
          logger.warn({ storeId, err: (error as Error).message }, 'store skipped by the sync scheduler');
          continue;
        }
        const checkpoints = new Map(
          (await repositories.checkpoints.listForStore(tenantId, storeId)).map((c) => [c.stream, c]),
        );
        for (const stream of syncStreamsOf(connector, settings.streams)) {
          const checkpoint = checkpoints.get(stream);
          if (!checkpoint) {
            jobs.push(
              syncJob(tenantId, { storeId, stream, mode: 'backfill', reason: 'connect' }, PRIORITY.backfill),
            );
          } else if (
            checkpoint.runState === 'idle' &&
            (checkpoint.nextRunAt === null || checkpoint.nextRunAt.getTime() <= now().getTime())
          ) {
            jobs.push(
              syncJob(tenantId, { storeId, stream, mode: 'incremental', reason: 'schedule' }, PRIORITY.poll),
            );
          }
        }
      }
      const results = await repositories.jobs.enqueue(jobs);
      return results.filter((result) => !result.deduplicated).length;
    },

    async runSyncJob(tenantId, rawPayload, signal) {
      const payload = SyncJobPayload.parse(rawPayload);
      const store = await loadStore(tenantId, payload.storeId);
      const settings = readSyncSettings(store.settings);
      const connector = connectorFor(connectors, store.platform);
      const interval = pollIntervalFor(settings, payload.stream);
      const nextRunAt = () => new Date(now().getTime() + interval);
      const key = { tenantId, storeId: store.id, stream: payload.stream };
      const checkpoints = createStorageCheckpointStore(repositories.checkpoints, tenantId, { nextRunAt });
      let result: RunStreamResult;
      try {
        result = await runStream({
          engine: engineFor(),
          connector,
          store: {
            id: store.id,
            credentials: await repositories.stores.getStoreCredentials(tenantId, store.id),
            settings: store.settings,
          },
          stream: payload.stream,
          mode: payload.mode,
          checkpoints,
          ...(signal ? { signal } : {}),
          onPage: async (entities) => {
            await recorder.recordEntities({
              tenantId,
              storeId: store.id,
              entities,
              // A fetch a webhook asked for reports what the platform pushed.
              source: payload.reason === 'webhook' ? 'webhook' : 'poll',
              mode: payload.mode === 'backfill' ? 'backfill' : 'live',
              settings,
            });
          },
        });
      } catch (error) {
        // Stopped or lease lost: the run is not a failure; its checkpoint stays for whoever resumes it.
        if (signal?.aborted) throw error;
        const errorClass = isConnectorError(error)
          ? error.code
          : error instanceof Error
            ? error.name
            : 'unknown';
        await repositories.checkpoints.startRun(key).catch(() => undefined);
        await repositories.checkpoints.recordError({
          ...key,
          error: error instanceof Error ? error.message : String(error),
          errorClass,
          nextRunAt: null,
        });
        throw error;
      }
      logger.info(
        {
          storeId: store.id,
          stream: payload.stream,
          mode: payload.mode,
          pages: result.pages,
          entities: result.entities,
          resumed: result.resumed,
        },
        'sync run completed',
      );
      // Polling is the safety net even where webhooks arrive: every completed run schedules the next.
      return [
        syncJob(
          tenantId,
          { storeId: store.id, stream: payload.stream, mode: 'incremental', reason: 'schedule' },
          PRIORITY.poll,
          nextRunAt(),
        ),
      ];
    },

    async runCartCheck(tenantId, rawPayload) {
      const { storeId, cartId } = CartCheckPayload.parse(rawPayload);
      const cart = await repositories.entities.getEntity('cart', tenantId, cartId);
      if (!cart || cart.storeId !== storeId || !isAbandonable(cart)) return [];
      const store = await loadStore(tenantId, storeId);
      const windowMs = readSyncSettings(store.settings).abandonedCartWindowMinutes * 60_000;
      const due = Date.parse(cart.updatedAt) + windowMs;
      // The cart changed after this check was scheduled: its own, later check decides.
      if (now().getTime() < due) return [];
      if (await convertedIntoOrder(tenantId, cart)) return [];
      await repositories.events.appendEvents([
        {
          id: stableEventId([tenantId, 'cart.abandoned', cart.id, cart.updatedAt]),
          type: 'cart.abandoned',
          tenantId,
          storeId,
          occurredAt: new Date(due).toISOString(),
          receivedAt: now().toISOString(),
          source: 'derived',
          entityType: 'cart',
          entityId: cart.id,
          data: cart,
        },
      ]);
      return [];
    },

    getSyncStatus: (tenantId, storeId) => repositories.checkpoints.listForStore(tenantId, storeId),

    async close() {
      await engine?.close();
    },
  };

  /** An order by the same shopper since the cart was created means the cart converted. */
  async function convertedIntoOrder(tenantId: string, cart: Cart): Promise<boolean> {
    const shopper =
      cart.customerId !== null
        ? { customerId: cart.customerId }
        : cart.email !== null
          ? { email: cart.email }
          : null;
    if (shopper === null) return false;
    const page = await repositories.entities.listEntities('order', {
      tenantId,
      storeId: cart.storeId,
      filters: shopper,
      createdSince: new Date(cart.createdAt),
      limit: 1,
    });
    return page.items.length > 0;
  }
}

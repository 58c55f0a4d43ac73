import type { Database, Repositories } from '@cartwire/storage';
import type { Hono } from 'hono';
import type { Clock } from '../clock';
import type { AppEnv } from '../http/app-env';
import { createInboundDeliveryProcessor } from '../inbound-webhooks/inbound-delivery-job';
import { createWebhookReceiver } from '../inbound-webhooks/webhook-receiver';
import { createInboundWebhookRouter } from '../inbound-webhooks/webhooks.routes';
import type { Logger } from '../logger';
import { createSyncService, type SyncService, type SyncServiceOptions } from '../sync/sync-service';
import { createTrackRouter, type TrackRouterOptions } from '../track/track.routes';
import { createTrackService } from '../track/track-service';
import { startSyncWorkers } from './sync-workers';
import type { Workers } from './worker-pool';

export interface SyncRuntimeOptions {
  database: Database;
  repositories: Repositories;
  clock: Clock;
  logger: Logger;
  /** Lease owner id of this process's workers. */
  workerId: string;
  /** Largest inbound webhook body in bytes. @default 1 MiB */
  webhookMaxBodyBytes?: number;
  /** Per publishable key limit of `POST /v1/track`. @default { perSecond: 50, burst: 200 } */
  trackRateLimit?: TrackRouterOptions['rateLimit'];
  /** Connector engine options (tests shorten retries or inject fetch). */
  engine?: SyncServiceOptions['engine'];
}

export interface WorkerSettings {
  /** Jobs run at once by this process. @default 2 */
  concurrency?: number;
  /** @default 60_000 */
  leaseMs?: number;
  /** @default every sync queue */
  queues?: readonly string[];
  /** Wait between claims when nothing is runnable. @default 500 */
  idleDelayMs?: number;
  /**
   * How often this process checks that every active store is being synced (backfill for new stores,
   * polls for overdue streams); 0 turns the check off.
   * @default 60_000
   */
  reconcileIntervalMs?: number;
}

/**
 * The sync layer of one gateway process: the service, its HTTP routes (inbound webhooks, storefront
 * track) and its workers. server.ts creates one; `mount` adds the routes, `startWorkers` the claim loops.
 */
export interface SyncRuntime {
  readonly sync: SyncService;
  mount(app: Hono<AppEnv>): void;
  startWorkers(settings?: WorkerSettings): Workers;
  /** Stops workers started here (releasing their jobs) and closes the connector engine. */
  close(): Promise<void>;
}

export function createSyncRuntime(options: SyncRuntimeOptions): SyncRuntime {
  const { database, repositories, clock, logger } = options;
  const sync = createSyncService({
    database,
    repositories,
    clock,
    logger,
    ...(options.engine ? { engine: options.engine } : {}),
  });
  const receive = createWebhookReceiver({ database, repositories, logger, clock });
  const inbound = createInboundDeliveryProcessor({ database, repositories, sync, clock });
  const track = createTrackService({ database, repositories, clock });
  const started: Workers[] = [];
  const timers: NodeJS.Timeout[] = [];
  return {
    sync,
    mount(app) {
      app.route(
        '/',
        createInboundWebhookRouter({
          receive,
          ...(options.webhookMaxBodyBytes ? { maxBodyBytes: options.webhookMaxBodyBytes } : {}),
        }),
      );
      app.route(
        '/',
        createTrackRouter({
          service: track,
          repositories,
          clock,
          ...(options.trackRateLimit ? { rateLimit: options.trackRateLimit } : {}),
        }),
      );
    },
    startWorkers(settings = {}) {
      const { reconcileIntervalMs = 60_000, ...workerSettings } = settings;
      const workers = startSyncWorkers({
        sync,
        inbound,
        jobs: repositories.jobs,
        logger,
        workerId: options.workerId,
        ...workerSettings,
      });
      started.push(workers);
      if (reconcileIntervalMs > 0) {
        const reconcile = () => {
          sync.reconcile().then(
            (enqueued) => enqueued > 0 && logger.info({ enqueued }, 'sync scheduler enqueued jobs'),
            (error: unknown) => logger.error({ err: (error as Error).message }, 'sync scheduler failed'),
          );
        };
        reconcile();
        const timer = setInterval(reconcile, reconcileIntervalMs);
        timer.unref();
        timers.push(timer);
      }
      return workers;
    },
    async close() {
      for (const timer of timers) clearInterval(timer);
      await Promise.all(started.map((workers) => workers.stop()));
      await sync.close();
    },
  };
}

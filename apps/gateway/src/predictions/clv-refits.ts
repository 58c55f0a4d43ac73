import { type ClvService, createClvService } from '@cartwire/automation-sdk';
import type { ClvSettings, Database, Repositories } from '@cartwire/storage';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { startScheduledQueue, UnrunnableJobError } from '../workers/scheduled-queue';

/** Job queue of CLV refits; payload `{ storeId }`, tenant on the job. */
export const CLV_REFIT_QUEUE = 'clv.refit';

export interface ClvRefitSettings {
  /** A store is refitted once its last fit is this old. @default 24 hours */
  refitIntervalMs?: number;
  /** How often stores due for a refit are looked for. @default 60_000 */
  scheduleIntervalMs?: number;
  /** Lease of a refit job; a crashed worker's fit runs again after it. @default 10 minutes */
  leaseMs?: number;
  /** Wait between claims when no refit is runnable. @default 5_000 */
  idleDelayMs?: number;
  /** CLV assumptions (horizon, discounting, margin) over DEFAULT_CLV_SETTINGS. */
  clv?: Partial<ClvSettings>;
}

export interface ClvRefitsOptions extends ClvRefitSettings {
  database: Database;
  repositories: Pick<Repositories, 'jobs'>;
  clock: Clock;
  logger: Logger;
  workerId: string;
}

export interface ClvRefits {
  readonly clv: ClvService;
  /** Looks for due stores and claims at once instead of waiting for the next tick. */
  nudge(): void;
  /** Stops scheduling and claiming, waits for a fit in progress. */
  stop(): Promise<void>;
}

const DAY_MS = 86_400_000;

/**
 * Refits each active store's CLV models on a schedule through the durable job queue: a scheduler enqueues
 * one job per due store (deduplicated by store, so any number of processes enqueue it once), and a worker
 * claims and runs them one at a time. A fit is CPU-bound for a few seconds on a large store, so one per
 * process at a time keeps the event loop responsive.
 *
 * @example const refits = startClvRefits({ database, repositories, clock, logger, workerId });
 */
export function startClvRefits(options: ClvRefitsOptions): ClvRefits {
  const { repositories, logger, workerId } = options;
  const refitIntervalMs = options.refitIntervalMs ?? DAY_MS;
  const clv = createClvService({
    db: options.database.db,
    now: () => options.clock.now(),
    ...(options.clv ? { settings: options.clv } : {}),
  });

  const queue = startScheduledQueue({
    name: 'clv refit',
    queue: CLV_REFIT_QUEUE,
    repositories,
    clock: options.clock,
    logger,
    workerId,
    scheduleIntervalMs: options.scheduleIntervalMs,
    leaseMs: options.leaseMs,
    idleDelayMs: options.idleDelayMs,
    async schedule() {
      const due = await clv.listStoresDue(refitIntervalMs);
      if (due.length === 0) return;
      await repositories.jobs.enqueue(
        due.map((store) => ({
          queue: CLV_REFIT_QUEUE,
          tenantId: store.tenantId,
          payload: { storeId: store.storeId },
          dedupeKey: `${CLV_REFIT_QUEUE}:${store.storeId}`,
          maxAttempts: 3,
        })),
      );
    },
    async run(job) {
      const storeId = job.payload.storeId;
      if (typeof storeId !== 'string' || job.tenantId === null)
        throw new UnrunnableJobError('CLV refit job without tenant or storeId');
      const model = await clv.fitStore(job.tenantId, storeId);
      logger.info(
        {
          storeId,
          customers: model.customers,
          purchaseModel: model.purchaseModel.status,
          spendModel: model.spendModel.status,
          durationMs: model.durationMs,
        },
        'clv models refitted',
      );
    },
  });
  return { clv, nudge: queue.nudge, stop: queue.stop };
}

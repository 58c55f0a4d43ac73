import { type ClvService, createClvService } from '@cartwire/automation-sdk';
import type { ClvSettings, Database, Repositories } from '@cartwire/storage';
import type { Clock } from '../clock';
import type { Logger } from '../logger';

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
  const scheduleIntervalMs = options.scheduleIntervalMs ?? 60_000;
  const leaseMs = options.leaseMs ?? 10 * 60_000;
  const idleDelayMs = options.idleDelayMs ?? 5_000;
  const clv = createClvService({
    db: options.database.db,
    now: () => options.clock.now(),
    ...(options.clv ? { settings: options.clv } : {}),
  });

  let stopped = false;
  let wake: (() => void) | null = null;
  const wakeUp = () => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(wakeUp, ms).unref();
    });
  let lastScheduled = Number.NEGATIVE_INFINITY;

  async function schedule(): Promise<void> {
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
  }

  async function runOne(): Promise<boolean> {
    const [job] = await repositories.jobs.claim({ queues: [CLV_REFIT_QUEUE], workerId, leaseMs });
    if (!job) return false;
    const storeId = job.payload.storeId;
    if (typeof storeId !== 'string' || job.tenantId === null) {
      await repositories.jobs.fail(job.id, workerId, new Error('CLV refit job without tenant or storeId'), {
        permanent: true,
      });
      return true;
    }
    try {
      const model = await clv.fitStore(job.tenantId, storeId);
      await repositories.jobs.complete(job.id, workerId);
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
    } catch (error) {
      await repositories.jobs.fail(job.id, workerId, error);
      logger.error({ storeId, err: (error as Error).message }, 'clv refit failed');
    }
    return true;
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      let worked = false;
      try {
        if (options.clock.now().getTime() - lastScheduled >= scheduleIntervalMs) {
          lastScheduled = options.clock.now().getTime();
          await schedule();
        }
        worked = await runOne();
      } catch (error) {
        logger.error({ err: (error as Error).message }, 'clv refit scheduling failed');
      }
      if (!worked && !stopped) await sleep(idleDelayMs);
    }
  }
  const running = loop();

  return {
    clv,
    nudge() {
      lastScheduled = Number.NEGATIVE_INFINITY;
      wakeUp();
    },
    async stop() {
      stopped = true;
      wakeUp();
      await running;
    },
  };
}

import type { Job, Repositories } from '@cartwire/storage';
import type { Clock } from '../clock';
import type { Logger } from '../logger';

/** A job that can never run (its payload lacks what it needs): failed at once, not retried. */
export class UnrunnableJobError extends Error {
  override readonly name = 'UnrunnableJobError';
}

export interface ScheduledQueueOptions {
  /** What the jobs are, for log lines (`clv refit`, `ads audience sweep`). */
  readonly name: string;
  readonly queue: string;
  readonly repositories: Pick<Repositories, 'jobs'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly workerId: string;
  /** How often `schedule` runs. @default 60_000 */
  readonly scheduleIntervalMs?: number | undefined;
  /** Lease of a claimed job; a crashed worker's job runs again after it. @default 10 minutes */
  readonly leaseMs?: number | undefined;
  /** Wait between claims when nothing is runnable. @default 5_000 */
  readonly idleDelayMs?: number | undefined;
  /** Enqueues the jobs now due, deduplicated so that any number of processes enqueue each once. */
  schedule(): Promise<void>;
  /** Runs one claimed job; a throw fails it (retried with the queue's backoff, unless UnrunnableJobError). */
  run(job: Job): Promise<void>;
}

export interface ScheduledQueue {
  /** Schedules and claims at once instead of waiting for the next tick. */
  nudge(): void;
  /** Resolves on the first idle round (nothing claimed) that started after the call. */
  whenIdle(): Promise<void>;
  /** Stops scheduling and claiming; waits for a job in progress. */
  stop(): Promise<void>;
}

/**
 * A periodic job kind on the durable jobs table: one loop per process schedules what is due every
 * `scheduleIntervalMs` and claims and runs the queue's jobs one at a time (they are few and may be
 * CPU-bound, like a model fit, so one at a time keeps the event loop responsive).
 */
export function startScheduledQueue(options: ScheduledQueueOptions): ScheduledQueue {
  const { repositories, clock, logger, workerId, queue, name } = options;
  const scheduleIntervalMs = options.scheduleIntervalMs ?? 60_000;
  const leaseMs = options.leaseMs ?? 10 * 60_000;
  const idleDelayMs = options.idleDelayMs ?? 5_000;

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
  // Rounds are numbered so whenIdle() resolves only on an idle round that started after it was called
  // (and so scheduled with the clock as the caller left it).
  let round = 0;
  let idleWaiters: { after: number; resolve: () => void }[] = [];

  async function runOne(): Promise<boolean> {
    const [job] = await repositories.jobs.claim({ queues: [queue], workerId, leaseMs });
    if (!job) return false;
    try {
      await options.run(job);
      await repositories.jobs.complete(job.id, workerId);
    } catch (error) {
      const permanent = error instanceof UnrunnableJobError;
      await repositories.jobs.fail(job.id, workerId, error, permanent ? { permanent } : undefined);
      logger.error(
        { jobId: job.id, tenantId: job.tenantId, err: (error as Error).message },
        `${name} failed`,
      );
    }
    return true;
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      const current = ++round;
      let worked = false;
      try {
        if (clock.now().getTime() - lastScheduled >= scheduleIntervalMs) {
          lastScheduled = clock.now().getTime();
          await options.schedule();
        }
        worked = await runOne();
      } catch (error) {
        logger.error({ err: (error as Error).message }, `${name} scheduling failed`);
      }
      if (!worked) {
        const ready = idleWaiters.filter((waiter) => waiter.after < current);
        idleWaiters = idleWaiters.filter((waiter) => waiter.after >= current);
        for (const waiter of ready) waiter.resolve();
        if (!stopped) await sleep(idleDelayMs);
      }
    }
  }
  const running = loop();

  return {
    nudge() {
      lastScheduled = Number.NEGATIVE_INFINITY;
      wakeUp();
    },
    whenIdle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push({ after: round, resolve });
        lastScheduled = Number.NEGATIVE_INFINITY;
        wakeUp();
      });
    },
    async stop() {
      stopped = true;
      wakeUp();
      await running;
      for (const waiter of idleWaiters) waiter.resolve();
    },
  };
}

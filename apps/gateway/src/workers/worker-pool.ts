import { setTimeout as sleep } from 'node:timers/promises';
import type { EnqueueJobInput, Job, JobQueue } from '@cartwire/storage';
import type { Logger } from '../logger';

/** Runs one job. Resolves with the jobs to enqueue once this one is complete (e.g. the next poll). */
export type JobHandler = (job: Job, signal: AbortSignal) => Promise<EnqueueJobInput[] | undefined>;

export interface StartWorkersOptions {
  jobs: JobQueue;
  /** Handler per queue name. */
  handlers: Readonly<Record<string, JobHandler>>;
  /** Queues to claim from. @default every queue with a handler */
  queues?: readonly string[];
  /** Jobs run at once by this process. @default 2 */
  concurrency?: number;
  /** Lease per claim; extended every third of it while the job runs. @default 60_000 */
  leaseMs?: number;
  /** Wait between claims when nothing is runnable. @default 500 */
  idleDelayMs?: number;
  /** Lease owner id; unique per process. */
  workerId: string;
  logger: Logger;
  /** Failures that retrying cannot fix: the job goes straight to `dead`. @default none */
  isPermanent?: (error: unknown) => boolean;
}

export interface Workers {
  readonly workerId: string;
  /**
   * Stops claiming, aborts running jobs and waits for them to settle. With `release` (the default)
   * their leases are handed back so another worker resumes them at once; without it they stay
   * leased until the lease expires, as after a crash.
   */
  stop(options?: { release?: boolean }): Promise<void>;
  /** Resolves once every slot found nothing to claim and nothing is running. */
  whenIdle(): Promise<void>;
}

/**
 * A pool of claim loops over the durable jobs table (FOR UPDATE SKIP LOCKED, leases). A job whose
 * lease cannot be extended (it was reclaimed after this worker stalled) is aborted, since another
 * worker now owns it.
 *
 * @example const workers = startWorkers({ jobs, handlers: { sync: run }, concurrency: 4, leaseMs: 60_000, workerId, logger });
 */
export function startWorkers(options: StartWorkersOptions): Workers {
  const { jobs, handlers, workerId, logger } = options;
  const queues = [...(options.queues ?? Object.keys(handlers))];
  const concurrency = options.concurrency ?? 2;
  const leaseMs = options.leaseMs ?? 60_000;
  const idleDelayMs = options.idleDelayMs ?? 500;
  const stopping = new AbortController();
  const running = new Set<AbortController>();
  const idleSlots = new Set<number>();
  let idleWaiters: (() => void)[] = [];
  /** Bumped by whenIdle(): an empty claim that started before the latest call does not count as idle. */
  let idleEpoch = 0;

  const checkIdle = () => {
    if (idleSlots.size === concurrency && running.size === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  async function runJob(job: Job): Promise<void> {
    const handler = handlers[job.queue];
    const controller = new AbortController();
    running.add(controller);
    const heartbeat = setInterval(
      () => {
        jobs.extendLease(job.id, workerId, leaseMs).then(
          (held) => {
            if (!held) controller.abort(new Error('lease lost'));
          },
          (error: unknown) => logger.warn({ jobId: job.id, err: error }, 'lease extension failed'),
        );
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    try {
      if (!handler) throw new Error(`no handler for queue ${job.queue}`);
      const followUps = await handler(job, controller.signal);
      if (controller.signal.aborted) return;
      const completed = await jobs.complete(job.id, workerId);
      if (completed && followUps && followUps.length > 0) await jobs.enqueue(followUps);
    } catch (error) {
      // Aborted by stop() or a lost lease: the job is released or reclaimed, not failed.
      if (controller.signal.aborted) return;
      const permanent = options.isPermanent?.(error) ?? false;
      logger.warn(
        { jobId: job.id, queue: job.queue, attempt: job.attempts, permanent, err: describe(error) },
        'job failed',
      );
      await jobs.fail(job.id, workerId, error, { permanent });
    } finally {
      clearInterval(heartbeat);
      running.delete(controller);
    }
  }

  async function slot(index: number): Promise<void> {
    while (!stopping.signal.aborted) {
      let claimed: Job[] = [];
      const epoch = idleEpoch;
      try {
        claimed = await jobs.claim({ queues, workerId, leaseMs, limit: 1 });
      } catch (error) {
        if (stopping.signal.aborted) return;
        logger.error({ err: describe(error) }, 'claiming jobs failed');
      }
      const job = claimed[0];
      if (!job) {
        // A claim already in flight when whenIdle() was called may have missed work made due since.
        if (epoch === idleEpoch) {
          idleSlots.add(index);
          checkIdle();
        }
        await sleep(idleDelayMs, undefined, { signal: stopping.signal }).catch(() => undefined);
        continue;
      }
      idleSlots.delete(index);
      await runJob(job);
    }
  }

  const loops = Array.from({ length: concurrency }, (_, index) => slot(index));

  return {
    workerId,
    async stop(stopOptions = {}) {
      const release = stopOptions.release ?? true;
      stopping.abort();
      for (const controller of running) controller.abort(new Error('worker stopping'));
      await Promise.all(loops);
      if (release) {
        const released = await jobs.releaseAll(workerId);
        logger.info({ workerId, released }, 'workers stopped');
      }
    },
    whenIdle() {
      // Only claims made after this call count: a slot idle a moment ago may not have seen new work.
      idleSlots.clear();
      idleEpoch += 1;
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
      });
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

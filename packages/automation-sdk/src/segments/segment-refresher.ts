import { createJobQueue, type Db } from '@cartwire/storage';
import { type CustomerMetricsService, createCustomerMetrics } from '../metrics/customer-metrics';
import { createSegmentStore, type SegmentStore } from './segment-store';

/**
 * Jobs `{ tenantId }`: RFM scores of every store of the tenant, then every segment re-materialized in full.
 * One is enqueued (deduplicated per tenant) `fullDelayMs` after a refresh touched the tenant, and for every
 * tenant on the schedule.
 */
export const SEGMENTS_QUEUE = 'segments.materialize';

/** The subset of a pino logger the refresher writes to. */
export interface RefresherLogger {
  info(object: Record<string, unknown>, message: string): void;
  error(object: Record<string, unknown>, message: string): void;
}

export interface SegmentRefresherOptions {
  db: Db;
  /** Lease owner of claimed jobs. */
  workerId: string;
  /** @default () => new Date() */
  now?: () => Date;
  /** @default createCustomerMetrics(db, { now }) */
  metrics?: CustomerMetricsService;
  /** @default createSegmentStore(db, { now }) */
  segments?: SegmentStore;
  logger?: RefresherLogger;
  /**
   * How often the event log is checked for new events (one indexed read when there are none).
   * @default 1000
   */
  pollMs?: number;
  /** Events read per metrics refresh transaction. @default 1000 */
  batchSize?: number;
  /**
   * Full re-materialization of every tenant's segments (time windows move, RFM quintiles shift).
   * @default 900_000 (15 minutes)
   */
  scheduleMs?: number;
  /**
   * After a refresh touched a tenant, its full re-materialization runs this much later (one pending job
   * per tenant, so a busy store is re-materialized at most once per delay).
   * @default 60_000
   */
  fullDelayMs?: number;
  /** @default 300_000 */
  leaseMs?: number;
}

export interface SegmentRefresher {
  /**
   * One round: refreshes metrics from new events until none are left, re-evaluates the touched customers
   * against every segment of their tenant, and runs due materialization jobs.
   * @returns events read and jobs run
   */
  runOnce(): Promise<{ events: number; jobs: number }>;
  /** Enqueues a full materialization of every tenant with segments or metrics (what the schedule does). */
  schedule(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Keeps customer metrics and segment memberships current: a loop following the event log (metrics of the
 * touched customers, their segment memberships at once), and materialization jobs on the shared jobs
 * table (after a refresh, debounced, and on a schedule), so any number of processes share the work.
 * @example const refresher = startSegmentRefresher({ db, workerId }); … await refresher.stop();
 */
export function createSegmentRefresher(options: SegmentRefresherOptions): SegmentRefresher {
  const { db, workerId, logger } = options;
  const now = options.now ?? (() => new Date());
  const metrics = options.metrics ?? createCustomerMetrics(db, { now });
  const segments = options.segments ?? createSegmentStore(db, { now });
  const queue = createJobQueue(db, { now });
  const pollMs = options.pollMs ?? 1000;
  const batchSize = options.batchSize ?? 1000;
  const scheduleMs = options.scheduleMs ?? 900_000;
  const fullDelayMs = options.fullDelayMs ?? 60_000;
  const leaseMs = options.leaseMs ?? 300_000;

  async function enqueueFull(tenantId: string, delayMs: number) {
    await queue.enqueue({
      queue: SEGMENTS_QUEUE,
      tenantId,
      payload: { tenantId },
      runAt: new Date(now().getTime() + delayMs),
      dedupeKey: `${SEGMENTS_QUEUE}:${tenantId}`,
      maxAttempts: 5,
    });
  }

  async function refreshAll(): Promise<number> {
    let total = 0;
    for (;;) {
      // RFM quintiles are one statement over every customer of a store: they move in the debounced
      // materialization job below, not once per batch of events.
      const result = await metrics.refresh({ limit: batchSize, rfm: false });
      total += result.events;
      for (const [tenantId, customerIds] of result.touched) {
        await segments.materializeAll(tenantId, { customerIds });
        await enqueueFull(tenantId, fullDelayMs);
      }
      if (!result.more) return total;
    }
  }

  async function runJobs(): Promise<number> {
    let handled = 0;
    for (;;) {
      const [job] = await queue.claim({ queues: [SEGMENTS_QUEUE], workerId, leaseMs, limit: 1 });
      if (!job) return handled;
      handled++;
      const tenantId = String(job.payload.tenantId);
      try {
        await metrics.recomputeRfm(tenantId);
        const results = await segments.materializeAll(tenantId);
        await queue.complete(job.id, workerId);
        logger?.info({ tenantId, segments: results.size }, 'segments materialized');
      } catch (error) {
        // The job retries with the queue's backoff; the failure is recorded on the job row.
        await queue.fail(job.id, workerId, error);
        logger?.error({ tenantId, err: (error as Error).message }, 'segment materialization failed');
      }
    }
  }

  let stopped = true;
  let timer: NodeJS.Timeout | null = null;
  let scheduleTimer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();
  let scheduling: Promise<unknown> = Promise.resolve();

  const refresher: SegmentRefresher = {
    async runOnce() {
      const events = await refreshAll();
      const jobs = await runJobs();
      return { events, jobs };
    },

    async schedule() {
      const tenants = new Set([...(await segments.tenants()), ...(await metrics.tenants())]);
      for (const tenantId of tenants) await enqueueFull(tenantId, 0);
      return tenants.size;
    },

    start() {
      if (!stopped) return;
      stopped = false;
      const loop = () => {
        if (stopped) return;
        running = refresher.runOnce().then(
          () => {
            if (!stopped) timer = setTimeout(loop, pollMs);
          },
          (error: unknown) => {
            logger?.error({ err: (error as Error).message }, 'customer metrics refresh failed');
            if (!stopped) timer = setTimeout(loop, pollMs);
          },
        );
      };
      const tick = () => {
        scheduling = refresher.schedule().catch((error: unknown) => {
          logger?.error({ err: (error as Error).message }, 'segment schedule failed');
        });
      };
      tick();
      scheduleTimer = setInterval(tick, scheduleMs);
      scheduleTimer.unref();
      loop();
    },

    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (scheduleTimer) clearInterval(scheduleTimer);
      await Promise.all([running, scheduling]);
      await queue.releaseAll(workerId);
    },
  };
  return refresher;
}

/** Creates a refresher and starts it. */
export function startSegmentRefresher(options: SegmentRefresherOptions): SegmentRefresher {
  const refresher = createSegmentRefresher(options);
  refresher.start();
  return refresher;
}

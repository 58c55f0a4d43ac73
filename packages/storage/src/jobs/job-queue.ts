import { ID_PREFIX, newId } from '@cartwire/model';
import { and, asc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../database';
import { StorageConflictError } from '../errors';
import { type JobState, jobs } from '../schema/jobs';
import { parseInput } from '../validate';

export interface Job {
  id: string;
  queue: string;
  payload: JobPayload;
  tenantId: string | null;
  /** Lower runs first. */
  priority: number;
  runAt: Date;
  state: JobState;
  /** Claims so far, including the one in progress. */
  attempts: number;
  maxAttempts: number;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  lastError: string | null;
  dedupeKey: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export type JobPayloadValue = string | number | boolean | null | string[];
export type JobPayload = Record<string, JobPayloadValue>;

/** Key names that suggest a secret: payloads carry ids, and the job resolves secrets when it runs. */
// `cartToken`/`pageToken` are ids, so only token names that mean credentials are refused.
const SECRET_LIKE_KEY =
  /secret|password|passwd|credential|api[-_]?key|authorization|(access|refresh|auth|bearer|api)[-_]?token/i;
const MAX_PAYLOAD_BYTES = 4096;

const JobPayloadSchema = z
  .record(
    z.string().refine((key) => !SECRET_LIKE_KEY.test(key), 'looks like a secret; put ids in job payloads'),
    z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]),
  )
  .refine(
    (payload) => Buffer.byteLength(JSON.stringify(payload)) <= MAX_PAYLOAD_BYTES,
    `payload over ${MAX_PAYLOAD_BYTES} bytes; carry ids, not whole entities`,
  );

const EnqueueJobInputSchema = z.object({
  queue: z.string().min(1).max(100),
  payload: JobPayloadSchema.default({}),
  tenantId: z.string().min(1).nullable().default(null),
  priority: z.number().int().min(-1000).max(1000).default(0),
  runAt: z.date().optional(),
  maxAttempts: z.number().int().min(1).max(100).default(8),
  dedupeKey: z.string().min(1).max(500).nullable().default(null),
});

export type EnqueueJobInput = z.input<typeof EnqueueJobInputSchema>;

export interface EnqueueResult {
  job: Job;
  /** True when an unfinished job with the same dedupe key already existed; `job` is that job. */
  deduplicated: boolean;
}

const ClaimInputSchema = z.object({
  queues: z.array(z.string().min(1)).min(1),
  workerId: z.string().min(1).max(200),
  leaseMs: z.number().int().min(1).max(86_400_000),
  limit: z.number().int().min(1).max(1000).default(1),
});

export type ClaimInput = z.input<typeof ClaimInputSchema>;

export interface FailOptions {
  /** When to retry; by default exponential backoff with jitter from the attempt count. */
  retryAt?: Date;
  /** No retry whatever the attempt count: the job goes straight to `dead`. */
  permanent?: boolean;
}

export interface BackoffOptions {
  /**
   * Delay before the first retry; doubles with each attempt.
   * @default 1000
   */
  baseMs?: number;
  /**
   * Upper bound of a single delay.
   * @default 3_600_000 (one hour)
   */
  maxMs?: number;
}

export interface JobQueueOptions {
  /** Clock for run-at and lease times (tests move it forward instead of sleeping). @default () => new Date() */
  now?: () => Date;
  /** Source of jitter in [0, 1). @default Math.random */
  random?: () => number;
  backoff?: BackoffOptions;
}

export interface JobQueue {
  enqueue(input: EnqueueJobInput): Promise<EnqueueResult>;
  enqueue(inputs: EnqueueJobInput[]): Promise<EnqueueResult[]>;
  /**
   * Leases up to `limit` runnable jobs to `workerId`, lowest priority value first, then oldest run-at.
   * A running job whose lease expired (its worker died) is runnable again and counts an attempt.
   */
  claim(input: ClaimInput): Promise<Job[]>;
  /** @returns false when `workerId` no longer holds the lease (the job was reclaimed by another worker). */
  complete(jobId: string, workerId: string): Promise<boolean>;
  /**
   * Records a failed attempt: the job is retried at `retryAt` (default: backoff) or becomes `dead`
   * after `maxAttempts` attempts. @returns false when `workerId` no longer holds the lease.
   */
  fail(jobId: string, workerId: string, error: unknown, options?: FailOptions): Promise<boolean>;
  /** @returns false when `workerId` no longer holds the lease. */
  extendLease(jobId: string, workerId: string, leaseMs: number): Promise<boolean>;
  /** Clean shutdown: this worker's running jobs go back to the queue without costing an attempt. */
  releaseAll(workerId: string): Promise<number>;
  get(jobId: string): Promise<Job | null>;
}

const MAX_ERROR_LENGTH = 4000;
/** States in which a job may still run, and so holds its dedupe key. */
const ACTIVE_STATES: JobState[] = ['queued', 'running', 'failed'];

/** The durable queue on the `jobs` table, shared by any number of worker processes. */
export function createJobQueue(db: Db, options: JobQueueOptions = {}): JobQueue {
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const baseMs = options.backoff?.baseMs ?? 1000;
  const maxMs = options.backoff?.maxMs ?? 3_600_000;

  /** Equal jitter: half the exponential delay is fixed, half random, so retries of a burst spread out. */
  function backoffDelay(attempts: number): number {
    const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
    return exponential / 2 + random() * (exponential / 2);
  }

  async function enqueueMany(inputs: EnqueueJobInput[]): Promise<EnqueueResult[]> {
    const at = now();
    const rows = inputs.map((input) => {
      const job = parseInput(EnqueueJobInputSchema, input, 'job');
      return {
        queue: job.queue,
        payload: job.payload,
        tenantId: job.tenantId,
        priority: job.priority,
        runAt: job.runAt ?? at,
        maxAttempts: job.maxAttempts,
        dedupeKey: job.dedupeKey,
        createdAt: at,
        updatedAt: at,
      };
    });
    const results = new Array<EnqueueResult | undefined>(rows.length);
    let pending = rows.map((row, index) => ({ row: { ...row, id: newId(ID_PREFIX.job) }, index }));
    // A second round only happens when the job holding a dedupe key finished between our insert and
    // our look-up: the key is free again, so inserting anew is what the caller asked for.
    for (let round = 0; pending.length > 0; round++) {
      if (round === 3) throw new StorageConflictError('Could not settle job dedupe keys after 3 rounds');
      // Any unique violation (an active dedupe key) skips the row instead of failing the batch.
      const inserted = await db
        .insert(jobs)
        .values(pending.map((item) => item.row))
        .onConflictDoNothing()
        .returning();
      const insertedById = new Map(inserted.map((row) => [row.id, row]));
      const skippedKeys = pending
        .filter((item) => !insertedById.has(item.row.id) && item.row.dedupeKey !== null)
        .map((item) => item.row.dedupeKey as string);
      const holders =
        skippedKeys.length === 0
          ? []
          : await db
              .select()
              .from(jobs)
              .where(and(inArray(jobs.dedupeKey, skippedKeys), inArray(jobs.state, ACTIVE_STATES)));
      const holderByKey = new Map(holders.map((row) => [row.dedupeKey, row]));
      const retry: typeof pending = [];
      for (const item of pending) {
        const own = insertedById.get(item.row.id);
        const holder = item.row.dedupeKey === null ? undefined : holderByKey.get(item.row.dedupeKey);
        if (own) results[item.index] = { job: toJob(own), deduplicated: false };
        else if (holder) results[item.index] = { job: toJob(holder), deduplicated: true };
        else retry.push({ row: { ...item.row, id: newId(ID_PREFIX.job) }, index: item.index });
      }
      pending = retry;
    }
    return results as EnqueueResult[];
  }

  const queue: JobQueue = {
    enqueue: (async (input: EnqueueJobInput | EnqueueJobInput[]) => {
      if (Array.isArray(input)) return input.length === 0 ? [] : enqueueMany(input);
      const [result] = await enqueueMany([input]);
      return result;
    }) as JobQueue['enqueue'],

    async claim(input) {
      const { queues, workerId, leaseMs, limit } = parseInput(ClaimInputSchema, input, 'claim request');
      const at = now();
      const leaseExpiresAt = new Date(at.getTime() + leaseMs);
      // A job whose worker died on its last allowed attempt is not retried forever: it is dead.
      await db
        .update(jobs)
        .set({
          state: 'dead',
          leaseOwner: null,
          leaseExpiresAt: null,
          lastError: sql`coalesce(${jobs.lastError} || ' | ', '') || 'lease expired on the final attempt'`,
          finishedAt: at,
          updatedAt: at,
        })
        .where(
          and(
            inArray(jobs.queue, queues),
            eq(jobs.state, 'running'),
            lte(jobs.leaseExpiresAt, at),
            sql`${jobs.attempts} >= ${jobs.maxAttempts}`,
          ),
        );
      const runnable = db
        .select({ id: jobs.id })
        .from(jobs)
        .where(
          and(
            inArray(jobs.queue, queues),
            or(
              and(inArray(jobs.state, ['queued', 'failed']), lte(jobs.runAt, at)),
              and(eq(jobs.state, 'running'), lte(jobs.leaseExpiresAt, at)),
            ),
          ),
        )
        .orderBy(asc(jobs.priority), asc(jobs.runAt), asc(jobs.id))
        .limit(limit)
        .for('update', { skipLocked: true });
      const claimed = await db
        .update(jobs)
        .set({
          state: 'running',
          leaseOwner: workerId,
          leaseExpiresAt,
          attempts: sql`${jobs.attempts} + 1`,
          updatedAt: at,
        })
        .where(inArray(jobs.id, runnable))
        .returning();
      // RETURNING has no order: restore the claim order for the caller.
      return claimed
        .map(toJob)
        .sort(
          (a, b) =>
            a.priority - b.priority || a.runAt.getTime() - b.runAt.getTime() || a.id.localeCompare(b.id),
        );
    },

    async complete(jobId, workerId) {
      const at = now();
      const rows = await db
        .update(jobs)
        .set({ state: 'succeeded', leaseExpiresAt: null, finishedAt: at, updatedAt: at })
        .where(ownedBy(jobId, workerId))
        .returning({ id: jobs.id });
      return rows.length === 1;
    },

    async fail(jobId, workerId, error, failOptions = {}) {
      const at = now();
      const message = describeError(error);
      return db.transaction(async (tx) => {
        const [job] = await tx
          .select({ attempts: jobs.attempts, maxAttempts: jobs.maxAttempts })
          .from(jobs)
          .where(ownedBy(jobId, workerId))
          .for('update');
        if (!job) return false;
        const exhausted = failOptions.permanent === true || job.attempts >= job.maxAttempts;
        const runAt = failOptions.retryAt ?? new Date(at.getTime() + backoffDelay(job.attempts));
        await tx
          .update(jobs)
          .set(
            exhausted
              ? { state: 'dead', leaseExpiresAt: null, lastError: message, finishedAt: at, updatedAt: at }
              : {
                  state: 'failed',
                  leaseExpiresAt: null,
                  leaseOwner: null,
                  lastError: message,
                  runAt,
                  updatedAt: at,
                },
          )
          .where(eq(jobs.id, jobId));
        return true;
      });
    },

    async extendLease(jobId, workerId, leaseMs) {
      const ms = parseInput(ClaimInputSchema.shape.leaseMs, leaseMs, 'lease duration');
      const at = now();
      const rows = await db
        .update(jobs)
        .set({ leaseExpiresAt: new Date(at.getTime() + ms), updatedAt: at })
        .where(ownedBy(jobId, workerId))
        .returning({ id: jobs.id });
      return rows.length === 1;
    },

    async releaseAll(workerId) {
      const rows = await db
        .update(jobs)
        .set({
          state: 'queued',
          leaseOwner: null,
          leaseExpiresAt: null,
          attempts: sql`greatest(${jobs.attempts} - 1, 0)`,
          updatedAt: now(),
        })
        .where(and(eq(jobs.leaseOwner, workerId), eq(jobs.state, 'running')))
        .returning({ id: jobs.id });
      return rows.length;
    },

    async get(jobId) {
      const [row] = await db.select().from(jobs).where(eq(jobs.id, jobId));
      return row ? toJob(row) : null;
    },
  };
  return queue;
}

function ownedBy(jobId: string, workerId: string) {
  return and(eq(jobs.id, jobId), eq(jobs.leaseOwner, workerId), eq(jobs.state, 'running'));
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}

function toJob(row: typeof jobs.$inferSelect): Job {
  return {
    id: row.id,
    queue: row.queue,
    payload: row.payload as JobPayload,
    tenantId: row.tenantId,
    priority: row.priority,
    runAt: row.runAt,
    state: row.state,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    leaseOwner: row.leaseOwner,
    leaseExpiresAt: row.leaseExpiresAt,
    lastError: row.lastError,
    dedupeKey: row.dedupeKey,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    finishedAt: row.finishedAt,
  };
}

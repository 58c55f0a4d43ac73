import { eventTypeMatches, ID_PREFIX, newId } from '@cartwire/model';
import { and, asc, desc, eq, gt, gte, inArray, lt, lte, ne, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { CredentialCipher } from '../crypto/credential-cipher';
import type { Db } from '../database';
import { type StoredEvent, toStoredEvent } from '../events/event-log';
import { createJobQueue, type EnqueueJobInput, type Job, type JobPayload } from '../jobs/job-queue';
import { events } from '../schema/events';
import { jobs } from '../schema/jobs';
import {
  webhookDeliveries,
  webhookDeliveryAttempts,
  webhookEndpoints,
  webhookFanoutCursor,
} from '../schema/outbound-webhooks';
import { parseInput } from '../validate';
import { toWebhookEndpointRecord, type WebhookEndpointRecord } from './endpoint-repository';

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'cancelled';

export interface DeliveryAttemptRecord {
  id: string;
  attemptedAt: Date;
  durationMs: number;
  statusCode: number | null;
  responseExcerpt: string | null;
  error: string | null;
  succeeded: boolean;
}

export interface DeliveryRecord {
  id: string;
  tenantId: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attemptCount: number;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DeliveryWithAttempts extends DeliveryRecord {
  /** Oldest first. */
  attempts: DeliveryAttemptRecord[];
}

/** How deliveries become jobs: the gateway names the queue and the retry budget. */
export interface DeliveryJobOptions {
  queue: string;
  /** Attempts the job may make (the backoff schedule's length; 1 for a manual retry). */
  maxAttempts: number;
  /** Lower runs first. @default 0 */
  priority?: number;
}

export interface FanOutResult {
  /** False when another process holds the fan-out cursor; nothing was read. */
  ran: boolean;
  events: number;
  deliveries: number;
  /** Whether a full batch was read, so more events may be waiting. */
  more: boolean;
}

export interface AttemptContext {
  delivery: DeliveryRecord;
  endpoint: WebhookEndpointRecord;
  event: StoredEvent;
  /** The secrets signing an attempt made now: the current one first, then one in its rotation overlap. */
  signingSecrets: string[];
}

export interface RecordAttemptInput {
  attempt: Omit<DeliveryAttemptRecord, 'id'>;
  /** The delivery's state after this attempt. */
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
}

export interface ClaimDeliveryJobsInput {
  queue: string;
  workerId: string;
  leaseMs: number;
  limit: number;
  /** Jobs running at once per endpoint (payload `endpointId`), counted across every worker. */
  maxPerEndpoint: number;
}

const ListDeliveriesInput = z.object({
  tenantId: z.string().min(1),
  endpointId: z.string().min(1),
  /** Newest first; continue before this delivery id. */
  before: z.string().min(1).optional(),
  status: z.enum(['pending', 'succeeded', 'failed', 'cancelled']).optional(),
  limit: z.number().int().min(1).max(101).default(20),
});

export interface WebhookDeliveryRepository {
  /**
   * Reads the next events after the fan-out cursor and creates one delivery (and its job) per
   * matching enabled endpoint, then advances the cursor, all in one transaction. Only one process
   * fans out at a time (the cursor row is locked with SKIP LOCKED). `webhook.test` events are
   * addressed to one endpoint and never fanned out.
   */
  fanOut(options: DeliveryJobOptions & { limit: number }): Promise<FanOutResult>;
  /**
   * Schedules a delivery of each event to the endpoint: a new delivery, or the existing one set back
   * to pending (a replay keeps the delivery and its attempt log). @returns the deliveries
   */
  scheduleDeliveries(
    tenantId: string,
    endpointId: string,
    eventIds: readonly string[],
    job: DeliveryJobOptions,
  ): Promise<DeliveryRecord[]>;
  /** Events of the tenant received at or after `since` that the endpoint's filters match, in log order. */
  listMatchingEventIds(
    endpoint: WebhookEndpointRecord,
    options: { since: Date; afterSeq: number; limit: number },
  ): Promise<{ ids: string[]; lastSeq: number }>;
  getDelivery(tenantId: string, deliveryId: string): Promise<DeliveryWithAttempts | null>;
  listDeliveries(input: z.input<typeof ListDeliveriesInput>): Promise<DeliveryWithAttempts[]>;
  /** What an attempt needs: null when the delivery, its endpoint or its event is gone. */
  loadAttemptContext(tenantId: string, deliveryId: string): Promise<AttemptContext | null>;
  recordAttempt(tenantId: string, deliveryId: string, input: RecordAttemptInput): Promise<void>;
  /** Ends a pending delivery without an attempt (its endpoint was disabled). */
  cancelDelivery(tenantId: string, deliveryId: string): Promise<void>;
  /**
   * Leases runnable delivery jobs like JobQueue.claim, but never more than `maxPerEndpoint` running
   * at once for one endpoint, so a slow endpoint cannot take every worker.
   */
  claimDeliveryJobs(input: ClaimDeliveryJobsInput): Promise<Job[]>;
}

const FANOUT_CURSOR_ID = 'default';
const EXCERPT_LIMIT = 1024;

export interface WebhookDeliveryRepositoryOptions {
  /** Decrypts endpoint signing secrets (the cipher the endpoint repository encrypts with). */
  cipher: CredentialCipher;
  /** @default () => new Date() */
  now?: () => Date;
}

export function createWebhookDeliveryRepository(
  db: Db,
  options: WebhookDeliveryRepositoryOptions,
): WebhookDeliveryRepository {
  const now = options.now ?? (() => new Date());
  // Creating the cursor row once per process is enough; it is never deleted.
  let cursorReady = false;

  /** Inserts the deliveries (or sets existing ones back to pending) and enqueues their jobs. */
  async function schedule(
    tx: Db,
    rows: { tenantId: string; endpointId: string; eventId: string; eventType: string }[],
    job: DeliveryJobOptions,
    resetExisting: boolean,
  ): Promise<DeliveryRecord[]> {
    if (rows.length === 0) return [];
    const at = now();
    const insert = tx.insert(webhookDeliveries).values(
      rows.map((row) => ({
        id: newId(ID_PREFIX.delivery),
        ...row,
        status: 'pending',
        nextAttemptAt: at,
        createdAt: at,
        updatedAt: at,
      })),
    );
    const scheduled = await (resetExisting
      ? insert.onConflictDoUpdate({
          target: [webhookDeliveries.endpointId, webhookDeliveries.eventId],
          set: { status: 'pending', nextAttemptAt: at, updatedAt: at },
        })
      : insert.onConflictDoNothing({ target: [webhookDeliveries.endpointId, webhookDeliveries.eventId] })
    ).returning();
    const queue = createJobQueue(tx, { now });
    const enqueued = await queue.enqueue(
      scheduled.map(
        (delivery): EnqueueJobInput => ({
          queue: job.queue,
          tenantId: delivery.tenantId,
          payload: { deliveryId: delivery.id, endpointId: delivery.endpointId },
          maxAttempts: job.maxAttempts,
          priority: job.priority ?? 0,
          // A delivery already waiting for its next attempt keeps that job.
          dedupeKey: `webhook-delivery:${delivery.id}`,
        }),
      ),
    );
    // A retry, replay or test asks for an attempt now: a job already waiting (for a retry hours
    // away) is brought forward instead of leaving the delivery to its old schedule.
    const waiting = enqueued.filter((result) => result.deduplicated).map((result) => result.job.id);
    if (resetExisting && waiting.length > 0) {
      await tx
        .update(jobs)
        .set({ runAt: at, updatedAt: at })
        .where(and(inArray(jobs.id, waiting), inArray(jobs.state, ['queued', 'failed']), gt(jobs.runAt, at)));
    }
    return scheduled.map(toDelivery);
  }

  async function attemptsOf(deliveryIds: string[]): Promise<Map<string, DeliveryAttemptRecord[]>> {
    const byDelivery = new Map<string, DeliveryAttemptRecord[]>();
    if (deliveryIds.length === 0) return byDelivery;
    const rows = await db
      .select()
      .from(webhookDeliveryAttempts)
      .where(inArray(webhookDeliveryAttempts.deliveryId, deliveryIds))
      .orderBy(asc(webhookDeliveryAttempts.attemptedAt), asc(webhookDeliveryAttempts.id));
    for (const row of rows) {
      const list = byDelivery.get(row.deliveryId) ?? [];
      list.push({
        id: row.id,
        attemptedAt: row.attemptedAt,
        durationMs: row.durationMs,
        statusCode: row.statusCode,
        responseExcerpt: row.responseExcerpt,
        error: row.error,
        succeeded: row.succeeded,
      });
      byDelivery.set(row.deliveryId, list);
    }
    return byDelivery;
  }

  const withAttempts = async (rows: (typeof webhookDeliveries.$inferSelect)[]) => {
    const attempts = await attemptsOf(rows.map((row) => row.id));
    return rows.map((row) => ({ ...toDelivery(row), attempts: attempts.get(row.id) ?? [] }));
  };

  return {
    async fanOut({ limit, ...job }) {
      if (cursorReady) {
        // The common idle case in one cheap read instead of a locking transaction.
        const [waiting] = await db
          .select({ seq: events.seq })
          .from(events)
          .where(
            gt(
              events.seq,
              sql`(select ${webhookFanoutCursor.seq} from ${webhookFanoutCursor} where ${webhookFanoutCursor.id} = ${FANOUT_CURSOR_ID})`,
            ),
          )
          .limit(1);
        if (!waiting) return { ran: true, events: 0, deliveries: 0, more: false };
      }
      return db.transaction(async (tx) => {
        const at = now();
        // The first run starts where the oldest endpoint starts (or at the end of the log).
        if (!cursorReady)
          await tx
            .insert(webhookFanoutCursor)
            .values({
              id: FANOUT_CURSOR_ID,
              seq: sql`least(
              (select min(${webhookEndpoints.startSeq}) from ${webhookEndpoints}),
              (select coalesce(max(${events.seq}), 0) from ${events})
            )`,
              updatedAt: at,
            })
            .onConflictDoNothing();
        cursorReady = true;
        const [cursor] = await tx
          .select({ seq: webhookFanoutCursor.seq })
          .from(webhookFanoutCursor)
          .where(eq(webhookFanoutCursor.id, FANOUT_CURSOR_ID))
          .for('update', { skipLocked: true });
        if (!cursor) return { ran: false, events: 0, deliveries: 0, more: false };
        const batch = await tx
          .select({
            seq: events.seq,
            id: events.id,
            tenantId: events.tenantId,
            storeId: events.storeId,
            type: events.type,
          })
          .from(events)
          .where(gt(events.seq, cursor.seq))
          .orderBy(asc(events.seq))
          .limit(limit);
        const last = batch.at(-1);
        if (!last) return { ran: true, events: 0, deliveries: 0, more: false };
        const tenantIds = [...new Set(batch.map((event) => event.tenantId))];
        const endpoints = await tx
          .select({
            id: webhookEndpoints.id,
            tenantId: webhookEndpoints.tenantId,
            eventTypes: webhookEndpoints.eventTypes,
            storeIds: webhookEndpoints.storeIds,
            startSeq: webhookEndpoints.startSeq,
          })
          .from(webhookEndpoints)
          .where(and(inArray(webhookEndpoints.tenantId, tenantIds), eq(webhookEndpoints.enabled, true)));
        const rows = batch.flatMap((event) =>
          event.type === 'webhook.test'
            ? []
            : endpoints
                .filter(
                  (endpoint) =>
                    endpoint.tenantId === event.tenantId &&
                    event.seq > endpoint.startSeq &&
                    (endpoint.storeIds === null || endpoint.storeIds.includes(event.storeId)) &&
                    endpoint.eventTypes.some((pattern) => eventTypeMatches(pattern, event.type)),
                )
                .map((endpoint) => ({
                  tenantId: event.tenantId,
                  endpointId: endpoint.id,
                  eventId: event.id,
                  eventType: event.type,
                })),
        );
        const deliveries = await schedule(tx, rows, job, false);
        await tx
          .update(webhookFanoutCursor)
          .set({ seq: last.seq, updatedAt: at })
          .where(eq(webhookFanoutCursor.id, FANOUT_CURSOR_ID));
        return {
          ran: true,
          events: batch.length,
          deliveries: deliveries.length,
          more: batch.length === limit,
        };
      });
    },

    async scheduleDeliveries(tenantId, endpointId, eventIds, job) {
      if (eventIds.length === 0) return [];
      return db.transaction(async (tx) => {
        const [endpoint] = await tx
          .select({ id: webhookEndpoints.id })
          .from(webhookEndpoints)
          .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, endpointId)));
        if (!endpoint) return [];
        const found = await tx
          .select({ id: events.id, type: events.type })
          .from(events)
          .where(and(eq(events.tenantId, tenantId), inArray(events.id, [...eventIds])));
        return schedule(
          tx,
          found.map((event) => ({ tenantId, endpointId, eventId: event.id, eventType: event.type })),
          job,
          true,
        );
      });
    },

    async listMatchingEventIds(endpoint, { since, afterSeq, limit }) {
      const rows = await db
        .select({ seq: events.seq, id: events.id, type: events.type, storeId: events.storeId })
        .from(events)
        .where(
          and(
            eq(events.tenantId, endpoint.tenantId),
            gt(events.seq, afterSeq),
            gte(events.receivedAt, since),
            ne(events.type, 'webhook.test'),
            endpoint.storeIds ? inArray(events.storeId, endpoint.storeIds) : undefined,
          ),
        )
        .orderBy(asc(events.seq))
        .limit(limit);
      return {
        ids: rows
          .filter((row) => endpoint.eventTypes.some((pattern) => eventTypeMatches(pattern, row.type)))
          .map((row) => row.id),
        lastSeq: rows.at(-1)?.seq ?? afterSeq,
      };
    },

    async getDelivery(tenantId, deliveryId) {
      const rows = await db
        .select()
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, deliveryId)));
      const [found] = await withAttempts(rows);
      return found ?? null;
    },

    async listDeliveries(input) {
      const { tenantId, endpointId, before, status, limit } = parseInput(
        ListDeliveriesInput,
        input,
        'delivery query',
      );
      const rows = await db
        .select()
        .from(webhookDeliveries)
        .where(
          and(
            eq(webhookDeliveries.tenantId, tenantId),
            eq(webhookDeliveries.endpointId, endpointId),
            before ? lt(webhookDeliveries.id, before) : undefined,
            status ? eq(webhookDeliveries.status, status) : undefined,
          ),
        )
        .orderBy(desc(webhookDeliveries.id))
        .limit(limit);
      return withAttempts(rows);
    },

    async loadAttemptContext(tenantId, deliveryId) {
      const [row] = await db
        .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints, event: events })
        .from(webhookDeliveries)
        .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
        .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
        .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, deliveryId)));
      if (!row) return null;
      const { endpoint } = row;
      const signingSecrets = [options.cipher.decrypt(endpoint.secret, endpoint.id)];
      if (
        endpoint.previousSecret &&
        endpoint.previousSecretExpiresAt &&
        endpoint.previousSecretExpiresAt > now()
      ) {
        signingSecrets.push(options.cipher.decrypt(endpoint.previousSecret, endpoint.id));
      }
      return {
        delivery: toDelivery(row.delivery),
        endpoint: toWebhookEndpointRecord(endpoint),
        event: toStoredEvent(row.event),
        signingSecrets,
      };
    },

    async recordAttempt(tenantId, deliveryId, { attempt, status, nextAttemptAt }) {
      await db.transaction(async (tx) => {
        await tx.insert(webhookDeliveryAttempts).values({
          id: newId('att_'),
          deliveryId,
          tenantId,
          ...attempt,
          responseExcerpt:
            attempt.responseExcerpt === null ? null : attempt.responseExcerpt.slice(0, EXCERPT_LIMIT),
          error: attempt.error === null ? null : attempt.error.slice(0, EXCERPT_LIMIT),
        });
        await tx
          .update(webhookDeliveries)
          .set({
            status,
            nextAttemptAt,
            attemptCount: sql`${webhookDeliveries.attemptCount} + 1`,
            lastAttemptAt: attempt.attemptedAt,
            lastStatusCode: attempt.statusCode,
            updatedAt: now(),
          })
          .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, deliveryId)));
      });
    },

    async cancelDelivery(tenantId, deliveryId) {
      await db
        .update(webhookDeliveries)
        .set({ status: 'cancelled', nextAttemptAt: null, updatedAt: now() })
        .where(
          and(
            eq(webhookDeliveries.tenantId, tenantId),
            eq(webhookDeliveries.id, deliveryId),
            eq(webhookDeliveries.status, 'pending'),
          ),
        );
    },

    async claimDeliveryJobs({ queue, workerId, leaseMs, limit, maxPerEndpoint }) {
      const at = now();
      const runnable = or(
        and(inArray(jobs.state, ['queued', 'failed']), lte(jobs.runAt, at)),
        and(eq(jobs.state, 'running'), lte(jobs.leaseExpiresAt, at)),
      );
      // Same rule as JobQueue.claim: a job whose worker died on its last allowed attempt is dead.
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
            eq(jobs.queue, queue),
            eq(jobs.state, 'running'),
            lte(jobs.leaseExpiresAt, at),
            sql`${jobs.attempts} >= ${jobs.maxAttempts}`,
          ),
        );
      // Rank each endpoint's runnable jobs and keep only as many as it has free slots: its running
      // jobs (leases still valid, any worker) plus the rank must stay within maxPerEndpoint.
      const atIso = at.toISOString();
      const candidates = sql`(
        select ranked.id from (
          select j.id, j.priority, j.run_at,
            row_number() over (
              partition by j.payload->>'endpointId' order by j.priority, j.run_at, j.id
            ) as rank,
            coalesce(busy.running, 0) as running
          from ${jobs} j
          left join (
            select r.payload->>'endpointId' as endpoint_id, count(*) as running
            from ${jobs} r
            where r.queue = ${queue} and r.state = 'running' and r.lease_expires_at > ${atIso}::timestamptz
            group by 1
          ) busy on busy.endpoint_id = j.payload->>'endpointId'
          where j.queue = ${queue}
            and (
              (j.state in ('queued', 'failed') and j.run_at <= ${atIso}::timestamptz)
              or (j.state = 'running' and j.lease_expires_at <= ${atIso}::timestamptz)
            )
        ) ranked
        where ranked.rank + ranked.running <= ${maxPerEndpoint}
        order by ranked.priority, ranked.run_at, ranked.id
        limit ${limit}
      )`;
      const locked = db
        .select({ id: jobs.id })
        .from(jobs)
        .where(and(inArray(jobs.id, candidates), eq(jobs.queue, queue), runnable))
        .for('update', { skipLocked: true });
      const claimed = await db
        .update(jobs)
        .set({
          state: 'running',
          leaseOwner: workerId,
          leaseExpiresAt: new Date(at.getTime() + leaseMs),
          attempts: sql`${jobs.attempts} + 1`,
          updatedAt: at,
        })
        .where(inArray(jobs.id, locked))
        .returning();
      return claimed
        .map(toJob)
        .sort(
          (a, b) =>
            a.priority - b.priority || a.runAt.getTime() - b.runAt.getTime() || a.id.localeCompare(b.id),
        );
    },
  };
}

function toDelivery(row: typeof webhookDeliveries.$inferSelect): DeliveryRecord {
  return {
    id: row.id,
    tenantId: row.tenantId,
    endpointId: row.endpointId,
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status as DeliveryStatus,
    attemptCount: row.attemptCount,
    lastAttemptAt: row.lastAttemptAt,
    nextAttemptAt: row.nextAttemptAt,
    lastStatusCode: row.lastStatusCode,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toJob(row: typeof jobs.$inferSelect): Job {
  return { ...row, payload: row.payload as JobPayload };
}

import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * `failed`: the last attempt failed and a retry is scheduled at `run_at`.
 * `dead`: no retry will happen (attempts exhausted or a permanent failure).
 */
export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'dead'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** Durable work of every kind (sync runs, webhook deliveries, workflow timers). */
export const jobs = pgTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    queue: text('queue').notNull(),
    /** Ids only: the job resolves credentials and current data when it runs. */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    tenantId: text('tenant_id'),
    priority: integer('priority').notNull().default(0),
    runAt: timestamp('run_at', { withTimezone: true }).notNull(),
    state: text('state').$type<JobState>().notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
    lastError: text('last_error'),
    dedupeKey: text('dedupe_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('jobs_claim_idx').on(t.queue, t.state, t.priority, t.runAt),
    // Running jobs are found by lease expiry when a worker died.
    index('jobs_lease_idx').on(t.leaseExpiresAt).where(sql`${t.state} = 'running'`),
    // A dedupe key is taken only while its job can still run; finished jobs free it.
    uniqueIndex('jobs_dedupe_key_active_unique')
      .on(t.dedupeKey)
      .where(sql`${t.state} in ('queued', 'running', 'failed')`),
    check('jobs_state_check', sql`${t.state} in ('queued', 'running', 'succeeded', 'failed', 'dead')`),
    check('jobs_attempts_check', sql`${t.attempts} >= 0 and ${t.maxAttempts} >= 1`),
  ],
);

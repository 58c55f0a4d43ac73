import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { tenants } from './tenants';

export const syncCheckpoints = pgTable(
  'sync_checkpoints',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    storeId: text('store_id').notNull(),
    stream: text('stream').notNull(),
    /** Cursor of the next page of the run in flight; null between runs. */
    pageCursor: jsonb('page_cursor').$type<unknown>(),
    /** `updated since` watermark, committed only when a run completes. */
    watermarkUpdatedAt: timestamp('watermark_updated_at', { withTimezone: true }),
    watermarkId: text('watermark_id'),
    runState: text('run_state').notNull().default('idle'),
    runStartedAt: timestamp('run_started_at', { withTimezone: true }),
    pagesInRun: integer('pages_in_run').notNull().default(0),
    recordsInRun: integer('records_in_run').notNull().default(0),
    recordsTotal: bigint('records_total', { mode: 'number' }).notNull().default(0),
    lastError: text('last_error'),
    lastErrorClass: text('last_error_class'),
    lastErrorAt: timestamp('last_error_at', { withTimezone: true }),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
    nextRunAt: timestamp('next_run_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'sync_checkpoints_pk', columns: [t.storeId, t.stream] }),
    index('sync_checkpoints_tenant_store_idx').on(t.tenantId, t.storeId),
    check('sync_checkpoints_run_state_check', sql`${t.runState} in ('idle', 'running', 'failed')`),
  ],
);

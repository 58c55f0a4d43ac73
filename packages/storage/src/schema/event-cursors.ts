import { bigint, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Where a consumer of the whole event log (e.g. the workflow engine feeding triggers) has read up to,
 * with a lease so that one process at a time advances it. Not tenant-scoped: one row per consumer, and
 * consumers read every tenant's events, filtering each query by the event's tenant.
 */
export const eventCursors = pgTable('event_cursors', {
  consumer: text('consumer').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  leasedBy: text('leased_by'),
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

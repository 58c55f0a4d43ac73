import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { tenants } from './tenants';

/** The append-only event log. `seq` is the cursor consumers page by. */
export const events = pgTable(
  'events',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    id: text('id').notNull().unique(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    storeId: text('store_id').notNull(),
    type: text('type').notNull(),
    source: text('source').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    data: jsonb('data').$type<unknown>().notNull(),
    previous: jsonb('previous').$type<unknown>(),
  },
  (t) => [
    index('events_tenant_seq_idx').on(t.tenantId, t.seq),
    index('events_tenant_type_seq_idx').on(t.tenantId, t.type, t.seq),
  ],
);

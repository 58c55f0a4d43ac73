import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { tenants } from './tenants';

/**
 * Inbound platform webhook deliveries, accepted once each: a verified delivery is stored `pending` with
 * the change it asks for, acknowledged, and applied by a worker, which marks it `processed` in the same
 * transaction as the change and its events (and drops the change then: the entities and events hold it).
 */
export const webhookReceipts = pgTable(
  'webhook_receipts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    platform: text('platform').notNull(),
    storeId: text('store_id').notNull(),
    deliveryId: text('delivery_id').notNull(),
    topic: text('topic'),
    state: text('state').$type<'pending' | 'processed'>().notNull().default('processed'),
    /** The change a pending delivery asks for, as the platform's mapper produced it. */
    change: jsonb('change').$type<unknown>(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [
    unique('webhook_receipts_delivery_unique').on(t.platform, t.storeId, t.deliveryId),
    index('webhook_receipts_pending_idx').on(t.tenantId, t.receivedAt).where(sql`${t.state} = 'pending'`),
    check('webhook_receipts_state_check', sql`${t.state} in ('pending', 'processed')`),
  ],
);

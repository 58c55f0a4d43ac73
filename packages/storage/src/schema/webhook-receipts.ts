import { bigint, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { tenants } from './tenants';

/** Inbound platform webhook deliveries already accepted, so a redelivery is dropped. */
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
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('webhook_receipts_delivery_unique').on(t.platform, t.storeId, t.deliveryId)],
);

import {
  bigint,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { tenants } from './tenants';

const tz = (name: string) => timestamp(name, { withTimezone: true });

/** A category's share of a customer's spend, as kept in `customer_metrics.category_affinity`. */
export interface CategorySpend {
  collectionId: string;
  spend: string;
}

/**
 * Metrics per registered customer, refreshed incrementally from the event log: only customers touched by
 * new order, refund or customer events are recomputed. Money columns are `numeric` in the store currency.
 * Time-relative values (days since the last order, promo pressure) are computed when read.
 */
export const customerMetrics = pgTable(
  'customer_metrics',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    customerId: text('customer_id').notNull(),
    storeId: text('store_id').notNull(),
    /** Currency of the money columns; null until the first order. */
    currency: text('currency'),
    ordersCount: integer('orders_count').notNull(),
    /** Order totals net of refunds, over orders that are neither cancelled nor drafts. */
    totalSpent: numeric('total_spent').notNull(),
    /** total_spent / orders_count rounded to cents; null without orders. */
    averageOrderValue: numeric('average_order_value'),
    firstOrderAt: tz('first_order_at'),
    lastOrderAt: tz('last_order_at'),
    refundedAmount: numeric('refunded_amount').notNull(),
    /** Share of orders with a refund, 0..1; null without orders. */
    refundRate: numeric('refund_rate'),
    /** Share of orders with a discount, 0..1; null without orders. */
    discountOrderShare: numeric('discount_order_share'),
    /** Share of revenue from orders with a discount, 0..1; null without revenue. */
    discountRevenueShare: numeric('discount_revenue_share'),
    /** Top categories (collections) by spend, highest first. */
    categoryAffinity: jsonb('category_affinity').$type<CategorySpend[]>().notNull(),
    /** The collection ids of `category_affinity`, for indexable membership tests. */
    topCategories: text('top_categories').array().notNull(),
    /** Revenue minus unit costs over lines whose variant cost is known; null when none is. */
    marginContributed: numeric('margin_contributed'),
    /** RFM quintile scores within the store (5 best); null without orders. */
    recencyScore: smallint('recency_score'),
    frequencyScore: smallint('frequency_score'),
    monetaryScore: smallint('monetary_score'),
    computedAt: tz('computed_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'customer_metrics_pk', columns: [t.tenantId, t.customerId] }),
    index('customer_metrics_store_idx').on(t.tenantId, t.storeId),
  ],
);

/**
 * Position in the event log up to which customer metrics are refreshed (one row, like the webhook fan-out
 * cursor: one refresher at a time holds it with SKIP LOCKED and reads every tenant's new events).
 */
export const customerMetricsCursor = pgTable('customer_metrics_cursor', {
  id: text('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  updatedAt: tz('updated_at').notNull(),
});

/** Segments: a JSON rule tree over customer fields, metrics and events, materialized into memberships. */
export const segments = pgTable(
  'segments',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    /** Only customers of this store; null: every store of the tenant. */
    storeId: text('store_id'),
    rule: jsonb('rule').$type<Record<string, unknown>>().notNull(),
    /** Bumped by every rule change. */
    version: integer('version').notNull(),
    memberCount: integer('member_count').notNull(),
    /** Last full materialization; null until the first. */
    materializedAt: tz('materialized_at'),
    createdAt: tz('created_at').notNull(),
    updatedAt: tz('updated_at').notNull(),
  },
  (t) => [index('segments_tenant_idx').on(t.tenantId, t.createdAt)],
);

/** Current members of each segment; entries and exits are the segment.entered / segment.exited events. */
export const segmentMemberships = pgTable(
  'segment_memberships',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    segmentId: text('segment_id')
      .notNull()
      .references(() => segments.id, { onDelete: 'cascade' }),
    customerId: text('customer_id').notNull(),
    storeId: text('store_id').notNull(),
    enteredAt: tz('entered_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'segment_memberships_pk', columns: [t.tenantId, t.segmentId, t.customerId] }),
    index('segment_memberships_customer_idx').on(t.tenantId, t.customerId),
  ],
);

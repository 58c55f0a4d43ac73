import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { tenants } from './tenants';

/** Automation workflows (issue 8): one row per workflow; its definitions live in `workflow_versions`. */
export const workflows = pgTable(
  'workflows',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    name: text('name').notNull(),
    /** `draft`: never activated. `active`: new events start runs of `active_version`. `paused`: no new runs. */
    status: text('status').$type<'draft' | 'active' | 'paused'>().notNull().default('draft'),
    activeVersion: integer('active_version'),
    latestVersion: integer('latest_version').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('workflows_tenant_key_unique').on(t.tenantId, t.key),
    index('workflows_tenant_status_idx').on(t.tenantId, t.status),
    check('workflows_status_check', sql`${t.status} in ('draft', 'active', 'paused')`),
  ],
);

/** Immutable versions of a workflow's definition; running runs stay on the version they started on. */
export const workflowVersions = pgTable(
  'workflow_versions',
  {
    workflowId: text('workflow_id')
      .notNull()
      .references(() => workflows.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    tenantId: text('tenant_id').notNull(),
    definition: jsonb('definition').$type<unknown>().notNull(),
    /** The trigger's event type, so an event finds the workflows it starts without reading definitions. */
    triggerEvent: text('trigger_event').notNull(),
    approved: boolean('approved').notNull().default(false),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'workflow_versions_pk', columns: [t.workflowId, t.version] })],
);

/** One run per (workflow, trigger event): a redelivered or replayed event never starts a second run. */
export const workflowRuns = pgTable(
  'workflow_runs',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    storeId: text('store_id').notNull(),
    workflowId: text('workflow_id')
      .notNull()
      .references(() => workflows.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    triggerEventId: text('trigger_event_id').notNull(),
    /** The trigger event envelope, for `event.*` in later conditions. */
    triggerEvent: jsonb('trigger_event').$type<unknown>().notNull(),
    correlationKey: text('correlation_key').notNull(),
    /** Customer id, else email; null for a guest without contact. Re-entry and customer matching use it. */
    customerKey: text('customer_key'),
    /**
     * Experiment arm: `holdout` (sends recorded, not delivered) or `treatment`. Assigned once at entry
     * from the workflow's holdout share; reports and experiment results group by it.
     */
    arm: text('arm').$type<'holdout' | 'treatment'>().notNull().default('treatment'),
    /** Ids of the run's records (customer, cart, order, variant, product) and prices at entry. */
    refs: jsonb('refs').$type<Record<string, unknown>>().notNull(),
    status: text('status')
      .$type<'active' | 'waiting' | 'completed' | 'converted' | 'exited' | 'parked' | 'cancelled'>()
      .notNull(),
    /** The node to run next (for an event wait: the wait itself). */
    currentNode: text('current_node'),
    /** Bumped by every transition; a timer or retry for an older value is stale and does nothing. */
    seq: integer('seq').notNull().default(0),
    waitingEventType: text('waiting_event_type'),
    wakeAt: timestamp('wake_at', { withTimezone: true }),
    endReason: text('end_reason'),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('workflow_runs_trigger_unique').on(t.workflowId, t.triggerEventId),
    index('workflow_runs_reentry_idx').on(t.workflowId, t.customerKey, t.enteredAt),
    index('workflow_runs_open_correlation_idx')
      .on(t.tenantId, t.correlationKey)
      .where(sql`${t.status} in ('active', 'waiting')`),
    index('workflow_runs_open_customer_idx')
      .on(t.tenantId, t.customerKey)
      .where(sql`${t.status} in ('active', 'waiting')`),
    index('workflow_runs_tenant_workflow_idx').on(t.tenantId, t.workflowId, t.enteredAt),
    check('workflow_runs_arm_check', sql`${t.arm} in ('holdout', 'treatment')`),
    check(
      'workflow_runs_status_check',
      sql`${t.status} in ('active', 'waiting', 'completed', 'converted', 'exited', 'parked', 'cancelled')`,
    ),
  ],
);

/** A step event per step of a run, for run history and reporting. */
export const workflowStepEvents = pgTable(
  'workflow_step_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    runId: text('run_id')
      .notNull()
      .references(() => workflowRuns.id, { onDelete: 'cascade' }),
    workflowId: text('workflow_id').notNull(),
    version: integer('version').notNull(),
    /** The run's `seq` when the step happened. */
    seq: integer('seq').notNull(),
    nodeId: text('node_id'),
    nodeType: text('node_type'),
    outcome: text('outcome').notNull(),
    branch: text('branch'),
    variant: text('variant'),
    reason: text('reason'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('workflow_step_events_run_idx').on(t.runId, t.id),
    index('workflow_step_events_report_idx').on(t.tenantId, t.workflowId, t.version, t.at),
  ],
);

/**
 * Waitlists (issue 8, back in stock): shoppers who asked to be told when a variant can be bought again.
 * One row per (tenant, variant, subscriber): subscribing twice is the same subscription.
 */
export const waitlistSubscriptions = pgTable(
  'waitlist_subscriptions',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    storeId: text('store_id').notNull(),
    variantId: text('variant_id').notNull(),
    productId: text('product_id').notNull(),
    /** Customer id, else the lower-cased email: who the subscription is for, and what makes it unique. */
    subscriberKey: text('subscriber_key').notNull(),
    customerId: text('customer_id'),
    email: text('email'),
    channel: text('channel'),
    /** `active`: waiting for the restock. `notified`: a back-in-stock alert reached the subscriber. */
    status: text('status').$type<'active' | 'notified'>().notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    notifiedAt: timestamp('notified_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('waitlist_subscriptions_subscriber_unique').on(t.tenantId, t.variantId, t.subscriberKey),
    index('waitlist_subscriptions_variant_idx').on(t.tenantId, t.variantId, t.createdAt, t.id),
    check('waitlist_subscriptions_status_check', sql`${t.status} in ('active', 'notified')`),
  ],
);

import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * Send governance (issue 9): the tenant policy (`workflow_key` = '') and per-workflow overrides, stored as
 * the JSON the automation SDK validates.
 */
export const governancePolicies = pgTable(
  'governance_policies',
  {
    tenantId: text('tenant_id').notNull(),
    /** '' for the tenant-wide policy, else the workflow key the override applies to. */
    workflowKey: text('workflow_key').notNull(),
    policy: jsonb('policy').$type<Record<string, unknown>>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'governance_policies_pk', columns: [t.tenantId, t.workflowKey] })],
);

/**
 * Suppression lists and unsubscribes. `scope` is a tenant id, or '*' for the global list every tenant
 * honours. `list` = 'suppression' blocks every channel; 'unsubscribe' blocks the one `channel`.
 */
export const governanceSuppressions = pgTable(
  'governance_suppressions',
  {
    scope: text('scope').notNull(),
    list: text('list').$type<'suppression' | 'unsubscribe'>().notNull(),
    kind: text('kind').$type<'email' | 'phone' | 'customer_id'>().notNull(),
    /** Normalized: lower-cased trimmed email, E.164 phone, or the Cartwire customer id. */
    value: text('value').notNull(),
    /** '*' for a suppression; the channel kind for an unsubscribe. */
    channel: text('channel').notNull(),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({
      name: 'governance_suppressions_pk',
      columns: [t.scope, t.list, t.kind, t.value, t.channel],
    }),
    check('governance_suppressions_list_check', sql`${t.list} in ('suppression', 'unsubscribe')`),
    check('governance_suppressions_kind_check', sql`${t.kind} in ('email', 'phone', 'customer_id')`),
  ],
);

/** Purchases, refunds and support cases per customer, for the "recently bought / refunded / open case" rules. */
export const governanceSignals = pgTable(
  'governance_signals',
  {
    tenantId: text('tenant_id').notNull(),
    kind: text('kind').$type<'purchase' | 'refund' | 'support_case'>().notNull(),
    /** The order id, or the support case id from the caller's help desk. */
    ref: text('ref').notNull(),
    customerId: text('customer_id').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    /** Support cases: when closed; null while open. */
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'governance_signals_pk', columns: [t.tenantId, t.kind, t.ref] }),
    index('governance_signals_customer_idx').on(t.tenantId, t.customerId, t.kind),
    check('governance_signals_kind_check', sql`${t.kind} in ('purchase', 'refund', 'support_case')`),
  ],
);

/**
 * One row per message a governed channel was asked to send: the gate's decision (allow / refuse with a
 * reason / delay until), then the delivery status. Caps, smart sending and promo pressure count these rows.
 */
export const messageLog = pgTable(
  'message_log',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    storeId: text('store_id').notNull(),
    /** Customer id, else email, else phone: what caps and locks are keyed by. */
    customerKey: text('customer_key').notNull(),
    customerId: text('customer_id'),
    /** Channel kind (email, sms, push, onsite, ads, webhook) and the channel's name. */
    channelKind: text('channel_kind').notNull(),
    channelName: text('channel_name').notNull(),
    workflowId: text('workflow_id'),
    workflowKey: text('workflow_key'),
    runId: text('run_id'),
    nodeId: text('node_id'),
    /** The run's experiment arm (`holdout` or `treatment`); null on rows logged before arms existed. */
    arm: text('arm').$type<'holdout' | 'treatment'>(),
    /** Split arms the run took before this send, by split node id. */
    variants: jsonb('variants').$type<Record<string, string>>().notNull().default({}),
    /** The step's idempotency key: a retried step finds its earlier decision here. */
    idempotencyKey: text('idempotency_key').notNull(),
    template: text('template'),
    /** A discount offer (not `none`): counted by promo pressure and the double-discount guard. */
    promo: boolean('promo').notNull(),
    offer: jsonb('offer').$type<Record<string, unknown>>(),
    decision: text('decision').$type<'allow' | 'refuse' | 'delay'>().notNull(),
    reason: text('reason'),
    /** Delay: when the message may go out. */
    deliverAt: timestamp('deliver_at', { withTimezone: true }),
    status: text('status')
      .$type<'allowed' | 'scheduled' | 'sent' | 'failed' | 'refused' | 'delivered' | 'bounced' | 'held_out'>()
      .notNull(),
    providerMessageId: text('provider_message_id'),
    error: text('error'),
    /** The message as handed to the channel, kept for delayed delivery and audits. */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('message_log_idempotency_unique').on(t.tenantId, t.idempotencyKey),
    index('message_log_customer_idx').on(t.tenantId, t.customerKey, t.createdAt),
    index('message_log_scheduled_idx').on(t.status, t.deliverAt),
    index('message_log_run_idx').on(t.tenantId, t.runId),
    check('message_log_decision_check', sql`${t.decision} in ('allow', 'refuse', 'delay')`),
  ],
);

/**
 * Discount codes: generated per recipient or loaded into a pool (`run_id` null until issued). A run
 * gets at most one code per customer and offer key.
 */
export const offerCodes = pgTable(
  'offer_codes',
  {
    tenantId: text('tenant_id').notNull(),
    /** The offer (pool) key, e.g. "cart-10pct". */
    offerKey: text('offer_key').notNull(),
    code: text('code').notNull(),
    source: text('source').$type<'generated' | 'pool'>().notNull(),
    runId: text('run_id'),
    customerKey: text('customer_key'),
    issuedAt: timestamp('issued_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'offer_codes_pk', columns: [t.tenantId, t.code] }),
    uniqueIndex('offer_codes_run_unique').on(t.tenantId, t.offerKey, t.runId, t.customerKey),
    index('offer_codes_pool_idx').on(t.tenantId, t.offerKey, t.issuedAt),
  ],
);

/**
 * Customers synced to an ads platform audience (Meta custom audience, Google Customer Match), with the
 * hashed identifiers sent, so a customer who becomes suppressed or withdraws consent can be removed.
 */
export const adsAudienceMembers = pgTable(
  'ads_audience_members',
  {
    tenantId: text('tenant_id').notNull(),
    platform: text('platform').$type<'meta' | 'google'>().notNull(),
    audience: text('audience').notNull(),
    customerId: text('customer_id').notNull(),
    /** SHA-256 hex of the normalized identifiers, as uploaded. */
    hashedIdentifiers: jsonb('hashed_identifiers').$type<Record<string, string[]>>().notNull(),
    status: text('status').$type<'member' | 'removed'>().notNull(),
    reason: text('reason'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({
      name: 'ads_audience_members_pk',
      columns: [t.tenantId, t.platform, t.audience, t.customerId],
    }),
    index('ads_audience_members_customer_idx').on(t.tenantId, t.customerId),
  ],
);

/**
 * Catalogue items (SKUs) Cartwire paused from ads, so a resume only touches what Cartwire paused and never
 * an item the merchant excluded on purpose. One row per (tenant, platform, catalogue, SKU).
 */
export const adsCatalogPauses = pgTable(
  'ads_catalog_pauses',
  {
    tenantId: text('tenant_id').notNull(),
    platform: text('platform').$type<'meta' | 'google'>().notNull(),
    catalogId: text('catalog_id').notNull(),
    sku: text('sku').notNull(),
    variantId: text('variant_id').notNull(),
    status: text('status').$type<'paused' | 'resumed'>().notNull(),
    /** The workflow audience (product set) name of the action that last changed the item. */
    audience: text('audience').notNull(),
    /** The idempotency key of the step that last changed the item: a retried step does not repeat it. */
    stepKey: text('step_key').notNull(),
    /** The platform's handle of the batch that carried the change, to look its processing up there. */
    batchHandle: text('batch_handle'),
    pausedAt: timestamp('paused_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'ads_catalog_pauses_pk', columns: [t.tenantId, t.platform, t.catalogId, t.sku] }),
    index('ads_catalog_pauses_variant_idx').on(t.tenantId, t.variantId),
  ],
);

/** Messages shown on the storefront (banners, inbox), per customer; read with the publishable key. */
export const onsiteMessages = pgTable(
  'onsite_messages',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    storeId: text('store_id').notNull(),
    customerId: text('customer_id').notNull(),
    /** The step's idempotency key: a retried step stores its message once. */
    idempotencyKey: text('idempotency_key').notNull(),
    template: text('template').notNull(),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    seenAt: timestamp('seen_at', { withTimezone: true }),
    dismissedAt: timestamp('dismissed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('onsite_messages_idempotency_unique').on(t.tenantId, t.idempotencyKey),
    index('onsite_messages_customer_idx').on(t.tenantId, t.storeId, t.customerId, t.createdAt),
  ],
);

/**
 * Opens and clicks of sent messages: from the hosted tracking links (`/t/o/…`, `/t/c/…`) or reported by
 * an app or provider through the API. Attribution credits orders to the most recent of these.
 */
export const messageInteractions = pgTable(
  'message_interactions',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    messageId: text('message_id')
      .notNull()
      .references(() => messageLog.id, { onDelete: 'cascade' }),
    /** The message's customer key (customer id, else `email:…`, else `phone:…`). */
    customerKey: text('customer_key').notNull(),
    channelKind: text('channel_kind').notNull(),
    interaction: text('interaction').$type<'opened' | 'clicked'>().notNull(),
    /** `tracking` (hosted pixel or redirect) or `api`. */
    source: text('source').$type<'tracking' | 'api'>().notNull(),
    /** The link followed, for clicks through the hosted redirect. */
    url: text('url'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('message_interactions_customer_idx').on(t.tenantId, t.customerKey, t.at),
    index('message_interactions_message_idx').on(t.tenantId, t.messageId),
    check('message_interactions_interaction_check', sql`${t.interaction} in ('opened', 'clicked')`),
    check('message_interactions_source_check', sql`${t.source} in ('tracking', 'api')`),
  ],
);

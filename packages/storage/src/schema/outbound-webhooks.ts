import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import type { EncryptedValue } from '../crypto/credential-cipher';
import { events } from './events';
import { tenants } from './tenants';

/** A tenant's subscription to outbound webhooks (Standard Webhooks). */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    /** Event types or wildcard patterns (`order.*`, `*`). */
    eventTypes: jsonb('event_types').$type<string[]>().notNull(),
    /** Only events of these stores; null for every store of the tenant. */
    storeIds: jsonb('store_ids').$type<string[] | null>(),
    enabled: boolean('enabled').notNull().default(true),
    /** `manual` (through the API), `gone` (the endpoint answered 410), `failing` (failed too long). */
    disabledReason: text('disabled_reason'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    /** First failed attempt since the last success; null while healthy. */
    failingSince: timestamp('failing_since', { withTimezone: true }),
    /** Events at or before this log position predate the endpoint and are only sent by a replay. */
    startSeq: bigint('start_seq', { mode: 'number' }).notNull(),
    /** AES-256-GCM ciphertext of the `whsec_…` signing secret, bound to the endpoint id. */
    secret: jsonb('secret').$type<EncryptedValue>().notNull(),
    /** The secret before the last rotation, still signing until `previous_secret_expires_at`. */
    previousSecret: jsonb('previous_secret').$type<EncryptedValue>(),
    previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('webhook_endpoints_tenant_idx').on(t.tenantId, t.id),
    check(
      'webhook_endpoints_disabled_reason_check',
      sql`${t.disabledReason} is null or ${t.disabledReason} in ('manual', 'gone', 'failing')`,
    ),
  ],
);

/** One event to one endpoint; retries and replays add attempts to the same row. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    eventType: text('event_type').notNull(),
    /** `pending` (an attempt is scheduled), `succeeded`, `failed` (gave up), `cancelled` (endpoint disabled). */
    status: text('status').notNull().default('pending'),
    attemptCount: integer('attempt_count').notNull().default(0),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    lastStatusCode: integer('last_status_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('webhook_deliveries_endpoint_event_unique').on(t.endpointId, t.eventId),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.id),
    check(
      'webhook_deliveries_status_check',
      sql`${t.status} in ('pending', 'succeeded', 'failed', 'cancelled')`,
    ),
  ],
);

/** Every HTTP attempt of a delivery, for the delivery log. */
export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    id: text('id').primaryKey(),
    deliveryId: text('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    tenantId: text('tenant_id').notNull(),
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    /** Null when no response arrived (timeout, connection refused, refused address). */
    statusCode: integer('status_code'),
    responseExcerpt: text('response_excerpt'),
    error: text('error'),
    succeeded: boolean('succeeded').notNull(),
  },
  (t) => [index('webhook_delivery_attempts_delivery_idx').on(t.deliveryId, t.attemptedAt)],
);

/** Position in the event log up to which events have been fanned out to endpoints (one row). */
export const webhookFanoutCursor = pgTable('webhook_fanout_cursor', {
  id: text('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Per-tenant delivery providers (issue 9): the SMS, push and ads-audience adapter each tenant configured.
 * `settings` holds what may be shown back (endpoint URL, account id, sender, audience mapping); the
 * credentials JSON is AES-256-GCM ciphertext bound to `{tenantId}:{kind}` (crypto/credential-cipher.ts),
 * never returned by the API. `swept_at` is when the ads sweep last re-checked the tenant's audiences.
 */
export const messagingProviders = pgTable(
  'messaging_providers',
  {
    tenantId: text('tenant_id').notNull(),
    kind: text('kind').$type<'sms' | 'push' | 'ads'>().notNull(),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
    credentialsKeyVersion: integer('credentials_key_version').notNull(),
    credentialsIv: text('credentials_iv').notNull(),
    credentialsTag: text('credentials_tag').notNull(),
    credentialsData: text('credentials_data').notNull(),
    sweptAt: timestamp('swept_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'messaging_providers_pk', columns: [t.tenantId, t.kind] }),
    check('messaging_providers_kind_check', sql`${t.kind} in ('sms', 'push', 'ads')`),
    index('messaging_providers_sweep_idx').on(t.kind, t.sweptAt),
  ],
);

/**
 * Push device tokens an app registered for a signed-in customer (storefront API, customer token), so
 * the push channel knows where a customer's notifications go. A token belongs to one customer at a time:
 * registering it again moves it (a shared device signed in as someone else).
 */
export const pushDevices = pgTable(
  'push_devices',
  {
    tenantId: text('tenant_id').notNull(),
    token: text('token').notNull(),
    storeId: text('store_id').notNull(),
    customerId: text('customer_id').notNull(),
    platform: text('platform'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'push_devices_pk', columns: [t.tenantId, t.token] }),
    index('push_devices_customer_idx').on(t.tenantId, t.customerId),
  ],
);

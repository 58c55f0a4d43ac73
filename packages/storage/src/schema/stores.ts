import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { tenants } from './tenants';

export const stores = pgTable(
  'stores',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    platform: text('platform').notNull(),
    name: text('name').notNull(),
    status: text('status').notNull().default('active'),
    /** The platform's own id for the shop/site/seller account, once known. */
    externalId: text('external_id'),
    domain: text('domain'),
    baseUrl: text('base_url'),
    /** Shop currency and time zone as the platform reports them; null until the first sync reads them. */
    currency: text('currency'),
    timeZone: text('time_zone'),
    /** AES-256-GCM ciphertext of the credentials JSON; see crypto/credential-cipher.ts. */
    credentialsKeyVersion: integer('credentials_key_version').notNull(),
    credentialsIv: text('credentials_iv').notNull(),
    credentialsTag: text('credentials_tag').notNull(),
    credentialsData: text('credentials_data').notNull(),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    /** sha256 of the storefront publishable key (used by the behaviour-tracking endpoint). */
    publishableKeyHash: text('publishable_key_hash').unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Target of the composite foreign keys that pin every entity row to its store's tenant.
    unique('stores_id_tenant_unique').on(t.id, t.tenantId),
    index('stores_tenant_idx').on(t.tenantId, t.createdAt),
    check('stores_status_check', sql`${t.status} in ('active', 'disconnected', 'error')`),
  ],
);

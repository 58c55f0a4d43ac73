import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { tenants } from './tenants';

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name'),
    mode: text('mode').notNull(),
    /** Start of the secret (e.g. `cw_live_AbC`) so a user can tell keys apart; not enough to use it. */
    prefix: text('prefix').notNull(),
    last4: text('last4').notNull(),
    /** sha256 of the full secret, hex. The secret itself is never stored. */
    secretHash: text('secret_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    index('api_keys_tenant_idx').on(t.tenantId, t.createdAt),
    check('api_keys_mode_check', sql`${t.mode} in ('live', 'test')`),
  ],
);

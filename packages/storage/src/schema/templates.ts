import { sql } from 'drizzle-orm';
import { check, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Message templates (issue 9): Liquid sources per tenant, referenced by send nodes through `key`. `context`
 * says which records a render gets (customer only, or also a cart, an order, a product), so references to
 * variables the context lacks are refused when the template is saved.
 */
export const messageTemplates = pgTable(
  'message_templates',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    /** Slug that send nodes name, e.g. "abandoned-cart". */
    key: text('key').notNull(),
    name: text('name').notNull(),
    channel: text('channel').notNull(),
    context: text('context').$type<'customer' | 'cart' | 'order' | 'product'>().notNull(),
    subject: text('subject'),
    html: text('html'),
    text: text('text'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('message_templates_key_unique').on(t.tenantId, t.key),
    check('message_templates_context_check', sql`${t.context} in ('customer', 'cart', 'order', 'product')`),
  ],
);

/** Reusable Liquid snippets (shipping & returns, product grid, FAQ) that templates `render` by name. */
export const contentBlocks = pgTable(
  'content_blocks',
  {
    tenantId: text('tenant_id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'content_blocks_pk', columns: [t.tenantId, t.name] })],
);

/**
 * Per-tenant messaging settings, stored as the JSON the automation SDK validates: email sender
 * (From, Reply-To, unsubscribe addresses) and the UTM standard applied to every link of every message.
 */
export const messagingSettings = pgTable('messaging_settings', {
  tenantId: text('tenant_id').primaryKey(),
  email: jsonb('email').$type<Record<string, unknown>>(),
  utm: jsonb('utm').$type<Record<string, unknown>>(),
  /** Attribution windows per channel kind and interaction; null: the documented defaults. */
  attribution: jsonb('attribution').$type<Record<string, unknown>>(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

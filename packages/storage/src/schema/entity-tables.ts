import type { BuildExtraConfigColumns } from 'drizzle-orm';
import {
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  type PgColumnBuilderBase,
  type PgTableExtraConfigValue,
  pgTable,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { stores } from './stores';
import { tenants } from './tenants';

const tz = (name: string) => timestamp(name, { withTimezone: true });

/** Columns every normalized entity table has; `data` holds the full normalized entity. */
function commonColumns() {
  return {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    storeId: text('store_id').notNull(),
    externalId: text('external_id').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    raw: jsonb('raw').$type<unknown>(),
    /**
     * The entity's createdAt; for the few records a platform gives no creation time (locations,
     * collections, stock levels) the first updatedAt seen, so every row has a sortable value.
     */
    createdAt: tz('created_at').notNull(),
    updatedAt: tz('updated_at').notNull(),
    sourceUpdatedAt: tz('source_updated_at').notNull(),
    contentHash: text('content_hash').notNull(),
    deletedAt: tz('deleted_at'),
    syncedAt: tz('synced_at').notNull().defaultNow(),
  };
}

type CommonColumns = ReturnType<typeof commonColumns>;

/**
 * One table per entity type, with the common columns, the entity's own normalized columns and the
 * indexes every list query needs: (store, external id) is the idempotency key, and the composite
 * foreign key pins a row to a store of the same tenant.
 */
function entityTable<TName extends string, TColumns extends Record<string, PgColumnBuilderBase>>(
  name: TName,
  columns: TColumns,
  extra: (
    t: BuildExtraConfigColumns<TName, CommonColumns & TColumns, 'pg'>,
  ) => PgTableExtraConfigValue[] = () => [],
) {
  return pgTable(name, { ...commonColumns(), ...columns }, (t) => [
    unique(`${name}_store_external_unique`).on(t.storeId, t.externalId),
    foreignKey({
      name: `${name}_store_fk`,
      columns: [t.storeId, t.tenantId],
      foreignColumns: [stores.id, stores.tenantId],
    }).onDelete('cascade'),
    index(`${name}_tenant_created_idx`).on(t.tenantId, t.createdAt, t.id),
    index(`${name}_tenant_updated_idx`).on(t.tenantId, t.updatedAt, t.id),
    ...extra(t),
  ]);
}

export const locations = entityTable('locations', {
  name: text('name').notNull(),
  active: boolean('active').notNull(),
});

export const collections = entityTable('collections', {
  title: text('title').notNull(),
  handle: text('handle'),
});

export const products = entityTable('products', {
  title: text('title').notNull(),
  handle: text('handle'),
  status: text('status').notNull(),
  brand: text('brand'),
  productType: text('product_type'),
});

export const variants = entityTable(
  'variants',
  {
    productId: text('product_id').notNull(),
    sku: text('sku'),
    price: numeric('price').notNull(),
    compareAtPrice: numeric('compare_at_price'),
    currency: text('currency').notNull(),
    inventoryQuantity: integer('inventory_quantity'),
  },
  (t) => [
    index('variants_tenant_sku_idx').on(t.tenantId, t.sku),
    index('variants_product_idx').on(t.productId),
  ],
);

export const inventoryLevels = entityTable(
  'inventory_levels',
  {
    variantId: text('variant_id').notNull(),
    locationId: text('location_id').notNull(),
    available: integer('available').notNull(),
  },
  (t) => [index('inventory_levels_variant_idx').on(t.variantId)],
);

export const customers = entityTable(
  'customers',
  {
    email: text('email'),
    phone: text('phone'),
    ordersCount: integer('orders_count'),
    totalSpent: numeric('total_spent'),
    totalSpentCurrency: text('total_spent_currency'),
    emailConsent: text('email_consent').notNull(),
    smsConsent: text('sms_consent').notNull(),
  },
  (t) => [index('customers_tenant_email_idx').on(t.tenantId, t.email)],
);

export const orders = entityTable(
  'orders',
  {
    name: text('name'),
    status: text('status').notNull(),
    financialStatus: text('financial_status').notNull(),
    fulfillmentStatus: text('fulfillment_status').notNull(),
    customerId: text('customer_id'),
    email: text('email'),
    total: numeric('total').notNull(),
    currency: text('currency').notNull(),
    processedAt: tz('processed_at'),
    cancelledAt: tz('cancelled_at'),
  },
  (t) => [
    index('orders_tenant_customer_idx').on(t.tenantId, t.customerId, t.createdAt),
    index('orders_tenant_email_idx').on(t.tenantId, t.email),
  ],
);

export const refunds = entityTable(
  'refunds',
  {
    orderId: text('order_id').notNull(),
    amount: numeric('amount').notNull(),
    currency: text('currency').notNull(),
  },
  (t) => [index('refunds_order_idx').on(t.orderId)],
);

export const shipments = entityTable(
  'shipments',
  {
    orderId: text('order_id').notNull(),
    status: text('status').notNull(),
    trackingNumber: text('tracking_number'),
    carrier: text('carrier'),
    deliveredAt: tz('delivered_at'),
  },
  (t) => [index('shipments_order_idx').on(t.orderId)],
);

export const carts = entityTable(
  'carts',
  {
    status: text('status').notNull(),
    email: text('email'),
    customerId: text('customer_id'),
    total: numeric('total').notNull(),
    currency: text('currency').notNull(),
    completedAt: tz('completed_at'),
    convertedOrderId: text('converted_order_id'),
  },
  (t) => [
    index('carts_tenant_status_updated_idx').on(t.tenantId, t.status, t.updatedAt),
    index('carts_tenant_email_idx').on(t.tenantId, t.email),
  ],
);

/** The columns every entity table shares, as a table type: how generic code sees any entity table. */
export type CommonEntityTable = ReturnType<typeof entityTable<string, Record<never, PgColumnBuilderBase>>>;

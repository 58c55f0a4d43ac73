import type { EntityOf, EntityType } from '@cartwire/model';
import type { PgColumn } from 'drizzle-orm/pg-core';
import {
  type CommonEntityTable,
  carts,
  collections,
  customers,
  inventoryLevels,
  locations,
  orders,
  products,
  refunds,
  shipments,
  variants,
} from '../schema/entity-tables';

/** Entity types kept in entity tables. Stores are tenant configuration and live in `stores`. */
export type StoredEntityType = Exclude<EntityType, 'store'>;

export const STORED_ENTITY_TYPES = [
  'location',
  'collection',
  'product',
  'variant',
  'inventory_level',
  'customer',
  'order',
  'refund',
  'shipment',
  'cart',
] as const satisfies readonly StoredEntityType[];

const TABLES = {
  location: locations,
  collection: collections,
  product: products,
  variant: variants,
  inventory_level: inventoryLevels,
  customer: customers,
  order: orders,
  refund: refunds,
  shipment: shipments,
  cart: carts,
} as const satisfies Record<StoredEntityType, unknown>;

type TableOf<K extends StoredEntityType> = (typeof TABLES)[K];

/** Column keys every entity table shares (see schema/entity-tables.ts). */
type CommonKey =
  | 'id'
  | 'tenantId'
  | 'storeId'
  | 'externalId'
  | 'data'
  | 'raw'
  | 'createdAt'
  | 'updatedAt'
  | 'sourceUpdatedAt'
  | 'contentHash'
  | 'deletedAt'
  | 'syncedAt';

/** The normalized (filter/sort/segment) columns of one entity type, derived from the entity. */
export type NormalizedColumns<K extends StoredEntityType> = Omit<TableOf<K>['$inferInsert'], CommonKey>;

const date = (iso: string | null): Date | null => (iso === null ? null : new Date(iso));

/**
 * Entity → normalized column values. Written explicitly per type: these columns are what list
 * filters, sorting and segments query, so each one is a deliberate choice.
 */
const NORMALIZERS: { [K in StoredEntityType]: (entity: EntityOf<K>) => NormalizedColumns<K> } = {
  location: (e) => ({ name: e.name, active: e.active }),
  collection: (e) => ({ title: e.title, handle: e.handle }),
  product: (e) => ({
    title: e.title,
    handle: e.handle,
    status: e.status,
    brand: e.brand,
    productType: e.productType,
  }),
  variant: (e) => ({
    productId: e.productId,
    sku: e.sku,
    price: e.price.amount,
    compareAtPrice: e.compareAtPrice?.amount ?? null,
    currency: e.price.currency,
    inventoryQuantity: e.inventoryQuantity,
  }),
  inventory_level: (e) => ({ variantId: e.variantId, locationId: e.locationId, available: e.available }),
  customer: (e) => ({
    email: e.email,
    phone: e.phone,
    ordersCount: e.ordersCount,
    totalSpent: e.totalSpent?.amount ?? null,
    totalSpentCurrency: e.totalSpent?.currency ?? null,
    emailConsent: e.marketingConsent.email.state,
    smsConsent: e.marketingConsent.sms.state,
  }),
  order: (e) => ({
    name: e.name,
    status: e.status,
    financialStatus: e.financialStatus,
    fulfillmentStatus: e.fulfillmentStatus,
    customerId: e.customerId,
    email: e.email,
    total: e.total.amount,
    currency: e.currency,
    processedAt: date(e.processedAt),
    cancelledAt: date(e.cancelledAt),
  }),
  refund: (e) => ({ orderId: e.orderId, amount: e.amount.amount, currency: e.amount.currency }),
  shipment: (e) => ({
    orderId: e.orderId,
    status: e.status,
    trackingNumber: e.trackingNumber,
    carrier: e.carrier,
    deliveredAt: date(e.deliveredAt),
  }),
  cart: (e) => ({
    status: e.status,
    email: e.email,
    customerId: e.customerId,
    total: e.total.amount,
    currency: e.currency,
    completedAt: date(e.completedAt),
    convertedOrderId: e.convertedOrderId,
  }),
};

/**
 * Columns list queries may filter on with equality, per type (property names of the row, which
 * match the entity's field names).
 */
export const FILTERABLE_COLUMNS = {
  location: ['active'],
  collection: ['handle'],
  product: ['status', 'handle', 'brand', 'productType'],
  variant: ['productId', 'sku'],
  inventory_level: ['variantId', 'locationId'],
  customer: ['email', 'phone', 'emailConsent', 'smsConsent'],
  order: ['status', 'financialStatus', 'fulfillmentStatus', 'customerId', 'email', 'currency'],
  refund: ['orderId'],
  shipment: ['orderId', 'status', 'trackingNumber'],
  cart: ['status', 'email', 'customerId', 'convertedOrderId'],
} as const satisfies { [K in StoredEntityType]: readonly (keyof NormalizedColumns<K>)[] };

export type FilterableColumn<K extends StoredEntityType> = (typeof FILTERABLE_COLUMNS)[K][number];

/**
 * The shape all entity tables share, for code that works on any of them. Every table in TABLES has
 * these columns (entityTable() adds them), so viewing one through this type is sound.
 */
export type AnyEntityTable = CommonEntityTable;

export function entityTableFor(type: StoredEntityType): AnyEntityTable {
  return TABLES[type] as unknown as AnyEntityTable;
}

export function normalizedColumnsFor<K extends StoredEntityType>(
  type: K,
  entity: EntityOf<K>,
): Record<string, unknown> {
  return NORMALIZERS[type](entity);
}

/** A filterable column of a type's table, looked up by its property name. */
export function filterColumn(type: StoredEntityType, key: string): PgColumn | null {
  const allowed: readonly string[] = FILTERABLE_COLUMNS[type];
  if (!allowed.includes(key)) return null;
  const table = TABLES[type] as unknown as Record<string, PgColumn>;
  return table[key] ?? null;
}

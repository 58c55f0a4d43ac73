import type { EntityOf } from '@cartwire/model';
import { and, count, desc, eq, gte, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../database';
import { StorageInputError } from '../errors';
import { inventoryLevels, variants } from '../schema/entity-tables';
import { parseInput } from '../validate';
import {
  type AnyEntityTable,
  entityTableFor,
  type FilterableColumn,
  filterColumn,
  type StoredEntityType,
} from './entity-tables-by-type';

/** What an API list or count narrows by; every field is optional except the tenant. */
export interface EntityQuery<K extends StoredEntityType> {
  tenantId: string;
  storeId?: string;
  createdSince?: Date;
  updatedSince?: Date;
  /** Equality filters on normalized columns, e.g. `{ status: 'open' }` for orders. */
  filters?: Partial<Record<FilterableColumn<K>, string | number | boolean | null>>;
  /**
   * Case-insensitive substring over the type's searchable columns (SEARCHABLE_COLUMNS); refused for
   * types without any.
   */
  q?: string;
  /** Products with a variant of this SKU, variants and stock levels of it, orders with a line of it. */
  sku?: string;
}

export interface EntityListQuery<K extends StoredEntityType> extends EntityQuery<K> {
  /** @default 50 */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** Attach the platform payload as `raw`. @default false */
  includeRaw?: boolean;
}

export interface EntityListPage<K extends StoredEntityType> {
  items: EntityOf<K>[];
  /** Null on the last page. */
  nextCursor: string | null;
}

/**
 * Reads for the public list API: newest first by creation time, keyset-paginated on (created_at, id).
 * A row's created_at never changes, so paging while rows are inserted or updated neither skips nor
 * repeats a row that existed when paging began.
 */
export interface EntityListing {
  listPage<K extends StoredEntityType>(type: K, query: EntityListQuery<K>): Promise<EntityListPage<K>>;
  count<K extends StoredEntityType>(type: K, query: EntityQuery<K>): Promise<number>;
  /** Live (not deleted) records of one tenant by Cartwire id, in no particular order; unknown ids are skipped. */
  getByIds<K extends StoredEntityType>(
    type: K,
    tenantId: string,
    ids: readonly string[],
  ): Promise<EntityOf<K>[]>;
  /**
   * Live records of one tenant whose filterable `column` is one of `values`, newest first: one query for
   * many parents (a customer's orders for a page of customers).
   */
  listWhereIn<K extends StoredEntityType>(
    type: K,
    tenantId: string,
    column: FilterableColumn<K>,
    values: readonly string[],
  ): Promise<EntityOf<K>[]>;
}

/** Columns `q` searches, per type (property names of the table). */
export const SEARCHABLE_COLUMNS = {
  location: ['name'],
  collection: ['title', 'handle'],
  product: ['title', 'handle'],
  variant: ['sku'],
  inventory_level: [],
  customer: ['email', 'phone'],
  order: ['name', 'email'],
  refund: [],
  shipment: ['trackingNumber'],
  cart: ['email'],
} as const satisfies Record<StoredEntityType, readonly string[]>;

/** Types the `sku` filter applies to. */
export const SKU_FILTERABLE_TYPES = ['product', 'variant', 'inventory_level', 'order'] as const;

const QuerySchema = z.object({
  tenantId: z.string().min(1),
  storeId: z.string().min(1).optional(),
  createdSince: z.date().optional(),
  updatedSince: z.date().optional(),
  filters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
  q: z.string().trim().min(1).max(200).optional(),
  sku: z.string().min(1).max(200).optional(),
});

const ListQuerySchema = QuerySchema.extend({
  limit: z.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).optional(),
  includeRaw: z.boolean().default(false),
});

const WhereInInput = z.object({
  tenantId: z.string().min(1),
  values: z.array(z.string().min(1)).max(1000),
});

const Cursor = z.object({ c: z.iso.datetime({ offset: true }), i: z.string().min(1) });

function invalid(type: StoredEntityType, path: string, message: string): StorageInputError {
  return new StorageInputError(`Invalid ${type} list query`, [{ path, message }]);
}

/** `%`/`_` are wildcards in LIKE; a search for "50%" means the literal text. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

function skuCondition(type: StoredEntityType, table: AnyEntityTable, sku: string): SQL {
  const variantWithSku = (column: SQL) =>
    sql`exists (select 1 from ${variants} where ${variants.tenantId} = ${table.tenantId} and ${column} and ${variants.sku} = ${sku} and ${variants.deletedAt} is null)`;
  switch (type) {
    case 'variant':
      return eq(variants.sku, sku);
    case 'product':
      // A product embeds its variants, so it matches whether or not variants were also stored on their own.
      return sql`${table.data}->'variants' @> ${JSON.stringify([{ sku }])}::jsonb`;
    case 'inventory_level':
      return variantWithSku(sql`${variants.id} = ${inventoryLevels.variantId}`);
    case 'order':
      // Lines keep their SKU in the entity; containment is served by the jsonb operators.
      return sql`${table.data}->'lineItems' @> ${JSON.stringify([{ sku }])}::jsonb`;
    default:
      throw invalid(type, 'sku', `is not a filter of ${type}`);
  }
}

function conditionsFor(type: StoredEntityType, table: AnyEntityTable, query: z.output<typeof QuerySchema>) {
  const conditions: (SQL | undefined)[] = [
    eq(table.tenantId, query.tenantId),
    query.storeId ? eq(table.storeId, query.storeId) : undefined,
    isNull(table.deletedAt),
    query.createdSince ? gte(table.createdAt, query.createdSince) : undefined,
    query.updatedSince ? gte(table.updatedAt, query.updatedSince) : undefined,
  ];
  for (const [key, value] of Object.entries(query.filters)) {
    const column = filterColumn(type, key);
    if (!column) throw invalid(type, `filters.${key}`, 'not a filterable field');
    conditions.push(value === null ? isNull(column) : eq(column, value));
  }
  if (query.q !== undefined) {
    const searchable: readonly string[] = SEARCHABLE_COLUMNS[type];
    if (searchable.length === 0) throw invalid(type, 'q', `${type} has no searchable fields`);
    const columns = table as unknown as Record<string, Parameters<typeof ilike>[0]>;
    const pattern = likePattern(query.q);
    conditions.push(
      or(...searchable.map((key) => ilike(columns[key] as Parameters<typeof ilike>[0], pattern))),
    );
  }
  if (query.sku !== undefined) conditions.push(skuCondition(type, table, query.sku));
  return conditions;
}

/**
 * Names that make drizzle run the list and count queries as prepared statements. Unnamed, drizzle sends
 * postgres.js queries unprepared, and postgres.js then describes each one before binding it: two round
 * trips and a fresh parse and plan on every API read. Prepared, each connection parses a statement once
 * and reuses it (postgres.js keys them by SQL text; a type, its filters and a cursor make a small, fixed
 * set of texts, every value being a parameter). PGlite ignores the name; a connection opened with
 * `?prepare=false` (for a transaction-mode pooler) overrides it.
 */
const LIST_STATEMENT = 'entity_list_page';
const COUNT_STATEMENT = 'entity_count';

export function createEntityListing(db: Db): EntityListing {
  return {
    async listPage(type, input) {
      const table = entityTableFor(type);
      const query = parseInput(ListQuerySchema, input, `${type} list query`);
      const conditions = conditionsFor(type, table, query);
      if (query.cursor) {
        const cursor = decodeCursor(type, query.cursor);
        conditions.push(sql`(${table.createdAt}, ${table.id}) < (${cursor.c}::timestamptz, ${cursor.i})`);
      }
      // Only what the page needs: every other column would be sent, decoded and mapped per row for
      // nothing, and `raw` (the platform payload, often larger than the entity) only when asked for.
      const columns = { id: table.id, createdAt: table.createdAt, data: table.data };
      const rows: { id: string; createdAt: Date; data: unknown; raw?: unknown }[] = await db
        .select(query.includeRaw ? { ...columns, raw: table.raw } : columns)
        .from(table)
        .where(and(...conditions))
        .orderBy(desc(table.createdAt), desc(table.id))
        .limit(query.limit + 1)
        .prepare(LIST_STATEMENT)
        .execute();
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        // `data` was validated against the model when it was written; reading it back skips a re-parse.
        items: page.map((row) => {
          const entity = row.data as EntityOf<typeof type>;
          return (query.includeRaw ? { ...entity, raw: row.raw ?? null } : entity) as EntityOf<typeof type>;
        }),
        nextCursor:
          rows.length > query.limit && last
            ? encodeCursor({ c: last.createdAt.toISOString(), i: last.id })
            : null,
      };
    },

    async count(type, input) {
      const table = entityTableFor(type);
      const query = parseInput(QuerySchema, input, `${type} count query`);
      const [row] = await db
        .select({ total: count() })
        .from(table)
        .where(and(...conditionsFor(type, table, query)))
        .prepare(COUNT_STATEMENT)
        .execute();
      return row?.total ?? 0;
    },

    async getByIds(type, tenantId, ids) {
      const table = entityTableFor(type);
      const { tenantId: tenant, values } = parseInput(
        WhereInInput,
        { tenantId, values: ids },
        `${type} lookup`,
      );
      if (values.length === 0) return [];
      const rows = await db
        .select({ data: table.data })
        .from(table)
        .where(and(eq(table.tenantId, tenant), inArray(table.id, values), isNull(table.deletedAt)));
      return rows.map((row) => row.data as EntityOf<typeof type>);
    },

    async listWhereIn(type, tenantId, column, values) {
      const table = entityTableFor(type);
      const input = parseInput(WhereInInput, { tenantId, values }, `${type} lookup`);
      const target = filterColumn(type, column);
      if (!target) throw invalid(type, column, 'not a filterable field');
      if (input.values.length === 0) return [];
      const rows = await db
        .select({ data: table.data })
        .from(table)
        .where(
          and(eq(table.tenantId, input.tenantId), inArray(target, input.values), isNull(table.deletedAt)),
        )
        .orderBy(desc(table.createdAt), desc(table.id));
      return rows.map((row) => row.data as EntityOf<typeof type>);
    },
  };
}

function encodeCursor(cursor: z.infer<typeof Cursor>): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(type: StoredEntityType, value: string): z.infer<typeof Cursor> {
  try {
    return Cursor.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
  } catch {
    throw invalid(type, 'cursor', 'is not a cursor this API issued');
  }
}

import { createHash } from 'node:crypto';
import { ENTITY_SCHEMAS, type EntityOf, entityId } from '@cartwire/model';
import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  getTableName,
  gte,
  inArray,
  isNull,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../database';
import { StorageInputError } from '../errors';
import { parseInput } from '../validate';
import { entityContentHash } from './content-hash';
import {
  type AnyEntityTable,
  entityTableFor,
  type FilterableColumn,
  filterColumn,
  normalizedColumnsFor,
  type StoredEntityType,
} from './entity-tables-by-type';

export interface UpsertRecord<K extends StoredEntityType> {
  tenantId: string;
  entity: EntityOf<K>;
  /**
   * The platform's modification time of this version, which orders versions.
   * @default entity.updatedAt
   */
  sourceUpdatedAt?: Date | string;
  /**
   * The platform payload, kept for `raw` passthrough.
   * @default entity.raw
   */
  raw?: unknown;
}

export type UpsertOutcome = 'inserted' | 'updated' | 'unchanged' | 'stale';

export interface UpsertResult<K extends StoredEntityType> {
  /**
   * `inserted`/`updated`: written (event-worthy). `unchanged`: same content, nothing written.
   * `stale`: older than what is stored, ignored.
   */
  outcome: UpsertOutcome;
  /** The stored version before this record; null when inserted. */
  previous: EntityOf<K> | null;
  /** The stored version after this record (for stale/unchanged, the version that stays). */
  current: EntityOf<K>;
}

export interface ReadOptions {
  /** Attach the platform payload as `raw`. @default false */
  includeRaw?: boolean;
  /** Also return soft-deleted records. @default false */
  includeDeleted?: boolean;
}

export interface ListEntitiesInput<K extends StoredEntityType> extends ReadOptions {
  tenantId: string;
  storeId?: string;
  /** @default 'updatedAt' */
  orderBy?: 'createdAt' | 'updatedAt';
  /** @default 'desc' */
  direction?: 'asc' | 'desc';
  /** Only records created at or after this time. */
  createdSince?: Date;
  /** Only records updated at or after this time. */
  updatedSince?: Date;
  /** Equality filters on normalized columns, e.g. `{ financialStatus: 'paid' }` for orders. */
  filters?: Partial<Record<FilterableColumn<K>, string | number | boolean | null>>;
  /** @default 50 */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface EntityPage<K extends StoredEntityType> {
  items: EntityOf<K>[];
  /** Null on the last page. */
  nextCursor: string | null;
}

export interface DeleteInput {
  tenantId: string;
  storeId: string;
  externalId: string;
  /** When the platform deleted it. */
  at: Date;
}

export interface EntityRepository {
  /**
   * Idempotent batch upsert (one transaction, a constant number of statements whatever the size).
   * Results are in input order; a key repeated in one batch is applied in order.
   */
  upsertEntities<K extends StoredEntityType>(type: K, records: UpsertRecord<K>[]): Promise<UpsertResult<K>[]>;
  /** Soft delete. @returns the entity as it was, or null when unknown or already deleted (nothing changed). */
  markDeleted<K extends StoredEntityType>(type: K, input: DeleteInput): Promise<EntityOf<K> | null>;
  getEntity<K extends StoredEntityType>(
    type: K,
    tenantId: string,
    id: string,
    options?: ReadOptions,
  ): Promise<EntityOf<K> | null>;
  getEntityByExternalId<K extends StoredEntityType>(
    type: K,
    tenantId: string,
    storeId: string,
    externalId: string,
    options?: ReadOptions,
  ): Promise<EntityOf<K> | null>;
  /** Keyset-paginated list, newest first by default. */
  listEntities<K extends StoredEntityType>(type: K, input: ListEntitiesInput<K>): Promise<EntityPage<K>>;
}

type EntityRow = AnyEntityTable['$inferSelect'];

/** What upserts read of any entity (every entity schema has these fields). */
interface EntityBaseFields extends Record<string, unknown> {
  id: string;
  storeId: string;
  externalId: string;
  createdAt: string | null;
  updatedAt: string;
  raw?: unknown;
}

const UpsertEnvelope = z.object({
  tenantId: z.string().min(1),
  sourceUpdatedAt: z.union([z.date(), z.iso.datetime({ offset: true })]).optional(),
});

const ListInput = z.object({
  tenantId: z.string().min(1),
  storeId: z.string().min(1).optional(),
  orderBy: z.enum(['createdAt', 'updatedAt']).default('updatedAt'),
  direction: z.enum(['asc', 'desc']).default('desc'),
  createdSince: z.date().optional(),
  updatedSince: z.date().optional(),
  filters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
  limit: z.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).optional(),
  includeRaw: z.boolean().default(false),
  includeDeleted: z.boolean().default(false),
});

const Cursor = z.object({
  o: z.enum(['createdAt', 'updatedAt']),
  d: z.enum(['asc', 'desc']),
  v: z.string(),
  i: z.string(),
});

/** Table columns an upsert never rewrites: the identity of the row. */
const KEY_COLUMNS = new Set(['id', 'tenantId', 'storeId', 'externalId']);

interface Version {
  data: Record<string, unknown>;
  contentHash: string;
  sourceUpdatedAt: Date;
  deletedAt: Date | null;
  createdAt: Date;
}

export function createEntityRepository(db: Db): EntityRepository {
  function parseEntity<K extends StoredEntityType>(type: K, data: unknown, raw?: unknown): EntityOf<K> {
    const entity = ENTITY_SCHEMAS[type].parse(data) as EntityOf<K>;
    return raw === undefined ? entity : ({ ...entity, raw } as EntityOf<K>);
  }

  function fromRow<K extends StoredEntityType>(type: K, row: EntityRow, includeRaw: boolean): EntityOf<K> {
    return parseEntity(type, row.data, includeRaw ? (row.raw ?? null) : undefined);
  }

  return {
    async upsertEntities(type, records) {
      if (records.length === 0) return [];
      const table = entityTableFor(type);
      const prepared = records.map((record, index) => {
        const { tenantId, sourceUpdatedAt } = parseInput(UpsertEnvelope, record, `${type} record ${index}`);
        const entity = parseInput(
          ENTITY_SCHEMAS[type],
          record.entity,
          `${type} record ${index} entity`,
        ) as unknown as EntityBaseFields;
        const expectedId = entityId(type, entity.storeId, entity.externalId);
        if (entity.id !== expectedId) {
          throw new StorageInputError(`Invalid ${type} record ${index}`, [
            {
              path: 'entity.id',
              message: `must be entityId('${type}', storeId, externalId) = ${expectedId}`,
            },
          ]);
        }
        const { raw: entityRaw, ...data } = entity;
        return {
          tenantId,
          storeId: entity.storeId,
          externalId: entity.externalId,
          key: `${entity.storeId}\u0000${entity.externalId}`,
          data,
          raw: record.raw !== undefined ? record.raw : (entityRaw ?? null),
          contentHash: entityContentHash(data),
          sourceUpdatedAt: new Date(sourceUpdatedAt ?? entity.updatedAt),
        };
      });

      return db.transaction(async (tx) => {
        // Row locks cannot cover keys that do not exist yet; these per-key transaction locks (taken in
        // sorted order, so batches cannot deadlock) serialize concurrent upserts of the same new key.
        const lockKeys = [...new Set(prepared.map((record) => advisoryKey(table, record.key)))].sort();
        await tx.execute(
          sql`select pg_advisory_xact_lock(k) from (select unnest(array[${sql.join(
            lockKeys.map((k) => sql`${k}`),
            sql`, `,
          )}]::bigint[]) as k order by k) as keys`,
        );

        const byStore = new Map<string, string[]>();
        for (const record of prepared) {
          byStore.set(record.storeId, [...(byStore.get(record.storeId) ?? []), record.externalId]);
        }
        const existingRows = await tx
          .select()
          .from(table)
          .where(
            or(
              ...[...byStore].map(([storeId, externalIds]) =>
                and(eq(table.storeId, storeId), inArray(table.externalId, [...new Set(externalIds)])),
              ),
            ),
          )
          .for('update');

        const versions = new Map<string, Version>();
        for (const row of existingRows) {
          versions.set(`${row.storeId}\u0000${row.externalId}`, {
            data: row.data,
            contentHash: row.contentHash,
            sourceUpdatedAt: row.sourceUpdatedAt,
            deletedAt: row.deletedAt,
            createdAt: row.createdAt,
          });
        }

        const toWrite = new Map<string, (typeof prepared)[number] & { createdAt: Date }>();
        const toTouch = new Map<string, (typeof prepared)[number]>();
        const results = prepared.map((record): UpsertResult<typeof type> => {
          const stored = versions.get(record.key);
          const next: Version = {
            data: record.data,
            contentHash: record.contentHash,
            sourceUpdatedAt: record.sourceUpdatedAt,
            deletedAt: null,
            // Platforms without creation times (createdAt null) keep the first time the row was seen.
            createdAt: record.data.createdAt
              ? new Date(record.data.createdAt as string)
              : (stored?.createdAt ?? record.sourceUpdatedAt),
          };
          if (!stored) {
            versions.set(record.key, next);
            toWrite.set(record.key, { ...record, createdAt: next.createdAt });
            return { outcome: 'inserted', previous: null, current: parseEntity(type, record.data) };
          }
          const previous = parseEntity(type, stored.data);
          const isOlder = stored.deletedAt
            ? record.sourceUpdatedAt <= stored.deletedAt
            : record.sourceUpdatedAt < stored.sourceUpdatedAt;
          if (isOlder) return { outcome: 'stale', previous, current: previous };
          if (!stored.deletedAt && record.contentHash === stored.contentHash) {
            // No write of content, but remember the newer time: otherwise a late, older delivery
            // with different content would look newer than what we hold and overwrite it.
            if (record.sourceUpdatedAt > stored.sourceUpdatedAt) {
              stored.sourceUpdatedAt = record.sourceUpdatedAt;
              const pending = toWrite.get(record.key);
              if (pending) pending.sourceUpdatedAt = record.sourceUpdatedAt;
              else toTouch.set(record.key, record);
            }
            return { outcome: 'unchanged', previous, current: previous };
          }
          versions.set(record.key, next);
          toWrite.set(record.key, { ...record, createdAt: next.createdAt });
          toTouch.delete(record.key);
          return { outcome: 'updated', previous, current: parseEntity(type, record.data) };
        });

        if (toWrite.size > 0) {
          const now = new Date();
          const rows = [...toWrite.values()].map((record) => ({
            id: record.data.id as string,
            tenantId: record.tenantId,
            storeId: record.storeId,
            externalId: record.externalId,
            data: record.data,
            raw: record.raw,
            createdAt: record.createdAt,
            updatedAt: new Date(record.data.updatedAt as string),
            sourceUpdatedAt: record.sourceUpdatedAt,
            contentHash: record.contentHash,
            deletedAt: null,
            syncedAt: now,
            ...normalizedColumnsFor(type, parseEntity(type, record.data)),
          }));
          try {
            await tx
              .insert(table)
              .values(rows)
              .onConflictDoUpdate({ target: [table.storeId, table.externalId], set: excludedColumns(table) });
          } catch (error) {
            // The composite foreign key (store_id, tenant_id) → stores refused a row.
            if (sqlState(error) === FOREIGN_KEY_VIOLATION) {
              throw new StorageInputError(`Invalid ${type} records`, [
                {
                  path: 'tenantId/entity.storeId',
                  message: 'the store does not exist or belongs to another tenant',
                },
              ]);
            }
            throw error;
          }
        }

        if (toTouch.size > 0) {
          const values = [...toTouch.values()].map(
            (record) =>
              sql`(${record.storeId}, ${record.externalId}, ${record.sourceUpdatedAt.toISOString()}::timestamptz)`,
          );
          await tx.execute(sql`
            update ${table} set source_updated_at = touched.at
            from (values ${sql.join(values, sql`, `)}) as touched(store_id, external_id, at)
            where ${table.storeId} = touched.store_id and ${table.externalId} = touched.external_id
              and ${table.sourceUpdatedAt} < touched.at`);
        }
        return results;
      });
    },

    async markDeleted(type, input) {
      const table = entityTableFor(type);
      const { tenantId, storeId, externalId, at } = parseInput(DeleteInputSchema, input, `${type} deletion`);
      const [row] = await db
        .update(table)
        .set({ deletedAt: at, syncedAt: new Date() })
        .where(
          and(
            eq(table.tenantId, tenantId),
            eq(table.storeId, storeId),
            eq(table.externalId, externalId),
            isNull(table.deletedAt),
          ),
        )
        .returning();
      return row ? fromRow(type, row, false) : null;
    },

    async getEntity(type, tenantId, id, options = {}) {
      const table = entityTableFor(type);
      const [row] = await db
        .select()
        .from(table)
        .where(
          and(
            eq(table.tenantId, tenantId),
            eq(table.id, id),
            options.includeDeleted ? undefined : isNull(table.deletedAt),
          ),
        );
      return row ? fromRow(type, row, options.includeRaw ?? false) : null;
    },

    async getEntityByExternalId(type, tenantId, storeId, externalId, options = {}) {
      const table = entityTableFor(type);
      const [row] = await db
        .select()
        .from(table)
        .where(
          and(
            eq(table.tenantId, tenantId),
            eq(table.storeId, storeId),
            eq(table.externalId, externalId),
            options.includeDeleted ? undefined : isNull(table.deletedAt),
          ),
        );
      return row ? fromRow(type, row, options.includeRaw ?? false) : null;
    },

    async listEntities(type, input) {
      const table = entityTableFor(type);
      const query = parseInput(ListInput, input, `${type} list query`);
      const orderColumn = query.orderBy === 'createdAt' ? table.createdAt : table.updatedAt;
      const conditions: (SQL | undefined)[] = [
        eq(table.tenantId, query.tenantId),
        query.storeId ? eq(table.storeId, query.storeId) : undefined,
        query.includeDeleted ? undefined : isNull(table.deletedAt),
        query.createdSince ? gte(table.createdAt, query.createdSince) : undefined,
        query.updatedSince ? gte(table.updatedAt, query.updatedSince) : undefined,
      ];
      for (const [key, value] of Object.entries(query.filters)) {
        const column = filterColumn(type, key);
        if (!column) {
          throw new StorageInputError(`Invalid ${type} list query`, [
            { path: `filters.${key}`, message: 'not a filterable field' },
          ]);
        }
        conditions.push(value === null ? isNull(column) : eq(column, value));
      }
      if (query.cursor) {
        const cursor = decodeCursor(query.cursor);
        if (cursor.o !== query.orderBy || cursor.d !== query.direction) {
          throw new StorageInputError(`Invalid ${type} list query`, [
            { path: 'cursor', message: 'was issued for another ordering' },
          ]);
        }
        const comparison = query.direction === 'asc' ? sql`>` : sql`<`;
        conditions.push(
          sql`(${orderColumn}, ${table.id}) ${comparison} (${cursor.v}::timestamptz, ${cursor.i})`,
        );
      }
      const order = query.direction === 'asc' ? asc : desc;
      const rows = await db
        .select()
        .from(table)
        .where(and(...conditions))
        .orderBy(order(orderColumn), order(table.id))
        .limit(query.limit + 1);
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map((row) => fromRow(type, row, query.includeRaw)),
        nextCursor:
          rows.length > query.limit && last
            ? encodeCursor({
                o: query.orderBy,
                d: query.direction,
                v: (query.orderBy === 'createdAt' ? last.createdAt : last.updatedAt).toISOString(),
                i: last.id,
              })
            : null,
      };
    },
  };
}

const DeleteInputSchema = z.object({
  tenantId: z.string().min(1),
  storeId: z.string().min(1),
  externalId: z.string().min(1),
  at: z.date(),
});

const FOREIGN_KEY_VIOLATION = '23503';

/** The SQLSTATE of a driver error, also when drizzle wraps it (`cause`). */
function sqlState(error: unknown): string | undefined {
  for (let current = error; current instanceof Error || typeof current === 'object'; ) {
    if (current === null) return undefined;
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = cause;
  }
  return undefined;
}

/** `SET col = excluded.col` for every column but the row's identity. */
function excludedColumns(table: AnyEntityTable): Record<string, SQL> {
  const set: Record<string, SQL> = {};
  for (const [property, column] of Object.entries(getTableColumns(table))) {
    if (!KEY_COLUMNS.has(property)) set[property] = sql.raw(`excluded."${column.name}"`);
  }
  return set;
}

/** A signed 64-bit advisory lock key for one (table, store, external id). */
function advisoryKey(table: AnyEntityTable, key: string): string {
  const digest = createHash('sha256')
    .update(`${getTableName(table)}\u0000${key}`)
    .digest();
  return digest.readBigInt64BE(0).toString();
}

function encodeCursor(cursor: z.infer<typeof Cursor>): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(value: string): z.infer<typeof Cursor> {
  try {
    return Cursor.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
  } catch {
    throw new StorageInputError('Invalid list query', [
      { path: 'cursor', message: 'is not a cursor this API issued' },
    ]);
  }
}

import { EmailAddress, ID_PREFIX, newId } from '@cartwire/model';
import { createEventLog, type Db, segmentMemberships, segments } from '@cartwire/storage';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { durationMs } from '../definition/duration';
import { InvalidCursorError, SegmentNotFoundError } from '../errors';
import { jsonList, queryRows, toDate } from '../metrics/sql-rows';
import { compileSegment, parseSegmentRule, type SegmentCompileOptions } from './compile-segment';
import type { SegmentRuleTree } from './segment-rule';

export const SEGMENT_ID_PREFIX = 'seg_';

export interface SegmentRecord {
  id: string;
  tenantId: string;
  name: string;
  description: string | null;
  /** Only customers of this store; null: every store of the tenant. */
  storeId: string | null;
  rule: SegmentRuleTree;
  /** Bumped by every rule (or store) change. */
  version: number;
  memberCount: number;
  materializedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SegmentInput {
  name: string;
  description?: string | null;
  storeId?: string | null;
  rule: unknown;
}

export interface MaterializeResult {
  entered: number;
  exited: number;
  members: number;
}

export interface SegmentMember {
  customerId: string;
  storeId: string;
  enteredAt: Date;
}

export interface PreviewCustomer {
  customerId: string;
  storeId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
}

export interface SegmentStoreOptions extends SegmentCompileOptions {
  /** @default () => new Date() */
  now?: () => Date;
  /**
   * Window of `metrics.promoPressure`, as the governance policy's promo-pressure window.
   * @default 'P7D'
   */
  promoPressureWindow?: string;
  /**
   * `work_mem` for materializing: event conditions become hashed sets of customer ids, which must fit.
   * @default '256MB'
   */
  workMem?: string;
  /** Entry/exit events appended per insert. @default 1000 */
  eventBatchSize?: number;
}

export interface SegmentStore {
  /**
   * Validates the rule, stores the segment and materializes it (members enter with segment.entered events).
   * @throws InvalidSegmentError listing every problem of the rule.
   */
  create(
    tenantId: string,
    input: SegmentInput,
  ): Promise<{ segment: SegmentRecord; result: MaterializeResult }>;
  list(
    tenantId: string,
    options?: { limit?: number; cursor?: string },
  ): Promise<{ items: SegmentRecord[]; nextCursor: string | null }>;
  get(tenantId: string, segmentId: string): Promise<SegmentRecord | null>;
  /**
   * Changes name/description, or the rule/store (a new version, re-materialized at once).
   * @throws SegmentNotFoundError, InvalidSegmentError
   */
  update(
    tenantId: string,
    segmentId: string,
    patch: Partial<SegmentInput>,
  ): Promise<{ segment: SegmentRecord; result: MaterializeResult | null }>;
  /** Deletes the segment; each member leaves with a segment.exited event. @returns false when unknown */
  delete(tenantId: string, segmentId: string): Promise<boolean>;
  /**
   * How many customers an unsaved rule selects now, and a sample of them (ordered by id).
   * @throws InvalidSegmentError
   */
  preview(
    tenantId: string,
    input: { rule: unknown; storeId?: string | null },
    options?: { sampleSize?: number },
  ): Promise<{ count: number; sample: PreviewCustomer[] }>;
  /**
   * Recomputes membership: customers now selected enter, members no longer selected exit, each with an
   * event in the log. With `customerIds`, only those customers are re-evaluated (after a metrics refresh).
   * @throws SegmentNotFoundError
   */
  materialize(
    tenantId: string,
    segmentId: string,
    options?: { customerIds?: readonly string[] },
  ): Promise<MaterializeResult>;
  /** Every segment of the tenant, in creation order. */
  materializeAll(
    tenantId: string,
    options?: { customerIds?: readonly string[] },
  ): Promise<Map<string, MaterializeResult>>;
  /** Members, most recent entries first. @throws SegmentNotFoundError */
  members(
    tenantId: string,
    segmentId: string,
    options?: { limit?: number; cursor?: string },
  ): Promise<{ items: SegmentMember[]; nextCursor: string | null }>;
  /** The segments a customer is in now. */
  segmentsOf(tenantId: string, customerId: string): Promise<{ segment: SegmentRecord; enteredAt: Date }[]>;
  /** Which of `segmentIds` the customer is in: the workflow runtime's `segments` resolver. */
  membership(
    tenantId: string,
    customerId: string,
    segmentIds: readonly string[],
  ): Promise<ReadonlySet<string>>;
  /** Tenants that have segments (the scheduler's work list). */
  tenants(): Promise<string[]>;
}

type SegmentRow = typeof segments.$inferSelect;

/**
 * Segments stored per tenant, compiled to one SQL query each and materialized into `segment_memberships`
 * with segment.entered / segment.exited events in the event log.
 * @example
 * const store = createSegmentStore(db);
 * const { segment } = await store.create(tenantId, { name: 'Lapsed', rule: { field: 'metrics.daysSinceLastOrder', op: 'gte', value: 90 } });
 */
export function createSegmentStore(db: Db, options: SegmentStoreOptions = {}): SegmentStore {
  const now = options.now ?? (() => new Date());
  const promoWindowMs = durationMs(options.promoPressureWindow ?? 'P7D');
  const workMem = options.workMem ?? '256MB';
  const batchSize = options.eventBatchSize ?? 1000;
  const compileOptions: SegmentCompileOptions = options.fields ? { fields: options.fields } : {};
  if (!/^\d+(kB|MB|GB)$/.test(workMem)) throw new TypeError(`workMem must look like "256MB", got ${workMem}`);

  function compile(
    tenantId: string,
    rule: unknown,
    storeId: string | null,
    at: Date,
    customerIds?: readonly string[],
  ) {
    return compileSegment(
      rule,
      {
        tenantId,
        storeId,
        now: at,
        promoPressureSince: new Date(at.getTime() - promoWindowMs),
        ...(customerIds ? { customerIds } : {}),
      },
      compileOptions,
    );
  }

  async function materializeRow(
    tx: Db,
    row: SegmentRow,
    customerIds?: readonly string[],
  ): Promise<MaterializeResult> {
    const at = now();
    await tx.execute(sql.raw(`set local work_mem = '${workMem}'`));
    const target = compile(row.tenantId, row.rule, row.storeId, at, customerIds);
    const scope = customerIds
      ? sql` and sm.customer_id in (select jsonb_array_elements_text(${jsonList(customerIds)}::jsonb))`
      : sql``;
    const changes = await queryRows<{
      kind: 'entered' | 'exited';
      customer_id: string;
      store_id: string;
      email: string | null;
    }>(
      tx,
      sql`
      with target as materialized (${target}),
      entered as (
        insert into segment_memberships (tenant_id, segment_id, customer_id, store_id, entered_at)
        select ${row.tenantId}, ${row.id}, t.customer_id, t.store_id, ${at.toISOString()}::timestamptz from target t
        on conflict do nothing
        returning customer_id, store_id
      ),
      exited as (
        delete from segment_memberships sm
        where sm.tenant_id = ${row.tenantId} and sm.segment_id = ${row.id}${scope}
          and not exists (select 1 from target t where t.customer_id = sm.customer_id)
        returning sm.customer_id, sm.store_id
      ),
      changed as (
        select 'entered' as kind, customer_id, store_id from entered
        union all
        select 'exited' as kind, customer_id, store_id from exited
      )
      select ch.kind, ch.customer_id, ch.store_id, c.email
      from changed ch left join customers c on c.tenant_id = ${row.tenantId} and c.id = ch.customer_id`,
    );
    await appendMembershipEvents(tx, row, changes, at);
    const [count] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from segment_memberships where tenant_id = ${row.tenantId} and segment_id = ${row.id}`,
    );
    const members = Number(count?.n ?? 0);
    await tx
      .update(segments)
      .set({ memberCount: members, ...(customerIds ? {} : { materializedAt: at }) })
      .where(and(eq(segments.tenantId, row.tenantId), eq(segments.id, row.id)));
    const entered = changes.filter((c) => c.kind === 'entered').length;
    return { entered, exited: changes.length - entered, members };
  }

  /** One segment.entered / segment.exited event per membership change, appended in batches. */
  async function appendMembershipEvents(
    tx: Db,
    row: Pick<SegmentRow, 'id' | 'name' | 'tenantId'>,
    changes: readonly {
      kind: 'entered' | 'exited';
      customer_id: string;
      store_id: string;
      email: string | null;
    }[],
    at: Date,
  ): Promise<void> {
    const log = createEventLog(tx);
    const at_ = at.toISOString();
    for (let i = 0; i < changes.length; i += batchSize) {
      await log.appendEvents(
        changes.slice(i, i + batchSize).map((change) => ({
          id: newId(ID_PREFIX.event),
          type: change.kind === 'entered' ? 'segment.entered' : 'segment.exited',
          tenantId: row.tenantId,
          storeId: change.store_id,
          occurredAt: at_,
          receivedAt: at_,
          source: 'derived',
          entityType: 'customer',
          entityId: change.customer_id,
          data: {
            segmentId: row.id,
            segmentName: row.name,
            customerId: change.customer_id,
            email: EmailAddress.safeParse(change.email).success ? change.email : null,
          },
        })),
      );
    }
  }

  async function lockRow(tx: Db, tenantId: string, segmentId: string): Promise<SegmentRow | null> {
    const [row] = await tx
      .select()
      .from(segments)
      .where(and(eq(segments.tenantId, tenantId), eq(segments.id, segmentId)))
      .for('update');
    return row ?? null;
  }

  async function readRow(tenantId: string, segmentId: string): Promise<SegmentRow | null> {
    const [row] = await db
      .select()
      .from(segments)
      .where(and(eq(segments.tenantId, tenantId), eq(segments.id, segmentId)));
    return row ?? null;
  }

  const store: SegmentStore = {
    async create(tenantId, input) {
      const rule = parseSegmentRule(input.rule, compileOptions);
      const at = now();
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(segments)
          .values({
            id: newId(SEGMENT_ID_PREFIX),
            tenantId,
            name: input.name,
            description: input.description ?? null,
            storeId: input.storeId ?? null,
            rule: rule as unknown as Record<string, unknown>,
            version: 1,
            memberCount: 0,
            createdAt: at,
            updatedAt: at,
          })
          .returning();
        const created = row as SegmentRow;
        const result = await materializeRow(tx, created);
        const after = (await lockRow(tx, tenantId, created.id)) as SegmentRow;
        return { segment: toRecord(after), result };
      });
    },

    async list(tenantId, { limit = 50, cursor } = {}) {
      const after = cursor ? decodeCursor(cursor) : null;
      const rows = await db
        .select()
        .from(segments)
        .where(
          and(
            eq(segments.tenantId, tenantId),
            after
              ? sql`(${segments.createdAt}, ${segments.id}) < (${after.at}::timestamptz, ${after.id})`
              : undefined,
          ),
        )
        .orderBy(desc(segments.createdAt), desc(segments.id))
        .limit(limit + 1);
      const items = rows.slice(0, limit).map(toRecord);
      const last = items.at(-1);
      return {
        items,
        nextCursor:
          rows.length > limit && last
            ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id })
            : null,
      };
    },

    async get(tenantId, segmentId) {
      const row = await readRow(tenantId, segmentId);
      return row ? toRecord(row) : null;
    },

    async update(tenantId, segmentId, patch) {
      const rule = patch.rule === undefined ? undefined : parseSegmentRule(patch.rule, compileOptions);
      return db.transaction(async (tx) => {
        const row = await lockRow(tx, tenantId, segmentId);
        if (!row) throw new SegmentNotFoundError(segmentId);
        const ruleChanged = rule !== undefined && JSON.stringify(rule) !== JSON.stringify(row.rule);
        const storeChanged = patch.storeId !== undefined && (patch.storeId ?? null) !== row.storeId;
        const [updated] = await tx
          .update(segments)
          .set({
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(patch.description !== undefined ? { description: patch.description ?? null } : {}),
            ...(storeChanged ? { storeId: patch.storeId ?? null } : {}),
            ...(ruleChanged ? { rule: rule as unknown as Record<string, unknown> } : {}),
            ...(ruleChanged || storeChanged ? { version: row.version + 1 } : {}),
            updatedAt: now(),
          })
          .where(and(eq(segments.tenantId, tenantId), eq(segments.id, segmentId)))
          .returning();
        const next = updated as SegmentRow;
        const result = ruleChanged || storeChanged ? await materializeRow(tx, next) : null;
        const after = (await lockRow(tx, tenantId, segmentId)) as SegmentRow;
        return { segment: toRecord(after), result };
      });
    },

    async delete(tenantId, segmentId) {
      // Every member leaves with the segment: workflows waiting on segment.exited hear about it, as they
      // would had the rule stopped matching.
      return db.transaction(async (tx) => {
        const row = await lockRow(tx, tenantId, segmentId);
        if (!row) return false;
        const exits = await queryRows<{ customer_id: string; store_id: string; email: string | null }>(
          tx,
          sql`
          with gone as (
            delete from segment_memberships
            where tenant_id = ${tenantId} and segment_id = ${segmentId}
            returning customer_id, store_id
          )
          select g.customer_id, g.store_id, c.email
          from gone g left join customers c on c.tenant_id = ${tenantId} and c.id = g.customer_id`,
        );
        await appendMembershipEvents(
          tx,
          row,
          exits.map((exit) => ({ kind: 'exited' as const, ...exit })),
          now(),
        );
        await tx.delete(segments).where(and(eq(segments.tenantId, tenantId), eq(segments.id, segmentId)));
        return true;
      });
    },

    async preview(tenantId, input, { sampleSize = 10 } = {}) {
      const target = compile(tenantId, input.rule, input.storeId ?? null, now());
      const sample = Math.min(Math.max(sampleSize, 0), 100);
      return db.transaction(async (tx) => {
        await tx.execute(sql.raw(`set local work_mem = '${workMem}'`));
        const [count] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from (${target}) t`);
        const rows = await queryRows<{
          customer_id: string;
          store_id: string;
          email: string | null;
          first_name: string | null;
          last_name: string | null;
        }>(
          tx,
          sql`select t.customer_id, t.store_id, c.email, c.data->>'firstName' as first_name, c.data->>'lastName' as last_name
            from (${target}) t join customers c on c.tenant_id = ${tenantId} and c.id = t.customer_id
            order by t.customer_id limit ${sample}`,
        );
        return {
          count: Number(count?.n ?? 0),
          sample: rows.map((r) => ({
            customerId: r.customer_id,
            storeId: r.store_id,
            email: r.email,
            firstName: r.first_name,
            lastName: r.last_name,
          })),
        };
      });
    },

    async materialize(tenantId, segmentId, materializeOptions = {}) {
      return db.transaction(async (tx) => {
        const row = await lockRow(tx, tenantId, segmentId);
        if (!row) throw new SegmentNotFoundError(segmentId);
        return materializeRow(tx, row, materializeOptions.customerIds);
      });
    },

    async materializeAll(tenantId, materializeOptions = {}) {
      const rows = await db
        .select({ id: segments.id })
        .from(segments)
        .where(eq(segments.tenantId, tenantId))
        .orderBy(asc(segments.createdAt), asc(segments.id));
      const results = new Map<string, MaterializeResult>();
      for (const { id } of rows) {
        try {
          results.set(id, await store.materialize(tenantId, id, materializeOptions));
        } catch (error) {
          // Deleted between the list and its turn: nothing to materialize.
          if (!(error instanceof SegmentNotFoundError)) throw error;
        }
      }
      return results;
    },

    async members(tenantId, segmentId, { limit = 50, cursor } = {}) {
      if (!(await readRow(tenantId, segmentId))) throw new SegmentNotFoundError(segmentId);
      const after = cursor ? decodeCursor(cursor) : null;
      const rows = await db
        .select()
        .from(segmentMemberships)
        .where(
          and(
            eq(segmentMemberships.tenantId, tenantId),
            eq(segmentMemberships.segmentId, segmentId),
            after
              ? sql`(${segmentMemberships.enteredAt}, ${segmentMemberships.customerId}) < (${after.at}::timestamptz, ${after.id})`
              : undefined,
          ),
        )
        .orderBy(desc(segmentMemberships.enteredAt), desc(segmentMemberships.customerId))
        .limit(limit + 1);
      const items = rows
        .slice(0, limit)
        .map((r) => ({ customerId: r.customerId, storeId: r.storeId, enteredAt: r.enteredAt }));
      const last = items.at(-1);
      return {
        items,
        nextCursor:
          rows.length > limit && last
            ? encodeCursor({ at: last.enteredAt.toISOString(), id: last.customerId })
            : null,
      };
    },

    async segmentsOf(tenantId, customerId) {
      const rows = await db
        .select({ segment: segments, enteredAt: segmentMemberships.enteredAt })
        .from(segmentMemberships)
        .innerJoin(
          segments,
          and(
            eq(segments.tenantId, segmentMemberships.tenantId),
            eq(segments.id, segmentMemberships.segmentId),
          ),
        )
        .where(and(eq(segmentMemberships.tenantId, tenantId), eq(segmentMemberships.customerId, customerId)))
        .orderBy(desc(segmentMemberships.enteredAt), asc(segments.id));
      return rows.map((r) => ({ segment: toRecord(r.segment), enteredAt: r.enteredAt }));
    },

    async membership(tenantId, customerId, segmentIds) {
      if (segmentIds.length === 0) return new Set();
      const rows = await db
        .select({ segmentId: segmentMemberships.segmentId })
        .from(segmentMemberships)
        .where(
          and(
            eq(segmentMemberships.tenantId, tenantId),
            eq(segmentMemberships.customerId, customerId),
            inArray(segmentMemberships.segmentId, [...segmentIds]),
          ),
        );
      return new Set(rows.map((r) => r.segmentId));
    },

    async tenants() {
      const rows = await queryRows<{ tenant_id: string }>(db, sql`select distinct tenant_id from segments`);
      return rows.map((r) => r.tenant_id);
    },
  };
  return store;
}

function toRecord(row: SegmentRow): SegmentRecord {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    description: row.description,
    storeId: row.storeId,
    rule: row.rule as unknown as SegmentRuleTree,
    version: row.version,
    memberCount: row.memberCount,
    materializedAt: toDate(row.materializedAt),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A page position this API issued: the last item's time and id, base64url JSON. */
function encodeCursor(cursor: { at: string; id: string }): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(value: string): { at: string; id: string } {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as {
      at?: unknown;
      id?: unknown;
    };
    if (
      typeof parsed.at === 'string' &&
      !Number.isNaN(Date.parse(parsed.at)) &&
      typeof parsed.id === 'string'
    ) {
      return { at: parsed.at, id: parsed.id };
    }
  } catch {
    // Falls through to the typed error below.
  }
  throw new InvalidCursorError(value);
}

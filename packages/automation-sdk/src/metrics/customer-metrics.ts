import { type Money, money, roundMoney } from '@cartwire/model';
import { type CategorySpend, customerMetricsCursor, type Db } from '@cartwire/storage';
import { eq, sql } from 'drizzle-orm';
import { durationMs } from '../definition/duration';
import { jsonList, queryRows, toDate, toDecimalText } from './sql-rows';

/** A customer's metrics as the API shows them; money in the store currency as exact decimal strings. */
export interface CustomerMetrics {
  customerId: string;
  storeId: string;
  ordersCount: number;
  /** Order totals net of refunds (orders neither cancelled, drafts, voided nor failed); null: no currency known. */
  totalSpent: Money | null;
  averageOrderValue: Money | null;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
  /** Whole days from the last order to the read time; null without orders. */
  daysSinceLastOrder: number | null;
  refundedAmount: Money | null;
  /** Share of orders with a refund (0..1, decimal string); null without orders. */
  refundRate: string | null;
  /** Share of orders with a discount; null without orders. */
  discountOrderShare: string | null;
  /** Share of net revenue from orders with a discount; null without revenue. */
  discountRevenueShare: string | null;
  /** Top categories (collections) by spend, highest first. */
  categoryAffinity: { collectionId: string; spend: Money | null }[];
  /** Revenue minus unit costs over lines whose cost is known; null when no line's cost is known. */
  marginContributed: Money | null;
  /** RFM quintile scores within the store, 1..5 (5 best); null without orders. */
  rfm: { recency: number; frequency: number; monetary: number } | null;
  /** Discount messages counted by the governance gate within `promoPressureWindow` before the read time. */
  promoPressure: number;
  promoPressureWindow: string;
  computedAt: Date;
}

export interface RefreshOptions {
  /** Events read in this transaction. @default 1000 */
  limit?: number;
  /**
   * Recompute the RFM quintiles of the touched stores in the same transaction. A refresher draining a
   * backlog passes false and calls `recomputeRfm` once at the end (`touchedStores`), since the quintiles
   * of a store are one statement over all its customers.
   * @default true
   */
  rfm?: boolean;
}

export interface RefreshResult {
  /** False when another process holds the cursor; nothing was read. */
  ran: boolean;
  /** Events read from the log (of every type). */
  events: number;
  /** Customers recomputed, by tenant. */
  touched: Map<string, string[]>;
  /** Stores of the recomputed customers, by tenant (whose RFM quintiles may have moved). */
  touchedStores: Map<string, string[]>;
  /** Whether more events are waiting. */
  more: boolean;
}

export interface CustomerMetricsOptions {
  /** @default () => new Date() */
  now?: () => Date;
  /**
   * Window promo pressure counts discount messages over (ISO-8601), as the governance gate does.
   * @default 'P7D'
   */
  promoPressureWindow?: string;
  /**
   * Categories kept in `categoryAffinity`.
   * @default 5
   */
  topCategories?: number;
}

export interface CustomerMetricsService {
  /**
   * Reads the next events after the metrics cursor and recomputes only the customers they touch (order,
   * refund and customer events), then (unless `rfm: false`) the RFM scores of their stores, and advances the
   * cursor, all in one transaction. One process at a time holds the cursor (SKIP LOCKED).
   * @example const { more } = await metrics.refresh({ limit: 1000 });
   */
  refresh(options?: RefreshOptions): Promise<RefreshResult>;
  /**
   * Recomputes the given customers of a tenant now (no cursor; RFM scores are left to the next
   * `recomputeRfm`); a deleted customer loses its row.
   */
  recompute(tenantId: string, customerIds: readonly string[]): Promise<void>;
  /** RFM quintiles per store of a tenant (all its stores, or those given), in one statement. */
  recomputeRfm(tenantId: string, storeIds?: readonly string[]): Promise<number>;
  /** Tenants that have metrics rows (the scheduler's work list). */
  tenants(): Promise<string[]>;
  /** @returns null when the customer has no metrics (unknown, deleted, or not yet refreshed). */
  get(tenantId: string, customerId: string): Promise<CustomerMetrics | null>;
}

const CURSOR_ID = 'customer-metrics';
const RFM_WORK_MEM = '128MB';

/** Event types that change a customer's metrics. */
export const METRIC_EVENT_TYPES = [
  'order.created',
  'order.updated',
  'order.paid',
  'order.cancelled',
  'order.fulfilled',
  'order.refunded',
  'customer.created',
  'customer.updated',
] as const;

/** Orders that count as purchases. */
const COUNTED_ORDER = sql`o.deleted_at is null and o.status not in ('cancelled', 'draft') and o.financial_status not in ('voided', 'failed')`;

/** The message-log statuses the governance gate counts (sent or about to be). */
const COUNTED_MESSAGE_STATUSES = ['allowed', 'scheduled', 'sent', 'delivered'];

/** SQL for the promo pressure of `m.customer_id` at `since`, shared with the segment compiler. */
export function promoPressureSql(tenantId: string, customerColumn: ReturnType<typeof sql>, since: Date) {
  return sql`(select count(*)::int from message_log ml
    where ml.tenant_id = ${tenantId} and ml.customer_key = ${customerColumn} and ml.promo
      and ml.status in (${sql.join(
        COUNTED_MESSAGE_STATUSES.map((s) => sql`${s}`),
        sql`, `,
      )})
      and coalesce(ml.deliver_at, ml.created_at) > ${since.toISOString()}::timestamptz)`;
}

/**
 * Customer metrics materialized in `customer_metrics` and refreshed incrementally from the event log.
 * @example
 * const metrics = createCustomerMetrics(db);
 * await metrics.refresh();
 * const m = await metrics.get(tenantId, 'cus_…');
 */
export function createCustomerMetrics(db: Db, options: CustomerMetricsOptions = {}): CustomerMetricsService {
  const now = options.now ?? (() => new Date());
  const window = options.promoPressureWindow ?? 'P7D';
  const windowMs = durationMs(window);
  const topCategories = options.topCategories ?? 5;
  let cursorReady = false;

  async function recompute(tx: Db, tenantId: string, customerIds: readonly string[]): Promise<string[]> {
    if (customerIds.length === 0) return [];
    const ids = sql`(select jsonb_array_elements_text(${jsonList(customerIds)}::jsonb))`;
    const at = now().toISOString();
    await tx.execute(sql`
      delete from customer_metrics m
      where m.tenant_id = ${tenantId} and m.customer_id in ${ids}
        and not exists (
          select 1 from customers c where c.tenant_id = ${tenantId} and c.id = m.customer_id and c.deleted_at is null
        )`);
    const rows = await queryRows<{ store_id: string }>(
      tx,
      sql`
      insert into customer_metrics as cm (
        tenant_id, customer_id, store_id, currency, orders_count, total_spent, average_order_value,
        first_order_at, last_order_at, refunded_amount, refund_rate, discount_order_share,
        discount_revenue_share, category_affinity, top_categories, margin_contributed, computed_at
      )
      select c.tenant_id, c.id, c.store_id, coalesce(agg.currency, s.currency), coalesce(agg.n, 0),
        coalesce(agg.spent, 0),
        case when agg.n > 0 then round(agg.spent / agg.n, 4) end,
        agg.first_at, agg.last_at, coalesce(agg.refunded, 0),
        case when agg.n > 0 then round(agg.refunded_orders::numeric / agg.n, 4) end,
        case when agg.n > 0 then round(agg.discounted_orders::numeric / agg.n, 4) end,
        case when agg.spent > 0 then round(coalesce(agg.discounted_revenue, 0) / agg.spent, 4) end,
        coalesce(cat.affinity, '[]'::jsonb), coalesce(cat.ids, '{}'::text[]), margin.value, ${at}::timestamptz
      from customers c
      left join stores s on s.tenant_id = c.tenant_id and s.id = c.store_id
      left join lateral (
        select count(*)::int as n, sum(x.net) as spent, min(x.placed) as first_at, max(x.placed) as last_at,
          sum(x.refunded) as refunded, count(*) filter (where x.refunded > 0)::int as refunded_orders,
          count(*) filter (where x.discount > 0)::int as discounted_orders,
          sum(x.net) filter (where x.discount > 0) as discounted_revenue, max(x.currency) as currency
        from (
          select o.total - coalesce((o.data->'totalRefunded'->>'amount')::numeric, 0) as net,
            coalesce((o.data->'totalRefunded'->>'amount')::numeric, 0) as refunded,
            coalesce((o.data->'totalDiscounts'->>'amount')::numeric, 0) as discount,
            coalesce(o.processed_at, o.created_at) as placed, o.currency
          from orders o
          where o.tenant_id = c.tenant_id and o.customer_id = c.id and ${COUNTED_ORDER}
        ) x
      ) agg on true
      left join lateral (
        select jsonb_agg(jsonb_build_object('collectionId', t.col, 'spend', t.spend::text) order by t.spend desc, t.col)
            as affinity,
          array_agg(t.col order by t.spend desc, t.col) as ids
        from (
          select col, sum((li->'unitPrice'->>'amount')::numeric * (li->>'quantity')::int
              - coalesce((li->'totalDiscount'->>'amount')::numeric, 0)) as spend
          from orders o
          cross join lateral jsonb_array_elements(o.data->'lineItems') li
          join products p on p.tenant_id = o.tenant_id and p.id = li->>'productId'
          cross join lateral jsonb_array_elements_text(p.data->'collectionIds') col
          where o.tenant_id = c.tenant_id and o.customer_id = c.id and ${COUNTED_ORDER}
          group by col
          order by spend desc, col
          limit ${topCategories}
        ) t
      ) cat on true
      left join lateral (
        select sum(((li->'unitPrice'->>'amount')::numeric - (v.data->'unitCost'->>'amount')::numeric)
            * (li->>'quantity')::int - coalesce((li->'totalDiscount'->>'amount')::numeric, 0)) as value
        from orders o
        cross join lateral jsonb_array_elements(o.data->'lineItems') li
        join variants v on v.tenant_id = o.tenant_id and v.id = li->>'variantId'
        where o.tenant_id = c.tenant_id and o.customer_id = c.id and ${COUNTED_ORDER}
          and jsonb_typeof(v.data->'unitCost') = 'object'
      ) margin on true
      where c.tenant_id = ${tenantId} and c.id in ${ids} and c.deleted_at is null
      on conflict (tenant_id, customer_id) do update set
        store_id = excluded.store_id, currency = excluded.currency, orders_count = excluded.orders_count,
        total_spent = excluded.total_spent, average_order_value = excluded.average_order_value,
        first_order_at = excluded.first_order_at, last_order_at = excluded.last_order_at,
        refunded_amount = excluded.refunded_amount, refund_rate = excluded.refund_rate,
        discount_order_share = excluded.discount_order_share,
        discount_revenue_share = excluded.discount_revenue_share,
        category_affinity = excluded.category_affinity, top_categories = excluded.top_categories,
        margin_contributed = excluded.margin_contributed, computed_at = excluded.computed_at
      returning cm.store_id`,
    );
    return [...new Set(rows.map((row) => row.store_id))];
  }

  async function recomputeRfm(tx: Db, tenantId: string, storeIds?: readonly string[]): Promise<number> {
    const stores = storeIds
      ? sql`and store_id in (select jsonb_array_elements_text(${jsonList(storeIds)}::jsonb))`
      : sql``;
    // percent_rank gives tied customers the same score (ntile would split them arbitrarily); customers
    // without orders are ranked apart and get no score.
    const rows = await queryRows<{ customer_id: string }>(
      tx,
      sql`
      update customer_metrics m set recency_score = s.r, frequency_score = s.f, monetary_score = s.m
      from (
        select customer_id,
          case when orders_count > 0 then least(5, 1 + floor(5 * percent_rank() over (
            partition by store_id, orders_count > 0 order by last_order_at)))::smallint end as r,
          case when orders_count > 0 then least(5, 1 + floor(5 * percent_rank() over (
            partition by store_id, orders_count > 0 order by orders_count)))::smallint end as f,
          case when orders_count > 0 then least(5, 1 + floor(5 * percent_rank() over (
            partition by store_id, orders_count > 0 order by total_spent)))::smallint end as m
        from customer_metrics
        where tenant_id = ${tenantId} ${stores}
      ) s
      where m.tenant_id = ${tenantId} and m.customer_id = s.customer_id
        and (m.recency_score, m.frequency_score, m.monetary_score) is distinct from (s.r, s.f, s.m)
      returning m.customer_id`,
    );
    return rows.length;
  }

  return {
    async refresh({ limit = 1000, rfm = true } = {}) {
      if (cursorReady) {
        // The idle case in one cheap read instead of a locking transaction.
        const [waiting] = await queryRows<{ seq: number }>(
          db,
          sql`select seq from events where seq > (select seq from customer_metrics_cursor where id = ${CURSOR_ID}) limit 1`,
        );
        if (!waiting)
          return { ran: true, events: 0, touched: new Map(), touchedStores: new Map(), more: false };
      }
      return db.transaction(async (tx) => {
        if (!cursorReady) {
          // A new installation starts at the beginning of the log: every customer gets metrics.
          await tx
            .insert(customerMetricsCursor)
            .values({ id: CURSOR_ID, seq: 0, updatedAt: now() })
            .onConflictDoNothing();
          cursorReady = true;
        }
        const [cursor] = await tx
          .select({ seq: customerMetricsCursor.seq })
          .from(customerMetricsCursor)
          .where(eq(customerMetricsCursor.id, CURSOR_ID))
          .for('update', { skipLocked: true });
        if (!cursor)
          return { ran: false, events: 0, touched: new Map(), touchedStores: new Map(), more: false };
        // One statement, one snapshot: the batch and its last position agree.
        const batch = await queryRows<{
          seq: number | string;
          tenant_id: string;
          customer_id: string | null;
        }>(
          tx,
          sql`
          with scanned as (
            select seq, tenant_id, type, entity_id, data from events where seq > ${cursor.seq} order by seq limit ${limit}
          )
          select seq, tenant_id,
            case
              when type in ('customer.created', 'customer.updated') then entity_id
              when type in (${sql.join(
                METRIC_EVENT_TYPES.map((t) => sql`${t}`),
                sql`, `,
              )}) then data->>'customerId'
            end as customer_id
          from scanned order by seq`,
        );
        const last = batch.at(-1);
        if (!last) return { ran: true, events: 0, touched: new Map(), touchedStores: new Map(), more: false };
        const touched = new Map<string, Set<string>>();
        for (const row of batch) {
          if (!row.customer_id) continue;
          const set = touched.get(row.tenant_id) ?? new Set<string>();
          set.add(row.customer_id);
          touched.set(row.tenant_id, set);
        }
        const touchedStores = new Map<string, string[]>();
        for (const [tenantId, ids] of touched) {
          const stores = await recompute(tx, tenantId, [...ids]);
          touchedStores.set(tenantId, stores);
          if (rfm && stores.length > 0) await recomputeRfm(tx, tenantId, stores);
        }
        await tx
          .update(customerMetricsCursor)
          .set({ seq: Number(last.seq), updatedAt: now() })
          .where(eq(customerMetricsCursor.id, CURSOR_ID));
        return {
          ran: true,
          events: batch.length,
          touched: new Map([...touched].map(([tenantId, ids]) => [tenantId, [...ids]])),
          touchedStores,
          more: batch.length === limit,
        };
      });
    },

    async recompute(tenantId, customerIds) {
      await db.transaction((tx) => recompute(tx, tenantId, customerIds));
    },

    recomputeRfm: (tenantId, storeIds) =>
      db.transaction(async (tx) => {
        // Three sorts over every customer of the stores: in memory rather than spilled to disk.
        await tx.execute(sql.raw(`set local work_mem = '${RFM_WORK_MEM}'`));
        return recomputeRfm(tx, tenantId, storeIds);
      }),

    async tenants() {
      const rows = await queryRows<{ tenant_id: string }>(
        db,
        sql`select distinct tenant_id from customer_metrics`,
      );
      return rows.map((row) => row.tenant_id);
    },

    async get(tenantId, customerId) {
      const at = now();
      const since = new Date(at.getTime() - windowMs);
      const [row] = await queryRows<Record<string, unknown>>(
        db,
        sql`select m.*, ${promoPressureSql(tenantId, sql`m.customer_id`, since)} as promo_pressure
          from customer_metrics m where m.tenant_id = ${tenantId} and m.customer_id = ${customerId}`,
      );
      if (!row) return null;
      return toCustomerMetrics(row, at, window);
    },
  };
}

function toCustomerMetrics(row: Record<string, unknown>, at: Date, window: string): CustomerMetrics {
  const currency = (row.currency as string | null) ?? null;
  const amount = (value: unknown): Money | null => {
    const text = toDecimalText(value);
    return text === null || currency === null ? null : roundMoney(money(text, currency));
  };
  const lastOrderAt = toDate(row.last_order_at);
  const ordersCount = Number(row.orders_count);
  const affinity = (row.category_affinity as CategorySpend[] | null) ?? [];
  return {
    customerId: String(row.customer_id),
    storeId: String(row.store_id),
    ordersCount,
    totalSpent: amount(row.total_spent),
    averageOrderValue: amount(row.average_order_value),
    firstOrderAt: toDate(row.first_order_at),
    lastOrderAt,
    daysSinceLastOrder:
      lastOrderAt === null ? null : Math.floor((at.getTime() - lastOrderAt.getTime()) / 86_400_000),
    refundedAmount: amount(row.refunded_amount),
    refundRate: trimShare(row.refund_rate),
    discountOrderShare: trimShare(row.discount_order_share),
    discountRevenueShare: trimShare(row.discount_revenue_share),
    categoryAffinity: affinity.map((c) => ({ collectionId: c.collectionId, spend: amount(c.spend) })),
    marginContributed: amount(row.margin_contributed),
    rfm:
      row.recency_score === null || row.recency_score === undefined
        ? null
        : {
            recency: Number(row.recency_score),
            frequency: Number(row.frequency_score),
            monetary: Number(row.monetary_score),
          },
    promoPressure: Number(row.promo_pressure ?? 0),
    promoPressureWindow: window,
    computedAt: toDate(row.computed_at) as Date,
  };
}

/** A 0..1 share as a decimal string without trailing zeros ("0.5", "1", "0.3333"). */
function trimShare(value: unknown): string | null {
  const text = toDecimalText(value);
  if (text === null) return null;
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

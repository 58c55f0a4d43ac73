import type { Db } from '@cartwire/storage';
import { type SQL, sql } from 'drizzle-orm';
import { type AttributionWindows, DEFAULT_ATTRIBUTION_WINDOWS } from '../attribution/attribute';
import {
  type ArmOutcome,
  type ArmStatistics,
  type Comparison,
  experimentResults,
} from '../experiments/statistics';
import { queryRows } from '../metrics/sql-rows';
import { listAttributions } from './attribution-service';
import { currencyPlaces, divideMoney, fromScaled, toScaled } from './decimal';

/** What report rows are grouped by. */
export type ReportGroupBy = 'version' | 'arm' | 'node' | 'branch' | 'variant' | 'segment';

export interface ReportQuery {
  tenantId: string;
  workflowId: string;
  /** Runs that entered at or after. */
  from: Date;
  /** Runs that entered before. */
  to: Date;
  /**
   * A run converts when its customer places an order within this many milliseconds after entering: the
   * same rule for holdout and treated runs, so their conversion rates compare.
   */
  conversionWindowMs: number;
}

export interface ReportOptions {
  /**
   * Windows for crediting orders to the runs' messages (last touch), for `attributedRevenue`.
   * @default DEFAULT_ATTRIBUTION_WINDOWS
   */
  attributionWindows?: AttributionWindows;
}

export interface Money {
  amount: string;
  currency: string;
}

export interface ReportRow {
  /**
   * The group: a version number, `holdout`/`treatment`, a node id, `node:branch`, `split-node:variant`, a
   * segment id, or `all` for the totals.
   */
  key: string;
  entries: number;
  holdoutEntries: number;
  /** Messages the provider took (`sent`, `delivered`, `bounced`). */
  sends: number;
  /** Messages of holdout runs the gate allowed: recorded, not delivered. */
  heldOut: number;
  scheduled: number;
  failed: number;
  /** Messages the gate refused, by reason (`no_consent`, `frequency_cap`, `suppressed`, …). */
  suppressions: Record<string, number>;
  /** Share of send attempts the gate allowed (held-out ones included); null without attempts. */
  sendEligibilityRate: number | null;
  conversions: number;
  conversionRate: number | null;
  /** Cart-triggered runs whose cart was converted into an order after entering, over those entries. */
  recoveryRate: number | null;
  /** Orders of converted runs within the conversion window, per currency. */
  revenue: Money[];
  revenuePerRun: Money[];
  /**
   * Treated runs' revenue minus what they would have made at the holdout's revenue per run, per currency;
   * null when no holdout run entered in the period.
   */
  incrementalRevenue: Money[] | null;
  /**
   * Orders placed from the period's start to a conversion window after its end that last-touch
   * attribution credits to a message of these runs (grouped by node: of that node), and their totals.
   */
  attributedOrders: number;
  attributedRevenue: Money[];
}

export interface WorkflowReport {
  groupBy: ReportGroupBy;
  totals: ReportRow;
  groups: ReportRow[];
}

interface RunAggregate extends Record<string, unknown> {
  key: string;
  arm: string;
  entries: unknown;
  conversions: unknown;
  cart_entries: unknown;
  recovered: unknown;
}

interface RevenueAggregate extends Record<string, unknown> {
  key: string;
  arm: string;
  currency: string;
  revenue: string;
}

interface AttributedAggregate extends Record<string, unknown> {
  key: string;
  currency: string;
  orders: unknown;
  revenue: string;
}

interface MessageAggregate extends Record<string, unknown> {
  key: string;
  status: string;
  reason: string | null;
  count: unknown;
}

const PROVIDER_TOOK = new Set(['sent', 'delivered', 'bounced']);

/** Runs of the workflow that entered in the period, and each run's orders in the conversion window. */
function baseCtes(query: ReportQuery): SQL {
  const seconds = Math.round(query.conversionWindowMs / 1000);
  return sql`r as (
      select id, arm, version, customer_key, entered_at, refs
      from workflow_runs
      where tenant_id = ${query.tenantId} and workflow_id = ${query.workflowId}
        and entered_at >= ${query.from.toISOString()}::timestamptz
        and entered_at < ${query.to.toISOString()}::timestamptz
    ),
    run_orders as (
      -- By customer id (the orders index), and by email for runs keyed by a guest's address; union drops
      -- an order both find.
      select r.id as run_id, o.id as order_id, o.currency, o.total
      from r join orders o on o.tenant_id = ${query.tenantId} and o.customer_id = r.customer_key
      where o.deleted_at is null and o.cancelled_at is null and o.created_at >= r.entered_at
        and o.created_at < r.entered_at + make_interval(secs => ${seconds})
      union
      select r.id, o.id, o.currency, o.total
      from r join orders o on o.tenant_id = ${query.tenantId} and lower(o.email) = lower(r.customer_key)
      where o.deleted_at is null and o.cancelled_at is null and o.created_at >= r.entered_at
        and o.created_at < r.entered_at + make_interval(secs => ${seconds})
    ),
    conv as (
      select run_id, currency, sum(total) as revenue from run_orders group by run_id, currency
    )`;
}

/** (run, group key) pairs; a run can be in several groups (nodes it passed, segments it is in). */
function groupCte(query: ReportQuery, groupBy: ReportGroupBy | 'all'): SQL {
  switch (groupBy) {
    case 'all':
      return sql`select id as run_id, 'all' as key from r`;
    case 'version':
      return sql`select id as run_id, version::text as key from r`;
    case 'arm':
      return sql`select id as run_id, arm as key from r`;
    case 'variant':
      return sql`select r.id as run_id, v.key || ':' || v.value as key
        from r cross join lateral jsonb_each_text(coalesce(r.refs -> 'variants', '{}'::jsonb)) v`;
    case 'branch':
      return sql`select distinct e.run_id, e.node_id || ':' || e.branch as key
        from workflow_step_events e join r on r.id = e.run_id
        where e.tenant_id = ${query.tenantId} and e.outcome = 'branched' and e.branch is not null`;
    case 'node':
      return sql`select distinct e.run_id, e.node_id as key
        from workflow_step_events e join r on r.id = e.run_id
        where e.tenant_id = ${query.tenantId} and e.node_id is not null`;
    case 'segment':
      return sql`select r.id as run_id, s.segment_id as key
        from r join segment_memberships s on s.tenant_id = ${query.tenantId} and s.customer_id = r.customer_key`;
  }
}

const count = (value: unknown) => Number(value ?? 0);

/**
 * Entries, sends, suppressions, conversions, recovery and revenue of a workflow's runs that entered in a
 * period, in total and per group. Aggregated in SQL; a conversion is an order by the run's customer within
 * the conversion window after entering (the definition the experiment results use too).
 */
export async function workflowReport(
  db: Db,
  query: ReportQuery,
  groupBy: ReportGroupBy,
  options: ReportOptions = {},
): Promise<WorkflowReport> {
  const attributed = await listAttributions(db, {
    tenantId: query.tenantId,
    from: query.from,
    to: new Date(query.to.getTime() + query.conversionWindowMs),
    windows: options.attributionWindows ?? DEFAULT_ATTRIBUTION_WINDOWS,
    workflowId: query.workflowId,
  });
  const credits = JSON.stringify(
    attributed.map((a) => ({
      run_id: a.message.runId,
      node_id: a.message.nodeId,
      amount: a.total.amount,
      currency: a.total.currency,
    })),
  );
  const [totals] = await aggregate(db, query, 'all', null, credits);
  // Incremental revenue needs the holdout's revenue per run over the whole period, so totals come first.
  const holdout = holdoutBaseline(totals?.raw);
  const groups = await aggregate(db, query, groupBy, holdout, credits);
  return {
    groupBy,
    totals: totals ? toRow(totals.raw, holdout) : emptyRow('all'),
    groups: groups.map((g) => g.row).sort((a, b) => compareKeys(a.key, b.key)),
  };
}

interface RawGroup {
  key: string;
  entries: number;
  holdoutEntries: number;
  conversions: number;
  cartEntries: number;
  recovered: number;
  /** Scaled revenue by currency, per arm. */
  revenue: Map<string, { holdout: bigint; treatment: bigint }>;
  messages: MessageAggregate[];
  attributedOrders: number;
  /** Scaled attributed revenue by currency. */
  attributed: Map<string, bigint>;
}

/** Holdout revenue per run by currency (scaled), or null without holdout runs. */
function holdoutBaseline(
  raw: RawGroup | undefined,
): { entries: number; revenue: Map<string, bigint> } | null {
  if (!raw || raw.holdoutEntries === 0) return null;
  return {
    entries: raw.holdoutEntries,
    revenue: new Map([...raw.revenue].map(([currency, r]) => [currency, r.holdout])),
  };
}

async function aggregate(
  db: Db,
  query: ReportQuery,
  groupBy: ReportGroupBy | 'all',
  holdout: { entries: number; revenue: Map<string, bigint> } | null,
  credits: string,
): Promise<{ raw: RawGroup; row: ReportRow }[]> {
  const ctes = sql`with ${baseCtes(query)}, g as (${groupCte(query, groupBy)})`;
  const [runs, revenue, messages, attributed] = await Promise.all([
    queryRows<RunAggregate>(
      db,
      sql`${ctes}
        select g.key, r.arm, count(*) as entries,
          count(*) filter (where exists (select 1 from conv c where c.run_id = r.id)) as conversions,
          count(*) filter (where r.refs ->> 'cartId' is not null) as cart_entries,
          count(*) filter (where ca.status = 'converted'
            and coalesce(ca.completed_at, ca.updated_at) >= r.entered_at) as recovered
        from g join r on r.id = g.run_id
        left join carts ca on ca.tenant_id = ${query.tenantId} and ca.id = r.refs ->> 'cartId'
        group by g.key, r.arm`,
    ),
    queryRows<RevenueAggregate>(
      db,
      sql`${ctes}
        select g.key, r.arm, c.currency, sum(c.revenue)::text as revenue
        from g join r on r.id = g.run_id join conv c on c.run_id = r.id
        group by g.key, r.arm, c.currency`,
    ),
    queryRows<MessageAggregate>(
      db,
      sql`${ctes}
        select g.key, m.status, m.reason, count(*) as count
        from g join message_log m on m.tenant_id = ${query.tenantId} and m.run_id = g.run_id
          ${groupBy === 'node' ? sql`and m.node_id = g.key` : sql``}
        group by g.key, m.status, m.reason`,
    ),
    queryRows<AttributedAggregate>(
      db,
      sql`${ctes},
        a as (
          select * from jsonb_to_recordset(${credits}::jsonb)
            as x(run_id text, node_id text, amount numeric, currency text)
        )
        select g.key, a.currency, count(*) as orders, sum(a.amount)::text as revenue
        from a join g on g.run_id = a.run_id ${groupBy === 'node' ? sql`and g.key = a.node_id` : sql``}
        group by g.key, a.currency`,
    ),
  ]);
  const groups = new Map<string, RawGroup>();
  const groupOf = (key: string) => {
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        entries: 0,
        holdoutEntries: 0,
        conversions: 0,
        cartEntries: 0,
        recovered: 0,
        revenue: new Map(),
        messages: [],
        attributedOrders: 0,
        attributed: new Map(),
      };
      groups.set(key, group);
    }
    return group;
  };
  for (const row of runs) {
    const group = groupOf(row.key);
    group.entries += count(row.entries);
    if (row.arm === 'holdout') group.holdoutEntries += count(row.entries);
    group.conversions += count(row.conversions);
    group.cartEntries += count(row.cart_entries);
    group.recovered += count(row.recovered);
  }
  for (const row of revenue) {
    const byArm = groupOf(row.key).revenue;
    const current = byArm.get(row.currency) ?? { holdout: 0n, treatment: 0n };
    current[row.arm === 'holdout' ? 'holdout' : 'treatment'] += toScaled(row.revenue);
    byArm.set(row.currency, current);
  }
  for (const row of messages) groupOf(row.key).messages.push(row);
  for (const row of attributed) {
    const group = groupOf(row.key);
    group.attributedOrders += count(row.orders);
    group.attributed.set(row.currency, (group.attributed.get(row.currency) ?? 0n) + toScaled(row.revenue));
  }
  return [...groups.values()].map((raw) => ({ raw, row: toRow(raw, holdout) }));
}

function toRow(raw: RawGroup, holdout: { entries: number; revenue: Map<string, bigint> } | null): ReportRow {
  let sends = 0;
  let heldOut = 0;
  let scheduled = 0;
  let failed = 0;
  let attempts = 0;
  let refused = 0;
  const suppressions: Record<string, number> = {};
  for (const m of raw.messages) {
    const n = count(m.count);
    attempts += n;
    if (PROVIDER_TOOK.has(m.status)) sends += n;
    else if (m.status === 'held_out') heldOut += n;
    else if (m.status === 'scheduled') scheduled += n;
    else if (m.status === 'failed') failed += n;
    else if (m.status === 'refused') {
      refused += n;
      const reason = m.reason ?? 'unknown';
      suppressions[reason] = (suppressions[reason] ?? 0) + n;
    }
  }
  const currencies = [...raw.revenue.keys()].sort();
  const total = (currency: string) => {
    const r = raw.revenue.get(currency) ?? { holdout: 0n, treatment: 0n };
    return r.holdout + r.treatment;
  };
  const money = (currency: string, scaled: bigint): Money => ({
    amount: fromScaled(scaled, currencyPlaces(currency)),
    currency,
  });
  const treatedEntries = raw.entries - raw.holdoutEntries;
  let incrementalRevenue: Money[] | null = null;
  if (holdout) {
    const all = new Set([...currencies, ...holdout.revenue.keys()]);
    incrementalRevenue = [...all].sort().map((currency) => {
      const treated = raw.revenue.get(currency)?.treatment ?? 0n;
      const baseline =
        ((holdout.revenue.get(currency) ?? 0n) * BigInt(treatedEntries)) / BigInt(holdout.entries);
      return money(currency, treated - baseline);
    });
  }
  return {
    key: raw.key,
    entries: raw.entries,
    holdoutEntries: raw.holdoutEntries,
    sends,
    heldOut,
    scheduled,
    failed,
    suppressions,
    sendEligibilityRate: attempts === 0 ? null : (attempts - refused) / attempts,
    conversions: raw.conversions,
    conversionRate: raw.entries === 0 ? null : raw.conversions / raw.entries,
    recoveryRate: raw.cartEntries === 0 ? null : raw.recovered / raw.cartEntries,
    revenue: currencies.map((currency) => money(currency, total(currency))),
    revenuePerRun: currencies.flatMap((currency) => {
      const amount = divideMoney(total(currency), raw.entries, currency);
      return amount === null ? [] : [{ amount, currency }];
    }),
    incrementalRevenue,
    attributedOrders: raw.attributedOrders,
    attributedRevenue: [...raw.attributed.keys()]
      .sort()
      .map((currency) => money(currency, raw.attributed.get(currency) ?? 0n)),
  };
}

function emptyRow(key: string): ReportRow {
  return toRow(
    {
      key,
      entries: 0,
      holdoutEntries: 0,
      conversions: 0,
      cartEntries: 0,
      recovered: 0,
      revenue: new Map(),
      messages: [],
      attributedOrders: 0,
      attributed: new Map(),
    },
    null,
  );
}

/** Versions sort as numbers, everything else as text. */
function compareKeys(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isInteger(na) && Number.isInteger(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---- experiment -------------------------------------------------------------------------------------

export interface ExperimentQuery extends ReportQuery {
  /** Revenue is compared in one currency. @default the currency most converting runs ordered in */
  currency?: string;
  /** Passed to `experimentResults`. @default 100 */
  minRecipients?: number;
  /** Passed to `experimentResults`. @default 10 */
  minConversions?: number;
}

export interface ExperimentReport {
  /** The currency revenue per recipient is in; null when no run converted. */
  currency: string | null;
  experiments: {
    /** `holdout` (treated against held out) or `split:<node id>`. */
    key: string;
    /** The arm the others are compared with (`holdout`, else the variant that sorts first). */
    baseline: string | null;
    arms: ArmStatistics[];
    comparisons: Comparison[];
  }[];
}

interface ArmAggregate extends Record<string, unknown> {
  experiment: string;
  arm: string;
  recipients: unknown;
  conversions: unknown;
  revenue: string;
  squares: string;
}

/**
 * The workflow's experiments over runs that entered in the period: treated against the holdout, and each
 * split node's variants (treated runs that took them) against the holdout runs that reached the same split.
 * Recipients are runs; a conversion is an order by the run's customer within the conversion window after
 * entering, measured the same way for held-out and treated runs. Statistics come from `experimentResults`.
 */
export async function workflowExperiment(db: Db, query: ExperimentQuery): Promise<ExperimentReport> {
  const ctes = sql`with ${baseCtes(query)}`;
  let currency = query.currency ?? null;
  if (currency === null) {
    const [top] = await queryRows<{ currency: string }>(
      db,
      sql`${ctes} select currency from conv group by currency order by count(*) desc, currency limit 1`,
    );
    currency = top?.currency ?? null;
  }
  const rows = await queryRows<ArmAggregate>(
    db,
    sql`${ctes},
      per_run as (
        select r.id, r.arm, r.refs,
          exists (select 1 from conv c where c.run_id = r.id) as converted,
          coalesce((select sum(c.revenue) from conv c where c.run_id = r.id and c.currency = ${currency ?? ''}), 0)
            as revenue
        from r
      ),
      arms as (
        select 'holdout' as experiment, arm, converted, revenue from per_run
        union all
        select 'split:' || v.key, case when p.arm = 'holdout' then 'holdout' else v.value end, p.converted, p.revenue
        from per_run p cross join lateral jsonb_each_text(coalesce(p.refs -> 'variants', '{}'::jsonb)) v
      )
      select experiment, arm, count(*) as recipients, count(*) filter (where converted) as conversions,
        sum(revenue)::text as revenue, sum(revenue * revenue)::text as squares
      from arms group by experiment, arm order by experiment, arm`,
  );
  const byExperiment = new Map<string, ArmOutcome[]>();
  for (const row of rows) {
    const outcomes = byExperiment.get(row.experiment) ?? [];
    outcomes.push({
      key: row.arm,
      recipients: count(row.recipients),
      conversions: count(row.conversions),
      revenue: Number(row.revenue),
      revenueSquares: Number(row.squares),
    });
    byExperiment.set(row.experiment, outcomes);
  }
  const experiments: ExperimentReport['experiments'] = [];
  for (const [key, outcomes] of byExperiment) {
    // Without a holdout there is no "treated vs nothing" experiment; a split still compares its variants.
    if (key === 'holdout' && !outcomes.some((o) => o.key === 'holdout')) continue;
    const baseline = outcomes.some((o) => o.key === 'holdout')
      ? 'holdout'
      : ([...outcomes].map((o) => o.key).sort()[0] ?? null);
    const results = experimentResults(outcomes, {
      ...(baseline ? { baseline } : {}),
      ...(query.minRecipients === undefined ? {} : { minRecipients: query.minRecipients }),
      ...(query.minConversions === undefined ? {} : { minConversions: query.minConversions }),
    });
    experiments.push({ key, baseline, arms: [...results.arms], comparisons: [...results.comparisons] });
  }
  return { currency, experiments };
}

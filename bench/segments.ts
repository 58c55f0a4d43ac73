import {
  compileSegment,
  createCustomerMetrics,
  createSegmentStore,
  type SegmentRuleTree,
} from '@cartwire/automation-sdk';
import { type Database, type Db, migrate, openDatabase } from '@cartwire/storage';
import { type SQL, sql } from 'drizzle-orm';

export interface SegmentsBenchOptions {
  /** postgres.js against this server; embedded PGlite when absent (`npm run bench -- segments` passes DATABASE_URL). */
  databaseUrl?: string;
  /** Customers seeded with metrics. @default 1_000_000 on Postgres, 100_000 on PGlite */
  customers?: number;
  /** Orders (and order.created events) the incremental metrics refresh works through. @default 20_000 */
  refreshOrders?: number;
  /** Alternating measured rounds of each materialization. @default 3 */
  rounds?: number;
}

const DAY = 86_400_000;

/**
 * "Viewed category A in the last 30 days, spent at least 500 over 2+ orders, VIP or recent (RFM recency
 * 4-5), and no order in the last 7 days": metrics, a customer field and two event conditions.
 */
const RULE: SegmentRuleTree = {
  all: [
    { field: 'metrics.totalSpent', op: 'gte', value: '500' },
    { field: 'metrics.ordersCount', op: 'gte', value: 2 },
    {
      any: [
        { field: 'customer.tags', op: 'contains', value: 'vip' },
        { field: 'metrics.recencyScore', op: 'gte', value: 4 },
      ],
    },
    {
      event: {
        type: 'category.viewed',
        within: 'P30D',
        where: [{ path: 'collectionId', op: 'eq', value: 'col_a' }],
      },
    },
    { not: { event: { type: 'order.created', within: 'P7D' } } },
  ],
};

/** The same rule as someone would write it by hand for this schema. */
function handWritten(tenantId: string, now: Date): SQL {
  const since30 = new Date(now.getTime() - 30 * DAY).toISOString();
  const since7 = new Date(now.getTime() - 7 * DAY).toISOString();
  return sql`select c.id as customer_id, c.store_id
    from customers c
    join customer_metrics m on m.tenant_id = c.tenant_id and m.customer_id = c.id
    where c.tenant_id = ${tenantId} and c.deleted_at is null
      and m.total_spent >= 500 and m.orders_count >= 2
      and (c.data->'tags' ? 'vip' or m.recency_score >= 4)
      and exists (
        select 1 from events e
        where e.tenant_id = ${tenantId} and e.type = 'category.viewed' and e.occurred_at >= ${since30}::timestamptz
          and e.data->>'collectionId' = 'col_a' and e.data->'shopper'->>'customerId' = c.id)
      and not exists (
        select 1 from events e
        where e.tenant_id = ${tenantId} and e.type = 'order.created' and e.occurred_at >= ${since7}::timestamptz
          and e.data->>'customerId' = c.id)`;
}

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : ((result as { rows: T[] }).rows ?? [])) as T[];
}

async function seed(database: Database, tenantId: string, storeId: string, n: number, now: Date) {
  const db = database.db;
  const at = now.toISOString();
  await db.execute(sql`insert into tenants (id, name) values (${tenantId}, 'segments bench')`);
  await db.execute(sql`insert into stores (id, tenant_id, platform, name, currency, credentials_key_version,
      credentials_iv, credentials_tag, credentials_data)
    values (${storeId}, ${tenantId}, 'shopify', 'Bench', 'EUR', 1, 'iv', 'tag', 'data')`);
  const customerId = sql`'cus_bench' || lpad(i::text, 8, '0')`;
  await db.execute(sql`insert into customers (id, tenant_id, store_id, external_id, data, created_at, updated_at,
      source_updated_at, content_hash, email, email_consent, sms_consent)
    select ${customerId}, ${tenantId}, ${storeId}, i::text,
      jsonb_build_object('firstName', 'C' || i, 'tags', case when i % 17 = 0 then '["vip"]'::jsonb else '[]'::jsonb end),
      ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz, md5(i::text), 'c' || i || '@example.com',
      'subscribed', 'unknown'
    from generate_series(1::bigint, ${n}::bigint) i`);
  await db.execute(sql`insert into customer_metrics (tenant_id, customer_id, store_id, currency, orders_count,
      total_spent, average_order_value, first_order_at, last_order_at, refunded_amount, category_affinity,
      top_categories, recency_score, frequency_score, monetary_score, computed_at)
    select ${tenantId}, ${customerId}, ${storeId}, 'EUR', (i * 31) % 7, ((i * 7919) % 200000) / 100.0,
      case when (i * 31) % 7 > 0 then round(((i * 7919) % 200000) / 100.0 / ((i * 31) % 7), 4) end,
      ${at}::timestamptz - ((i * 13) % 700) * interval '1 day', ${at}::timestamptz - ((i * 13) % 365) * interval '1 day',
      0, '[]'::jsonb, '{}'::text[], 1 + i % 5, 1 + (i / 5) % 5, 1 + (i / 25) % 5, ${at}::timestamptz
    from generate_series(1::bigint, ${n}::bigint) i`);
  // Behaviour for a tenth of the customers, recent orders for a twentieth.
  await db.execute(sql`insert into events (id, tenant_id, store_id, type, source, entity_type, entity_id,
      occurred_at, received_at, data)
    select 'evt_benchview' || i, ${tenantId}, ${storeId}, 'category.viewed', 'track', 'behavior',
      case when i % 20 = 0 then 'col_a' else 'col_b' end, ${at}::timestamptz - (i % 40) * interval '1 day', ${at}::timestamptz,
      jsonb_build_object('shopper', jsonb_build_object('customerId', ${customerId}),
        'collectionId', case when i % 20 = 0 then 'col_a' else 'col_b' end, 'name', 'Category')
    from generate_series(1::bigint, ${n}::bigint) i where i % 10 = 0`);
  await db.execute(sql`insert into events (id, tenant_id, store_id, type, source, entity_type, entity_id,
      occurred_at, received_at, data)
    select 'evt_benchorder' || i, ${tenantId}, ${storeId}, 'order.created', 'webhook', 'order', 'ord_bench' || i,
      ${at}::timestamptz - (i % 14) * interval '1 day', ${at}::timestamptz,
      jsonb_build_object('customerId', ${customerId})
    from generate_series(1::bigint, ${n}::bigint) i where i % 20 = 5`);
  await db.execute(sql`analyze customers`);
  await db.execute(sql`analyze customer_metrics`);
  await db.execute(sql`analyze events`);
}

/** Orders with one line (known unit cost, one category) and their order.created events, after the cursor. */
async function seedRefreshOrders(
  database: Database,
  tenantId: string,
  storeId: string,
  orders: number,
  now: Date,
) {
  const db = database.db;
  const at = now.toISOString();
  await db.execute(sql`insert into products (id, tenant_id, store_id, external_id, data, created_at, updated_at,
      source_updated_at, content_hash, title, status)
    values ('prd_bench1', ${tenantId}, ${storeId}, 'p1', '{"collectionIds": ["col_a"]}'::jsonb, ${at}::timestamptz,
      ${at}::timestamptz, ${at}::timestamptz, 'x', 'Bench product', 'active')`);
  await db.execute(sql`insert into variants (id, tenant_id, store_id, external_id, data, created_at, updated_at,
      source_updated_at, content_hash, product_id, price, currency)
    values ('var_bench1', ${tenantId}, ${storeId}, 'v1', '{"unitCost": {"amount": "10.00", "currency": "EUR"}}'::jsonb,
      ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz, 'x', 'prd_bench1', 25, 'EUR')`);
  // Two orders per customer, so half as many customers are recomputed as events are read.
  const customerId = sql`'cus_bench' || lpad((1 + i / 2)::text, 8, '0')`;
  await db.execute(sql`insert into orders (id, tenant_id, store_id, external_id, data, created_at, updated_at,
      source_updated_at, content_hash, status, financial_status, fulfillment_status, customer_id, total, currency,
      processed_at)
    select 'ord_refresh' || i, ${tenantId}, ${storeId}, 'r' || i,
      jsonb_build_object('totalRefunded', jsonb_build_object('amount', '0.00', 'currency', 'EUR'),
        'totalDiscounts', jsonb_build_object('amount', case when i % 3 = 0 then '5.00' else '0.00' end, 'currency', 'EUR'),
        'lineItems', jsonb_build_array(jsonb_build_object('productId', 'prd_bench1', 'variantId', 'var_bench1',
          'quantity', 2, 'unitPrice', jsonb_build_object('amount', '25.00', 'currency', 'EUR'),
          'totalDiscount', jsonb_build_object('amount', '0.00', 'currency', 'EUR')))),
      ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz, md5(i::text), 'open', 'paid', 'unfulfilled',
      ${customerId}, 50, 'EUR', ${at}::timestamptz - (i % 90) * interval '1 day'
    from generate_series(0::bigint, ${orders - 1}::bigint) i`);
  await db.execute(sql`insert into customer_metrics_cursor (id, seq, updated_at)
    values ('customer-metrics', (select coalesce(max(seq), 0) from events), now())
    on conflict (id) do update set seq = excluded.seq`);
  await db.execute(sql`insert into events (id, tenant_id, store_id, type, source, entity_type, entity_id,
      occurred_at, received_at, data)
    select 'evt_refresh' || i, ${tenantId}, ${storeId}, 'order.created', 'webhook', 'order', 'ord_refresh' || i,
      ${at}::timestamptz, ${at}::timestamptz, jsonb_build_object('customerId', ${customerId})
    from generate_series(0::bigint, ${orders - 1}::bigint) i`);
  await db.execute(sql`analyze orders`);
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/**
 * Materializing a segment over N customers through the rule compiler against the same rule written by
 * hand in SQL (same run, same database, alternating rounds, medians), plus the incremental metrics refresh
 * throughput in events/s.
 */
export async function benchSegments(options: SegmentsBenchOptions = {}) {
  const database = await openDatabase(options.databaseUrl ? { url: options.databaseUrl } : {});
  await migrate(database);
  const n = options.customers ?? (database.driver === 'postgres' ? 1_000_000 : 100_000);
  const refreshOrders = options.refreshOrders ?? 20_000;
  const roundsCount = options.rounds ?? 3;
  const now = new Date();
  const suffix = Date.now().toString(36);
  const tenantId = `ten_bench${suffix}`;
  const storeId = `sto_bench${suffix}`;
  try {
    let started = performance.now();
    await seed(database, tenantId, storeId, n, now);
    const seedSeconds = (performance.now() - started) / 1000;
    // RFM quintiles of the whole store from scratch (what the schedule does), so the seeded scores are real.
    started = performance.now();
    await createCustomerMetrics(database.db, { now: () => now }).recomputeRfm(tenantId);
    const rfmFullSeconds = (performance.now() - started) / 1000;

    const store = createSegmentStore(database.db, { now: () => now });
    started = performance.now();
    const { segment, result } = await store.create(tenantId, { name: 'Bench', rule: RULE });
    const createSeconds = (performance.now() - started) / 1000;

    const materializeInto = async (query: SQL) =>
      database.transaction(async (tx) => {
        await tx.execute(
          sql`delete from segment_memberships where tenant_id = ${tenantId} and segment_id = ${segment.id}`,
        );
        await tx.execute(sql.raw(`set local work_mem = '256MB'`));
        const begin = performance.now();
        const [inserted] = await rows<{ n: number }>(
          tx,
          sql`with inserted as (
            insert into segment_memberships (tenant_id, segment_id, customer_id, store_id, entered_at)
            select ${tenantId}, ${segment.id}, t.customer_id, t.store_id, ${now.toISOString()}::timestamptz from (${query}) t
            returning 1)
          select count(*)::int as n from inserted`,
        );
        return { ms: performance.now() - begin, members: Number(inserted?.n ?? 0) };
      });
    const compiled: number[] = [];
    const hand: number[] = [];
    let members = { compiled: 0, hand: 0 };
    for (let round = 0; round < roundsCount; round++) {
      const a = await materializeInto(compileSegment(RULE, { tenantId, now }));
      const b = await materializeInto(handWritten(tenantId, now));
      compiled.push(a.ms);
      hand.push(b.ms);
      members = { compiled: a.members, hand: b.members };
    }
    if (members.compiled !== members.hand || members.compiled !== result.members) {
      throw new Error(`compiled and hand-written rules disagree: ${JSON.stringify({ members, result })}`);
    }

    await seedRefreshOrders(database, tenantId, storeId, refreshOrders, now);
    const metrics = createCustomerMetrics(database.db, { now: () => now });
    started = performance.now();
    let events = 0;
    let touched = 0;
    // As the refresher drains a backlog: batches of 1000 events; then the store's RFM quintiles once.
    for (;;) {
      const batch = await metrics.refresh({ limit: 1000, rfm: false });
      events += batch.events;
      touched += batch.touched.get(tenantId)?.length ?? 0;
      if (!batch.more) break;
    }
    const rfmStarted = performance.now();
    await metrics.recomputeRfm(tenantId, [storeId]);
    const rfmSeconds = (performance.now() - rfmStarted) / 1000;
    const refreshSeconds = (performance.now() - started) / 1000;

    return {
      driver: database.driver,
      customers: n,
      ...(database.driver === 'pglite'
        ? { note: 'PGlite: 100k customers by default (1M on Postgres with DATABASE_URL)' }
        : {}),
      seedSeconds: round(seedSeconds),
      rfmFullStoreSeconds: round(rfmFullSeconds),
      segment: {
        members: result.members,
        createWithEventsSeconds: round(createSeconds),
        compiledMedianMs: round(median(compiled)),
        handWrittenMedianMs: round(median(hand)),
        /** compiled ÷ hand-written: 1 means the compiler costs nothing. */
        ratio: round(median(compiled) / median(hand)),
      },
      refresh: {
        events,
        customersRecomputed: touched,
        seconds: round(refreshSeconds - rfmSeconds),
        /** Metrics of the touched customers, as the refresher does per batch. */
        eventsPerSecond: Math.round(events / (refreshSeconds - rfmSeconds)),
        /** The store's RFM quintiles afterwards (the debounced job's statement over every customer). */
        rfmSeconds: round(rfmSeconds),
        eventsPerSecondWithRfm: Math.round(events / refreshSeconds),
      },
    };
  } finally {
    await database.db.execute(sql`delete from customer_metrics_cursor where id = 'customer-metrics'`);
    await database.db.execute(sql`delete from events where tenant_id = ${tenantId}`);
    await database.db.execute(sql`delete from tenants where id = ${tenantId}`);
    await database.close();
  }
}

const round = (value: number) => Math.round(value * 1000) / 1000;

import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { type SQL, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSegmentStore } from '../segments/segment-store';
import { ensureTenant } from '../test-harness';
import { type ClvService, createClvService } from './store-clv';

const tenantId = 'ten_test0clv';
const otherTenant = 'ten_test0clvother';
const storeId = 'sto_test0clvshop';
const smallStore = 'sto_test0clvsmall';
const NOW = new Date('2026-06-30T12:00:00Z');
const DAY = 86_400_000;

interface OrderSeed {
  customerId: string;
  at: Date;
  total: string;
  status?: string;
  currency?: string;
}

/** Deterministic PRNG (mulberry32), so the simulated store is the same on every run. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Gamma(shape, rate) by Marsaglia & Tsang. */
function gammaSample(random: () => number, shape: number, rate: number): number {
  if (shape < 1) return gammaSample(random, shape + 1, rate) * random() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      const u1 = random();
      const u2 = random();
      x = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

/**
 * Customers who buy and drop out as the BG/NBD model assumes (rates in days), spending as the
 * Gamma-Gamma model assumes, first buying over the 200 days before NOW.
 */
function simulateStore(customers: number): OrderSeed[] {
  const random = prng(42);
  const truth = { r: 0.8, alpha: 40, a: 0.6, b: 3, p: 6, q: 4, gamma: 15 };
  const seeds: OrderSeed[] = [];
  for (let i = 0; i < customers; i++) {
    const customerId = `cus_sim${String(i).padStart(5, '0')}`;
    const rate = gammaSample(random, truth.r, truth.alpha);
    const dropout = 1 / (1 + gammaSample(random, truth.b, 1) / gammaSample(random, truth.a, 1));
    const scale = gammaSample(random, truth.q, truth.gamma);
    let t = NOW.getTime() - Math.floor(random() * 200) * DAY - DAY / 2;
    for (;;) {
      seeds.push({ customerId, at: new Date(t), total: gammaSample(random, truth.p, scale).toFixed(2) });
      if (random() < dropout) break;
      t += (-Math.log(1 - random()) / rate) * DAY;
      if (t > NOW.getTime() - DAY / 2) break;
    }
  }
  return seeds;
}

async function insertStore(database: TestDatabase, tenant: string, id: string) {
  await database.db.execute(
    sql`insert into stores (id, tenant_id, platform, name, currency, credentials_key_version, credentials_iv, credentials_tag, credentials_data)
        values (${id}, ${tenant}, 'shopify', ${id}, 'EUR', 1, 'iv', 'tag', 'data')`,
  );
}

let orderSeq = 0;
async function insertOrders(
  database: TestDatabase,
  tenant: string,
  store: string,
  seeds: readonly OrderSeed[],
) {
  for (let i = 0; i < seeds.length; i += 500) {
    const values: SQL[] = seeds.slice(i, i + 500).map((o) => {
      orderSeq++;
      const at = o.at.toISOString();
      return sql`(${`ord_clv${orderSeq}`}, ${tenant}, ${store}, ${`ext-${orderSeq}`}, '{}'::jsonb, ${at}::timestamptz,
        ${at}::timestamptz, ${at}::timestamptz, 'hash', ${o.status ?? 'open'}, 'paid', 'unfulfilled', ${o.customerId},
        ${o.total}::numeric, ${o.currency ?? 'EUR'}, ${at}::timestamptz)`;
    });
    await database.db.execute(
      sql`insert into orders (id, tenant_id, store_id, external_id, data, created_at, updated_at, source_updated_at,
            content_hash, status, financial_status, fulfillment_status, customer_id, total, currency, processed_at)
          values ${sql.join(values, sql`, `)}`,
    );
  }
}

describe.each(testDatabases())('per-store CLV on $name', ({ create }) => {
  let database: TestDatabase;
  let clock: { now: Date };
  let clv: ClvService;

  beforeEach(async () => {
    database = await create();
    clock = { now: NOW };
    await ensureTenant(database, tenantId);
    await ensureTenant(database, otherTenant);
    await insertStore(database, tenantId, storeId);
    await insertStore(database, tenantId, smallStore);
    clv = createClvService({ db: database.db, now: () => clock.now });
  });
  afterEach(async () => {
    await database?.close();
  });

  it('fits a store, stores the model and predicts every customer', async () => {
    await insertOrders(database, tenantId, storeId, simulateStore(1500));
    // A loyal recent buyer, a lapsed one and a same-day double order; cancelled and foreign-currency
    // orders are not purchases.
    const at = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * DAY);
    await insertOrders(database, tenantId, storeId, [
      ...[150, 120, 90, 60, 30, 3].map((d) => ({ customerId: 'cus_loyal', at: at(d), total: '80.00' })),
      ...[190, 180, 170, 160, 150, 140].map((d) => ({ customerId: 'cus_lapsed', at: at(d), total: '80.00' })),
      { customerId: 'cus_sameday', at: new Date('2026-06-01T08:00:00Z'), total: '10.00' },
      { customerId: 'cus_sameday', at: new Date('2026-06-01T20:00:00Z'), total: '15.00' },
      { customerId: 'cus_sameday', at: at(5), total: '99.00', status: 'cancelled' },
      { customerId: 'cus_sameday', at: at(4), total: '99.00', currency: 'USD' },
    ]);

    const model = await clv.fitStore(tenantId, storeId);
    expect(model.purchaseModel.status).toBe('fitted');
    expect(model.spendModel.status).toBe('fitted');
    expect(model.statusDetail).toBeNull();
    expect(model.currency).toBe('EUR');
    expect(model.customers).toBe(1503);
    // The simulated truth is r 0.8, α 40 days, a 0.6, b 3; p 6, q 4, γ 15. A sample this size recovers
    // it roughly, and the fitted model reproduces the repeat purchases it was fitted on.
    const purchase = model.purchaseModel.params!;
    expect(purchase.r).toBeGreaterThan(0.5);
    expect(purchase.r).toBeLessThan(1.2);
    expect(purchase.alpha).toBeGreaterThan(20);
    expect(purchase.alpha).toBeLessThan(70);
    expect(model.spendModel.params!.p).toBeGreaterThan(3);
    expect(model.spendModel.params!.p).toBeLessThan(10);
    expect(model.expectedRepeatPurchases! / model.observedRepeatPurchases).toBeGreaterThan(0.95);
    expect(model.expectedRepeatPurchases! / model.observedRepeatPurchases).toBeLessThan(1.05);
    expect(model.fittedAt).toEqual(NOW);
    expect(await clv.getStoreModel(tenantId, storeId)).toEqual(model);

    const loyal = await clv.getCustomerPrediction(tenantId, 'cus_loyal');
    const lapsed = await clv.getCustomerPrediction(tenantId, 'cus_lapsed');
    expect(loyal).toMatchObject({ storeId, repeatPurchases: 5, recencyDays: 147, ageDays: 150 });
    expect(lapsed).toMatchObject({ repeatPurchases: 5, recencyDays: 50, ageDays: 190 });
    expect(loyal!.pAlive).toBeGreaterThan(0.9);
    expect(lapsed!.pAlive).toBeLessThan(0.2);
    expect(loyal!.expectedPurchases.days30).toBeLessThan(loyal!.expectedPurchases.days90);
    expect(loyal!.expectedPurchases.days90).toBeLessThan(loyal!.expectedPurchases.days365);
    expect(loyal!.predictedClv!.currency).toBe('EUR');
    expect(loyal!.predictedClv!.amount).toMatch(/^\d+\.\d{2}$/);
    expect(Number(loyal!.predictedClv!.amount)).toBeGreaterThan(Number(lapsed!.predictedClv!.amount) * 3);
    // One discounted year of expected orders at the expected order value, never more than undiscounted.
    expect(Number(loyal!.predictedClv!.amount)).toBeLessThan(
      loyal!.expectedPurchases.days365 * Number(loyal!.expectedAvgSpend!.amount),
    );
    expect(Number(loyal!.expectedAvgSpend!.amount)).toBeGreaterThan(60);
    expect(Number(loyal!.expectedAvgSpend!.amount)).toBeLessThan(80);

    const sameDay = await clv.getCustomerPrediction(tenantId, 'cus_sameday');
    expect(sameDay).toMatchObject({ repeatPurchases: 0, recencyDays: 0, ageDays: 29, pAlive: 1 });

    expect(await clv.getCustomerPrediction(otherTenant, 'cus_loyal')).toBeNull();
    expect(await clv.getStoreModel(otherTenant, storeId)).toBeNull();

    // The predictions are segment fields: "likely churned" and "high predicted value" audiences.
    for (const id of ['cus_loyal', 'cus_lapsed']) {
      await database.db.execute(
        sql`insert into customers (id, tenant_id, store_id, external_id, data, created_at, updated_at, source_updated_at,
              content_hash, email_consent, sms_consent)
            values (${id}, ${tenantId}, ${storeId}, ${id}, '{}'::jsonb, ${NOW.toISOString()}::timestamptz,
              ${NOW.toISOString()}::timestamptz, ${NOW.toISOString()}::timestamptz, 'hash', 'unknown', 'unknown')`,
      );
    }
    const segments = createSegmentStore(database.db, { now: () => clock.now });
    const churned = await segments.preview(tenantId, {
      rule: { field: 'predictions.pAlive', op: 'lt', value: 0.2 },
    });
    expect(churned.sample.map((c) => c.customerId)).toEqual(['cus_lapsed']);
    const valuable = await segments.preview(tenantId, {
      rule: { field: 'predictions.predictedClv', op: 'gte', value: loyal!.predictedClv!.amount },
    });
    expect(valuable.sample.map((c) => c.customerId)).toEqual(['cus_loyal']);
    const other = await segments.preview(otherTenant, {
      rule: { field: 'predictions.pAlive', op: 'exists' },
    });
    expect(other.count).toBe(0);
  });

  it('records too little data as the model status and predicts nobody', async () => {
    await insertOrders(database, tenantId, smallStore, [
      { customerId: 'cus_a', at: new Date('2026-05-01T10:00:00Z'), total: '20.00' },
      { customerId: 'cus_a', at: new Date('2026-06-01T10:00:00Z'), total: '30.00' },
      { customerId: 'cus_b', at: new Date('2026-05-03T10:00:00Z'), total: '25.00' },
    ]);
    const model = await clv.fitStore(tenantId, smallStore);
    expect(model).toMatchObject({
      customers: 2,
      repeatCustomers: 1,
      observedRepeatPurchases: 1,
      expectedRepeatPurchases: null,
      purchaseModel: { status: 'insufficient_data', params: null },
      spendModel: { status: 'insufficient_data', params: null },
    });
    expect(model.statusDetail).toContain('needs at least 30 customers; got 2');
    expect(await clv.getCustomerPrediction(tenantId, 'cus_a')).toBeNull();
  });

  it('lists stores due for a refit, and a refit replaces the predictions', async () => {
    await insertOrders(database, tenantId, storeId, simulateStore(300));
    const due = await clv.listStoresDue(DAY);
    expect(due.map((s) => s.storeId).sort()).toEqual([smallStore, storeId].sort());
    await clv.fitStore(tenantId, storeId);
    await clv.fitStore(tenantId, smallStore);
    expect(await clv.listStoresDue(DAY)).toEqual([]);

    clock.now = new Date(NOW.getTime() + DAY + 1000);
    expect((await clv.listStoresDue(DAY)).map((s) => s.storeId).sort()).toEqual([smallStore, storeId].sort());
    const before = await clv.getCustomerPrediction(tenantId, 'cus_sim00000');
    const refit = await clv.fitStore(tenantId, storeId);
    const after = await clv.getCustomerPrediction(tenantId, 'cus_sim00000');
    expect(refit.fittedAt).toEqual(clock.now);
    expect(after!.modelFittedAt).toEqual(clock.now);
    expect(after!.ageDays).toBe(before!.ageDays + 1);
    const [{ count }] = (await database.db
      .execute(sql`select count(*)::int as count from customer_predictions where store_id = ${storeId}`)
      .then((r) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows))) as [{ count: number }];
    expect(count).toBe(refit.customers);
  });
});

import { readFileSync } from 'node:fs';
import { type Customer, entityId } from '@cartwire/model';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import type { z } from '@hono/zod-openapi';
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLV_REFIT_QUEUE, startClvRefits } from '../../predictions/clv-refits';
import { buildTestApp, capturedLogger, manualClock } from '../../testing/test-gateway';
import type { ClvModel, CustomerPrediction } from './predictions.routes';

type ClvModelBody = z.infer<typeof ClvModel>;
type PredictionBody = z.infer<typeof CustomerPrediction>;

const NOW = new Date('2026-06-30T12:00:00Z');
const DAY = 86_400_000;

/**
 * Orders that reproduce the first CDNOW sample customers (Fader, Hardie & Lee 2005): x repeat purchases,
 * the last t_x weeks after the first, which was T weeks before the fit, each repeat worth zbar dollars.
 */
function cdnowOrders(customers: number, storeId: string) {
  const lines = readFileSync(
    '/work/shared/fixtures/cdnow/cdnow_customers_summary_with_transactions.csv',
    'utf8',
  )
    .split(/\r?\n/)
    .slice(1, customers + 1);
  const today = Math.floor(NOW.getTime() / DAY) * DAY + 10 * 3_600_000;
  return lines.flatMap((line) => {
    const [id, x, tx, T, zbar] = line.split(',').map(Number) as [number, number, number, number, number];
    const customerId = entityId('customer', storeId, `cd${id}`);
    const first = today - Math.round(T * 7) * DAY;
    const last = first + Math.round(tx * 7) * DAY;
    const orders = [{ customerId, at: first, total: '20.00' }];
    for (let k = 1; k <= x; k++) {
      orders.push({
        customerId,
        at: first + Math.round(((last - first) * k) / x / DAY) * DAY,
        total: zbar.toFixed(2),
      });
    }
    return orders;
  });
}

function customer(storeId: string, externalId: string): Customer {
  return {
    id: entityId('customer', storeId, externalId),
    storeId,
    platform: 'shopify',
    externalId,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    email: `${externalId}@example.com`,
    phone: null,
    firstName: null,
    lastName: null,
    tags: [],
    locale: null,
    timeZone: null,
    marketingConsent: {
      email: { state: 'subscribed', source: null, updatedAt: null },
      sms: { state: 'unknown', source: null, updatedAt: null },
    },
    defaultAddress: null,
    ordersCount: 0,
    totalSpent: null,
  };
}

async function until<T>(read: () => Promise<T | null>): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await read();
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('gave up waiting');
}

describe.each(testDatabases())('CLV predictions on $name', ({ create }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('refits stores on schedule through the job queue and serves the model and predictions', async () => {
    const clock = manualClock(NOW);
    const { app, authorization, repositories, tenant } = await buildTestApp(database, { clock });
    const store = await repositories.stores.createStore({
      tenantId: tenant.id,
      platform: 'shopify',
      name: 'Records',
      credentials: { accessToken: 'shpat_test' },
    });
    const empty = await repositories.stores.createStore({
      tenantId: tenant.id,
      platform: 'shopify',
      name: 'Empty',
      credentials: { accessToken: 'shpat_test' },
    });
    await repositories.entities.upsertEntities('customer', [
      { tenantId: tenant.id, entity: customer(store.id, 'cd1') },
      { tenantId: tenant.id, entity: customer(store.id, 'cd3') },
      { tenantId: tenant.id, entity: customer(store.id, 'newcomer') },
    ]);
    const orders = cdnowOrders(400, store.id);
    for (let i = 0; i < orders.length; i += 500) {
      const values: SQL[] = orders.slice(i, i + 500).map((o, k) => {
        const at = new Date(o.at).toISOString();
        return sql`(${`ord_cd${i + k}`}, ${tenant.id}, ${store.id}, ${`cd-${i + k}`}, '{}'::jsonb, ${at}::timestamptz,
          ${at}::timestamptz, ${at}::timestamptz, 'hash', 'closed', 'paid', 'fulfilled', ${o.customerId},
          ${o.total}::numeric, 'USD', ${at}::timestamptz)`;
      });
      await database.db.execute(
        sql`insert into orders (id, tenant_id, store_id, external_id, data, created_at, updated_at, source_updated_at,
              content_hash, status, financial_status, fulfillment_status, customer_id, total, currency, processed_at)
            values ${sql.join(values, sql`, `)}`,
      );
    }
    const get = (path: string, headers = authorization) => app.request(path, { headers });

    expect((await get(`/v1/stores/${store.id}/clv-model`)).status).toBe(404);

    const { logger, lines } = capturedLogger();
    const refits = startClvRefits({
      database,
      repositories,
      clock,
      logger,
      workerId: 'clv-test',
      idleDelayMs: 20,
    });
    try {
      const fitted = await until(() => refits.clv.getStoreModel(tenant.id, store.id));
      await until(() => refits.clv.getStoreModel(tenant.id, empty.id));

      const response = await get(`/v1/stores/${store.id}/clv-model`);
      expect(response.status).toBe(200);
      const model = (await response.json()) as ClvModelBody;
      expect(model).toMatchObject({
        object: 'clv_model',
        storeId: store.id,
        currency: 'USD',
        timeUnit: 'day',
        customers: 400,
        fittedAt: NOW.toISOString(),
        observationEnd: '2026-06-30T00:00:00.000Z',
        purchaseModel: { model: 'bg_nbd', status: 'fitted' },
        spendModel: { model: 'gamma_gamma', status: 'fitted' },
        statusDetail: null,
        assumptions: { horizonDays: 365, periodDays: 30, annualDiscountRate: 0.1, margin: 1 },
      });
      expect(model.repeatCustomers).toBe(fitted.repeatCustomers);
      // CDNOW in days: r is unit-free and close to the published 0.243; α scales by 7 (4.414 weeks).
      expect(model.purchaseModel.params!.r).toBeGreaterThan(0.15);
      expect(model.purchaseModel.params!.r).toBeLessThan(0.4);
      expect(model.purchaseModel.params!.alpha).toBeGreaterThan(7);
      expect(model.fitQuality.observedRepeatPurchases).toBeGreaterThan(0);
      expect(
        Math.abs(model.fitQuality.expectedRepeatPurchases! / model.fitQuality.observedRepeatPurchases - 1),
      ).toBeLessThan(0.05);

      const emptyModel = await (await get(`/v1/stores/${empty.id}/clv-model`)).json();
      expect(emptyModel).toMatchObject({
        customers: 0,
        currency: null,
        purchaseModel: { status: 'insufficient_data', params: null },
      });

      const cd1 = entityId('customer', store.id, 'cd1');
      const prediction = await get(`/v1/customers/${cd1}/predictions`);
      expect(prediction.status).toBe(200);
      const body = (await prediction.json()) as PredictionBody;
      expect(body).toMatchObject({
        object: 'customer_prediction',
        customerId: cd1,
        storeId: store.id,
        repeatPurchases: 2,
        recencyDays: 213,
        ageDays: 272,
        modelFittedAt: NOW.toISOString(),
      });
      expect(body.pAlive).toBeGreaterThan(0.5);
      expect(body.pAlive).toBeLessThan(1);
      expect(body.expectedPurchases.days30).toBeLessThan(body.expectedPurchases.days365);
      expect(body.expectedAverageSpend!.currency).toBe('USD');
      expect(body.predictedClv!.amount).toMatch(/^\d+\.\d{2}$/);

      // Customer 3 never came back: P(alive) is 1 by the model's definition, but fewer purchases expected.
      const cd3Response = await get(`/v1/customers/${entityId('customer', store.id, 'cd3')}/predictions`);
      const cd3 = (await cd3Response.json()) as PredictionBody;
      expect(cd3).toMatchObject({ repeatPurchases: 0, pAlive: 1 });
      expect(cd3.expectedPurchases.days365).toBeLessThan(body.expectedPurchases.days365);

      const newcomer = await get(`/v1/customers/${entityId('customer', store.id, 'newcomer')}/predictions`);
      expect(newcomer.status).toBe(404);
      expect(newcomer.headers.get('content-type')).toContain('application/problem+json');
      expect(await newcomer.json()).toMatchObject({ code: 'not_found' });
      expect((await get('/v1/customers/cus_unknown/predictions')).status).toBe(404);
      expect((await get('/v1/stores/sto_unknown/clv-model')).status).toBe(404);

      // Another tenant sees neither the store's model nor the customer's predictions.
      const other = await buildTestApp(database, { clock });
      expect((await get(`/v1/stores/${store.id}/clv-model`, other.authorization)).status).toBe(404);
      expect((await get(`/v1/customers/${cd1}/predictions`, other.authorization)).status).toBe(404);

      // Nothing is refitted before the interval; after it, the next schedule refits.
      expect(await refits.clv.listStoresDue(DAY)).toEqual([]);
      clock.advance(DAY + 60_000);
      refits.nudge();
      const refitted = await until(async () => {
        const m = await refits.clv.getStoreModel(tenant.id, store.id);
        return m && m.fittedAt > NOW ? m : null;
      });
      expect(refitted.fittedAt).toEqual(clock.now());
      // The job completes (and logs) right after the fit's transaction commits.
      const refitLogs = () => lines.filter((l) => l.msg === 'clv models refitted' && l.storeId === store.id);
      await until(async () => (refitLogs().length === 2 ? true : null));
      await until(async () =>
        lines.filter((l) => l.msg === 'clv models refitted').length === 4 ? true : null,
      );
      const jobs = await database.db.execute(
        sql`select state from jobs where queue = ${CLV_REFIT_QUEUE} and tenant_id = ${tenant.id}`,
      );
      const states = (Array.isArray(jobs) ? jobs : (jobs as { rows: { state: string }[] }).rows).map(
        (r) => (r as { state: string }).state,
      );
      expect(states.sort()).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    } finally {
      await refits.stop();
    }
  });
});

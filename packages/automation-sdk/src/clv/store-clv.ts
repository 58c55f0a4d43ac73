import { currencyDecimals, type Money } from '@cartwire/model';
import {
  type ClvModelStatus,
  type ClvSettings,
  clvModels,
  customerPredictions,
  type Db,
} from '@cartwire/storage';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import {
  type BgNbdFit,
  type BgNbdParams,
  expectedPurchases,
  expectedPurchasesNewCustomer,
  fitBgNbdAsync,
  probabilityAlive,
} from './bg-nbd';
import { ClvError, InvalidClvInputError } from './errors';
import {
  expectedAverageSpend,
  fitGammaGammaAsync,
  type GammaGammaFit,
  type GammaGammaParams,
} from './gamma-gamma';
import { lifetimeValue, periodDiscountRate } from './lifetime-value';
import { type CustomerSummary, summarizePurchases } from './summarize';

/**
 * CLV assumptions. The defaults give a one-year revenue CLV discounted monthly at 10 % a year.
 * @example { horizonDays: 730, annualDiscountRate: 0.08, margin: 0.35 }
 */
export const DEFAULT_CLV_SETTINGS: ClvSettings = {
  horizonDays: 365,
  periodDays: 30,
  annualDiscountRate: 0.1,
  margin: 1,
};

/** Horizons of the stored expected purchase counts, in days. */
export const PREDICTION_HORIZONS_DAYS = [30, 90, 365] as const;

export interface StoreClvModel {
  readonly tenantId: string;
  readonly storeId: string;
  /** Currency of the spend model and every CLV; null when the store has no usable order. */
  readonly currency: string | null;
  /** Model time unit: x, t_x, T, α and γ's scale are in days. */
  readonly timeUnit: 'day';
  readonly observationEnd: Date;
  readonly customers: number;
  readonly repeatCustomers: number;
  readonly observedRepeatPurchases: number;
  /** Σ E[X(T)] over the customers under the fitted model; close to the observed count when the model fits. */
  readonly expectedRepeatPurchases: number | null;
  readonly purchaseModel: {
    readonly status: ClvModelStatus;
    readonly params: BgNbdParams | null;
    readonly logLikelihood: number | null;
  };
  readonly spendModel: {
    readonly status: ClvModelStatus;
    readonly params: GammaGammaParams | null;
    readonly logLikelihood: number | null;
    readonly frequencySpendCorrelation: number | null;
  };
  /** Why a model is not fitted; null when both are. */
  readonly statusDetail: string | null;
  readonly settings: ClvSettings;
  readonly fittedAt: Date;
  readonly durationMs: number;
}

export interface CustomerPrediction {
  readonly storeId: string;
  readonly customerId: string;
  readonly repeatPurchases: number;
  readonly recencyDays: number;
  readonly ageDays: number;
  readonly expectedPurchases: { readonly days30: number; readonly days90: number; readonly days365: number };
  readonly pAlive: number;
  readonly expectedAvgSpend: Money | null;
  readonly predictedClv: Money | null;
  readonly modelFittedAt: Date;
}

export interface ClvServiceOptions {
  readonly db: Db;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** CLV assumptions, merged over DEFAULT_CLV_SETTINGS. */
  readonly settings?: Partial<ClvSettings>;
  /** Refuse a purchase-model fit below this many customers. @default 30 */
  readonly minCustomers?: number;
  /** Refuse a fit below this many repeat buyers (both models). @default 10 */
  readonly minRepeatCustomers?: number;
}

export interface ClvService {
  /**
   * Fits both models on the store's orders up to now, replaces its customer predictions and records the
   * fit. Too little data or a failed optimization is recorded as the model status, not thrown.
   */
  fitStore(tenantId: string, storeId: string): Promise<StoreClvModel>;
  getStoreModel(tenantId: string, storeId: string): Promise<StoreClvModel | null>;
  getCustomerPrediction(tenantId: string, customerId: string): Promise<CustomerPrediction | null>;
  /** Active stores whose last fit is older than `maxAgeMs` (or that were never fitted). */
  listStoresDue(maxAgeMs: number): Promise<{ tenantId: string; storeId: string; dueAt: Date }[]>;
}

const DAY_MS = 86_400_000;
const INSERT_CHUNK = 500;

/** Per-store CLV: order summaries → BG/NBD + Gamma-Gamma fits → stored model and customer predictions. */
export function createClvService(options: ClvServiceOptions): ClvService {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const settings: ClvSettings = { ...DEFAULT_CLV_SETTINGS, ...options.settings };
  if (!(settings.horizonDays > 0 && settings.periodDays > 0 && settings.margin >= 0 && settings.margin <= 1))
    throw new InvalidClvInputError(`invalid CLV settings ${JSON.stringify(settings)}`);
  const minCustomers = options.minCustomers ?? 30;
  const minRepeat = options.minRepeatCustomers ?? 10;

  async function loadSummaries(tenantId: string, storeId: string, end: Date) {
    const [store] = await queryRows<{ currency: string | null }>(
      db,
      sql`select currency from stores where tenant_id = ${tenantId} and id = ${storeId}`,
    );
    if (!store) throw new InvalidClvInputError(`store ${storeId} not found for this tenant`);
    // One row per customer, currency and UTC day: the models count a day's orders as one purchase.
    // Cancelled, draft, voided and failed orders are not purchases; refunds do not change the count.
    const rows = await queryRows<{
      customer_id: string;
      currency: string;
      day: string;
      total: string;
      orders: number;
    }>(
      db,
      sql`select customer_id, currency,
            to_char(coalesce(processed_at, created_at) at time zone 'UTC', 'YYYY-MM-DD') as day,
            sum(total)::text as total, count(*)::int as orders
          from orders
          where tenant_id = ${tenantId} and store_id = ${storeId} and customer_id is not null
            and deleted_at is null and cancelled_at is null
            and status not in ('cancelled', 'draft') and financial_status not in ('voided', 'failed')
            and coalesce(processed_at, created_at) <= ${end.toISOString()}::timestamptz
          group by 1, 2, 3`,
    );
    const currency = store.currency ?? dominantCurrency(rows);
    const purchases = rows
      .filter((row) => row.currency === currency)
      .map((row) => ({
        customerId: row.customer_id,
        at: new Date(`${row.day}T00:00:00Z`),
        amount: Number(row.total),
      }));
    return { currency, summaries: summarizePurchases(purchases, { observationEnd: end }) };
  }

  async function fitStore(tenantId: string, storeId: string): Promise<StoreClvModel> {
    const started = Date.now();
    const fittedAt = now();
    const { currency, summaries } = await loadSummaries(tenantId, storeId, fittedAt);
    const observationEnd = new Date(Math.floor(fittedAt.getTime() / DAY_MS) * DAY_MS);
    const repeatCustomers = summaries.filter((s) => s.x > 0).length;
    const details: string[] = [];

    let purchase: BgNbdFit | null = null;
    let purchaseStatus: ClvModelStatus = 'fitted';
    try {
      purchase = await fitBgNbdAsync(summaries, { minCustomers, minRepeatCustomers: minRepeat });
    } catch (error) {
      purchaseStatus = statusOf(error);
      details.push(`purchase model: ${(error as Error).message}`);
    }
    let spend: GammaGammaFit | null = null;
    let spendStatus: ClvModelStatus = 'fitted';
    try {
      spend = await fitGammaGammaAsync(summaries, { minCustomers: minRepeat });
    } catch (error) {
      spendStatus = statusOf(error);
      details.push(`spend model: ${(error as Error).message}`);
    }

    const periodRate = periodDiscountRate(settings.annualDiscountRate, settings.periodDays);
    const predictions: (typeof customerPredictions.$inferInsert)[] = [];
    if (purchase) {
      for (const [i, s] of summaries.entries()) {
        predictions.push(
          predictionRow(tenantId, storeId, currency, fittedAt, s, purchase.params, spend?.params),
        );
        // A large store's predictions take a second or more: let the process serve requests meanwhile.
        if (i % 2000 === 1999) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    const expectedRepeatPurchases = purchase
      ? summaries.reduce((sum, s) => sum + expectedPurchasesNewCustomer(purchase.params, s.T), 0)
      : null;

    const model = {
      tenantId,
      storeId,
      purchaseModelStatus: purchaseStatus,
      spendModelStatus: spendStatus,
      statusDetail: details.length > 0 ? details.join('; ') : null,
      currency,
      observationEnd,
      customers: summaries.length,
      repeatCustomers,
      observedRepeatPurchases: summaries.reduce((sum, s) => sum + s.x, 0),
      expectedRepeatPurchases,
      r: purchase?.params.r ?? null,
      alpha: purchase?.params.alpha ?? null,
      a: purchase?.params.a ?? null,
      b: purchase?.params.b ?? null,
      purchaseLogLikelihood: purchase?.logLikelihood ?? null,
      p: spend?.params.p ?? null,
      q: spend?.params.q ?? null,
      gamma: spend?.params.gamma ?? null,
      spendLogLikelihood: spend?.logLikelihood ?? null,
      frequencySpendCorrelation: spend?.frequencySpendCorrelation ?? null,
      settings,
      fittedAt,
      durationMs: Date.now() - started,
    };
    await db.transaction(async (tx) => {
      await tx
        .delete(customerPredictions)
        .where(and(eq(customerPredictions.tenantId, tenantId), eq(customerPredictions.storeId, storeId)));
      for (let i = 0; i < predictions.length; i += INSERT_CHUNK) {
        await tx.insert(customerPredictions).values(predictions.slice(i, i + INSERT_CHUNK));
      }
      await tx
        .insert(clvModels)
        .values(model)
        .onConflictDoUpdate({ target: [clvModels.tenantId, clvModels.storeId], set: model });
    });
    return toStoreModel(model);

    function predictionRow(
      tenant: string,
      store: string,
      money: string | null,
      at: Date,
      s: CustomerSummary,
      params: BgNbdParams,
      spendParams: GammaGammaParams | undefined,
    ): typeof customerPredictions.$inferInsert {
      const [d30, d90, d365] = PREDICTION_HORIZONS_DAYS.map((t) => expectedPurchases(params, s, t));
      const avgSpend = spendParams ? expectedAverageSpend(spendParams, s) : null;
      const clv =
        avgSpend === null
          ? null
          : lifetimeValue(params, s, avgSpend, {
              horizon: settings.horizonDays,
              period: settings.periodDays,
              discountRate: periodRate,
              margin: settings.margin,
            });
      const decimals = currencyDecimals(money as string);
      return {
        tenantId: tenant,
        storeId: store,
        customerId: s.customerId,
        repeatPurchases: s.x,
        recencyDays: s.tx,
        ageDays: s.T,
        expectedPurchases30d: d30!,
        expectedPurchases90d: d90!,
        expectedPurchases365d: d365!,
        pAlive: probabilityAlive(params, s),
        expectedAvgSpend: avgSpend === null ? null : avgSpend.toFixed(decimals),
        predictedClv: clv === null ? null : clv.toFixed(decimals),
        currency: money as string,
        modelFittedAt: at,
      };
    }
  }

  return {
    fitStore,

    async getStoreModel(tenantId, storeId) {
      const [row] = await db
        .select()
        .from(clvModels)
        .where(and(eq(clvModels.tenantId, tenantId), eq(clvModels.storeId, storeId)));
      return row ? toStoreModel(row) : null;
    },

    async getCustomerPrediction(tenantId, customerId) {
      const [row] = await db
        .select()
        .from(customerPredictions)
        .where(
          and(eq(customerPredictions.tenantId, tenantId), eq(customerPredictions.customerId, customerId)),
        );
      if (!row) return null;
      const money = (amount: string | null): Money | null =>
        amount === null ? null : { amount, currency: row.currency };
      return {
        storeId: row.storeId,
        customerId: row.customerId,
        repeatPurchases: row.repeatPurchases,
        recencyDays: row.recencyDays,
        ageDays: row.ageDays,
        expectedPurchases: {
          days30: row.expectedPurchases30d,
          days90: row.expectedPurchases90d,
          days365: row.expectedPurchases365d,
        },
        pAlive: row.pAlive,
        expectedAvgSpend: money(row.expectedAvgSpend),
        predictedClv: money(row.predictedClv),
        modelFittedAt: row.modelFittedAt,
      };
    },

    async listStoresDue(maxAgeMs) {
      const cutoff = new Date(now().getTime() - maxAgeMs);
      const rows = await queryRows<{ tenant_id: string; store_id: string; fitted_at: unknown }>(
        db,
        sql`select s.tenant_id, s.id as store_id, m.fitted_at
            from stores s
            left join clv_models m on m.tenant_id = s.tenant_id and m.store_id = s.id
            where s.status = 'active' and (m.fitted_at is null or m.fitted_at <= ${cutoff.toISOString()}::timestamptz)
            order by s.id`,
      );
      return rows.map((row) => {
        const fittedAt = row.fitted_at === null ? null : new Date(row.fitted_at as string | Date);
        return {
          tenantId: row.tenant_id,
          storeId: row.store_id,
          dueAt: fittedAt ? new Date(fittedAt.getTime() + maxAgeMs) : now(),
        };
      });
    },
  };
}

/** Rows of a raw query on either driver (postgres.js answers an array, PGlite `{ rows }`). */
async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

function statusOf(error: unknown): ClvModelStatus {
  if (!(error instanceof ClvError)) throw error;
  switch (error.code) {
    case 'insufficient_clv_data':
      return 'insufficient_data';
    case 'clv_fit_not_converged':
      return 'not_converged';
    case 'invalid_clv_input':
      throw error;
  }
}

function dominantCurrency(rows: readonly { currency: string; orders: number }[]): string | null {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.currency, (counts.get(row.currency) ?? 0) + row.orders);
  let best: string | null = null;
  for (const [currency, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    if (best === null || count > counts.get(best)!) best = currency;
  }
  return best;
}

function toStoreModel(row: typeof clvModels.$inferSelect): StoreClvModel {
  const purchaseParams =
    row.r !== null && row.alpha !== null && row.a !== null && row.b !== null
      ? { r: row.r, alpha: row.alpha, a: row.a, b: row.b }
      : null;
  const spendParams =
    row.p !== null && row.q !== null && row.gamma !== null ? { p: row.p, q: row.q, gamma: row.gamma } : null;
  return {
    tenantId: row.tenantId,
    storeId: row.storeId,
    currency: row.currency,
    timeUnit: 'day',
    observationEnd: row.observationEnd,
    customers: row.customers,
    repeatCustomers: row.repeatCustomers,
    observedRepeatPurchases: row.observedRepeatPurchases,
    expectedRepeatPurchases: row.expectedRepeatPurchases,
    purchaseModel: {
      status: row.purchaseModelStatus,
      params: purchaseParams,
      logLikelihood: row.purchaseLogLikelihood,
    },
    spendModel: {
      status: row.spendModelStatus,
      params: spendParams,
      logLikelihood: row.spendLogLikelihood,
      frequencySpendCorrelation: row.frequencySpendCorrelation,
    },
    statusDetail: row.statusDetail,
    settings: row.settings,
    fittedAt: row.fittedAt,
    durationMs: row.durationMs,
  };
}

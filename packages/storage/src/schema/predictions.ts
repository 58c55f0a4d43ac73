import {
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { stores } from './stores';
import { tenants } from './tenants';

const tz = (name: string) => timestamp(name, { withTimezone: true });

/** Outcome of fitting one of the two CLV models on a store. */
export type ClvModelStatus = 'fitted' | 'insufficient_data' | 'not_converged';

/** The assumptions a store's CLV was computed under, stored with the fit so the API can show them. */
export interface ClvSettings {
  /** CLV horizon in days. */
  horizonDays: number;
  /** Discounting period in days: purchases expected within period i are discounted by (1 + d)^i. */
  periodDays: number;
  /** Annual discount rate, converted to the period rate d. */
  annualDiscountRate: number;
  /** Share of revenue counted as value (1: revenue CLV). */
  margin: number;
}

/**
 * The latest CLV model fit per store: BG/NBD (purchases, P(alive)) and Gamma-Gamma (spend) parameters
 * with their log-likelihoods and the data they were fitted on. Times are in days. A store whose fit was
 * refused (too few customers) or failed keeps a row with the status and why, so the refit schedule
 * knows when it last tried.
 */
export const clvModels = pgTable(
  'clv_models',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    storeId: text('store_id').notNull(),
    purchaseModelStatus: text('purchase_model_status').$type<ClvModelStatus>().notNull(),
    spendModelStatus: text('spend_model_status').$type<ClvModelStatus>().notNull(),
    /** Why a model is not fitted; null when both are. */
    statusDetail: text('status_detail'),
    /** The store currency the spend model and CLV are in (the currency of most of its orders). */
    currency: text('currency'),
    /** Last day of the data, inclusive: T runs up to here. */
    observationEnd: tz('observation_end').notNull(),
    customers: integer('customers').notNull(),
    repeatCustomers: integer('repeat_customers').notNull(),
    /** Σ x over the customers, and Σ E[X(T)] under the fitted model: an in-sample check of the fit. */
    observedRepeatPurchases: integer('observed_repeat_purchases').notNull(),
    expectedRepeatPurchases: doublePrecision('expected_repeat_purchases'),
    r: doublePrecision('r'),
    alpha: doublePrecision('alpha'),
    a: doublePrecision('a'),
    b: doublePrecision('b'),
    purchaseLogLikelihood: doublePrecision('purchase_log_likelihood'),
    p: doublePrecision('p'),
    q: doublePrecision('q'),
    gamma: doublePrecision('gamma'),
    spendLogLikelihood: doublePrecision('spend_log_likelihood'),
    /** Pearson correlation of mean repeat spend with frequency; the spend model assumes about 0. */
    frequencySpendCorrelation: doublePrecision('frequency_spend_correlation'),
    settings: jsonb('settings').$type<ClvSettings>().notNull(),
    fittedAt: tz('fitted_at').notNull(),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [
    primaryKey({ name: 'clv_models_pk', columns: [t.tenantId, t.storeId] }),
    foreignKey({
      name: 'clv_models_store_fk',
      columns: [t.storeId, t.tenantId],
      foreignColumns: [stores.id, stores.tenantId],
    }).onDelete('cascade'),
  ],
);

/**
 * Per-customer predictions of the store's latest fit, replaced as a whole by each refit. Customers
 * without an order in the model currency have no row.
 */
export const customerPredictions = pgTable(
  'customer_predictions',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    storeId: text('store_id').notNull(),
    customerId: text('customer_id').notNull(),
    /** The model inputs: repeat purchase days (x), days from first to last purchase (t_x) and to the end (T). */
    repeatPurchases: integer('repeat_purchases').notNull(),
    recencyDays: integer('recency_days').notNull(),
    ageDays: integer('age_days').notNull(),
    expectedPurchases30d: doublePrecision('expected_purchases_30d').notNull(),
    expectedPurchases90d: doublePrecision('expected_purchases_90d').notNull(),
    expectedPurchases365d: doublePrecision('expected_purchases_365d').notNull(),
    pAlive: doublePrecision('p_alive').notNull(),
    /** Expected value of a future order; null when the spend model could not be fitted. */
    expectedAvgSpend: numeric('expected_avg_spend'),
    /** Discounted value of the orders expected over the horizon; null without a spend model. */
    predictedClv: numeric('predicted_clv'),
    currency: text('currency').notNull(),
    modelFittedAt: tz('model_fitted_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'customer_predictions_pk', columns: [t.tenantId, t.customerId] }),
    foreignKey({
      name: 'customer_predictions_store_fk',
      columns: [t.storeId, t.tenantId],
      foreignColumns: [stores.id, stores.tenantId],
    }).onDelete('cascade'),
    index('customer_predictions_store_idx').on(t.tenantId, t.storeId),
  ],
);

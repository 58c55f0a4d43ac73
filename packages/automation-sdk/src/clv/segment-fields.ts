import { type SQL, sql } from 'drizzle-orm';
import type { SegmentField, SegmentFieldType } from '../segments/segment-fields';

/** A column of the customer's row in customer_predictions (tenant-scoped, one row per customer). */
const predicted = (type: SegmentFieldType, description: string, column: SQL): SegmentField => ({
  type,
  description,
  sql: () =>
    sql`(select ${column} from customer_predictions p where p.tenant_id = c.tenant_id and p.customer_id = c.id)`,
});

/**
 * Predicted CLV fields for segment rules (and so for workflow conditions on segment membership), read
 * from the store's latest fit; null (matching only `not_exists`) for customers without a prediction.
 * @example { field: 'predictions.pAlive', op: 'lt', value: 0.3 } // likely churned
 */
export const PREDICTION_SEGMENT_FIELDS: Readonly<Record<string, SegmentField>> = {
  'predictions.pAlive': predicted(
    'decimal',
    'Probability the customer is still active (BG/NBD), 0..1.',
    sql`p.p_alive::numeric`,
  ),
  'predictions.expectedPurchases30d': predicted(
    'decimal',
    'Expected purchase days in the next 30 days.',
    sql`p.expected_purchases_30d::numeric`,
  ),
  'predictions.expectedPurchases90d': predicted(
    'decimal',
    'Expected purchase days in the next 90 days.',
    sql`p.expected_purchases_90d::numeric`,
  ),
  'predictions.expectedPurchases365d': predicted(
    'decimal',
    'Expected purchase days in the next 365 days.',
    sql`p.expected_purchases_365d::numeric`,
  ),
  'predictions.expectedAvgSpend': predicted(
    'decimal',
    'Expected value of a future order (Gamma-Gamma), prediction currency.',
    sql`p.expected_avg_spend`,
  ),
  'predictions.predictedClv': predicted(
    'decimal',
    'Predicted customer lifetime value over the model horizon, prediction currency.',
    sql`p.predicted_clv`,
  ),
  'predictions.currency': predicted('text', 'Currency of the predicted money fields.', sql`p.currency`),
  'predictions.modelFittedAt': predicted(
    'timestamp',
    'When the predictions were computed.',
    sql`p.model_fitted_at`,
  ),
};

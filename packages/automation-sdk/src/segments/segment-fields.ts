import { type SQL, sql } from 'drizzle-orm';
import { PREDICTION_SEGMENT_FIELDS } from '../clv/segment-fields';
import { promoPressureSql } from '../metrics/customer-metrics';

/** Value type of a segment field: decides the operators it takes and how values are cast. */
export type SegmentFieldType = 'text' | 'decimal' | 'integer' | 'timestamp' | 'text_array';

/** What a field's SQL can refer to: `c` is the `customers` row, `m` its `customer_metrics` row (may be null). */
export interface FieldSqlContext {
  tenantId: string;
  now: Date;
  /** Window of `metrics.promoPressure`. */
  promoPressureSince: Date;
}

export interface SegmentField {
  type: SegmentFieldType;
  description: string;
  /** The value as a SQL expression over `c` (customers) and `m` (customer_metrics); values are parameters. */
  sql(context: FieldSqlContext): SQL;
  /**
   * A metric read as a default when the customer has no metrics row yet (`coalesce(m.col, 0)`): its bare
   * column and the default. A comparison the default cannot satisfy then reads the bare column, which lets
   * the planner start from the metrics table instead of scanning every customer.
   */
  withDefault?: { column: SQL; value: string };
  /** Membership test for a `text_array` field, when a cheaper operator than unnesting exists. */
  contains?(value: string): SQL;
}

const column = (type: SegmentFieldType, description: string, expression: SQL): SegmentField => ({
  type,
  description,
  sql: () => expression,
});

/** A metric that reads as `value` (zero) for customers the refresher has not reached. */
const defaulted = (type: SegmentFieldType, description: string, bare: SQL, value = '0'): SegmentField => ({
  type,
  description,
  sql: () => sql`coalesce(${bare}, ${sql.raw(value)})`,
  withDefault: { column: bare, value },
});

/**
 * The fields segment rules can compare, by name. A registry rather than a closed union so other tables
 * (e.g. predicted CLV per customer) join the language as more entries: pass them to `compileSegment` /
 * `createSegmentStore` as `fields`, each a correlated expression on `c.tenant_id` and `c.id`.
 * @example
 * const fields = { ...SEGMENT_FIELDS, 'predictions.pAlive': { type: 'decimal', description: 'P(alive)',
 *   sql: () => sql`(select p.p_alive from customer_predictions p where p.tenant_id = c.tenant_id and p.customer_id = c.id)` } };
 */
export const SEGMENT_FIELDS: Readonly<Record<string, SegmentField>> = {
  'customer.id': column('text', 'Cartwire customer id.', sql`c.id`),
  'customer.storeId': column('text', 'Store of the customer.', sql`c.store_id`),
  'customer.email': column('text', 'Email address.', sql`c.email`),
  'customer.phone': column('text', 'Phone number.', sql`c.phone`),
  'customer.firstName': column('text', 'First name.', sql`(c.data->>'firstName')`),
  'customer.lastName': column('text', 'Last name.', sql`(c.data->>'lastName')`),
  'customer.locale': column('text', 'Preferred language (BCP-47).', sql`(c.data->>'locale')`),
  'customer.timeZone': column('text', 'IANA time zone.', sql`(c.data->>'timeZone')`),
  'customer.tags': {
    ...column('text_array', 'Merchant tags.', sql`array(select jsonb_array_elements_text(c.data->'tags'))`),
    contains: (value) => sql`coalesce((c.data->'tags') ? ${value}, false)`,
  },
  'customer.emailConsent': column('text', 'Email marketing consent state.', sql`c.email_consent`),
  'customer.smsConsent': column('text', 'SMS marketing consent state.', sql`c.sms_consent`),
  'customer.createdAt': column(
    'timestamp',
    'When the customer was created on the platform.',
    sql`c.created_at`,
  ),
  'metrics.ordersCount': defaulted(
    'integer',
    'Orders placed (not cancelled, drafts, voided or failed).',
    sql`m.orders_count`,
  ),
  'metrics.totalSpent': defaulted(
    'decimal',
    'Order totals net of refunds, store currency.',
    sql`m.total_spent`,
  ),
  'metrics.averageOrderValue': column('decimal', 'Net spend per order.', sql`m.average_order_value`),
  'metrics.firstOrderAt': column('timestamp', 'First order.', sql`m.first_order_at`),
  'metrics.lastOrderAt': column('timestamp', 'Last order.', sql`m.last_order_at`),
  'metrics.daysSinceLastOrder': {
    type: 'integer',
    description: 'Whole days since the last order, at evaluation time; null without orders.',
    sql: ({ now }) =>
      sql`floor(extract(epoch from (${now.toISOString()}::timestamptz - m.last_order_at)) / 86400)::int`,
  },
  'metrics.refundedAmount': defaulted('decimal', 'Amount refunded.', sql`m.refunded_amount`),
  'metrics.refundRate': column('decimal', 'Share of orders with a refund (0..1).', sql`m.refund_rate`),
  'metrics.discountOrderShare': column(
    'decimal',
    'Share of orders with a discount (0..1).',
    sql`m.discount_order_share`,
  ),
  'metrics.discountRevenueShare': column(
    'decimal',
    'Share of net revenue from discounted orders (0..1).',
    sql`m.discount_revenue_share`,
  ),
  'metrics.topCategories': column(
    'text_array',
    'Collection ids of the top categories by spend.',
    sql`coalesce(m.top_categories, '{}'::text[])`,
  ),
  'metrics.marginContributed': column(
    'decimal',
    'Revenue minus known unit costs.',
    sql`m.margin_contributed`,
  ),
  'metrics.recencyScore': column(
    'integer',
    'RFM recency quintile in the store (5 most recent).',
    sql`m.recency_score`,
  ),
  'metrics.frequencyScore': column('integer', 'RFM frequency quintile in the store.', sql`m.frequency_score`),
  'metrics.monetaryScore': column('integer', 'RFM monetary quintile in the store.', sql`m.monetary_score`),
  'metrics.promoPressure': {
    type: 'integer',
    description: 'Discount messages received within the promo-pressure window (governance message log).',
    sql: ({ tenantId, promoPressureSince }) => promoPressureSql(tenantId, sql`c.id`, promoPressureSince),
  },
  'metrics.currency': column('text', 'Currency of the money metrics.', sql`m.currency`),
  ...PREDICTION_SEGMENT_FIELDS,
};

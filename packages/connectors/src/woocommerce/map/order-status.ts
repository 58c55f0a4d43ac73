import {
  compareMoney,
  type FinancialStatus,
  type FulfillmentStatus,
  isZero,
  type Money,
  type OrderStatus,
} from '@cartwire/model';

export interface UnifiedOrderStatus {
  status: OrderStatus;
  financialStatus: FinancialStatus;
  fulfillmentStatus: FulfillmentStatus;
}

export interface OrderStatusInput {
  /** WooCommerce status without the `wc-` prefix. */
  status: string;
  /** `date_paid_gmt` is set. */
  paid: boolean;
  /** `date_completed_gmt` is set: the order reached `completed` at some point. */
  completed: boolean;
  total: Money;
  /** Sum of the order's refunds (positive). */
  refunded: Money;
}

/** Money already paid, adjusted for refunds: none → paid, some → partially_refunded, all → refunded. */
function paidFinancialStatus(input: OrderStatusInput): FinancialStatus {
  if (isZero(input.refunded)) return 'paid';
  return compareMoney(input.refunded, input.total) >= 0 ? 'refunded' : 'partially_refunded';
}

/**
 * WooCommerce order status → the unified triple, following the model's enum descriptions.
 *
 * - `pending` (awaiting payment) → open / pending / unfulfilled
 * - `processing` (paid, to ship) → open / paid¹ / unfulfilled
 * - `on-hold` (awaiting confirmation, e.g. bank transfer) → open / pending / on_hold
 * - `completed` (shipped; WooCommerce core's last step) → closed / paid¹ / fulfilled
 * - `refunded` (refunded in full) → closed / refunded / fulfilled when it had been completed, else
 *   restocked (WooCommerce restocks refunded items by default; a completed order's goods are out)
 * - `cancelled` → cancelled / voided when never paid, else paid¹ / restocked (cancelling restores stock)
 * - `failed` (payment failed) → open / failed / unfulfilled
 * - `checkout-draft` (block checkout before payment; also a cart) → draft / pending / unfulfilled
 * - plugin statuses → open / paid¹ when paid else pending / unfulfilled
 *
 * ¹ partially_refunded or refunded when the refunds total part or all of the order total.
 */
export function unifiedOrderStatus(input: OrderStatusInput): UnifiedOrderStatus {
  switch (input.status) {
    case 'pending':
      return { status: 'open', financialStatus: 'pending', fulfillmentStatus: 'unfulfilled' };
    case 'processing':
      return {
        status: 'open',
        financialStatus: paidFinancialStatus(input),
        fulfillmentStatus: 'unfulfilled',
      };
    case 'on-hold':
      return { status: 'open', financialStatus: 'pending', fulfillmentStatus: 'on_hold' };
    case 'completed':
      return {
        status: 'closed',
        financialStatus: paidFinancialStatus(input),
        fulfillmentStatus: 'fulfilled',
      };
    case 'refunded':
      return {
        status: 'closed',
        financialStatus: 'refunded',
        fulfillmentStatus: input.completed ? 'fulfilled' : 'restocked',
      };
    case 'cancelled':
      return {
        status: 'cancelled',
        financialStatus: input.paid ? paidFinancialStatus(input) : 'voided',
        fulfillmentStatus: 'restocked',
      };
    case 'failed':
      return { status: 'open', financialStatus: 'failed', fulfillmentStatus: 'unfulfilled' };
    case 'checkout-draft':
      return { status: 'draft', financialStatus: 'pending', fulfillmentStatus: 'unfulfilled' };
    default:
      return {
        status: 'open',
        financialStatus: input.paid ? paidFinancialStatus(input) : 'pending',
        fulfillmentStatus: 'unfulfilled',
      };
  }
}

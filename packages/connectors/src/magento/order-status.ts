import type { FinancialStatus, FulfillmentStatus, Money, OrderStatus } from '@cartwire/model';
import { compareMoney, isZero } from '@cartwire/model';

/** Magento order states (`Magento\Sales\Model\Order::STATE_*`). Statuses are merchant-defined per state. */
export const MAGENTO_ORDER_STATES = [
  'new',
  'pending_payment',
  'processing',
  'complete',
  'closed',
  'canceled',
  'holded',
  'payment_review',
] as const;

/** Life-cycle status from the state; the merchant's `status` label stays in `raw`. */
export function orderStatusOf(state: string): OrderStatus {
  if (state === 'complete' || state === 'closed') return 'closed';
  if (state === 'canceled') return 'cancelled';
  return 'open';
}

export interface PaymentTotals {
  total: Money;
  paid: Money;
  invoiced: Money;
  refunded: Money;
}

export function financialStatusOf(state: string, totals: PaymentTotals): FinancialStatus {
  if (!isZero(totals.refunded)) {
    return compareMoney(totals.refunded, totals.paid) >= 0 && !isZero(totals.paid)
      ? 'refunded'
      : 'partially_refunded';
  }
  if (state === 'closed') return 'refunded';
  if (state === 'canceled') return 'voided';
  if (!isZero(totals.paid) || !isZero(totals.invoiced)) {
    const settled = compareMoney(totals.paid, totals.invoiced) >= 0 ? totals.paid : totals.invoiced;
    return compareMoney(settled, totals.total) >= 0 ? 'paid' : 'partially_paid';
  }
  // A processing order without an invoice has its payment authorized, not captured.
  if (state === 'processing' || state === 'complete') return 'authorized';
  return 'pending';
}

export function fulfillmentStatusOf(
  state: string,
  quantities: { ordered: number; shipped: number; canceled: number },
): FulfillmentStatus {
  const shippable = quantities.ordered - quantities.canceled;
  if (quantities.shipped > 0 && quantities.shipped >= shippable) return 'fulfilled';
  if (state === 'holded' || state === 'payment_review') return 'on_hold';
  if (state === 'canceled' || (state === 'closed' && quantities.shipped === 0)) return 'restocked';
  if (state === 'complete') return 'fulfilled';
  return quantities.shipped > 0 ? 'partially_fulfilled' : 'unfulfilled';
}

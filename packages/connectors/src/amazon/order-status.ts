import type { FinancialStatus, FulfillmentStatus, OrderStatus } from '@cartwire/model';

/** v0 `OrderStatus`, the vocabulary every Amazon order path is reduced to. */
export const AMAZON_ORDER_STATUSES = [
  'PendingAvailability',
  'Pending',
  'Unshipped',
  'PartiallyShipped',
  'Shipped',
  'InvoiceUnconfirmed',
  'Canceled',
  'Unfulfillable',
] as const;
export type AmazonOrderStatus = (typeof AMAZON_ORDER_STATUSES)[number];

const FROM_2026: Record<string, AmazonOrderStatus> = {
  PENDING_AVAILABILITY: 'PendingAvailability',
  PENDING: 'Pending',
  UNSHIPPED: 'Unshipped',
  PARTIALLY_SHIPPED: 'PartiallyShipped',
  SHIPPED: 'Shipped',
  CANCELLED: 'Canceled',
  UNFULFILLABLE: 'Unfulfillable',
};

/** 2026-01-01 `fulfillmentStatus` → v0 status. Unknown values read as Pending (nothing assumed paid). */
export function statusFrom2026(fulfillmentStatus: string | undefined): AmazonOrderStatus {
  return FROM_2026[fulfillmentStatus ?? ''] ?? 'Pending';
}

/** v0 / flat-file status text → v0 status (the report writes `Cancelled` and `Shipping`). */
export function statusFromV0(status: string): AmazonOrderStatus {
  if (status === 'Cancelled') return 'Canceled';
  if (status === 'Shipping') return 'Unshipped';
  return (AMAZON_ORDER_STATUSES as readonly string[]).includes(status)
    ? (status as AmazonOrderStatus)
    : 'Pending';
}

export interface UnifiedStatuses {
  status: OrderStatus;
  financialStatus: FinancialStatus;
  fulfillmentStatus: FulfillmentStatus;
}

/**
 * Amazon collects payment before the seller ships, so every status past Pending is `paid`;
 * cancellations void the charge and release the units.
 */
export function unifiedStatuses(status: AmazonOrderStatus): UnifiedStatuses {
  switch (status) {
    case 'PendingAvailability':
      return { status: 'open', financialStatus: 'pending', fulfillmentStatus: 'on_hold' };
    case 'Pending':
      return { status: 'open', financialStatus: 'pending', fulfillmentStatus: 'unfulfilled' };
    case 'Unshipped':
      return { status: 'open', financialStatus: 'paid', fulfillmentStatus: 'unfulfilled' };
    case 'PartiallyShipped':
      return { status: 'open', financialStatus: 'paid', fulfillmentStatus: 'partially_fulfilled' };
    case 'Shipped':
      return { status: 'closed', financialStatus: 'paid', fulfillmentStatus: 'fulfilled' };
    case 'InvoiceUnconfirmed':
      return { status: 'open', financialStatus: 'paid', fulfillmentStatus: 'fulfilled' };
    case 'Canceled':
      return { status: 'cancelled', financialStatus: 'voided', fulfillmentStatus: 'restocked' };
    case 'Unfulfillable':
      return { status: 'cancelled', financialStatus: 'voided', fulfillmentStatus: 'unfulfilled' };
  }
}

import { addMoney, entityId, lineId, type Refund, type RefundLine } from '@cartwire/model';
import type { WooLineItem, WooOrder, WooRefund, WooRefundSummary } from '../raw/raw-order';
import { absoluteMoney, blankToNull, gmtToIso, wooMoney } from './map-common';

interface RefundContext {
  storeId: string;
  orderId: string;
  order: WooOrder;
}

/**
 * The order line a refund line gives back: by the `_refunded_item_id` meta WooCommerce stores on
 * refund items, else by the same product and variation.
 */
function refundedOrderLine(
  refundLine: WooRefund['line_items'][number],
  orderLines: readonly WooLineItem[],
): WooLineItem | undefined {
  const meta = refundLine.meta_data.find((entry) => entry.key === '_refunded_item_id');
  if (meta !== undefined) {
    const found = orderLines.find((line) => String(line.id) === String(meta.value));
    if (found) return found;
  }
  return orderLines.find(
    (line) => line.product_id === refundLine.product_id && line.variation_id === refundLine.variation_id,
  );
}

function toRefundLines(refund: WooRefund, context: RefundContext): RefundLine[] {
  const { currency } = context.order;
  const lines: RefundLine[] = [];
  for (const item of refund.line_items) {
    const orderLine = refundedOrderLine(item, context.order.line_items);
    // A refund line for an item no longer on the order has nothing to point at; its money still
    // counts in the refund's amount.
    if (!orderLine) continue;
    lines.push({
      lineItemId: lineId('line_item', context.orderId, String(orderLine.id)),
      quantity: Math.abs(item.quantity),
      amount: addMoney(absoluteMoney(item.total, currency), absoluteMoney(item.total_tax, currency)),
      // WooCommerce's REST API does not say whether refunded items were restocked.
      restock: false,
    });
  }
  return lines;
}

/** A refund read from `orders/{id}/refunds`: dated, with its lines. */
export function toRefund(refund: WooRefund, context: RefundContext): Refund {
  const createdAt = gmtToIso(refund.date_created_gmt);
  return {
    id: entityId('refund', context.storeId, String(refund.id)),
    storeId: context.storeId,
    platform: 'woocommerce',
    externalId: String(refund.id),
    createdAt,
    updatedAt: createdAt,
    orderId: context.orderId,
    lines: toRefundLines(refund, context),
    amount: wooMoney(refund.amount, context.order.currency),
    reason: blankToNull(refund.reason),
  };
}

/**
 * A refund known only from the order's `refunds[]` summary (webhook bodies): amount and reason are
 * exact; it has no date of its own, so the order's modification time stands in, and no lines.
 */
export function toRefundFromSummary(summary: WooRefundSummary, context: RefundContext): Refund {
  const at = gmtToIso(context.order.date_modified_gmt);
  return {
    id: entityId('refund', context.storeId, String(summary.id)),
    storeId: context.storeId,
    platform: 'woocommerce',
    externalId: String(summary.id),
    createdAt: at,
    updatedAt: at,
    orderId: context.orderId,
    lines: [],
    amount: absoluteMoney(summary.total, context.order.currency),
    reason: blankToNull(summary.reason) ?? blankToNull(summary.refund),
  };
}

/** Oldest first, as the model orders them (WooCommerce lists newest first). */
export function sortRefunds(refunds: Refund[]): Refund[] {
  return refunds.sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || Number(a.externalId) - Number(b.externalId),
  );
}

import { entityId, type Order, sumMoney } from '@cartwire/model';
import type { WooOrder, WooOrderRecord } from '../raw/raw-order';
import {
  absoluteMoney,
  blankToNull,
  emailOrNull,
  gmtToIso,
  gmtToIsoOrNull,
  toAddress,
  wooMoney,
} from './map-common';
import { toDiscountApplication, toLineItem } from './map-lines';
import { sortRefunds, toRefund, toRefundFromSummary } from './map-refunds';
import { toShipments } from './map-shipments';
import { unifiedOrderStatus } from './order-status';

/** `created_via` → the model's lower-case source channel. */
function sourceChannelOf(createdVia: string | null | undefined): string | null {
  const via = blankToNull(createdVia)?.toLowerCase() ?? null;
  switch (via) {
    case null:
      return null;
    case 'checkout':
    case 'store-api':
      return 'web';
    case 'rest-api':
      return 'api';
    default:
      return via;
  }
}

/** Sum of the refund summaries embedded in the order (they carry negative totals). */
function refundedTotal(order: WooOrder) {
  const currency = order.currency.toUpperCase();
  return sumMoney(
    order.refunds.map((refund) => absoluteMoney(refund.total, currency)),
    currency,
  );
}

/**
 * Maps a WooCommerce order (with its refunds' detail when read from `orders/{id}/refunds`).
 * WooCommerce core records no shipments: `shipments` holds what the Shipment Tracking extension
 * recorded, if installed, and `fulfillmentStatus` comes from the order status. Guest orders (`customer_id` 0) have no customer and keep the billing email.
 */
export function toOrder(record: WooOrderRecord, storeId: string): Order {
  const { order } = record;
  const currency = order.currency.toUpperCase();
  const id = entityId('order', storeId, String(order.id));
  const total = wooMoney(order.total, currency);
  const totalRefunded = refundedTotal(order);
  const unified = unifiedOrderStatus({
    status: order.status,
    paid: order.date_paid_gmt !== null,
    completed: order.date_completed_gmt !== null,
    total,
    refunded: totalRefunded,
  });
  const refundContext = { storeId, orderId: id, order };
  const refunds =
    record.refundDetails !== null
      ? record.refundDetails.map((refund) => toRefund(refund, refundContext))
      : order.refunds.map((summary) => toRefundFromSummary(summary, refundContext));
  const modifiedAt = gmtToIso(order.date_modified_gmt);
  const isDraft = unified.status === 'draft';
  const lineContext = {
    storeId,
    parentId: id,
    currency,
    requiresShipping: order.shipping_lines.length > 0,
  };
  return {
    id,
    storeId,
    platform: 'woocommerce',
    externalId: String(order.id),
    createdAt: gmtToIso(order.date_created_gmt),
    updatedAt: modifiedAt,
    name: order.number,
    ...unified,
    currency,
    // WooCommerce core is single-currency: the buyer pays in the shop currency.
    presentmentCurrency: currency,
    subtotal: sumMoney(
      order.line_items.map((line) => wooMoney(line.total, currency)),
      currency,
    ),
    totalDiscounts: wooMoney(order.discount_total, currency),
    totalShipping: wooMoney(order.shipping_total, currency),
    totalTax: wooMoney(order.total_tax, currency),
    total,
    totalRefunded,
    discountCodes: order.coupon_lines.map((coupon) => coupon.code),
    discountApplications: order.coupon_lines.map((coupon) => toDiscountApplication(coupon, currency)),
    lineItems: order.line_items.map((line) => toLineItem(line, lineContext)),
    refunds: sortRefunds(refunds),
    shipments: toShipments(order, storeId, id),
    customerId: order.customer_id === 0 ? null : entityId('customer', storeId, String(order.customer_id)),
    email: emailOrNull(order.billing.email),
    phone: blankToNull(order.billing.phone),
    billingAddress: toAddress(order.billing),
    shippingAddress: toAddress(order.shipping),
    sourceChannel: sourceChannelOf(order.created_via),
    tags: [],
    note: blankToNull(order.customer_note),
    processedAt: isDraft ? null : gmtToIso(order.date_created_gmt),
    // WooCommerce keeps no cancellation date: the status change is the order's last modification.
    cancelledAt: unified.status === 'cancelled' ? modifiedAt : null,
    closedAt: unified.status === 'closed' ? (gmtToIsoOrNull(order.date_completed_gmt) ?? modifiedAt) : null,
  };
}

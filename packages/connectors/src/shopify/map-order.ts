import {
  addMoney,
  type DiscountApplication,
  entityId,
  type FinancialStatus,
  type FulfillmentStatus,
  type LineItem,
  lineId,
  type Order,
  type OrderStatus,
  type Refund,
  type Shipment,
  type ShipmentStatus,
  sumMoney,
  toIsoUtc,
} from '@cartwire/model';
import type { MapContext } from '../engine/connector';
import { text, toAddress } from './raw-address';
import type { RawFulfillment, RawLineItem, RawOrder, RawRefund } from './raw-order';
import { numericIdOf } from './shopify-ids';
import { moneyOf, shopMoneyOf, sumShopMoney } from './shopify-money';

type StoreScope = Pick<MapContext, 'storeId'>;

const FINANCIAL: Record<string, FinancialStatus> = {
  PENDING: 'pending',
  AUTHORIZED: 'authorized',
  PARTIALLY_PAID: 'partially_paid',
  PAID: 'paid',
  PARTIALLY_REFUNDED: 'partially_refunded',
  REFUNDED: 'refunded',
  VOIDED: 'voided',
  // An authorization that lapsed uncaptured: no money moved, as with a void.
  EXPIRED: 'voided',
};

const FULFILLMENT: Record<string, FulfillmentStatus> = {
  FULFILLED: 'fulfilled',
  PARTIALLY_FULFILLED: 'partially_fulfilled',
  UNFULFILLED: 'unfulfilled',
  OPEN: 'unfulfilled',
  PENDING_FULFILLMENT: 'unfulfilled',
  IN_PROGRESS: 'unfulfilled',
  SCHEDULED: 'unfulfilled',
  REQUEST_DECLINED: 'unfulfilled',
  ON_HOLD: 'on_hold',
  RESTOCKED: 'restocked',
};

/** Carrier progress (`displayStatus`) first; without it, the fulfilment's own lifecycle status. */
const SHIPMENT_DISPLAY: Record<string, ShipmentStatus> = {
  LABEL_PRINTED: 'pending',
  LABEL_PURCHASED: 'pending',
  LABEL_VOIDED: 'cancelled',
  SUBMITTED: 'pending',
  CONFIRMED: 'pending',
  READY_FOR_PICKUP: 'pending',
  // Fulfilled in Shopify but no carrier scan yet: handed over, not yet moving.
  FULFILLED: 'pending',
  MARKED_AS_FULFILLED: 'pending',
  IN_TRANSIT: 'in_transit',
  ATTEMPTED_DELIVERY: 'out_for_delivery',
  OUT_FOR_DELIVERY: 'out_for_delivery',
  DELIVERED: 'delivered',
  PICKED_UP: 'delivered',
  NOT_DELIVERED: 'failed',
  FAILURE: 'failed',
  CANCELED: 'cancelled',
};
const SHIPMENT_LIFECYCLE: Record<string, ShipmentStatus> = {
  CANCELLED: 'cancelled',
  ERROR: 'failed',
  FAILURE: 'failed',
  PENDING: 'pending',
  OPEN: 'pending',
  SUCCESS: 'unknown',
};

export function orderStatusOf(raw: Pick<RawOrder, 'cancelledAt' | 'closedAt'>): OrderStatus {
  if (raw.cancelledAt) return 'cancelled';
  if (raw.closedAt) return 'closed';
  return 'open';
}

export function financialStatusOf(display: string | null | undefined): FinancialStatus {
  // Shopify leaves it null only before any payment was attempted.
  if (!display) return 'pending';
  const status = FINANCIAL[display];
  if (!status) throw new Error(`unknown displayFinancialStatus ${display}`);
  return status;
}

export function fulfillmentStatusOf(display: string): FulfillmentStatus {
  const status = FULFILLMENT[display];
  if (!status) throw new Error(`unknown displayFulfillmentStatus ${display}`);
  return status;
}

export function shipmentStatusOf(raw: Pick<RawFulfillment, 'status' | 'displayStatus'>): ShipmentStatus {
  if (raw.status === 'CANCELLED') return 'cancelled';
  const display = raw.displayStatus ? SHIPMENT_DISPLAY[raw.displayStatus] : undefined;
  return display ?? SHIPMENT_LIFECYCLE[raw.status] ?? 'unknown';
}

function isoOrNull(value: string | null | undefined): string | null {
  return value ? toIsoUtc(value) : null;
}

function urlOrNull(value: string | null | undefined): string | null {
  return value && URL.canParse(value) ? value : null;
}

function emailOrNull(value: string | null | undefined): string | null {
  const trimmed = text(value);
  return trimmed && /^[^\s@]+@[^\s@]+$/.test(trimmed) ? trimmed : null;
}

function assertComplete(
  what: string,
  page: { pageInfo?: { hasNextPage: boolean } | undefined },
  limit: number,
) {
  // A silently truncated order would look complete downstream; fail the record instead.
  if (page.pageInfo?.hasNextPage)
    throw new Error(`${what} has more than ${limit} entries; read it with a bulk backfill`);
}

function mapLineItem(raw: RawLineItem, orderId: string, currency: string, scope: StoreScope): LineItem {
  const externalId = numericIdOf(raw.id);
  return {
    id: lineId('line_item', orderId, externalId),
    externalId,
    productId: raw.product ? entityId('product', scope.storeId, numericIdOf(raw.product.id)) : null,
    variantId: raw.variant ? entityId('variant', scope.storeId, numericIdOf(raw.variant.id)) : null,
    sku: text(raw.sku),
    title: raw.title ?? raw.name ?? '',
    variantTitle: text(raw.variantTitle ?? raw.variant?.title),
    quantity: raw.quantity,
    unitPrice: shopMoneyOf(raw.originalUnitPriceSet, currency),
    totalDiscount: shopMoneyOf(raw.totalDiscountSet, currency),
    totalTax: sumShopMoney(
      raw.taxLines.map((line) => line.priceSet),
      currency,
    ),
    requiresShipping: raw.requiresShipping ?? true,
  };
}

/** A refund of an order, in the order's shop currency. */
export function mapRefund(
  raw: RawRefund,
  order: { id: string; currency: string; updatedAt: string },
  context: MapContext,
): Refund {
  const externalId = numericIdOf(raw.id);
  const createdAt = toIsoUtc(raw.createdAt ?? raw.updatedAt ?? order.updatedAt);
  return {
    id: entityId('refund', context.storeId, externalId),
    storeId: context.storeId,
    platform: context.platform,
    externalId,
    createdAt,
    updatedAt: raw.updatedAt ? toIsoUtc(raw.updatedAt) : createdAt,
    orderId: order.id,
    lines: raw.refundLineItems.nodes.map((line) => ({
      lineItemId: lineId('line_item', order.id, numericIdOf(line.lineItem.id)),
      quantity: line.quantity,
      amount: addMoney(
        shopMoneyOf(line.subtotalSet, order.currency),
        shopMoneyOf(line.totalTaxSet, order.currency),
      ),
      restock: line.restocked,
    })),
    amount: moneyOf(raw.totalRefundedSet.shopMoney),
    reason: text(raw.note),
  };
}

/** A fulfilment of an order as a shipment. */
export function mapShipment(raw: RawFulfillment, order: { id: string }, context: MapContext): Shipment {
  const externalId = numericIdOf(raw.id);
  const status = shipmentStatusOf(raw);
  const tracking = raw.trackingInfo[0];
  const shipped =
    raw.inTransitAt ??
    (['in_transit', 'out_for_delivery', 'delivered'].includes(status) ? raw.createdAt : null);
  return {
    id: entityId('shipment', context.storeId, externalId),
    storeId: context.storeId,
    platform: context.platform,
    externalId,
    createdAt: toIsoUtc(raw.createdAt),
    updatedAt: toIsoUtc(raw.updatedAt),
    orderId: order.id,
    lines: raw.fulfillmentLineItems.nodes.flatMap((line) =>
      line.quantity && line.quantity > 0
        ? [
            {
              lineItemId: lineId('line_item', order.id, numericIdOf(line.lineItem.id)),
              quantity: line.quantity,
            },
          ]
        : [],
    ),
    carrier: text(tracking?.company),
    trackingNumber: text(tracking?.number),
    trackingUrl: urlOrNull(tracking?.url),
    status,
    shippedAt: isoOrNull(shipped),
    deliveredAt: isoOrNull(raw.deliveredAt),
  };
}

function discountApplicationsOf(codes: readonly string[]): DiscountApplication[] {
  // The Admin API reports the codes used; their configured value lives on the discount, not the order.
  return codes.map((code) => ({
    type: 'code',
    code,
    title: null,
    valueType: null,
    value: null,
    amount: null,
    target: 'line_items',
  }));
}

/**
 * A Shopify order (GraphQL shape) as a normalized Order with its lines, refunds and shipments.
 * Money is the shop currency (`shopMoney`); the buyer's currency is kept as `presentmentCurrency`.
 */
export function mapOrder(raw: RawOrder, context: MapContext): Order {
  const externalId = numericIdOf(raw.id);
  const id = entityId('order', context.storeId, externalId);
  const currency = raw.currencyCode ?? raw.totalPriceSet.shopMoney.currencyCode;
  const presentmentCurrency =
    raw.presentmentCurrencyCode ?? raw.totalPriceSet.presentmentMoney?.currencyCode ?? currency;
  const updatedAt = toIsoUtc(raw.updatedAt);
  assertComplete(`order ${externalId} line items`, raw.lineItems, raw.lineItems.nodes.length);
  for (const refund of raw.refunds)
    assertComplete(`refund ${refund.id} lines`, refund.refundLineItems, refund.refundLineItems.nodes.length);
  for (const fulfillment of raw.fulfillments) {
    assertComplete(
      `fulfillment ${fulfillment.id} lines`,
      fulfillment.fulfillmentLineItems,
      fulfillment.fulfillmentLineItems.nodes.length,
    );
  }
  const refunds = raw.refunds.map((refund) => mapRefund(refund, { id, currency, updatedAt }, context));
  return {
    id,
    storeId: context.storeId,
    platform: context.platform,
    externalId,
    createdAt: toIsoUtc(raw.createdAt),
    updatedAt,
    name: raw.name,
    status: orderStatusOf(raw),
    financialStatus: financialStatusOf(raw.displayFinancialStatus),
    fulfillmentStatus: fulfillmentStatusOf(raw.displayFulfillmentStatus),
    currency,
    presentmentCurrency,
    subtotal: shopMoneyOf(raw.subtotalPriceSet, currency),
    totalDiscounts: shopMoneyOf(raw.totalDiscountsSet, currency),
    totalShipping: shopMoneyOf(raw.totalShippingPriceSet, currency),
    totalTax: shopMoneyOf(raw.totalTaxSet, currency),
    total: moneyOf(raw.totalPriceSet.shopMoney),
    totalRefunded: raw.totalRefundedSet
      ? moneyOf(raw.totalRefundedSet.shopMoney)
      : sumMoney(
          refunds.map((refund) => refund.amount),
          currency,
        ),
    discountCodes: [...raw.discountCodes],
    discountApplications: discountApplicationsOf(raw.discountCodes),
    lineItems: raw.lineItems.nodes.map((line) => mapLineItem(line, id, currency, context)),
    refunds,
    shipments: raw.fulfillments.map((fulfillment) => mapShipment(fulfillment, { id }, context)),
    customerId: raw.customer ? entityId('customer', context.storeId, numericIdOf(raw.customer.id)) : null,
    email: emailOrNull(raw.email),
    phone: text(raw.phone),
    billingAddress: toAddress(raw.billingAddress),
    shippingAddress: toAddress(raw.shippingAddress),
    sourceChannel: text(raw.sourceName)?.toLowerCase() ?? null,
    tags: [...raw.tags],
    note: text(raw.note),
    processedAt: isoOrNull(raw.processedAt),
    cancelledAt: isoOrNull(raw.cancelledAt),
    closedAt: isoOrNull(raw.closedAt),
  };
}

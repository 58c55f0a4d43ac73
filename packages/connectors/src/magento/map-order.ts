import type { DiscountApplication, LineItem, Order } from '@cartwire/model';
import { addMoney, entityId, isZero, lineId } from '@cartwire/model';
import type { MapContext } from '../engine/connector';
import { mapSalesAddress } from './map-address';
import { mapCreditMemo, mapShipment } from './map-sales-documents';
import { financialStatusOf, fulfillmentStatusOf, orderStatusOf } from './order-status';
import type { RawOrder, RawOrderItem } from './raw-schemas';
import type { OrderBundle } from './stream-records';
import { fromMagentoDate, magentoAbsMoney, magentoMoney, textOrNull } from './wire-values';

function quantity(value: number | string | undefined): number {
  return value === undefined ? 0 : Math.trunc(Number(value));
}

/**
 * Top-level items become lines. A configurable purchase is two Magento rows: the configurable parent
 * (price, discount, tax) and its simple child (`parent_item_id`) naming the variant bought.
 */
function mapLines(order: RawOrder, orderId: string, currency: string, context: MapContext): LineItem[] {
  const children = new Map<number, RawOrderItem>();
  for (const item of order.items) {
    if (item.parent_item_id !== undefined && item.parent_item_id !== null)
      children.set(item.parent_item_id, item);
  }
  return order.items
    .filter((item) => item.parent_item_id === undefined || item.parent_item_id === null)
    .map((item) => {
      const child = children.get(item.item_id);
      const variantSource =
        child?.product_id ?? (item.product_type === 'configurable' ? null : item.product_id);
      return {
        id: lineId('line_item', orderId, String(item.item_id)),
        externalId: String(item.item_id),
        productId:
          item.product_id === undefined || item.product_id === null
            ? null
            : entityId('product', context.storeId, String(item.product_id)),
        variantId:
          variantSource === undefined || variantSource === null
            ? null
            : entityId('variant', context.storeId, String(variantSource)),
        sku: textOrNull(item.sku),
        title: item.name ?? item.sku ?? '',
        variantTitle: textOrNull(child?.name),
        quantity: quantity(item.qty_ordered),
        unitPrice: magentoMoney(item.base_price ?? item.price, currency),
        totalDiscount: magentoAbsMoney(item.base_discount_amount, currency),
        totalTax: magentoMoney(item.base_tax_amount, currency),
        requiresShipping: item.is_virtual !== true,
      };
    });
}

function discountApplications(order: RawOrder, currency: string): DiscountApplication[] {
  const amount = magentoAbsMoney(order.base_discount_amount, currency);
  if (isZero(amount)) return [];
  const code = textOrNull(order.coupon_code);
  return [
    {
      type: code === null ? 'automatic' : 'code',
      code,
      title: textOrNull(order.discount_description),
      valueType: null,
      value: null,
      amount,
      target: 'line_items',
    },
  ];
}

function historyTime(order: RawOrder, statuses: string[]): string | null {
  const entry = order.status_histories?.find(
    (history) => history.status && statuses.includes(history.status) && history.created_at,
  );
  return entry?.created_at ? fromMagentoDate(entry.created_at) : null;
}

/**
 * An order with its credit memos and shipments → Order, amounts in the base (shop) currency with
 * the order (display) currency as `presentmentCurrency`. Statuses derive from `state`; the
 * merchant-defined `status` label stays in `raw`.
 */
export function mapOrder(bundle: OrderBundle, context: MapContext): Order {
  const { order } = bundle;
  const currency = order.base_currency_code;
  const id = entityId('order', context.storeId, String(order.entity_id));
  const lineItems = mapLines(order, id, currency, context);
  const topLevel = order.items.filter(
    (item) => item.parent_item_id === undefined || item.parent_item_id === null,
  );
  const total = magentoMoney(order.base_grand_total, currency);
  const refunded = magentoMoney(order.base_total_refunded, currency);
  const discounts = magentoAbsMoney(order.base_discount_amount, currency);
  const subtotal = addMoney(
    magentoMoney(order.base_subtotal, currency),
    magentoMoney(order.base_discount_amount, currency),
  );
  const state = order.state;
  const updatedAt = fromMagentoDate(order.updated_at);
  const endedAt =
    state === 'complete' || state === 'closed' || state === 'canceled'
      ? (historyTime(order, [state, order.status ?? state]) ?? updatedAt)
      : null;
  const coupon = textOrNull(order.coupon_code);
  return {
    id,
    storeId: context.storeId,
    platform: 'magento',
    externalId: String(order.entity_id),
    createdAt: fromMagentoDate(order.created_at),
    updatedAt,
    name: order.increment_id,
    status: orderStatusOf(state),
    financialStatus: financialStatusOf(state, {
      total,
      paid: magentoMoney(order.base_total_paid, currency),
      invoiced: magentoMoney(order.base_total_invoiced, currency),
      refunded,
    }),
    fulfillmentStatus: fulfillmentStatusOf(state, {
      ordered: topLevel.reduce((sum, item) => sum + quantity(item.qty_ordered), 0),
      shipped: topLevel.reduce((sum, item) => sum + quantity(item.qty_shipped), 0),
      canceled: topLevel.reduce((sum, item) => sum + quantity(item.qty_canceled), 0),
    }),
    currency,
    presentmentCurrency: order.order_currency_code,
    subtotal,
    totalDiscounts: discounts,
    totalShipping: magentoMoney(order.base_shipping_amount, currency),
    totalTax: magentoMoney(order.base_tax_amount, currency),
    total,
    totalRefunded: refunded,
    discountCodes: coupon === null ? [] : [coupon],
    discountApplications: discountApplications(order, currency),
    lineItems,
    refunds: bundle.creditMemos
      .map((memo) => mapCreditMemo(memo, context))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.externalId.localeCompare(b.externalId)),
    shipments: bundle.shipments
      .map((shipment) => mapShipment(shipment, context))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.externalId.localeCompare(b.externalId)),
    customerId:
      order.customer_is_guest || order.customer_id === undefined || order.customer_id === null
        ? null
        : entityId('customer', context.storeId, String(order.customer_id)),
    email: textOrNull(order.customer_email),
    phone: textOrNull(order.billing_address?.telephone),
    billingAddress: mapSalesAddress(order.billing_address),
    shippingAddress: mapSalesAddress(order.extension_attributes?.shipping_assignments?.[0]?.shipping.address),
    sourceChannel: null,
    tags: [],
    note: textOrNull(order.customer_note),
    processedAt: fromMagentoDate(order.created_at),
    cancelledAt: state === 'canceled' ? endedAt : null,
    closedAt: endedAt,
  };
}

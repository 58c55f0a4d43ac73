import { fromMinor, toMinor } from '../store/money';
import { fulfilledQuantities } from '../store/orders';
import type { SandboxStore } from '../store/sandbox-store';
import type { Address, Fulfillment, Order } from '../store/types';
import { amazonOrderId, asinOf, buyerRelayEmail, orderItemId } from './amazon-ids';

/** v0 `OrderStatus` values the sandbox data produces. */
export type V0OrderStatus = 'Pending' | 'Unshipped' | 'PartiallyShipped' | 'Shipped' | 'Canceled';
/** 2026-01-01 `fulfillmentStatus` values the sandbox data produces. */
export type FulfillmentStatus2026 = 'PENDING' | 'UNSHIPPED' | 'PARTIALLY_SHIPPED' | 'SHIPPED' | 'CANCELLED';

/** One Amazon order item: Amazon keeps one item per SKU, so same-SKU lines are merged. */
export interface ItemView {
  orderItemId: string;
  sku: string;
  asin: string;
  title: string;
  quantity: number;
  quantityShipped: number;
  /** Minor units. `itemPrice` is unit price × quantity, as Amazon reports it. */
  unitPrice: number;
  itemPrice: number;
  itemTax: number;
  promotionDiscount: number;
  /** The order's shipping is carried on its first item (Amazon allocates shipping per item). */
  shippingPrice: number;
  shippingTax: number;
}

/**
 * A sandbox order seen the way Amazon models it: the one place the Amazon renderings (v0,
 * 2026-01-01, the flat-file report, notifications) derive their values from, so they agree.
 */
export interface OrderView {
  order: Order;
  amazonOrderId: string;
  createdMs: number;
  updatedMs: number;
  currency: string;
  v0Status: V0OrderStatus;
  fulfillmentStatus: FulfillmentStatus2026;
  channel: 'AFN' | 'MFN';
  items: ItemView[];
  /** Sum of every item amount: what the buyer paid. */
  grandTotal: number;
  buyerEmail: string;
  buyerName: string;
  address: Address | null;
  fulfillments: Fulfillment[];
}

function statusOf(order: Order): { v0: V0OrderStatus; v2026: FulfillmentStatus2026 } {
  if (order.cancelledAt !== null) return { v0: 'Canceled', v2026: 'CANCELLED' };
  if (order.financialState === 'pending' || order.financialState === 'authorized') {
    return { v0: 'Pending', v2026: 'PENDING' };
  }
  if (order.fulfillmentState === 'fulfilled') return { v0: 'Shipped', v2026: 'SHIPPED' };
  if (order.fulfillmentState === 'partially_fulfilled') {
    return { v0: 'PartiallyShipped', v2026: 'PARTIALLY_SHIPPED' };
  }
  return { v0: 'Unshipped', v2026: 'UNSHIPPED' };
}

export function orderView(store: SandboxStore, order: Order, afnLocationId: number | null): OrderView {
  const currency = order.currency;
  const shipped = fulfilledQuantities(order);
  const bySku = new Map<string, ItemView>();
  for (const line of order.lines) {
    const existing = bySku.get(line.sku);
    const quantity = line.quantity;
    const unit = toMinor(line.price, currency);
    if (existing) {
      existing.quantity += quantity;
      existing.quantityShipped += shipped.get(line.id) ?? 0;
      existing.itemPrice += unit * quantity;
      existing.itemTax += toMinor(line.tax, currency);
      existing.promotionDiscount += toMinor(line.discount, currency);
      continue;
    }
    bySku.set(line.sku, {
      orderItemId: orderItemId(order.id, line.id),
      sku: line.sku,
      asin: asinOf(line.variantId),
      title: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
      quantity,
      quantityShipped: shipped.get(line.id) ?? 0,
      unitPrice: unit,
      itemPrice: unit * quantity,
      itemTax: toMinor(line.tax, currency),
      promotionDiscount: toMinor(line.discount, currency),
      shippingPrice: 0,
      shippingTax: 0,
    });
  }
  const items = [...bySku.values()].filter((item) => item.quantity > 0);
  const first = items[0];
  if (first && order.shipping) {
    first.shippingPrice = toMinor(order.shipping.price, currency);
    first.shippingTax = toMinor(order.shipping.tax, currency);
  }
  // Line taxes in the sandbox include shipping tax in `totalTax`; Amazon splits item and shipping tax.
  const grandTotal = items.reduce(
    (sum, item) =>
      sum + item.itemPrice + item.itemTax + item.shippingPrice + item.shippingTax - item.promotionDiscount,
    0,
  );
  const customer = order.customerId === null ? undefined : store.getCustomer(order.customerId);
  const buyerKey = customer ? `customer:${customer.id}` : `guest:${order.email ?? order.id}`;
  const address = order.shippingAddress ?? order.billingAddress;
  const status = statusOf(order);
  const channel =
    afnLocationId !== null && order.lines.some((line) => line.locationId === afnLocationId) ? 'AFN' : 'MFN';
  return {
    order,
    amazonOrderId: amazonOrderId(order.id),
    // SP-API reports whole seconds; filters and page keys use the same resolution.
    createdMs: wholeSeconds(order.createdAt),
    updatedMs: wholeSeconds(order.updatedAt),
    currency,
    v0Status: status.v0,
    fulfillmentStatus: status.v2026,
    channel,
    items,
    grandTotal,
    buyerEmail: buyerRelayEmail(buyerKey),
    buyerName: address
      ? `${address.firstName} ${address.lastName}`.trim()
      : `${customer?.firstName ?? ''} ${customer?.lastName ?? ''}`.trim(),
    address,
    fulfillments: order.fulfillments,
  };
}

function wholeSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000) * 1000;
}

export function amount(minor: number, currency: string): string {
  return fromMinor(minor, currency);
}

/** ISO-8601 without milliseconds, as SP-API writes instants. */
export function amazonTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

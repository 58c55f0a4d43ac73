import type { LineItem, Money, Order } from '@cartwire/model';
import { addMoney, entityId, lineId, subtractMoney } from '@cartwire/model';
import type { MapContext } from '../engine/connector';
import { mapPackage } from './map-shipment';
import {
  factsFrom2026,
  factsFromReport,
  factsFromV0,
  type ItemFacts,
  type OrderFacts,
  sumMoneys,
} from './order-facts';
import type { OrderReportRecord } from './order-report';
import { unifiedStatuses } from './order-status';
import type { OrderWithItemsV0, RawOrder2026 } from './raw-schemas';

/**
 * Line key within an order. Amazon keeps one order item per SKU, and the order report carries no
 * order item id, so lines are keyed by SKU on every path (the order item id when an item has no SKU).
 */
export function lineKeyOf(item: Pick<ItemFacts, 'sku' | 'orderItemId' | 'asin'>): string {
  return item.sku ?? item.orderItemId ?? item.asin ?? 'item';
}

/** orderItemId → line key, for packages (which name order items). */
export function lineKeysOf(facts: OrderFacts): Map<string, string> {
  const keys = new Map<string, string>();
  for (const item of facts.items) if (item.orderItemId) keys.set(item.orderItemId, lineKeyOf(item));
  return keys;
}

function mapLine(item: ItemFacts, orderId: string, context: MapContext): LineItem {
  const key = lineKeyOf(item);
  return {
    id: lineId('line_item', orderId, key),
    externalId: key,
    // Products are listings keyed by SKU (see map-product).
    productId: item.sku ? entityId('product', context.storeId, item.sku) : null,
    variantId: item.sku ? entityId('variant', context.storeId, item.sku) : null,
    sku: item.sku,
    title: item.title,
    variantTitle: null,
    quantity: item.quantity,
    unitPrice: item.unitPrice,
    totalDiscount: item.discount,
    totalTax: item.itemTax,
    requiresShipping: true,
  };
}

/**
 * Order facts → Order. Amazon has no refunds in the Orders API (they live in the Finances API), so
 * `refunds` is empty and `totalRefunded` zero; shipments come from 2026-01-01 packages only.
 */
export function orderFromFacts(facts: OrderFacts, context: MapContext): Order {
  const { currency, items } = facts;
  const id = entityId('order', context.storeId, facts.orderId);
  const sum = (pick: (item: ItemFacts) => Money) => sumMoneys(items.map(pick), currency);
  const discounts = sum((item) => item.discount);
  const subtotal = subtractMoney(
    sum((item) => item.itemPrice),
    discounts,
  );
  const shipping = sum((item) => item.shipping);
  const tax = addMoney(
    sum((item) => item.itemTax),
    sum((item) => item.shippingTax),
  );
  const statuses = unifiedStatuses(facts.status);
  const ended = statuses.status !== 'open' ? facts.updatedAt : null;
  const lineKeys = lineKeysOf(facts);
  return {
    id,
    storeId: context.storeId,
    platform: 'amazon',
    externalId: facts.orderId,
    createdAt: facts.createdAt,
    updatedAt: facts.updatedAt,
    name: facts.orderId,
    ...statuses,
    currency,
    presentmentCurrency: currency,
    subtotal,
    totalDiscounts: discounts,
    totalShipping: shipping,
    totalTax: tax,
    total: facts.grandTotal ?? sumMoneys([subtotal, shipping, tax], currency),
    totalRefunded: sumMoneys([], currency),
    discountCodes: [],
    discountApplications: [],
    lineItems: items.map((item) => mapLine(item, id, context)),
    refunds: [],
    shipments: facts.packages
      .map((pkg) =>
        mapPackage(pkg, { orderId: facts.orderId, orderUpdatedAt: facts.updatedAt, lineKeys }, context),
      )
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.externalId.localeCompare(b.externalId)),
    customerId: facts.buyerEmail
      ? entityId('customer', context.storeId, facts.buyerEmail.toLowerCase())
      : null,
    email: facts.buyerEmail,
    phone: facts.shippingAddress?.phone ?? null,
    billingAddress: null,
    shippingAddress: facts.shippingAddress,
    sourceChannel: 'amazon',
    tags: [],
    note: null,
    processedAt: facts.createdAt,
    cancelledAt: statuses.status === 'cancelled' ? facts.updatedAt : null,
    closedAt: ended,
  };
}

export function mapOrder2026(raw: RawOrder2026, context: MapContext): Order {
  return orderFromFacts(factsFrom2026(raw), context);
}

export function mapOrderV0(raw: OrderWithItemsV0, context: MapContext): Order {
  return orderFromFacts(factsFromV0(raw), context);
}

export function mapReportOrder(raw: OrderReportRecord, context: MapContext): Order {
  return orderFromFacts(factsFromReport(raw.rows), context);
}

import type { Fulfillment, Order, OrderLine, Refund, ShipmentStatus } from '../store/types';
import type { PageArgs } from './connection';
import { gid, shopifyId } from './gid';
import { listConnection } from './graphql-connections';
import type { ShopifyGraphqlContext } from './graphql-context';
import {
  addAmounts,
  type CurrencyPair,
  divideAmount,
  isZeroAmount,
  moneyBag,
  multiplyAmount,
  subtractAmounts,
} from './money-bag';
import { renderLocationNode, renderProductNode, renderVariantNode } from './render-catalog';
import { renderCustomerNode, renderMailingAddress } from './render-customer';
import { graphqlTime } from './time-format';

type Context = ShopifyGraphqlContext;

export function currencyPairOf(order: Order): CurrencyPair {
  return {
    currency: order.currency,
    presentmentCurrency: order.presentmentCurrency,
    exchangeRate: order.exchangeRate,
  };
}

export function orderName(order: Order): string {
  return `#${order.number}`;
}

/** Units of a line not yet refunded, and of those, not yet shipped. */
export function lineQuantities(order: Order, line: OrderLine): { current: number; unfulfilled: number } {
  let refunded = 0;
  for (const refund of order.refunds) {
    for (const refundLine of refund.lines) if (refundLine.lineId === line.id) refunded += refundLine.quantity;
  }
  let shipped = 0;
  for (const fulfillment of order.fulfillments) {
    if (fulfillment.status === 'cancelled') continue;
    for (const fulfillmentLine of fulfillment.lines)
      if (fulfillmentLine.lineId === line.id) shipped += fulfillmentLine.quantity;
  }
  return { current: line.quantity - refunded, unfulfilled: Math.max(0, line.quantity - refunded - shipped) };
}

/** Shopify's lifecycle (`status`) and carrier progress (`displayStatus`) for a sandbox shipment state. */
export function fulfillmentStatuses(status: ShipmentStatus): { status: string; displayStatus: string } {
  switch (status) {
    case 'pending':
      return { status: 'SUCCESS', displayStatus: 'FULFILLED' };
    case 'in_transit':
      return { status: 'SUCCESS', displayStatus: 'IN_TRANSIT' };
    case 'out_for_delivery':
      return { status: 'SUCCESS', displayStatus: 'OUT_FOR_DELIVERY' };
    case 'delivered':
      return { status: 'SUCCESS', displayStatus: 'DELIVERED' };
    case 'failure':
      return { status: 'FAILURE', displayStatus: 'FAILURE' };
    case 'cancelled':
      return { status: 'CANCELLED', displayStatus: 'CANCELED' };
  }
}

export function renderLineItemNode(order: Order, line: OrderLine) {
  const pair = currencyPairOf(order);
  const originalTotal = multiplyAmount(order.currency, line.price, line.quantity);
  const discountedTotal = subtractAmounts(order.currency, originalTotal, line.discount);
  const quantities = lineQuantities(order, line);
  return {
    __typename: 'LineItem',
    id: gid('LineItem', line.id),
    name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
    title: line.title,
    quantity: line.quantity,
    currentQuantity: quantities.current,
    refundableQuantity: quantities.current,
    unfulfilledQuantity: quantities.unfulfilled,
    sku: line.sku === '' ? null : line.sku,
    variantTitle: line.variantTitle,
    vendor: line.vendor || null,
    taxable: line.taxable,
    requiresShipping: line.requiresShipping,
    originalUnitPriceSet: moneyBag(line.price, pair),
    discountedUnitPriceSet: moneyBag(divideAmount(order.currency, discountedTotal, line.quantity), pair),
    originalTotalSet: moneyBag(originalTotal, pair),
    discountedTotalSet: moneyBag(discountedTotal, pair),
    totalDiscountSet: moneyBag(line.discount, pair),
    taxLines: (args: { first?: number | null }) =>
      (isZeroAmount(line.tax)
        ? []
        : [{ title: 'Tax', rate: null, ratePercentage: null, priceSet: moneyBag(line.tax, pair) }]
      ).slice(0, args.first ?? undefined),
    // Lines keep pointing at products deleted since the sale; Shopify then answers null.
    variant: (_args: unknown, context: Context) => {
      const variant = context.store.getVariant(line.variantId);
      return variant ? renderVariantNode(variant) : null;
    },
    product: (_args: unknown, context: Context) => {
      const product = context.store.getProduct(line.productId);
      return product ? renderProductNode(product) : null;
    },
  };
}

function lineById(order: Order, lineId: number): OrderLine {
  const line = order.lines.find((candidate) => candidate.id === lineId);
  if (!line) throw new Error(`Order ${order.id} has no line ${lineId}`);
  return line;
}

export function renderRefundNode(order: Order, refund: Refund) {
  const pair = currencyPairOf(order);
  return {
    __typename: 'Refund',
    id: gid('Refund', refund.id),
    legacyResourceId: String(shopifyId('Refund', refund.id)),
    createdAt: graphqlTime(refund.createdAt),
    updatedAt: graphqlTime(refund.createdAt),
    note: refund.reason || null,
    totalRefundedSet: moneyBag(refund.amount, pair),
    refundLineItems: (args: PageArgs, context: Context) =>
      listConnection(
        refund.lines.map((refundLine, index) => {
          const line = lineById(order, refundLine.lineId);
          return {
            __typename: 'RefundLineItem',
            id: gid('RefundLineItem', refund.id * 1000 + index + 1),
            lineItem: renderLineItemNode(order, line),
            quantity: refundLine.quantity,
            restockType: refundLine.restock ? 'RETURN' : 'NO_RESTOCK',
            restocked: refundLine.restock,
            priceSet: moneyBag(line.price, pair),
            subtotalSet: moneyBag(refundLine.subtotal, pair),
            totalTaxSet: moneyBag(refundLine.tax, pair),
          };
        }),
        args,
        context,
      ),
    order: (_args: unknown, context: Context) => {
      const current = context.store.getOrder(order.id);
      return current ? renderOrderNode(current) : null;
    },
  };
}

export function renderFulfillmentNode(order: Order, fulfillment: Fulfillment) {
  const index = order.fulfillments.findIndex((candidate) => candidate.id === fulfillment.id);
  const statuses = fulfillmentStatuses(fulfillment.status);
  const shipped = ['in_transit', 'out_for_delivery', 'delivered'].includes(fulfillment.status);
  const hasTracking = fulfillment.trackingNumber !== null || fulfillment.carrier !== null;
  return {
    __typename: 'Fulfillment',
    id: gid('Fulfillment', fulfillment.id),
    legacyResourceId: String(shopifyId('Fulfillment', fulfillment.id)),
    name: `${orderName(order)}.${index + 1}`,
    status: statuses.status,
    displayStatus: statuses.displayStatus,
    createdAt: graphqlTime(fulfillment.createdAt),
    updatedAt: graphqlTime(fulfillment.updatedAt),
    deliveredAt: graphqlTime(fulfillment.deliveredAt),
    inTransitAt: shipped ? graphqlTime(fulfillment.createdAt) : null,
    estimatedDeliveryAt: null,
    totalQuantity: fulfillment.lines.reduce((sum, line) => sum + line.quantity, 0),
    trackingInfo: (args: { first?: number | null }) =>
      (hasTracking
        ? [{ company: fulfillment.carrier, number: fulfillment.trackingNumber, url: fulfillment.trackingUrl }]
        : []
      ).slice(0, args.first ?? undefined),
    fulfillmentLineItems: (args: PageArgs, context: Context) =>
      listConnection(
        fulfillment.lines.map((fulfillmentLine, lineIndex) => ({
          __typename: 'FulfillmentLineItem',
          id: gid('FulfillmentLineItem', fulfillment.id * 1000 + lineIndex + 1),
          lineItem: renderLineItemNode(order, lineById(order, fulfillmentLine.lineId)),
          quantity: fulfillmentLine.quantity,
        })),
        args,
        context,
      ),
    location: (_args: unknown, context: Context) => {
      const location =
        fulfillment.locationId === null ? undefined : context.store.getLocation(fulfillment.locationId);
      return location ? renderLocationNode(location) : null;
    },
    order: (_args: unknown, context: Context) => {
      const current = context.store.getOrder(order.id);
      return current ? renderOrderNode(current) : null;
    },
  };
}

/**
 * The sandbox has no separate fulfillment orders: each order carries one, keyed by the order id,
 * whose line items are the order's lines (keyed by line id), so `fulfillmentCreate` can address them.
 */
export function renderFulfillmentOrderNode(order: Order) {
  const remaining = order.lines.map((line) => lineQuantities(order, line).unfulfilled);
  const left = remaining.reduce((sum, quantity) => sum + quantity, 0);
  const status = order.cancelledAt
    ? 'CANCELLED'
    : left === 0
      ? 'CLOSED'
      : order.fulfillmentState === 'partially_fulfilled'
        ? 'IN_PROGRESS'
        : 'OPEN';
  return {
    __typename: 'FulfillmentOrder',
    id: gid('FulfillmentOrder', order.id),
    status,
    createdAt: graphqlTime(order.createdAt),
    updatedAt: graphqlTime(order.updatedAt),
    lineItems: (args: PageArgs, context: Context) =>
      listConnection(
        order.lines.map((line, index) => ({
          __typename: 'FulfillmentOrderLineItem',
          id: gid('FulfillmentOrderLineItem', line.id),
          totalQuantity: lineQuantities(order, line).current,
          remainingQuantity: remaining[index] ?? 0,
          lineItem: renderLineItemNode(order, line),
          sku: line.sku === '' ? null : line.sku,
          productTitle: line.title,
        })),
        args,
        context,
      ),
    order: () => renderOrderNode(order),
  };
}

const SOURCE_NAMES: Record<Order['source'], string> = { web: 'web', checkout: 'web', pos: 'pos', api: 'api' };

export function renderOrderNode(order: Order) {
  const pair = currencyPairOf(order);
  const currency = order.currency;
  const zero = '0';
  const subtotal = subtractAmounts(currency, order.lineItemsSubtotal, order.totalDiscounts);
  const refundedShipping = addAmounts(
    currency,
    zero,
    ...order.refunds.map((refund) => refund.shippingAmount),
  );
  const unpaid = order.financialState === 'pending' || order.financialState === 'authorized';
  const received = unpaid || order.financialState === 'voided' ? zero : order.total;
  return {
    __typename: 'Order',
    id: gid('Order', order.id),
    legacyResourceId: String(shopifyId('Order', order.id)),
    name: orderName(order),
    email: order.email,
    phone: order.phone,
    createdAt: graphqlTime(order.createdAt),
    updatedAt: graphqlTime(order.updatedAt),
    processedAt: graphqlTime(order.processedAt),
    cancelledAt: graphqlTime(order.cancelledAt),
    closedAt: graphqlTime(order.closedAt),
    cancelReason: order.cancelReason?.toUpperCase() ?? null,
    closed: order.closedAt !== null,
    test: false,
    confirmed: true,
    displayFinancialStatus: order.financialState.toUpperCase(),
    displayFulfillmentStatus: order.fulfillmentState.toUpperCase(),
    currencyCode: order.currency,
    presentmentCurrencyCode: order.presentmentCurrency,
    subtotalLineItemsQuantity: order.lines.reduce((sum, line) => sum + line.quantity, 0),
    totalPriceSet: moneyBag(order.total, pair),
    subtotalPriceSet: moneyBag(subtotal, pair),
    totalDiscountsSet: moneyBag(order.totalDiscounts, pair),
    totalShippingPriceSet: moneyBag(order.shipping?.price ?? zero, pair),
    totalTaxSet: moneyBag(order.totalTax, pair),
    totalRefundedSet: moneyBag(order.totalRefunded, pair),
    totalRefundedShippingSet: moneyBag(refundedShipping, pair),
    currentTotalPriceSet: moneyBag(subtractAmounts(currency, order.total, order.totalRefunded), pair),
    totalOutstandingSet: moneyBag(unpaid ? order.total : zero, pair),
    totalReceivedSet: moneyBag(received, pair),
    discountCode: order.discountCodes[0]?.code ?? null,
    discountCodes: order.discountCodes.map((discount) => discount.code),
    sourceName: SOURCE_NAMES[order.source],
    tags: order.tags,
    note: order.note || null,
    paymentGatewayNames: order.paymentMethod ? [order.paymentMethod] : [],
    shippingAddress:
      order.shippingAddress &&
      renderMailingAddress(
        order.shippingAddress,
        `${gid('MailingAddress', order.id * 100 + 98)}?model_name=Address`,
      ),
    billingAddress:
      order.billingAddress &&
      renderMailingAddress(
        order.billingAddress,
        `${gid('MailingAddress', order.id * 100 + 99)}?model_name=Address`,
      ),
    shippingLine: order.shipping && {
      id: null,
      title: order.shipping.title,
      code: order.shipping.code || null,
      source: 'shopify',
      originalPriceSet: moneyBag(order.shipping.price, pair),
      discountedPriceSet: moneyBag(order.shipping.price, pair),
      taxLines: isZeroAmount(order.shipping.tax)
        ? []
        : [{ title: 'Tax', rate: null, ratePercentage: null, priceSet: moneyBag(order.shipping.tax, pair) }],
    },
    taxLines: isZeroAmount(order.totalTax)
      ? []
      : [{ title: 'Tax', rate: null, ratePercentage: null, priceSet: moneyBag(order.totalTax, pair) }],
    customer: (_args: unknown, context: Context) => {
      const customer = order.customerId === null ? undefined : context.store.getCustomer(order.customerId);
      return customer ? renderCustomerNode(customer) : null;
    },
    lineItems: (args: PageArgs, context: Context) =>
      listConnection(
        order.lines.map((line) => renderLineItemNode(order, line)),
        args,
        context,
      ),
    refunds: (args: { first?: number | null }) =>
      order.refunds.slice(0, args.first ?? undefined).map((refund) => renderRefundNode(order, refund)),
    fulfillments: (args: { first?: number | null }) =>
      order.fulfillments
        .slice(0, args.first ?? undefined)
        .map((fulfillment) => renderFulfillmentNode(order, fulfillment)),
    fulfillmentOrders: (args: PageArgs, context: Context) =>
      listConnection([renderFulfillmentOrderNode(order)], args, context),
  };
}

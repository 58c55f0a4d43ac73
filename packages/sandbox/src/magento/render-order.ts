import { createHash } from 'node:crypto';
import { fromMinor, toMinor } from '../store/money';
import { fulfilledQuantities, refundedQuantities } from '../store/orders';
import type { SandboxStore } from '../store/sandbox-store';
import type { Fulfillment, Order, OrderLine, Refund } from '../store/types';
import { childItemId, childProductId, documentRowId, parentProductId } from './magento-ids';
import { quoteIdOfOrder } from './render-cart';
import type { MagentoRecord } from './render-catalog';
import { renderSalesAddress } from './render-customer';
import { amount, incrementId, magentoDate, toOrderCurrency } from './wire-format';

/** Order state (`Magento\Sales\Model\Order::STATE_*`) and the default status paired with it. */
export function orderStateOf(order: Order): { state: string; status: string } {
  const refundedAll = order.financialState === 'refunded';
  if (order.cancelledAt !== null) {
    // Magento cancels only what was never invoiced; a paid order is closed by its credit memo.
    return refundedAll ? { state: 'closed', status: 'closed' } : { state: 'canceled', status: 'canceled' };
  }
  if (refundedAll) return { state: 'closed', status: 'closed' };
  if (order.financialState === 'pending') return { state: 'new', status: 'pending' };
  if (order.financialState === 'voided') return { state: 'canceled', status: 'canceled' };
  if (order.financialState === 'authorized') return { state: 'processing', status: 'processing' };
  return order.fulfillmentState === 'fulfilled'
    ? { state: 'complete', status: 'complete' }
    : { state: 'processing', status: 'processing' };
}

function isPaid(order: Order): boolean {
  return (
    order.financialState === 'paid' ||
    order.financialState === 'partially_refunded' ||
    order.financialState === 'refunded'
  );
}

/** Lines of configurable products are two Magento rows: the configurable parent and its simple child. */
function isConfigurableLine(store: SandboxStore, line: OrderLine): boolean {
  const product = store.getProduct(line.productId);
  return product ? product.options.length > 0 : line.variantTitle !== null;
}

/** A money field in the order currency next to its `base_` twin in the shop currency. */
function pair(order: Order, name: string, value: string): MagentoRecord {
  return {
    [name]: toOrderCurrency(value, order.currency, order.presentmentCurrency, order.exchangeRate),
    [`base_${name}`]: amount(value),
  };
}

/** Decimal sum in the order's shop currency, through minor units (never float arithmetic). */
function sum(order: Order, ...values: string[]): string {
  return fromMinor(
    values.reduce((total, value) => total + toMinor(value, order.currency), 0),
    order.currency,
  );
}

function difference(order: Order, a: string, b: string): string {
  return fromMinor(toMinor(a, order.currency) - toMinor(b, order.currency), order.currency);
}

/** Money refunded per order line (row amount plus tax), summed over the order's refunds. */
function refundedAmounts(order: Order): Map<number, string> {
  const amounts = new Map<number, string>();
  for (const refund of order.refunds) {
    for (const line of refund.lines) {
      amounts.set(line.lineId, sum(order, amounts.get(line.lineId) ?? '0', line.subtotal, line.tax));
    }
  }
  return amounts;
}

/** Weight in grams of one unit of a line (Magento reports kilograms). */
function unitGrams(store: SandboxStore, line: OrderLine): number {
  return store.getVariant(line.variantId)?.weightGrams ?? 0;
}

function renderItems(store: SandboxStore, order: Order): MagentoRecord[] {
  const shipped = fulfilledQuantities(order);
  const refundedMoney = refundedAmounts(order);
  const paid = isPaid(order);
  const refunded = refundedQuantities(order);
  const created = magentoDate(order.createdAt);
  const items: MagentoRecord[] = [];
  for (const line of order.lines) {
    const configurable = isConfigurableLine(store, line);
    const rowTotal = fromMinor(toMinor(line.price, order.currency) * line.quantity, order.currency);
    const common = {
      order_id: order.id,
      sku: line.sku,
      qty_ordered: line.quantity,
      qty_invoiced: isPaid(order) ? line.quantity : 0,
      qty_shipped: shipped.get(line.id) ?? 0,
      qty_refunded: refunded.get(line.id) ?? 0,
      qty_canceled: order.cancelledAt !== null ? line.quantity - (shipped.get(line.id) ?? 0) : 0,
      is_virtual: line.requiresShipping ? 0 : 1,
      store_id: 1,
      created_at: created,
      updated_at: magentoDate(order.updatedAt),
    };
    items.push({
      item_id: line.id,
      ...common,
      name: line.title,
      product_id: parentProductId(line.productId),
      product_type: configurable ? 'configurable' : line.requiresShipping ? 'simple' : 'virtual',
      ...pair(order, 'price', line.price),
      ...pair(order, 'original_price', line.price),
      ...pair(order, 'row_total', rowTotal),
      ...pair(order, 'discount_amount', line.discount),
      ...pair(order, 'tax_amount', line.tax),
      ...pair(
        order,
        'price_incl_tax',
        sum(
          order,
          line.price,
          fromMinor(
            Math.round(toMinor(line.tax, order.currency) / Math.max(1, line.quantity)),
            order.currency,
          ),
        ),
      ),
      ...pair(order, 'row_total_incl_tax', sum(order, rowTotal, line.tax)),
      ...pair(order, 'row_invoiced', paid ? rowTotal : '0'),
      ...pair(order, 'tax_invoiced', paid ? line.tax : '0'),
      ...pair(order, 'discount_invoiced', paid ? line.discount : '0'),
      ...pair(order, 'amount_refunded', refundedMoney.get(line.id) ?? '0'),
      ...pair(order, 'discount_tax_compensation_amount', '0'),
      applied_rule_ids: line.discount === '0.00' ? '' : '1',
      free_shipping: 0,
      is_qty_decimal: 0,
      no_discount: 0,
      quote_item_id: line.id,
      row_weight: (unitGrams(store, line) * line.quantity) / 1000,
      weight: unitGrams(store, line) / 1000,
      tax_percent: 0,
      discount_percent: 0,
    });
    if (configurable) {
      items.push({
        item_id: childItemId(line.id),
        parent_item_id: line.id,
        ...common,
        name: `${line.title}-${(line.variantTitle ?? '').split(' / ').join('-')}`,
        product_id: childProductId(line.variantId),
        product_type: line.requiresShipping ? 'simple' : 'virtual',
        price: 0,
        base_price: 0,
        original_price: 0,
        base_original_price: 0,
        row_total: 0,
        base_row_total: 0,
        discount_amount: 0,
        base_discount_amount: 0,
        tax_amount: 0,
        base_tax_amount: 0,
        tax_percent: 0,
        discount_percent: 0,
      });
    }
  }
  return items;
}

function statusHistories(order: Order): MagentoRecord[] {
  const histories: MagentoRecord[] = [];
  const { state, status } = orderStateOf(order);
  const endedAt = order.cancelledAt ?? order.closedAt;
  if ((state === 'canceled' || state === 'closed' || state === 'complete') && endedAt !== null) {
    histories.push({
      comment: null,
      created_at: magentoDate(endedAt),
      entity_id: order.id * 10 + 2,
      entity_name: 'order',
      is_customer_notified: null,
      is_visible_on_front: 0,
      parent_id: order.id,
      status,
    });
  }
  return histories;
}

/**
 * `OrderInterface` as `GET /V1/orders/{id}` returns it. Base amounts are the shop currency; the
 * unprefixed ones are the order (display) currency at `base_to_order_rate`.
 */
export function renderOrder(store: SandboxStore, order: Order): MagentoRecord {
  const { state, status } = orderStateOf(order);
  const customer = order.customerId === null ? undefined : store.getCustomer(order.customerId);
  const paid = isPaid(order) ? order.total : '0.00';
  const billing = order.billingAddress
    ? renderSalesAddress(order.billingAddress, {
        id: order.id * 2,
        parentId: order.id,
        type: 'billing',
        email: order.email,
      })
    : null;
  const shippingAddress = order.shippingAddress
    ? renderSalesAddress(order.shippingAddress, {
        id: order.id * 2 - 1,
        parentId: order.id,
        type: 'shipping',
        email: order.email,
      })
    : null;
  const items = renderItems(store, order);
  const discount = order.totalDiscounts === '0.00' ? order.totalDiscounts : `-${order.totalDiscounts}`;
  const shippingPrice = order.shipping?.price ?? '0.00';
  const shippingTax = order.shipping?.tax ?? '0.00';
  return {
    base_currency_code: order.currency,
    ...pair(order, 'discount_amount', discount),
    ...pair(order, 'grand_total', order.total),
    ...pair(order, 'shipping_amount', shippingPrice),
    ...pair(order, 'subtotal', order.lineItemsSubtotal),
    ...pair(order, 'tax_amount', order.totalTax),
    ...pair(order, 'total_paid', paid),
    ...pair(order, 'total_invoiced', paid),
    ...pair(order, 'total_refunded', order.totalRefunded),
    base_to_global_rate: 1,
    base_to_order_rate: Number(order.exchangeRate),
    billing_address_id: billing ? order.id * 2 : null,
    ...(order.discountCodes[0] ? { coupon_code: order.discountCodes[0].code } : {}),
    created_at: magentoDate(order.createdAt),
    customer_email: order.email,
    customer_firstname: customer?.firstName ?? order.billingAddress?.firstName ?? null,
    customer_lastname: customer?.lastName ?? order.billingAddress?.lastName ?? null,
    customer_group_id: customer ? 1 : 0,
    ...(order.customerId !== null ? { customer_id: order.customerId } : {}),
    customer_is_guest: order.customerId === null ? 1 : 0,
    ...(order.note ? { customer_note: order.note } : {}),
    customer_note_notify: 1,
    email_sent: 1,
    entity_id: order.id,
    global_currency_code: order.currency,
    increment_id: incrementId(order.number),
    is_virtual: order.lines.every((line) => !line.requiresShipping) ? 1 : 0,
    order_currency_code: order.presentmentCurrency,
    quote_id: quoteIdOfOrder(order),
    shipping_description: order.shipping?.title ?? null,
    ...pair(order, 'shipping_tax_amount', shippingTax),
    ...pair(order, 'shipping_incl_tax', sum(order, shippingPrice, shippingTax)),
    ...pair(order, 'shipping_discount_amount', '0'),
    ...pair(order, 'shipping_discount_tax_compensation_amount', '0'),
    ...pair(order, 'discount_tax_compensation_amount', '0'),
    ...pair(
      order,
      'subtotal_incl_tax',
      sum(order, order.lineItemsSubtotal, difference(order, order.totalTax, shippingTax)),
    ),
    ...pair(order, 'total_due', difference(order, order.total, paid)),
    applied_rule_ids: order.discountCodes.length > 0 ? '1' : '',
    protect_code: createHash('sha256').update(`order:${order.id}`).digest('hex').slice(0, 6),
    store_to_base_rate: 0,
    store_to_order_rate: 0,
    weight: order.lines.reduce((total, line) => total + unitGrams(store, line) * line.quantity, 0) / 1000,
    state,
    status,
    store_currency_code: order.currency,
    store_id: 1,
    store_name: 'Main Website\nMain Website Store\nDefault Store View',
    total_item_count: items.length,
    total_qty_ordered: order.lines.reduce((sum, line) => sum + line.quantity, 0),
    updated_at: magentoDate(order.updatedAt),
    items,
    billing_address: billing,
    payment: {
      account_status: null,
      additional_information: [order.paymentMethod],
      ...pair(order, 'amount_ordered', order.total),
      ...pair(order, 'amount_paid', paid),
      cc_last4: null,
      ...pair(order, 'shipping_amount', shippingPrice),
      entity_id: order.id,
      method: order.paymentMethod,
      parent_id: order.id,
    },
    status_histories: statusHistories(order),
    extension_attributes: {
      shipping_assignments: shippingAddress
        ? [
            {
              shipping: {
                address: shippingAddress,
                method: order.shipping?.code ?? null,
                total: { ...pair(order, 'shipping_amount', shippingPrice) },
              },
              items,
            },
          ]
        : [],
    },
  };
}

export function renderOrders(store: SandboxStore): MagentoRecord[] {
  return store.listOrders().map((order) => renderOrder(store, order));
}

/** `CreditmemoInterface` (`GET /V1/creditmemos`): one per sandbox refund. */
export function renderCreditMemo(order: Order, refund: Refund): MagentoRecord {
  const linesById = new Map(order.lines.map((line) => [line.id, line]));
  const adjustment = refund.lines.length === 0 ? refund.amount : '0.00';
  return {
    adjustment: amount(adjustment),
    base_adjustment: amount(adjustment),
    ...pair(order, 'adjustment_positive', adjustment),
    base_currency_code: order.currency,
    ...pair(order, 'grand_total', refund.amount),
    ...pair(order, 'shipping_amount', refund.shippingAmount),
    ...pair(
      order,
      'tax_amount',
      fromMinor(
        refund.lines.reduce((sum, line) => sum + toMinor(line.tax, order.currency), 0),
        order.currency,
      ),
    ),
    created_at: magentoDate(refund.createdAt),
    ...(refund.reason ? { customer_note: refund.reason } : {}),
    entity_id: refund.id,
    global_currency_code: order.currency,
    increment_id: incrementId(refund.id),
    order_currency_code: order.presentmentCurrency,
    order_id: order.id,
    state: 2,
    store_id: 1,
    updated_at: magentoDate(refund.createdAt),
    items: refund.lines.map((line, index) => {
      const orderLine = linesById.get(line.lineId);
      return {
        entity_id: documentRowId(refund.id, index),
        parent_id: refund.id,
        order_item_id: line.lineId,
        product_id: orderLine ? parentProductId(orderLine.productId) : null,
        sku: orderLine?.sku ?? null,
        name: orderLine?.title ?? null,
        qty: line.quantity,
        ...pair(order, 'row_total', line.subtotal),
        ...pair(order, 'tax_amount', line.tax),
        ...pair(order, 'price', orderLine?.price ?? '0.00'),
      };
    }),
    comments: [],
  };
}

export function renderCreditMemos(store: SandboxStore): MagentoRecord[] {
  return store
    .listOrders()
    .flatMap((order) => order.refunds.map((refund) => renderCreditMemo(order, refund)))
    .sort((a, b) => Number(a.entity_id) - Number(b.entity_id));
}

/** Carrier codes Magento ships with; anything else is recorded as `custom` with the carrier as title. */
const CARRIER_CODES: Record<string, string> = { ups: 'ups', usps: 'usps', fedex: 'fedex', dhl: 'dhl' };

/** `ShipmentInterface` (`GET /V1/shipments`) with its tracks. Magento core records no delivery events. */
export function renderShipment(order: Order, fulfillment: Fulfillment): MagentoRecord {
  const linesById = new Map(order.lines.map((line) => [line.id, line]));
  const carrier = fulfillment.carrier;
  const tracks =
    fulfillment.trackingNumber === null
      ? []
      : [
          {
            entity_id: fulfillment.id,
            parent_id: fulfillment.id,
            order_id: order.id,
            track_number: fulfillment.trackingNumber,
            title: carrier ?? 'Custom',
            carrier_code: carrier ? (CARRIER_CODES[carrier.toLowerCase()] ?? 'custom') : 'custom',
            created_at: magentoDate(fulfillment.createdAt),
            updated_at: magentoDate(fulfillment.createdAt),
          },
        ];
  return {
    billing_address_id: order.billingAddress ? order.id * 2 : null,
    created_at: magentoDate(fulfillment.createdAt),
    customer_id: order.customerId,
    email_sent: 1,
    entity_id: fulfillment.id,
    increment_id: incrementId(fulfillment.id),
    order_id: order.id,
    shipping_address_id: order.shippingAddress ? order.id * 2 - 1 : null,
    store_id: 1,
    total_qty: fulfillment.lines.reduce((sum, line) => sum + line.quantity, 0),
    // Magento's shipment updated_at does not move on carrier events; it changes when tracks are added.
    updated_at: magentoDate(fulfillment.createdAt),
    items: fulfillment.lines.map((line, index) => {
      const orderLine = linesById.get(line.lineId);
      return {
        entity_id: documentRowId(fulfillment.id, index),
        parent_id: fulfillment.id,
        order_item_id: line.lineId,
        product_id: orderLine ? parentProductId(orderLine.productId) : null,
        sku: orderLine?.sku ?? null,
        name: orderLine?.title ?? null,
        qty: line.quantity,
        price: orderLine ? amount(orderLine.price) : 0,
      };
    }),
    tracks,
    comments: [],
  };
}

export function renderShipments(store: SandboxStore): MagentoRecord[] {
  return store
    .listOrders()
    .flatMap((order) => order.fulfillments.map((fulfillment) => renderShipment(order, fulfillment)))
    .sort((a, b) => Number(a.entity_id) - Number(b.entity_id));
}

import { allocateMinor, currencyDigits, fromMinor, toMinor } from '../store/money';
import type { SandboxStore } from '../store/sandbox-store';
import type { Cart, Order, OrderLine, Refund } from '../store/types';
import { wooBillingAddress, wooShippingAddress } from './render-customer';
import type { WooJson } from './render-product';
import {
  DRAFT_ORDER_ID_OFFSET,
  datePair,
  links,
  negate,
  stableHex,
  stableId,
  WC_VERSION,
  type WooRenderContext,
  wooMoney,
} from './woo-format';

export type WooOrderStatus =
  | 'pending'
  | 'processing'
  | 'on-hold'
  | 'completed'
  | 'cancelled'
  | 'refunded'
  | 'failed'
  | 'checkout-draft';

// Order items (shipping, tax and coupon lines) share one id space in WooCommerce; the sandbox
// derives theirs from the order id above this offset so they never collide with product lines.
const ORDER_ITEM_ID_OFFSET = 500_000_000;
const REFUND_ITEM_ID_OFFSET = 700_000_000;

/** The WooCommerce status a neutral order is in. */
export function wooOrderStatus(order: Order): WooOrderStatus {
  if (order.cancelledAt) return 'cancelled';
  if (order.financialState === 'refunded') return 'refunded';
  if (order.financialState === 'pending')
    return order.paymentMethod === 'bank_transfer' ? 'on-hold' : 'pending';
  if (order.financialState === 'authorized') return 'on-hold';
  if (order.fulfillmentState === 'fulfilled') return 'completed';
  return 'processing';
}

const PAYMENT_METHODS: Record<string, { id: string; title: string }> = {
  credit_card: { id: 'stripe', title: 'Credit Card (Stripe)' },
  paypal: { id: 'ppcp-gateway', title: 'PayPal' },
  bank_transfer: { id: 'bacs', title: 'Direct bank transfer' },
};

const CREATED_VIA: Record<Order['source'], string> = {
  web: 'checkout',
  checkout: 'checkout',
  api: 'rest-api',
  pos: 'admin',
};

const SHIPPING_METHOD_IDS: Record<string, string> = {
  free: 'free_shipping',
  standard: 'flat_rate',
  express: 'flat_rate',
};

const symbols = new Map<string, string>();

function currencySymbol(currency: string): string {
  let symbol = symbols.get(currency);
  if (symbol === undefined) {
    const part = new Intl.NumberFormat('en', { style: 'currency', currency })
      .formatToParts(0)
      .find((candidate) => candidate.type === 'currency');
    symbol = part?.value ?? currency;
    symbols.set(currency, symbol);
  }
  return symbol;
}

function orderKey(kind: string, id: number): string {
  return `wc_order_${stableHex(`${kind}:${id}`, 13)}`;
}

function taxRateId(order: Order): number {
  return stableId(
    `tax:${order.shippingAddress?.countryCode ?? order.billingAddress?.countryCode ?? ''}`,
    1000,
  );
}

interface LineAmounts {
  subtotal: number;
  subtotalTax: number;
  total: number;
  totalTax: number;
}

/** Line amounts in minor units; WooCommerce's subtotal is before discounts, total after. */
function lineAmounts(line: OrderLine, currency: string): LineAmounts {
  const subtotal = toMinor(line.price, currency) * line.quantity;
  const total = subtotal - toMinor(line.discount, currency);
  const totalTax = toMinor(line.tax, currency);
  const subtotalTax = total > 0 ? Math.round((totalTax * subtotal) / total) : 0;
  return { subtotal, subtotalTax, total, totalTax };
}

function variationMeta(store: SandboxStore, line: OrderLine, lineId: number): WooJson[] {
  if (line.variantTitle === null) return [];
  const product = store.getProduct(line.productId);
  const values = line.variantTitle.split(' / ');
  return values.map((value, index) => ({
    id: stableId(`meta:line:${lineId}:${index}`),
    key: (product?.options[index]?.name ?? `option_${index + 1}`).toLowerCase(),
    value,
    display_key: product?.options[index]?.name ?? `Option ${index + 1}`,
    display_value: value,
  }));
}

function lineName(line: { title: string; variantTitle: string | null }): string {
  return line.variantTitle === null
    ? line.title
    : `${line.title} - ${line.variantTitle.split(' / ').join(', ')}`;
}

function minorToNumber(minor: number, currency: string): number {
  return minor / 10 ** currencyDigits(currency);
}

function renderLineItem(store: SandboxStore, order: Order, line: OrderLine, ctx: WooRenderContext): WooJson {
  const c = order.currency;
  const amounts = lineAmounts(line, c);
  const money = (minor: number) => wooMoney(fromMinor(minor, c), ctx);
  return {
    id: line.id,
    name: lineName(line),
    product_id: line.productId,
    variation_id: line.variantTitle === null ? 0 : line.variantId,
    quantity: line.quantity,
    tax_class: '',
    subtotal: money(amounts.subtotal),
    subtotal_tax: money(amounts.subtotalTax),
    total: money(amounts.total),
    total_tax: money(amounts.totalTax),
    taxes:
      amounts.totalTax === 0 && amounts.subtotalTax === 0
        ? []
        : [{ id: taxRateId(order), total: money(amounts.totalTax), subtotal: money(amounts.subtotalTax) }],
    meta_data: variationMeta(store, line, line.id),
    sku: line.sku,
    // WooCommerce sends the discounted unit price as a JSON number.
    price: minorToNumber(amounts.total, c) / line.quantity,
    image: { id: '', src: '' },
    parent_name: line.variantTitle === null ? null : line.title,
  };
}

function trackingMeta(order: Order): WooJson[] {
  const items = order.fulfillments
    .filter((fulfillment) => fulfillment.trackingNumber !== null && fulfillment.status !== 'cancelled')
    .map((fulfillment) => ({
      tracking_provider: (fulfillment.carrier ?? '').toLowerCase().replace(/\s+/g, '-'),
      custom_tracking_provider: '',
      custom_tracking_link: fulfillment.trackingUrl ?? '',
      tracking_number: fulfillment.trackingNumber,
      date_shipped: String(Math.floor(Date.parse(fulfillment.createdAt) / 1000)),
      tracking_id: stableHex(`tracking:${fulfillment.id}`, 32),
    }));
  // Shipment tracking as the official "Shipment Tracking" extension stores it: core has none.
  return items.length === 0
    ? []
    : [{ id: stableId(`meta:tracking:${order.id}`), key: '_wc_shipment_tracking_items', value: items }];
}

/** `GET /wp-json/wc/v3/orders/{id}` body (also the webhook payload) for a sandbox order. */
export function renderWooOrder(store: SandboxStore, order: Order, ctx: WooRenderContext): WooJson {
  const c = order.currency;
  const money = (minor: number) => wooMoney(fromMinor(minor, c), ctx);
  const amounts = order.lines.map((line) => lineAmounts(line, c));
  const discountTax = amounts.reduce((sum, a) => sum + (a.subtotalTax - a.totalTax), 0);
  const cartTax = amounts.reduce((sum, a) => sum + a.totalTax, 0);
  const shippingTax = order.shipping ? toMinor(order.shipping.tax, c) : 0;
  const status = wooOrderStatus(order);
  const payment = PAYMENT_METHODS[order.paymentMethod] ?? {
    id: order.paymentMethod,
    title: order.paymentMethod,
  };
  const couponTaxes = allocateMinor(
    Math.max(0, discountTax),
    order.discountCodes.map((code) => toMinor(code.amount, c)),
  );
  const itemId = (k: number) => ORDER_ITEM_ID_OFFSET + order.id * 10 + k;
  const completedAt = status === 'completed' ? order.closedAt : null;
  return {
    id: order.id,
    parent_id: 0,
    number: String(order.id),
    order_key: orderKey('order', order.id),
    created_via: CREATED_VIA[order.source],
    version: WC_VERSION,
    status,
    currency: c,
    currency_symbol: currencySymbol(c),
    ...datePair('date_created', order.createdAt, ctx),
    ...datePair('date_modified', order.updatedAt, ctx),
    discount_total: wooMoney(order.totalDiscounts, ctx),
    discount_tax: money(Math.max(0, discountTax)),
    shipping_total: wooMoney(order.shipping?.price ?? '0', ctx),
    shipping_tax: money(shippingTax),
    cart_tax: money(cartTax),
    total: wooMoney(order.total, ctx),
    total_tax: wooMoney(order.totalTax, ctx),
    prices_include_tax: false,
    customer_id: order.customerId ?? 0,
    customer_ip_address: '',
    customer_user_agent: '',
    customer_note: order.note,
    billing: wooBillingAddress(order.billingAddress, order.email, order.phone),
    shipping: wooShippingAddress(order.shippingAddress),
    payment_method: payment.id,
    payment_method_title: payment.title,
    transaction_id: order.paidAt ? `txn_${stableHex(`txn:${order.id}`, 16)}` : '',
    ...datePair('date_paid', order.paidAt, ctx),
    ...datePair('date_completed', completedAt, ctx),
    cart_hash: '',
    meta_data: trackingMeta(order),
    line_items: order.lines.map((line) => renderLineItem(store, order, line, ctx)),
    tax_lines:
      toMinor(order.totalTax, c) === 0
        ? []
        : [
            {
              id: itemId(2),
              rate_code: `${order.shippingAddress?.countryCode ?? order.billingAddress?.countryCode ?? 'XX'}-TAX-1`,
              rate_id: taxRateId(order),
              label: 'Tax',
              compound: false,
              tax_total: money(cartTax),
              shipping_tax_total: money(shippingTax),
              meta_data: [],
            },
          ],
    shipping_lines: order.shipping
      ? [
          {
            id: itemId(1),
            method_title: order.shipping.title,
            method_id: SHIPPING_METHOD_IDS[order.shipping.code] ?? order.shipping.code,
            instance_id: '1',
            total: wooMoney(order.shipping.price, ctx),
            total_tax: money(shippingTax),
            taxes:
              shippingTax === 0 ? [] : [{ id: taxRateId(order), total: money(shippingTax), subtotal: '' }],
            // WooCommerce records which items a shipping line carried as an "Items" meta row.
            meta_data: [
              {
                id: stableId(`meta:shipping:${order.id}`),
                key: 'Items',
                value: order.lines
                  .filter((line) => line.requiresShipping)
                  .map((line) => `${lineName(line)} &times; ${line.quantity}`)
                  .join(', '),
              },
            ],
          },
        ]
      : [],
    fee_lines: [],
    coupon_lines: order.discountCodes.map((code, index) => ({
      id: itemId(3 + index),
      code: code.code.toLowerCase(),
      discount: wooMoney(code.amount, ctx),
      discount_tax: money(couponTaxes[index] ?? 0),
      meta_data: [],
    })),
    refunds: order.refunds.map((refund) => ({
      id: refund.id,
      reason: refund.reason,
      total: negate(wooMoney(refund.amount, ctx)),
    })),
    payment_url: `${ctx.siteUrl}/checkout/order-pay/${order.id}/?pay_for_order=true&key=${orderKey('order', order.id)}`,
    is_editable: status === 'pending' || status === 'on-hold',
    needs_payment: status === 'pending' || status === 'failed',
    needs_processing: order.lines.some((line) => line.requiresShipping),
    _links: links(ctx, {
      self: `orders/${order.id}`,
      collection: 'orders',
      ...(order.customerId === null ? {} : { customer: `customers/${order.customerId}` }),
    }),
  };
}

export function draftOrderId(cart: Cart): number {
  return DRAFT_ORDER_ID_OFFSET + cart.id;
}

/**
 * An open or abandoned cart as the `checkout-draft` order the Cart/Checkout blocks create
 * (WooCommerce has no cart API; drafts are the nearest thing a connector can read).
 */
export function renderWooDraftOrder(_store: SandboxStore, cart: Cart, ctx: WooRenderContext): WooJson {
  const c = cart.currency;
  const id = draftOrderId(cart);
  const money = (amount: string) => wooMoney(amount, ctx);
  return {
    id,
    parent_id: 0,
    number: String(id),
    order_key: orderKey('draft', cart.id),
    created_via: 'store-api',
    version: WC_VERSION,
    status: 'checkout-draft',
    currency: c,
    currency_symbol: currencySymbol(c),
    ...datePair('date_created', cart.createdAt, ctx),
    ...datePair('date_modified', cart.updatedAt, ctx),
    discount_total: money('0'),
    discount_tax: money('0'),
    shipping_total: money('0'),
    shipping_tax: money('0'),
    cart_tax: money('0'),
    total: money(cart.subtotal),
    total_tax: money('0'),
    prices_include_tax: false,
    customer_id: cart.customerId ?? 0,
    customer_ip_address: '',
    customer_user_agent: '',
    customer_note: '',
    billing: wooBillingAddress(cart.shippingAddress, cart.email, cart.phone),
    shipping: wooShippingAddress(cart.shippingAddress),
    payment_method: '',
    payment_method_title: '',
    transaction_id: '',
    ...datePair('date_paid', null, ctx),
    ...datePair('date_completed', null, ctx),
    cart_hash: cart.token,
    meta_data: [],
    line_items: cart.lines.map((line) => {
      const total = toMinor(line.price, c) * line.quantity;
      return {
        id: line.id,
        name: lineName(line),
        product_id: line.productId,
        variation_id: line.variantTitle === null ? 0 : line.variantId,
        quantity: line.quantity,
        tax_class: '',
        subtotal: money(fromMinor(total, c)),
        subtotal_tax: money('0'),
        total: money(fromMinor(total, c)),
        total_tax: money('0'),
        taxes: [],
        meta_data: [],
        sku: line.sku,
        price: minorToNumber(toMinor(line.price, c), c),
        image: { id: '', src: '' },
        parent_name: line.variantTitle === null ? null : line.title,
      };
    }),
    tax_lines: [],
    shipping_lines: [],
    fee_lines: [],
    coupon_lines: [],
    refunds: [],
    payment_url: `${ctx.siteUrl}/checkout/order-pay/${id}/?pay_for_order=true&key=${orderKey('draft', cart.id)}`,
    is_editable: true,
    needs_payment: true,
    needs_processing: true,
    _links: links(ctx, {
      self: `orders/${id}`,
      collection: 'orders',
      ...(cart.customerId === null ? {} : { customer: `customers/${cart.customerId}` }),
    }),
  };
}

/** `GET /wp-json/wc/v3/orders/{order}/refunds/{id}` body. */
export function renderWooRefund(
  _store: SandboxStore,
  order: Order,
  refund: Refund,
  ctx: WooRenderContext,
): WooJson {
  const c = order.currency;
  return {
    id: refund.id,
    ...datePair('date_created', refund.createdAt, ctx),
    amount: wooMoney(refund.amount, ctx),
    reason: refund.reason,
    refunded_by: 1,
    refunded_payment: true,
    meta_data: [],
    line_items: refund.lines.map((refundLine, index) => {
      const line = order.lines.find((candidate) => candidate.id === refundLine.lineId);
      const id = REFUND_ITEM_ID_OFFSET + refund.id * 100 + index;
      const subtotal = negate(wooMoney(refundLine.subtotal, ctx));
      const tax = negate(wooMoney(refundLine.tax, ctx));
      return {
        id,
        name: line ? lineName(line) : '',
        product_id: line?.productId ?? 0,
        variation_id: line && line.variantTitle !== null ? line.variantId : 0,
        quantity: -refundLine.quantity,
        tax_class: '',
        subtotal,
        subtotal_tax: tax,
        total: subtotal,
        total_tax: tax,
        taxes: toMinor(refundLine.tax, c) === 0 ? [] : [{ id: taxRateId(order), total: tax, subtotal: tax }],
        meta_data: [
          { id: stableId(`meta:refund:${id}`), key: '_refunded_item_id', value: String(refundLine.lineId) },
        ],
        sku: line?.sku ?? '',
        price: -minorToNumber(toMinor(refundLine.subtotal, c), c) / refundLine.quantity,
      };
    }),
    shipping_lines:
      toMinor(refund.shippingAmount, c) === 0
        ? []
        : [
            {
              id: REFUND_ITEM_ID_OFFSET + refund.id * 100 + 99,
              method_title: order.shipping?.title ?? 'Shipping',
              method_id: SHIPPING_METHOD_IDS[order.shipping?.code ?? ''] ?? 'flat_rate',
              total: negate(wooMoney(refund.shippingAmount, ctx)),
              total_tax: wooMoney('0', ctx),
              taxes: [],
              meta_data: [],
            },
          ],
    tax_lines: [],
    fee_lines: [],
    _links: links(ctx, {
      self: `orders/${order.id}/refunds/${refund.id}`,
      collection: `orders/${order.id}/refunds`,
      up: `orders/${order.id}`,
    }),
  };
}

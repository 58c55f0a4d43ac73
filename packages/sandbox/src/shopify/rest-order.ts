import { toMinor } from '../store/money';
import type { Fulfillment, Order, OrderLine, Refund } from '../store/types';
import { shopifyId } from './gid';
import { addAmounts, isZeroAmount, multiplyAmount, restMoneySet, subtractAmounts } from './money-bag';
import { restDecimal } from './money-format';
import { currencyPairOf, lineQuantities, orderName } from './render-order';
import { type RestRenderContext, restAddress, restTimeIn } from './rest-context';
import { renderRestCustomer } from './rest-customer';

function adminId(kind: string, id: bigint): string {
  return `gid://shopify/${kind}/${id}`;
}

/** Tax as a rate of its base, rounded to four places; REST writes rates as JSON numbers. */
function taxRate(currency: string, tax: string, base: string): number {
  const baseMinor = toMinor(base, currency);
  if (baseMinor === 0) return 0;
  return Math.round((toMinor(tax, currency) / baseMinor) * 10_000) / 10_000;
}

function restFulfillmentStatus(state: Order['fulfillmentState']): string | null {
  return state === 'fulfilled' ? 'fulfilled' : state === 'partially_fulfilled' ? 'partial' : null;
}

export function renderRestLineItem(context: RestRenderContext, order: Order, line: OrderLine) {
  const pair = currencyPairOf(order);
  const quantities = lineQuantities(order, line);
  const lineTotal = multiplyAmount(order.currency, line.price, line.quantity);
  const taxBase = subtractAmounts(order.currency, lineTotal, line.discount);
  const shipped = line.quantity - quantities.current - quantities.unfulfilled;
  const variant = context.store.getVariant(line.variantId);
  const id = shopifyId('LineItem', line.id);
  return {
    id,
    admin_graphql_api_id: adminId('LineItem', id),
    attributed_staffs: [],
    current_quantity: quantities.current,
    fulfillable_quantity: quantities.unfulfilled,
    fulfillment_service: 'manual',
    fulfillment_status:
      quantities.unfulfilled === 0 && shipped > 0 ? 'fulfilled' : shipped > 0 ? 'partial' : null,
    gift_card: false,
    grams: variant?.weightGrams ?? 0,
    name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
    price: restDecimal(line.price),
    price_set: restMoneySet(line.price, pair),
    product_exists: context.store.getProduct(line.productId) !== undefined,
    product_id: shopifyId('Product', line.productId),
    properties: [],
    quantity: line.quantity,
    requires_shipping: line.requiresShipping,
    sales_line_item_group_id: null,
    sku: line.sku || null,
    taxable: line.taxable,
    title: line.title,
    total_discount: restDecimal('0'),
    total_discount_set: restMoneySet('0', pair),
    variant_id: shopifyId('ProductVariant', line.variantId),
    variant_inventory_management: variant?.inventoryTracked === false ? null : 'shopify',
    variant_title: line.variantTitle,
    vendor: line.vendor || null,
    tax_lines: isZeroAmount(line.tax)
      ? []
      : [
          {
            channel_liable: false,
            price: restDecimal(line.tax),
            price_set: restMoneySet(line.tax, pair),
            rate: taxRate(order.currency, line.tax, taxBase),
            title: 'Tax',
          },
        ],
    duties: [],
    // Shopify reports code discounts as allocations on the line, not as total_discount.
    discount_allocations: isZeroAmount(line.discount)
      ? []
      : [
          {
            amount: restDecimal(line.discount),
            amount_set: restMoneySet(line.discount, pair),
            discount_application_index: 0,
          },
        ],
  };
}

export function renderRestRefund(context: RestRenderContext, order: Order, refund: Refund) {
  const pair = currencyPairOf(order);
  const id = shopifyId('Refund', refund.id);
  const zero = restMoneySet('0', pair);
  return {
    id,
    order_id: shopifyId('Order', order.id),
    created_at: restTimeIn(context, refund.createdAt),
    note: refund.reason || null,
    user_id: null,
    processed_at: restTimeIn(context, refund.createdAt),
    duties: [],
    total_duties_set: zero,
    return: null,
    restock: refund.lines.some((line) => line.restock),
    additional_fees: [],
    total_additional_fees_set: zero,
    refund_shipping_lines: [],
    admin_graphql_api_id: adminId('Refund', id),
    order_adjustments: [],
    refund_line_items: refund.lines.map((refundLine, index) => {
      const line = order.lines.find((candidate) => candidate.id === refundLine.lineId);
      return {
        id: shopifyId('RefundLineItem', refund.id * 1000 + index + 1),
        quantity: refundLine.quantity,
        line_item_id: shopifyId('LineItem', refundLine.lineId),
        location_id: line?.locationId == null ? null : shopifyId('Location', line.locationId),
        restock_type: refundLine.restock ? 'return' : 'no_restock',
        // REST writes these two as JSON numbers, unlike every other amount.
        subtotal: Number(refundLine.subtotal),
        total_tax: Number(refundLine.tax),
        subtotal_set: restMoneySet(refundLine.subtotal, pair),
        total_tax_set: restMoneySet(refundLine.tax, pair),
        line_item: line ? renderRestLineItem(context, order, line) : null,
      };
    }),
    transactions: [
      {
        id: shopifyId('Refund', refund.id) + 7_000_000_000n,
        admin_graphql_api_id: adminId('OrderTransaction', shopifyId('Refund', refund.id) + 7_000_000_000n),
        amount: restDecimal(refund.amount),
        authorization: null,
        created_at: restTimeIn(context, refund.createdAt),
        currency: order.currency,
        device_id: null,
        error_code: null,
        gateway: order.paymentMethod,
        kind: 'refund',
        location_id: null,
        message: null,
        order_id: shopifyId('Order', order.id),
        parent_id: null,
        payment_id: `${orderName(order)}.${index(order, refund) + 1}`,
        processed_at: restTimeIn(context, refund.createdAt),
        receipt: {},
        source_name: 'web',
        status: 'success',
        test: false,
        user_id: null,
        total_unsettled_set: {
          presentment_money: { amount: '0.0', currency: order.presentmentCurrency },
          shop_money: { amount: '0.0', currency: order.currency },
        },
        manual_payment_gateway: false,
        amount_rounding: null,
      },
    ],
  };
}

function index(order: Order, refund: Refund): number {
  return order.refunds.findIndex((candidate) => candidate.id === refund.id);
}

/** REST `status` and `shipment_status` of a sandbox shipment. */
function restShipment(status: Fulfillment['status']): { status: string; shipment_status: string | null } {
  switch (status) {
    case 'pending':
      return { status: 'success', shipment_status: null };
    case 'in_transit':
    case 'out_for_delivery':
    case 'delivered':
      return { status: 'success', shipment_status: status };
    case 'failure':
      return { status: 'failure', shipment_status: 'failure' };
    case 'cancelled':
      return { status: 'cancelled', shipment_status: null };
  }
}

export function renderRestFulfillment(context: RestRenderContext, order: Order, fulfillment: Fulfillment) {
  const id = shopifyId('Fulfillment', fulfillment.id);
  const position = order.fulfillments.findIndex((candidate) => candidate.id === fulfillment.id);
  return {
    id,
    admin_graphql_api_id: adminId('Fulfillment', id),
    created_at: restTimeIn(context, fulfillment.createdAt),
    location_id: fulfillment.locationId === null ? null : shopifyId('Location', fulfillment.locationId),
    name: `${orderName(order)}.${position + 1}`,
    order_id: shopifyId('Order', order.id),
    origin_address: {},
    receipt: { testcase: true, authorization: `sandbox-${id}` },
    service: 'manual',
    ...restShipment(fulfillment.status),
    tracking_company: fulfillment.carrier,
    tracking_number: fulfillment.trackingNumber,
    tracking_numbers: fulfillment.trackingNumber ? [fulfillment.trackingNumber] : [],
    tracking_url: fulfillment.trackingUrl,
    tracking_urls: fulfillment.trackingUrl ? [fulfillment.trackingUrl] : [],
    updated_at: restTimeIn(context, fulfillment.updatedAt),
    line_items: fulfillment.lines.flatMap((fulfillmentLine) => {
      const line = order.lines.find((candidate) => candidate.id === fulfillmentLine.lineId);
      return line
        ? [{ ...renderRestLineItem(context, order, line), quantity: fulfillmentLine.quantity }]
        : [];
    }),
  };
}

/** REST / webhook `Order`, with every key Shopify's own payload carries. */
export function renderRestOrder(context: RestRenderContext, order: Order) {
  const pair = currencyPairOf(order);
  const currency = order.currency;
  const id = shopifyId('Order', order.id);
  const money = (amount: string) => restMoneySet(amount, pair);
  const shippingPrice = order.shipping?.price ?? '0';
  const subtotal = subtractAmounts(currency, order.lineItemsSubtotal, order.totalDiscounts);
  const refundedShipping = addAmounts(currency, '0', ...order.refunds.map((refund) => refund.shippingAmount));
  const refundedLines = subtractAmounts(currency, order.totalRefunded, refundedShipping);
  const currentTotal = subtractAmounts(currency, order.total, order.totalRefunded);
  const refundedTax = addAmounts(
    currency,
    '0',
    ...order.refunds.flatMap((refund) => refund.lines.map((line) => line.tax)),
  );
  const currentTax = subtractAmounts(currency, order.totalTax, refundedTax);
  const currentSubtotal = subtractAmounts(
    currency,
    subtotal,
    subtractAmounts(currency, refundedLines, refundedTax),
  );
  const unpaid = order.financialState === 'pending' || order.financialState === 'authorized';
  const customer = order.customerId === null ? undefined : context.store.getCustomer(order.customerId);
  const cart = order.cartId === null ? undefined : context.store.getCart(order.cartId);
  const weight = order.lines.reduce(
    (sum, line) => sum + (context.store.getVariant(line.variantId)?.weightGrams ?? 0) * line.quantity,
    0,
  );
  const token = `${id.toString(16)}${order.number.toString(16)}`.padEnd(32, '0').slice(0, 32);
  return {
    id,
    admin_graphql_api_id: adminId('Order', id),
    app_id: null,
    browser_ip: null,
    buyer_accepts_marketing: customer?.emailMarketing.state === 'subscribed',
    cancel_reason: order.cancelReason,
    cancelled_at: restTimeIn(context, order.cancelledAt),
    cart_token: cart?.token ?? null,
    checkout_id: cart ? shopifyId('AbandonedCheckout', cart.id) : null,
    checkout_token: cart?.token ?? null,
    client_details: null,
    closed_at: restTimeIn(context, order.closedAt),
    confirmation_number: order.number.toString(36).toUpperCase().padStart(9, 'X'),
    confirmed: true,
    contact_email: order.email,
    created_at: restTimeIn(context, order.createdAt),
    currency,
    current_shipping_price_set: money(subtractAmounts(currency, shippingPrice, refundedShipping)),
    current_subtotal_price: restDecimal(currentSubtotal),
    current_subtotal_price_set: money(currentSubtotal),
    current_total_additional_fees_set: null,
    current_total_discounts: restDecimal(order.totalDiscounts),
    current_total_discounts_set: money(order.totalDiscounts),
    current_total_duties_set: null,
    current_total_price: restDecimal(currentTotal),
    current_total_price_set: money(currentTotal),
    current_total_tax: restDecimal(currentTax),
    current_total_tax_set: money(currentTax),
    customer_locale: customer?.locale ?? 'en',
    device_id: null,
    discount_codes: order.discountCodes.map((discount) => ({
      code: discount.code,
      amount: restDecimal(discount.amount),
      type: discount.type,
    })),
    duties_included: false,
    email: order.email ?? '',
    estimated_taxes: false,
    financial_status: order.financialState,
    fulfillment_status: restFulfillmentStatus(order.fulfillmentState),
    landing_site: null,
    landing_site_ref: null,
    location_id: null,
    merchant_business_entity_id: Buffer.from(String(shopifyId('Shop', 1)))
      .toString('base64')
      .replace(/=+$/, ''),
    merchant_of_record_app_id: null,
    name: orderName(order),
    note: order.note || null,
    note_attributes: [],
    number: order.number - 1000,
    order_number: order.number,
    order_status_url: `https://${context.shopDomain}/${shopifyId('Shop', 1)}/orders/${token}/authenticate?key=${token.split('').reverse().join('')}`,
    original_total_additional_fees_set: null,
    original_total_duties_set: null,
    payment_gateway_names: order.paymentMethod ? [order.paymentMethod] : [],
    phone: order.phone,
    po_number: null,
    presentment_currency: order.presentmentCurrency,
    processed_at: restTimeIn(context, order.processedAt),
    reference: null,
    referring_site: null,
    source_identifier: null,
    source_name: order.source === 'checkout' ? 'web' : order.source,
    source_url: null,
    subtotal_price: restDecimal(subtotal),
    subtotal_price_set: money(subtotal),
    tags: order.tags.join(', '),
    tax_exempt: false,
    tax_lines: isZeroAmount(order.totalTax)
      ? []
      : [
          {
            price: restDecimal(order.totalTax),
            rate: taxRate(currency, order.totalTax, addAmounts(currency, subtotal, shippingPrice)),
            title: 'Tax',
            price_set: money(order.totalTax),
            channel_liable: false,
          },
        ],
    taxes_included: false,
    test: false,
    token,
    total_cash_rounding_payment_adjustment_set: money('0'),
    total_cash_rounding_refund_adjustment_set: money('0'),
    total_discounts: restDecimal(order.totalDiscounts),
    total_discounts_set: money(order.totalDiscounts),
    total_line_items_price: restDecimal(order.lineItemsSubtotal),
    total_line_items_price_set: money(order.lineItemsSubtotal),
    total_outstanding: restDecimal(unpaid ? order.total : '0'),
    total_price: restDecimal(order.total),
    total_price_set: money(order.total),
    total_shipping_price_set: money(shippingPrice),
    total_tax: restDecimal(order.totalTax),
    total_tax_set: money(order.totalTax),
    total_tip_received: restDecimal('0'),
    total_weight: weight,
    updated_at: restTimeIn(context, order.updatedAt),
    user_id: null,
    billing_address: restAddress(order.billingAddress),
    customer: customer ? renderRestCustomer(context, customer, { embedded: true }) : null,
    discount_applications: order.discountCodes.map((discount) => ({
      target_type: 'line_item',
      type: 'discount_code',
      value: discount.type === 'percentage' ? `${discount.value}` : restDecimal(discount.value),
      value_type: discount.type,
      allocation_method: 'across',
      target_selection: 'all',
      code: discount.code,
    })),
    fulfillments: order.fulfillments.map((fulfillment) => renderRestFulfillment(context, order, fulfillment)),
    line_items: order.lines.map((line) => renderRestLineItem(context, order, line)),
    payment_terms: null,
    refunds: order.refunds.map((refund) => renderRestRefund(context, order, refund)),
    shipping_address: restAddress(order.shippingAddress),
    shipping_lines: order.shipping
      ? [
          {
            id: shopifyId('Order', order.id) + 3_000_000_000n,
            carrier_identifier: null,
            code: order.shipping.code || null,
            current_discounted_price_set: money(
              subtractAmounts(currency, order.shipping.price, refundedShipping),
            ),
            discounted_price: restDecimal(order.shipping.price),
            discounted_price_set: money(order.shipping.price),
            is_removed: false,
            phone: null,
            price: restDecimal(order.shipping.price),
            price_set: money(order.shipping.price),
            requested_fulfillment_service_id: null,
            source: 'shopify',
            title: order.shipping.title,
            tax_lines: isZeroAmount(order.shipping.tax)
              ? []
              : [
                  {
                    price: restDecimal(order.shipping.tax),
                    rate: taxRate(currency, order.shipping.tax, order.shipping.price),
                    title: 'Tax',
                    price_set: money(order.shipping.tax),
                    channel_liable: false,
                  },
                ],
            discount_allocations: [],
          },
        ]
      : [],
    returns: [],
  };
}

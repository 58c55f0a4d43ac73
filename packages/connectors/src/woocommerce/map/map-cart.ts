import { type Cart, type CartLine, entityId, lineId, sumMoney } from '@cartwire/model';
import type { WooLineItem, WooOrder } from '../raw/raw-order';
import { blankToNull, emailOrNull, gmtToIso, plainText, urlOrNull, wooMoney } from './map-common';
import { lineReferences, toDiscountApplication, unitPriceOf, variantTitleOf } from './map-lines';

/** The block checkout's pre-payment order: WooCommerce's only server-side cart. */
const CHECKOUT_DRAFT_STATUS = 'checkout-draft';

/** Orders placed through the block checkout (Store API) started as a `checkout-draft`. */
const BLOCK_CHECKOUT_SOURCE = 'store-api';

function toCartLine(line: WooLineItem, storeId: string, cartId: string, currency: string): CartLine {
  return {
    id: lineId('cart_line', cartId, String(line.id)),
    externalId: String(line.id),
    ...lineReferences(storeId, line.product_id, line.variation_id),
    sku: blankToNull(line.sku),
    title: plainText(line.parent_name ?? line.name),
    variantTitle: variantTitleOf(line),
    quantity: Math.max(0, line.quantity),
    unitPrice: unitPriceOf(line, currency),
    imageUrl: urlOrNull(line.image?.src),
  };
}

/**
 * WooCommerce has no cart API: the closest server-side record is a `checkout-draft` order, created
 * by the block checkout before payment. A draft maps to an `open` cart (abandonment is decided
 * downstream from `updatedAt`; WooCommerce gives no signal). When the draft is paid it becomes an
 * ordinary order under the same id, so a block-checkout order (`created_via: store-api`) that is no
 * longer a draft maps to a `converted` cart pointing at that order. Any other order never was a cart
 * and maps to nothing.
 */
export function toCart(order: WooOrder, storeId: string): Cart[] {
  const isDraft = order.status === CHECKOUT_DRAFT_STATUS;
  if (!isDraft && order.created_via !== BLOCK_CHECKOUT_SOURCE) return [];
  const currency = order.currency.toUpperCase();
  const id = entityId('cart', storeId, String(order.id));
  return [
    {
      id,
      storeId,
      platform: 'woocommerce',
      externalId: String(order.id),
      createdAt: gmtToIso(order.date_created_gmt),
      updatedAt: gmtToIso(order.date_modified_gmt),
      status: isDraft ? 'open' : 'converted',
      currency,
      lines: order.line_items.map((line) => toCartLine(line, storeId, id, currency)),
      subtotal: sumMoney(
        order.line_items.map((line) => wooMoney(line.subtotal, currency)),
        currency,
      ),
      totalDiscounts: wooMoney(order.discount_total, currency),
      totalTax: wooMoney(order.total_tax, currency),
      total: wooMoney(order.total, currency),
      discountCodes: order.coupon_lines.map((coupon) => coupon.code),
      discountApplications: order.coupon_lines.map((coupon) => toDiscountApplication(coupon, currency)),
      customerId: order.customer_id === 0 ? null : entityId('customer', storeId, String(order.customer_id)),
      email: emailOrNull(order.billing.email),
      phone: blankToNull(order.billing.phone),
      // Drafts have no pay-for-order link; WooCommerce core offers no recovery URL.
      recoveryUrl: null,
      // Unpaid conversions (bank transfer) fall back to the order's creation so the value stays stable.
      completedAt: isDraft ? null : gmtToIso(order.date_paid_gmt ?? order.date_created_gmt),
      convertedOrderId: isDraft ? null : entityId('order', storeId, String(order.id)),
    },
  ];
}

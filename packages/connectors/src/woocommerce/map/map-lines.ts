import {
  type DiscountApplication,
  entityId,
  type LineItem,
  type LineKind,
  lineId,
  type Money,
  money,
  parseDecimal,
  subtractMoney,
} from '@cartwire/model';
import type { WooCouponLine, WooLineItem } from '../raw/raw-order';
import { blankToNull, perUnit, plainText, wooMoney } from './map-common';

/**
 * External id of the single variant of a simple product: WooCommerce sells a simple product as
 * itself and has no variation record for it. Real stores give products and variations ids from one
 * sequence (wp_posts), but plugins with their own product tables and the sandbox do not, so the id is
 * namespaced rather than the bare product id, which could equal some variation's id.
 */
export function simpleVariantExternalId(productId: number): string {
  return `product:${productId}`;
}

/** Product and variant references of a line; `product_id`/`variation_id` 0 means deleted or none. */
export function lineReferences(
  storeId: string,
  productId: number,
  variationId: number,
): { productId: string | null; variantId: string | null } {
  const product = productId === 0 ? null : entityId('product', storeId, String(productId));
  let variant: string | null = null;
  if (variationId !== 0) variant = entityId('variant', storeId, String(variationId));
  else if (productId !== 0) variant = entityId('variant', storeId, simpleVariantExternalId(productId));
  return { productId: product, variantId: variant };
}

/** Attribute values of a variation line from its visible meta (`pa_color: black`), e.g. "Black / M". */
export function variantTitleOf(line: WooLineItem): string | null {
  if (line.variation_id === 0) return null;
  const values = line.meta_data
    .filter((meta) => !meta.key.startsWith('_'))
    .map((meta) => meta.display_value ?? meta.value)
    .filter((value): value is string | number => typeof value === 'string' || typeof value === 'number')
    .map((value) => plainText(String(value)))
    .filter((value) => value !== '');
  return values.length > 0 ? values.join(' / ') : null;
}

/**
 * Price of one unit before discounts: `subtotal / quantity`. WooCommerce's own `price` is a float
 * computed after discounts, so it only serves for lines with no quantity left.
 */
export function unitPriceOf(line: WooLineItem, currency: string): Money {
  if (line.quantity > 0) return perUnit(wooMoney(line.subtotal, currency), line.quantity);
  return wooMoney(line.price ?? '0', currency);
}

export interface LineContext {
  storeId: string;
  /** Cartwire id of the order or cart the line belongs to. */
  parentId: string;
  currency: string;
  requiresShipping: boolean;
}

export function toLineItem(line: WooLineItem, context: LineContext, kind: LineKind = 'line_item'): LineItem {
  const subtotal = wooMoney(line.subtotal, context.currency);
  const total = wooMoney(line.total, context.currency);
  return {
    id: lineId(kind, context.parentId, String(line.id)),
    externalId: String(line.id),
    ...lineReferences(context.storeId, line.product_id, line.variation_id),
    sku: blankToNull(line.sku),
    title: plainText(line.parent_name ?? line.name),
    variantTitle: variantTitleOf(line),
    quantity: Math.max(0, line.quantity),
    unitPrice: unitPriceOf(line, context.currency),
    totalDiscount: subtractMoney(subtotal, total),
    totalTax: wooMoney(line.total_tax, context.currency),
    requiresShipping: context.requiresShipping,
  };
}

/** WooCommerce coupon types: `percent`, `fixed_cart`, `fixed_product` (plugins add others). */
export function couponValueType(discountType: string | null | undefined): DiscountApplication['valueType'] {
  if (discountType === 'percent') return 'percentage';
  if (discountType === 'fixed_cart' || discountType === 'fixed_product') return 'fixed_amount';
  return null;
}

export function toDiscountApplication(coupon: WooCouponLine, currency: string): DiscountApplication {
  const nominal = coupon.nominal_amount;
  return {
    type: 'code',
    code: coupon.code,
    title: null,
    valueType: couponValueType(coupon.discount_type),
    value: nominal === null || nominal === undefined ? null : parseDecimal(nominal),
    amount: money(coupon.discount, currency),
    target: 'line_items',
  };
}

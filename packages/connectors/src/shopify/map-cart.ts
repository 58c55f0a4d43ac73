import { type Cart, entityId, lineId, toIsoUtc } from '@cartwire/model';
import type { MapContext } from '../engine/connector';
import { text } from './raw-address';
import type { RawCheckout } from './raw-checkout';
import { numericIdOf } from './shopify-ids';
import { moneyOf, shopMoneyOf } from './shopify-money';

function emailOrNull(value: string | null | undefined): string | null {
  const trimmed = text(value);
  return trimmed && /^[^\s@]+@[^\s@]+$/.test(trimmed) ? trimmed : null;
}

/**
 * A Shopify abandoned checkout as a Cart. Shopify lists only checkouts that were abandoned, so an
 * uncompleted one is `abandoned`; a completed one (recovered) is `converted`. The Admin API does not
 * link the checkout to the order it became, so `convertedOrderId` stays null.
 */
export function mapCart(raw: RawCheckout, context: MapContext): Cart {
  const externalId = numericIdOf(raw.id);
  const id = entityId('cart', context.storeId, externalId);
  const currency = raw.totalPriceSet.shopMoney.currencyCode;
  if (raw.lineItems.pageInfo?.hasNextPage) {
    throw new Error(`checkout ${externalId} has more lines than one page`);
  }
  const customerId = raw.customer?.id
    ? entityId('customer', context.storeId, numericIdOf(raw.customer.id))
    : null;
  return {
    id,
    storeId: context.storeId,
    platform: context.platform,
    externalId,
    createdAt: toIsoUtc(raw.createdAt),
    updatedAt: toIsoUtc(raw.updatedAt),
    status: raw.completedAt ? 'converted' : 'abandoned',
    currency,
    lines: raw.lineItems.nodes.map((line) => {
      // Keyed by variant: GraphQL line ids and REST line keys differ for the same line, the variant does not.
      const lineExternalId = line.variant
        ? numericIdOf(line.variant.id)
        : line.id.startsWith('gid://')
          ? numericIdOf(line.id)
          : line.id;
      return {
        id: lineId('cart_line', id, lineExternalId),
        externalId: lineExternalId,
        productId: line.product ? entityId('product', context.storeId, numericIdOf(line.product.id)) : null,
        variantId: line.variant ? entityId('variant', context.storeId, numericIdOf(line.variant.id)) : null,
        sku: text(line.sku),
        title: line.title,
        variantTitle: text(line.variantTitle),
        quantity: line.quantity,
        unitPrice: moneyOf(line.originalUnitPriceSet.shopMoney),
        imageUrl: null,
      };
    }),
    subtotal: moneyOf(raw.subtotalPriceSet.shopMoney),
    totalDiscounts: shopMoneyOf(raw.totalDiscountSet, currency),
    totalTax: shopMoneyOf(raw.totalTaxSet, currency),
    total: moneyOf(raw.totalPriceSet.shopMoney),
    discountCodes: [],
    discountApplications: [],
    customerId,
    email: emailOrNull(raw.email ?? raw.customer?.email),
    phone: text(raw.customer?.phone ?? raw.shippingAddress?.phone ?? raw.billingAddress?.phone),
    recoveryUrl:
      raw.abandonedCheckoutUrl && URL.canParse(raw.abandonedCheckoutUrl) ? raw.abandonedCheckoutUrl : null,
    completedAt: raw.completedAt ? toIsoUtc(raw.completedAt) : null,
    convertedOrderId: null,
  };
}

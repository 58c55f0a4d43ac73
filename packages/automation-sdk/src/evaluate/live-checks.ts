import type { LiveCheck } from '../definition/workflow-definition';
import type { EvaluationContext } from './context';

/** Why a live check fails on the current records, or null when it passes. */
export function liveCheckFailure(
  check: LiveCheck,
  context: EvaluationContext,
  /** Variant prices (decimal strings) when the run started, by variant id. */
  entryPrices: Readonly<Record<string, string>>,
): string | null {
  switch (check) {
    case 'cart_not_converted':
      if (!context.cart) return 'cart_missing';
      return context.cart.status === 'converted' || context.cart.convertedOrderId !== null
        ? 'cart_converted'
        : null;
    case 'items_in_stock': {
      const out = itemVariantIds(context).filter((id) => {
        const variant = context.variants.get(id);
        return variant?.inventoryTracked === true && (variant.inventoryQuantity ?? 0) <= 0;
      });
      return out.length > 0 ? `out_of_stock:${out.join(',')}` : null;
    }
    case 'price_not_increased': {
      const raised = Object.entries(entryPrices).filter(([id, was]) => {
        const now = context.variants.get(id)?.price.amount;
        return now !== undefined && Number(now) > Number(was);
      });
      return raised.length > 0 ? `price_increased:${raised.map(([id]) => id).join(',')}` : null;
    }
    case 'order_not_cancelled': {
      const order = context.order;
      if (!order) return 'order_missing';
      if (order.status === 'cancelled') return 'order_cancelled';
      if (order.financialStatus === 'refunded' || order.financialStatus === 'voided') return 'order_refunded';
      return null;
    }
  }
}

/** Variants the run is about: the cart's or order's lines, or the run's variant. */
export function itemVariantIds(context: EvaluationContext): string[] {
  const ids = new Set<string>();
  for (const line of context.cart?.lines ?? [])
    if (line.variantId && line.quantity > 0) ids.add(line.variantId);
  for (const line of context.order?.lineItems ?? [])
    if (line.variantId && line.quantity > 0) ids.add(line.variantId);
  if (context.variant) ids.add(context.variant.id);
  return [...ids];
}

/** Current prices of the run's variants, kept at entry so `price_not_increased` can compare later. */
export function priceSnapshot(context: EvaluationContext): Record<string, string> {
  const prices: Record<string, string> = {};
  for (const id of itemVariantIds(context)) {
    const variant = context.variants.get(id);
    if (variant) prices[id] = variant.price.amount;
  }
  return prices;
}

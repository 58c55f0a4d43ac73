import type { Cart, Customer, Order, Product, Variant } from '@cartwire/model';

/**
 * What a metric is computed from. A workflow may use a metric only when its trigger makes that record
 * available (the validator checks this).
 */
export type MetricSource = 'cart' | 'order' | 'customer' | 'variant';

/** The records a metric is computed from: the run's live entities and the variants of their lines. */
export interface MetricInput {
  cart: Cart | null;
  order: Order | null;
  customer: Customer | null;
  variant: Variant | null;
  product: Product | null;
  /** Variants of the cart/order lines, by id, for unit costs and stock. */
  variants: ReadonlyMap<string, Variant>;
  /** Whether the shopper is on the variant's waitlist; undefined when the live data has no waitlist. */
  onWaitlist?: boolean;
  /** The shopper's recent carts; undefined when the live data cannot list them. */
  shopperCarts?: readonly Cart[];
  /**
   * The customer's CLV prediction (BG/NBD + Gamma-Gamma of their store's last fit); null when the store
   * has no fitted model or the customer no prediction, undefined when the live data has no predictions.
   */
  prediction?: PredictedValues | null;
}

/** The parts of a customer's CLV prediction conditions can read. */
export interface PredictedValues {
  readonly pAlive: number;
  readonly expectedPurchases: { readonly days30: number; readonly days90: number; readonly days365: number };
  /** Predicted spend over the CLV horizon, in the shop currency; null when the spend model was not fitted. */
  readonly predictedClv: { readonly amount: string } | null;
}

type MetricValue = number | boolean | null;

interface MetricSpec {
  source: MetricSource;
  description: string;
  compute(input: MetricInput): MetricValue;
}

interface PricedLine {
  variantId: string | null;
  productId: string | null;
  quantity: number;
  unitPrice: { amount: string };
}

// Margins are ratios for routing decisions (thresholds like "at least 40 %"), not amounts payable, so a
// float is precise enough here; money itself stays a decimal string everywhere else.
function marginPercent(lines: readonly PricedLine[], variants: ReadonlyMap<string, Variant>): number | null {
  let revenue = 0;
  let cost = 0;
  for (const line of lines) {
    const unitCost = line.variantId ? variants.get(line.variantId)?.unitCost : null;
    if (!unitCost || line.quantity === 0) continue;
    revenue += Number(line.unitPrice.amount) * line.quantity;
    cost += Number(unitCost.amount) * line.quantity;
  }
  if (revenue <= 0) return null;
  return round2(((revenue - cost) / revenue) * 100);
}

/** Margin of one line in percent; null when its unit cost is unknown. */
export function lineMarginPercent(line: PricedLine, variants: ReadonlyMap<string, Variant>): number | null {
  return marginPercent([{ ...line, quantity: Math.max(1, line.quantity) }], variants);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function quantity(lines: readonly PricedLine[]): number {
  return lines.reduce((sum, line) => sum + line.quantity, 0);
}

function maxLineMargin(lines: readonly PricedLine[], variants: ReadonlyMap<string, Variant>): number | null {
  const margins = lines.map((line) => lineMarginPercent(line, variants)).filter((m) => m !== null);
  return margins.length === 0 ? null : Math.max(...margins);
}

/** Computed metrics usable in conditions as `metrics.<name>`. */
export const METRICS = {
  cartValue: {
    source: 'cart',
    description: 'Cart subtotal, as a number in the cart currency.',
    compute: ({ cart }) => (cart ? Number(cart.subtotal.amount) : null),
  },
  cartItemCount: {
    source: 'cart',
    description: 'Units in the cart.',
    compute: ({ cart }) => (cart ? quantity(cart.lines) : null),
  },
  cartMarginPercent: {
    source: 'cart',
    description:
      'Gross margin of the cart lines with a known unit cost, in percent; null when none is known.',
    compute: ({ cart, variants }) => (cart ? marginPercent(cart.lines, variants) : null),
  },
  cartMaxItemMarginPercent: {
    source: 'cart',
    description: 'Highest margin of any cart line with a known unit cost, in percent.',
    compute: ({ cart, variants }) => (cart ? maxLineMargin(cart.lines, variants) : null),
  },
  orderValue: {
    source: 'order',
    description: 'Order total, as a number in the shop currency.',
    compute: ({ order }) => (order ? Number(order.total.amount) : null),
  },
  orderItemCount: {
    source: 'order',
    description: 'Units ordered.',
    compute: ({ order }) => (order ? quantity(order.lineItems) : null),
  },
  orderMarginPercent: {
    source: 'order',
    description: 'Gross margin of the order lines with a known unit cost, in percent.',
    compute: ({ order, variants }) => (order ? marginPercent(order.lineItems, variants) : null),
  },
  orderBracketedProducts: {
    source: 'order',
    description:
      'Products bought in more than one variant in the order (size/colour bracketing), a strong return-risk signal.',
    compute: ({ order }) => {
      if (!order) return null;
      const variantsByProduct = new Map<string, Set<string>>();
      for (const line of order.lineItems) {
        if (!line.productId || !line.variantId || line.quantity === 0) continue;
        const set = variantsByProduct.get(line.productId) ?? new Set<string>();
        set.add(line.variantId);
        variantsByProduct.set(line.productId, set);
      }
      return [...variantsByProduct.values()].filter((set) => set.size > 1).length;
    },
  },
  orderUsedDiscount: {
    source: 'order',
    description: 'Whether the order used any discount.',
    compute: ({ order }) => (order ? Number(order.totalDiscounts.amount) > 0 : null),
  },
  customerOrdersCount: {
    source: 'customer',
    description: 'Orders the customer placed, as the platform reports it.',
    compute: ({ customer }) => customer?.ordersCount ?? null,
  },
  customerTotalSpent: {
    source: 'customer',
    description: 'Lifetime spend, as a number in the shop currency.',
    compute: ({ customer }) => (customer?.totalSpent ? Number(customer.totalSpent.amount) : null),
  },
  customerProbabilityAlive: {
    source: 'customer',
    description:
      'Probability (0–1) that the customer is still active (BG/NBD of their store’s last fit); null without a ' +
      'prediction.',
    compute: ({ prediction }) => prediction?.pAlive ?? null,
  },
  customerExpectedPurchases30: {
    source: 'customer',
    description:
      'Purchases the customer is expected to make in the next 30 days (BG/NBD); null without a prediction.',
    compute: ({ prediction }) => prediction?.expectedPurchases.days30 ?? null,
  },
  customerExpectedPurchases90: {
    source: 'customer',
    description:
      'Purchases the customer is expected to make in the next 90 days (BG/NBD); null without a prediction.',
    compute: ({ prediction }) => prediction?.expectedPurchases.days90 ?? null,
  },
  customerExpectedPurchases365: {
    source: 'customer',
    description:
      'Purchases the customer is expected to make in the next 365 days (BG/NBD); null without a prediction.',
    compute: ({ prediction }) => prediction?.expectedPurchases.days365 ?? null,
  },
  customerPredictedClv: {
    source: 'customer',
    description:
      'Predicted customer lifetime value over the store’s CLV horizon (BG/NBD × Gamma-Gamma), as a number in the ' +
      'shop currency; null without a prediction or a fitted spend model.',
    compute: ({ prediction }) => (prediction?.predictedClv ? Number(prediction.predictedClv.amount) : null),
  },
  variantAvailable: {
    source: 'variant',
    description: 'Units of the run’s variant available across locations; null when untracked.',
    compute: ({ variant }) => variant?.inventoryQuantity ?? null,
  },
  shopperOnWaitlist: {
    source: 'variant',
    description:
      'Whether the run’s shopper has an active waitlist subscription for the run’s variant; null when the ' +
      'runtime’s live data has no waitlist.',
    compute: ({ onWaitlist }) => onWaitlist ?? null,
  },
  shopperCartHasVariant: {
    source: 'variant',
    description:
      'Whether the run’s shopper has a cart that is not converted (open or abandoned) holding the run’s ' +
      'variant: a cart abandoner of that variant; null when the runtime’s live data cannot list carts.',
    compute: ({ shopperCarts, variant }) =>
      shopperCarts === undefined || !variant
        ? null
        : shopperCarts.some(
            (cart) =>
              cart.status !== 'converted' &&
              cart.convertedOrderId === null &&
              cart.lines.some((line) => line.variantId === variant.id && line.quantity > 0),
          ),
  },
  variantDiscountPercent: {
    source: 'variant',
    description: 'How far the variant’s price is below its compare-at price, in percent; 0 when not on sale.',
    compute: ({ variant }) => {
      if (!variant) return null;
      const was = variant.compareAtPrice ? Number(variant.compareAtPrice.amount) : 0;
      const now = Number(variant.price.amount);
      return was > now && was > 0 ? round2(((was - now) / was) * 100) : 0;
    },
  },
} as const satisfies Record<string, MetricSpec>;

export type MetricName = keyof typeof METRICS;

export function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(METRICS, name);
}

export function computeMetric(name: MetricName, input: MetricInput): MetricValue {
  return (METRICS[name] as MetricSpec).compute(input);
}

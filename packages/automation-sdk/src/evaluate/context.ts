import {
  Cart,
  Customer,
  EVENT_ENTITY_TYPE,
  EventEnvelope,
  type Order,
  Order as OrderSchema,
  Product,
  Variant,
} from '@cartwire/model';
import { z } from 'zod';
import { InvalidEvaluationInputError } from '../errors';
import type { PredictedValues } from './metrics';

/**
 * Everything a condition can read: the event `event.*` refers to, the run's records (null when the run
 * has none), variants of the cart/order lines for margins and stock, the evaluation time, and the
 * segments the customer is in (undefined: no segment resolver, so segment rules are refused).
 */
export interface EvaluationContext {
  event: EventEnvelope;
  customer: Customer | null;
  cart: Cart | null;
  order: Order | null;
  variant: Variant | null;
  product: Product | null;
  variants: ReadonlyMap<string, Variant>;
  now: Date;
  segments?: ReadonlySet<string>;
  /** Candidate products for cross-sell recommendations; none when not loaded. */
  catalogue?: readonly Product[];
  /** Whether the run's shopper is on the waitlist of the run's variant; undefined when not looked up. */
  onWaitlist?: boolean;
  /** The run's shopper's recent carts; undefined when not looked up. */
  shopperCarts?: readonly Cart[];
  /** The customer's CLV prediction; undefined when not looked up, null when there is none. */
  prediction?: PredictedValues | null;
}

/** What a caller supplies to build a context; entities missing from the event are given explicitly. */
export const EvaluationInput = z.object({
  event: EventEnvelope,
  customer: Customer.nullable().optional(),
  cart: Cart.nullable().optional(),
  order: OrderSchema.nullable().optional(),
  variant: Variant.nullable().optional(),
  product: Product.nullable().optional(),
  variants: z.array(Variant).optional().describe('Variants of the cart/order lines (unit costs, stock).'),
  now: z.iso.datetime().optional().describe('Evaluation time; default the event time.'),
  segments: z.array(z.string()).optional().describe('Segments the customer is in.'),
  catalogue: z.array(Product).optional().describe('Candidate products for cross-sell recommendations.'),
});
export type EvaluationInput = z.input<typeof EvaluationInput>;

/**
 * Builds an evaluation context: records the event itself carries (a cart event's cart, an order event's
 * order, a stock event's variant) are taken from it unless given explicitly.
 * @throws InvalidEvaluationInputError
 */
export function createEvaluationContext(input: EvaluationInput): EvaluationContext {
  const parsed = EvaluationInput.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: i.path.map(String).join('.'),
      message: i.message,
    }));
    throw new InvalidEvaluationInputError(
      `Invalid evaluation input: ${issues[0]?.path ?? ''}: ${issues[0]?.message ?? ''}`,
      issues,
    );
  }
  const value = parsed.data;
  const fromEvent = recordsOfEvent(value.event);
  const variants = new Map<string, Variant>();
  for (const variant of value.variants ?? []) variants.set(variant.id, variant);
  const variant = value.variant ?? fromEvent.variant;
  if (variant) variants.set(variant.id, variant);
  return {
    event: value.event,
    customer: value.customer ?? fromEvent.customer,
    cart: value.cart ?? fromEvent.cart,
    order: value.order ?? fromEvent.order,
    variant,
    product: value.product ?? fromEvent.product,
    variants,
    now: new Date(value.now ?? value.event.occurredAt),
    ...(value.segments ? { segments: new Set(value.segments) } : {}),
    ...(value.catalogue ? { catalogue: value.catalogue } : {}),
  };
}

interface EventRecords {
  customer: Customer | null;
  cart: Cart | null;
  order: Order | null;
  variant: Variant | null;
  product: Product | null;
}

/** The records an event carries in its `data`, by the entity type it is about. */
export function recordsOfEvent(event: EventEnvelope): EventRecords {
  const records: EventRecords = { customer: null, cart: null, order: null, variant: null, product: null };
  const entity = EVENT_ENTITY_TYPE[event.type];
  const data = event.data;
  if (entity === 'cart') records.cart = Cart.safeParse(data).data ?? null;
  if (entity === 'order') records.order = OrderSchema.safeParse(data).data ?? null;
  if (entity === 'customer') records.customer = Customer.safeParse(data).data ?? null;
  if (entity === 'product') records.product = Product.safeParse(data).data ?? null;
  if (entity === 'variant') {
    const variant = (data as { variant?: unknown } | null)?.variant;
    records.variant = variant === undefined ? null : (Variant.safeParse(variant).data ?? null);
  }
  return records;
}

/** Who an event is about: a registered customer id and/or an email, from whichever field the type has. */
export function customerOfEvent(event: EventEnvelope): { customerId: string | null; email: string | null } {
  const data = (event.data ?? {}) as Record<string, unknown>;
  if (event.type === 'customer.created' || event.type === 'customer.updated') {
    return { customerId: event.entityId, email: stringOrNull(data.email) };
  }
  const shopper = data.shopper as Record<string, unknown> | undefined;
  if (shopper) return { customerId: stringOrNull(shopper.customerId), email: stringOrNull(shopper.email) };
  return { customerId: stringOrNull(data.customerId), email: stringOrNull(data.email) };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

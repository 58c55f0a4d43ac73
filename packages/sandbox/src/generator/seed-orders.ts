import type { DiscountCodeInput, PlaceOrderInput, ShippingInput } from '../store/inputs';
import { currencyDigits, formatScaled, percentOfMinor, toMinor } from '../store/money';
import { fulfilledQuantities, refundedQuantities } from '../store/orders';
import type { Address, Order } from '../store/types';
import {
  DAY,
  emailSafe,
  exchangeRate,
  type GeneratorContext,
  HOUR,
  MINUTE,
  personName,
  randomAddress,
  randomCountry,
  randomPhone,
  usdCentsIn,
} from './context';
import { createWeightedSampler } from './random';
import { CARRIERS, type CountryProfile, DISCOUNT_CODES, REFUND_REASONS } from './vocabulary';

/** Who places a planned order. */
type Buyer =
  | { kind: 'customer'; index: number }
  | { kind: 'guest'; email: string | null; country: CountryProfile };

const GUEST_SHARE = 0.15;
const CART_SHARE = 0.3;
const VIP_ORDER_COUNT = 10;
/** Share of buying customers who never come back. */
const ONE_TIME_SHARE = 0.45;
/** How long before its placement an order is planned (its cart may be created up to 45 minutes earlier). */
const PLANNING_LEAD = 60 * MINUTE;

/**
 * Plans every order of the history and schedules its life: placement (directly or through a cart),
 * payment, cancellation, fulfilments and deliveries, partial and full refunds, and restocks.
 */
export function seedOrders(ctx: GeneratorContext): void {
  const { random, start, now } = ctx;
  const plans = planBuyers(ctx).map((buyer) => {
    const earliest = buyer.kind === 'customer' ? ctx.customers[buyer.index]!.createdAt + 5 * MINUTE : start;
    return { buyer, at: random.int(Math.max(earliest, start), now - 30 * MINUTE) };
  });
  plans.sort((a, b) => a.at - b.at);
  // Orders are planned just in time rather than all up front, so the timeline only ever holds the
  // follow-ups of recent orders; that keeps generating 100k orders fast and small in memory.
  let next = 0;
  const feed = () => {
    const plan = plans[next++]!;
    planOrder(ctx, plan.buyer, plan.at);
    const upcoming = plans[next];
    if (upcoming) ctx.timeline.schedule(upcoming.at - PLANNING_LEAD, feed);
  };
  if (plans[0]) ctx.timeline.schedule(plans[0].at - PLANNING_LEAD, feed);
}

/** Long-tailed buyers: a few heavy repeat customers, many one-time buyers, and guests. */
function planBuyers(ctx: GeneratorContext): Buyer[] {
  const { random, profile, customers, now, start, home } = ctx;
  const total = profile.orders;
  const guestOrders = Math.round(total * GUEST_SHARE);
  const registeredOrders = total - guestOrders;
  const buyerCount = Math.min(Math.round(customers.length * 0.85), registeredOrders);
  const buyers: Buyer[] = [];
  // Long-tenured customers have had more time to come back: weight by tenure as well as appetite.
  const weights = customers.slice(0, buyerCount).map((customer, index) => {
    if (index > 0 && random.chance(ONE_TIME_SHARE)) return 0;
    const tenure = (now - Math.max(customer.createdAt, start)) / (now - start);
    return Math.min(random.pareto(1.16), 20) * Math.max(0.05, tenure);
  });
  for (let index = 0; index < buyerCount; index++) buyers.push({ kind: 'customer', index });
  const sample = createWeightedSampler(weights);
  for (let i = buyerCount; i < registeredOrders; i++)
    buyers.push({ kind: 'customer', index: sample(random) });

  const guestEmails: string[] = [];
  for (let i = 0; i < guestOrders; i++) {
    const country = randomCountry(random, home);
    if (random.chance(0.04)) {
      buyers.push({ kind: 'guest', email: null, country });
      continue;
    }
    if (guestEmails.length > 0 && random.chance(0.15)) {
      buyers.push({ kind: 'guest', email: random.pick(guestEmails), country });
      continue;
    }
    const name = personName(random);
    const email = `${emailSafe(name.firstName, 'guest')}.${emailSafe(name.lastName, 'buyer')}.g${i + 1}@guest.example`;
    guestEmails.push(email);
    buyers.push({ kind: 'guest', email, country });
  }
  return buyers;
}

function planLines(ctx: GeneratorContext, at: number): PlaceOrderInput['lines'] {
  const { random } = ctx;
  const count = [1, 2, 3, 4][random.weighted([55, 25, 12, 8])]!;
  const lines = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const variantId = ctx.pickVariant(at);
    lines.set(variantId, (lines.get(variantId) ?? 0) + [1, 2, 3][random.weighted([80, 15, 5])]!);
  }
  if (random.chance(0.03)) lines.set(ctx.giftVariantId, 1);
  if (random.chance(0.01)) lines.set(ctx.giftCardVariantId, 1);
  return [...lines].map(([variantId, quantity]) => ({ variantId, quantity }));
}

function planShipping(ctx: GeneratorContext): ShippingInput {
  const draw = ctx.random.next();
  if (draw < 0.3) return { title: 'Free shipping', code: 'free', price: '0' };
  if (draw < 0.85) return { title: 'Standard', code: 'standard', price: usdCentsIn(499, ctx.currency) };
  return { title: 'Express', code: 'express', price: usdCentsIn(1200, ctx.currency) };
}

function planOrder(ctx: GeneratorContext, buyer: Buyer, at: number): void {
  const { random, store, timeline, currency } = ctx;
  const lines = planLines(ctx, at);
  const planned = buyer.kind === 'customer' ? ctx.customers[buyer.index]! : null;
  const country = planned ? planned.country : (buyer as Extract<Buyer, { kind: 'guest' }>).country;
  const discountCodes: DiscountCodeInput[] = random.chance(0.18) ? [{ ...random.pick(DISCOUNT_CODES) }] : [];
  const presentment = country.currency !== currency && random.chance(0.6) ? country.currency : currency;
  const paymentDraw = random.next();
  const financialState = paymentDraw < 0.93 ? 'paid' : paymentDraw < 0.98 ? 'pending' : 'authorized';
  const guestName = personName(random);
  const guestPhone = random.chance(0.4) ? randomPhone(random, country) : '';
  const guestAddress: Address = randomAddress(random, country, guestName, guestPhone);
  const isPos = buyer.kind === 'guest' && buyer.email === null;
  const base: Omit<PlaceOrderInput, 'lines' | 'customerId'> = {
    discountCodes,
    shipping: isPos ? null : planShipping(ctx),
    taxRate: country.taxRate,
    presentmentCurrency: presentment,
    exchangeRate: exchangeRate(currency, presentment),
    financialState,
    paymentMethod:
      financialState === 'pending' ? 'bank_transfer' : random.pick(['credit_card', 'credit_card', 'paypal']),
    source: isPos ? 'pos' : random.chance(0.04) ? 'api' : 'web',
  };
  const viaCart = !isPos && random.chance(CART_SHARE);
  const ref: { order: Order | undefined } = { order: undefined };

  const customerId = () => (planned ? planned.id! : null);
  const afterPlaced = (order: Order) => {
    ref.order = order;
    scheduleRestocks(ctx, order);
    if (order.customerId !== null && store.orderCountOf(order.customerId) === VIP_ORDER_COUNT) {
      const customer = store.getCustomer(order.customerId)!;
      store.updateCustomer(customer.id, { tags: [...customer.tags, 'vip'] });
    }
  };

  if (viaCart) {
    const cartAt = at - random.int(5, 45) * MINUTE;
    const cartRef: { id: number | undefined } = { id: undefined };
    timeline.schedule(cartAt, () => {
      const id = customerId();
      cartRef.id = store.createCart({
        customerId: id,
        ...(buyer.kind === 'guest' ? { email: buyer.email, phone: guestPhone || null } : {}),
        lines,
        shippingAddress: buyer.kind === 'guest' ? guestAddress : undefined,
      }).id;
    });
    timeline.schedule(at, () => {
      const cart = store.getCart(cartRef.id!)!;
      // A product deleted while the cart was open cannot be bought any more.
      if (cart.lines.some((line) => !store.getVariant(line.variantId))) return;
      afterPlaced(
        store.convertCart(cart.id, {
          ...base,
          billingAddress: buyer.kind === 'guest' ? guestAddress : undefined,
        }),
      );
    });
  } else {
    timeline.schedule(at, () => {
      afterPlaced(
        store.placeOrder({
          ...base,
          customerId: customerId(),
          ...(buyer.kind === 'guest'
            ? { email: buyer.email, phone: guestPhone || null, billingAddress: isPos ? null : guestAddress }
            : {}),
          lines,
        }),
      );
    });
  }
  scheduleLifecycle(ctx, ref, at, financialState);
}

/** Payment, cancellation, fulfilment, delivery and refunds after placement; only what has happened by `now`. */
function scheduleLifecycle(
  ctx: GeneratorContext,
  ref: { order: Order | undefined },
  at: number,
  financialState: 'paid' | 'pending' | 'authorized',
): void {
  const { random, store, timeline, now } = ctx;
  const when = (time: number, run: (order: Order) => void) => {
    if (time >= now) return;
    timeline.schedule(time, () => {
      const order = ref.order && store.getOrder(ref.order.id);
      if (order) run(order);
    });
  };

  let paidAt = at;
  if (financialState === 'pending') {
    if (random.chance(0.3)) {
      when(at + random.int(5, 7) * DAY, (order) => {
        if (!order.cancelledAt && order.financialState === 'pending')
          store.cancelOrder(order.id, { reason: 'declined' });
      });
      return;
    }
    paidAt = at + random.int(1, 3) * DAY;
  } else if (financialState === 'authorized') {
    paidAt = at + random.int(2, 6) * HOUR;
  }
  if (paidAt !== at) {
    when(paidAt, (order) => {
      if (order.financialState === 'pending' || order.financialState === 'authorized')
        store.markPaid(order.id);
    });
  }

  if (random.chance(0.03)) {
    when(paidAt + random.int(1, 12) * HOUR, (order) => {
      if (!order.cancelledAt && order.fulfillmentState === 'unfulfilled' && order.financialState === 'paid') {
        store.cancelOrder(order.id, { reason: random.pick(['customer', 'inventory', 'fraud'] as const) });
      }
    });
    return;
  }

  const shipAt = paidAt + random.int(8, 72) * HOUR;
  const split = random.chance(0.08);
  const carrier = random.pick(CARRIERS);
  const ship = (order: Order, onlyFirstLine: boolean) => {
    if (
      order.cancelledAt ||
      (order.financialState !== 'paid' && order.financialState !== 'partially_refunded')
    )
      return;
    const shipped = fulfilledQuantities(order);
    const refunded = refundedQuantities(order);
    const open = order.lines
      .map((line) => ({
        lineId: line.id,
        quantity: line.quantity - (shipped.get(line.id) ?? 0) - (refunded.get(line.id) ?? 0),
      }))
      .filter((line) => line.quantity > 0);
    const lines = onlyFirstLine && open.length > 1 ? open.slice(0, 1) : open;
    if (lines.length === 0) return;
    const digital = order.lines.every((line) => !line.requiresShipping);
    const trackingNumber = digital
      ? null
      : `1Z${String(random.int(0, 999_999_999)).padStart(9, '0')}${order.id}`;
    const fulfillment = store.fulfillOrder(order.id, {
      lines,
      carrier: digital ? null : carrier.name,
      trackingNumber,
      trackingUrl: trackingNumber ? `${carrier.url}${trackingNumber}` : null,
    });
    if (digital) return;
    const deliverAt = ctx.clock.now() + random.int(2, 7) * DAY;
    if (random.chance(0.96)) {
      when(deliverAt, (current) => {
        const latest = current.fulfillments.find((f) => f.id === fulfillment.id);
        if (latest && latest.status !== 'delivered' && latest.status !== 'cancelled') {
          store.markDelivered(current.id, fulfillment.id);
        }
      });
    }
  };
  when(shipAt, (order) => ship(order, split));
  if (split) when(shipAt + random.int(1, 2) * DAY, (order) => ship(order, false));

  const refundDraw = random.next();
  if (refundDraw < 0.07) {
    when(shipAt + random.int(3, 20) * DAY, (order) => {
      if (order.financialState !== 'paid' && order.financialState !== 'partially_refunded') return;
      const refunded = refundedQuantities(order);
      const line = order.lines.find(
        (candidate) =>
          candidate.price !== formatZero(order.currency) &&
          candidate.quantity > (refunded.get(candidate.id) ?? 0),
      );
      if (!line) return;
      store.refundOrder(order.id, {
        lines: [{ lineId: line.id, quantity: 1, restock: random.chance(0.7) }],
        reason: random.pick(REFUND_REASONS),
      });
    });
  } else if (refundDraw < 0.09) {
    when(at + random.int(2, 10) * DAY, (order) => {
      if (order.financialState !== 'paid' && order.financialState !== 'partially_refunded') return;
      const left = toMinor(order.total, order.currency) - toMinor(order.totalRefunded, order.currency);
      const goodwill = Math.min(
        left,
        percentOfMinor(toMinor(order.total, order.currency), random.pick(['5', '10', '20'])),
      );
      if (goodwill <= 0) return;
      store.refundOrder(order.id, {
        amount: formatScaled(goodwill, currencyDigits(order.currency)),
        reason: 'Goodwill: damaged packaging',
      });
    });
  } else if (refundDraw < 0.115) {
    when(shipAt + random.int(7, 30) * DAY, (order) => {
      if (order.financialState !== 'paid' && order.financialState !== 'partially_refunded') return;
      store.refundOrder(order.id, { reason: 'Returned' });
    });
  }
}

function formatZero(currency: string): string {
  return formatScaled(0, currencyDigits(currency));
}

/** Low stock at a location is topped up a few days later, as a merchant would. */
function scheduleRestocks(ctx: GeneratorContext, order: Order): void {
  const { store, random, timeline, now } = ctx;
  const pending = ctx.pendingRestocks;
  for (const line of order.lines) {
    if (line.locationId === null) continue;
    const level = store.inventoryLevelAt(line.variantId, line.locationId);
    if (!level || level.available >= 3 || pending.has(level.id)) continue;
    const when = ctx.clock.now() + random.int(1, 5) * DAY;
    if (when >= now) continue;
    pending.add(level.id);
    const { variantId, locationId } = line;
    const levelId = level.id;
    timeline.schedule(when, () => {
      pending.delete(levelId);
      if (store.getVariant(variantId) && store.getLocation(locationId)) {
        store.restock(variantId, locationId, random.int(30, 120));
      }
    });
  }
}

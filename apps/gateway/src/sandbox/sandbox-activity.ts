import {
  createRandom,
  fromMinor,
  percentOfMinor,
  type Random,
  type SandboxStore,
  toMinor,
  type Variant,
} from '@cartwire/sandbox';

/** What one tick of shopper and merchant activity did to a sandbox store. */
export type SandboxActivity =
  | { readonly kind: 'cart_started'; readonly cartId: number }
  | { readonly kind: 'cart_updated'; readonly cartId: number }
  | { readonly kind: 'cart_converted'; readonly cartId: number; readonly orderId: number }
  | { readonly kind: 'order_placed'; readonly orderId: number }
  | { readonly kind: 'order_fulfilled'; readonly orderId: number }
  | { readonly kind: 'order_delivered'; readonly orderId: number }
  | { readonly kind: 'order_refunded'; readonly orderId: number }
  | { readonly kind: 'order_cancelled'; readonly orderId: number }
  | { readonly kind: 'stock_sold_out'; readonly variantId: number }
  | { readonly kind: 'stock_restocked'; readonly variantId: number }
  | { readonly kind: 'price_dropped'; readonly variantId: number }
  | { readonly kind: 'customer_signed_up'; readonly customerId: number };

type Step = (store: SandboxStore, random: Random) => SandboxActivity | null;

function sellableVariants(store: SandboxStore): Variant[] {
  return store.listVariants().filter((variant) => {
    const product = store.getProduct(variant.productId);
    return product?.status === 'active' && store.inventoryOf(variant.id).some((level) => level.available > 0);
  });
}

function cartLines(store: SandboxStore, random: Random) {
  const variants = sellableVariants(store);
  if (variants.length === 0) return null;
  const count = Math.min(variants.length, random.int(1, 3));
  const chosen = new Set<Variant>();
  while (chosen.size < count) chosen.add(random.pick(variants));
  return [...chosen].map((variant) => ({ variantId: variant.id, quantity: random.int(1, 2) }));
}

const startCart: Step = (store, random) => {
  const lines = cartLines(store, random);
  const customers = store.listCustomers().filter((customer) => customer.email !== null);
  if (lines === null || customers.length === 0) return null;
  const customer = random.pick(customers);
  const cart = store.createCart({ customerId: customer.id, email: customer.email, lines });
  return { kind: 'cart_started', cartId: cart.id };
};

const updateCart: Step = (store, random) => {
  const open = store.listCarts().filter((cart) => cart.status === 'open');
  const lines = cartLines(store, random);
  if (open.length === 0 || lines === null) return null;
  const cart = random.pick(open);
  store.updateCart(cart.id, { lines });
  return { kind: 'cart_updated', cartId: cart.id };
};

const convertCart: Step = (store, random) => {
  const open = store
    .listCarts()
    .filter(
      (cart) =>
        cart.status === 'open' &&
        cart.lines.every((line) =>
          store.inventoryOf(line.variantId).some((l) => l.available >= line.quantity),
        ),
    );
  if (open.length === 0) return null;
  const cart = random.pick(open);
  const order = store.convertCart(cart.id, { taxRate: '0.08' });
  return { kind: 'cart_converted', cartId: cart.id, orderId: order.id };
};

const placeOrder: Step = (store, random) => {
  const lines = cartLines(store, random);
  const customers = store.listCustomers();
  if (lines === null || customers.length === 0) return null;
  const customer = random.chance(0.85) ? random.pick(customers) : null;
  const order = store.placeOrder({
    customerId: customer?.id ?? null,
    email: customer?.email ?? `guest-${random.int(1000, 9999)}@sandbox-shopper.example`,
    lines,
    taxRate: '0.08',
  });
  return { kind: 'order_placed', orderId: order.id };
};

function openOrders(store: SandboxStore) {
  return store.listOrders().filter((order) => order.cancelledAt === null && order.financialState === 'paid');
}

const fulfillOrder: Step = (store, random) => {
  const unfulfilled = openOrders(store).filter((order) => order.fulfillmentState === 'unfulfilled');
  if (unfulfilled.length === 0) return null;
  const order = random.pick(unfulfilled.slice(-20));
  store.fulfillOrder(order.id, {
    carrier: 'UPS',
    trackingNumber: `1Z${random.int(100_000_000, 999_999_999)}`,
  });
  return { kind: 'order_fulfilled', orderId: order.id };
};

const deliverOrder: Step = (store, random) => {
  const inTransit = store
    .listOrders()
    .flatMap((order) =>
      order.fulfillments.filter((f) => f.status === 'in_transit').map((f) => ({ order, f })),
    );
  if (inTransit.length === 0) return null;
  const { order, f } = random.pick(inTransit.slice(-20));
  store.markDelivered(order.id, f.id);
  return { kind: 'order_delivered', orderId: order.id };
};

const refundOrder: Step = (store, random) => {
  const paid = openOrders(store);
  if (paid.length === 0) return null;
  const order = random.pick(paid.slice(-30));
  const line = order.lines[0];
  if (line === undefined) return null;
  store.refundOrder(order.id, { lines: [{ lineId: line.id, quantity: 1 }], reason: 'Changed their mind' });
  return { kind: 'order_refunded', orderId: order.id };
};

const cancelOrder: Step = (store, random) => {
  const cancellable = openOrders(store).filter((order) => order.fulfillmentState === 'unfulfilled');
  if (cancellable.length === 0) return null;
  const order = random.pick(cancellable.slice(-10));
  store.cancelOrder(order.id, { reason: 'customer' });
  return { kind: 'order_cancelled', orderId: order.id };
};

const sellOut: Step = (store, random) => {
  const inStock = sellableVariants(store);
  if (inStock.length === 0) return null;
  const variant = random.pick(inStock);
  for (const level of store.inventoryOf(variant.id)) store.setInventory(variant.id, level.locationId, 0);
  return { kind: 'stock_sold_out', variantId: variant.id };
};

const restock: Step = (store, random) => {
  const soldOut = store
    .listVariants()
    .filter(
      (variant) => variant.inventoryTracked && store.inventoryOf(variant.id).every((l) => l.available <= 0),
    );
  const location = store.listLocations()[0];
  if (soldOut.length === 0 || location === undefined) return null;
  const variant = random.pick(soldOut);
  store.restock(variant.id, location.id, random.int(5, 40));
  return { kind: 'stock_restocked', variantId: variant.id };
};

const dropPrice: Step = (store, random) => {
  const variants = store.listVariants();
  if (variants.length === 0) return null;
  const variant = random.pick(variants);
  const currency = store.shop.currency;
  const minor = toMinor(variant.price, currency);
  const lowered = minor - percentOfMinor(minor, String(random.pick([10, 15, 20])));
  if (lowered <= 0) return null;
  store.changePrice(variant.id, {
    price: fromMinor(lowered, currency),
    compareAtPrice: variant.compareAtPrice ?? variant.price,
  });
  return { kind: 'price_dropped', variantId: variant.id };
};

const signUp: Step = (store, random) => {
  const n = random.int(10_000, 99_999);
  const first = random.pick(['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Ken', 'Margaret', 'Linus']);
  const customer = store.createCustomer({
    email: `${first.toLowerCase()}.${n}@sandbox-shopper.example`,
    firstName: first,
    lastName: `Shopper ${n}`,
    emailMarketing: { state: random.chance(0.6) ? 'subscribed' : 'not_subscribed' },
  });
  return { kind: 'customer_signed_up', customerId: customer.id };
};

/** Relative frequencies: shoppers browse and buy far more often than merchants restock or reprice. */
const STEPS: readonly (readonly [Step, number])[] = [
  [startCart, 20],
  [updateCart, 8],
  [convertCart, 10],
  [placeOrder, 10],
  [fulfillOrder, 10],
  [deliverOrder, 8],
  [refundOrder, 3],
  [cancelOrder, 2],
  [sellOut, 2],
  [restock, 3],
  [dropPrice, 2],
  [signUp, 4],
];

/**
 * Plausible store activity, one change per call: carts that convert or get abandoned, orders that
 * ship and arrive, refunds, stock running out and coming back, price drops, sign-ups. Seeded, so a
 * run is reproducible. A step with nothing to act on falls through to the next choice.
 */
export function createSandboxActivity(
  seed: number | string,
): (store: SandboxStore) => SandboxActivity | null {
  const random = createRandom(seed);
  const weights = STEPS.map(([, weight]) => weight);
  return (store) => {
    for (let attempt = 0; attempt < STEPS.length; attempt++) {
      const step = STEPS[random.weighted(weights)];
      const activity = step?.[0](store, random) ?? null;
      if (activity !== null) return activity;
    }
    return null;
  };
}

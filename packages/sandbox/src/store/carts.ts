import { SandboxStoreError } from './errors';
import type { CartLineInput, ConvertCartInput, CreateCartInput, UpdateCartInput } from './inputs';
import { fromMinor, toMinor } from './money';
import { placeOrder } from './orders';
import { emit, nextId, requireRecord, type StoreState, stamp } from './store-state';
import type { Cart, CartLine, Order } from './types';

/**
 * 32 hex characters derived from the cart id and creation time: deterministic, so a seeded store
 * renders identical recovery URLs on every run, and cheap (a sandbox token guards nothing real).
 */
function cartToken(id: number, at: string): string {
  const text = `cart:${id}:${at}`;
  let a = 0x9e3779b9;
  let b = 0x85ebca6b;
  let c = 0xc2b2ae35;
  let d = 0x27d4eb2f;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
    c = Math.imul(c ^ code, 0x27d4eb2d);
    d = Math.imul(d ^ code, 0x165667b1);
  }
  const mix = (word: number) =>
    (Math.imul(word ^ (word >>> 15), 0x2c1b3c6d) >>> 0).toString(16).padStart(8, '0');
  return mix(a) + mix(b) + mix(c) + mix(d);
}

function priceLines(state: StoreState, inputs: CartLineInput[]): CartLine[] {
  return inputs.map((input) => {
    if (!Number.isInteger(input.quantity) || input.quantity <= 0) {
      throw new SandboxStoreError('invalid_input', `Cart line quantity must be a positive integer`);
    }
    const variant = requireRecord(state.variants, 'variant', input.variantId);
    const product = requireRecord(state.products, 'product', variant.productId);
    return {
      id: nextId(state, 'cartLine'),
      productId: product.id,
      variantId: variant.id,
      title: product.title,
      variantTitle: product.options.length > 0 ? variant.title : null,
      sku: variant.sku,
      quantity: input.quantity,
      price: variant.price,
    };
  });
}

function subtotalOf(lines: CartLine[], currency: string): string {
  return fromMinor(
    lines.reduce((sum, line) => sum + toMinor(line.price, currency) * line.quantity, 0),
    currency,
  );
}

export function createCart(state: StoreState, input: CreateCartInput): Cart {
  const customer =
    input.customerId == null ? null : requireRecord(state.customers, 'customer', input.customerId);
  const lines = priceLines(state, input.lines);
  const at = stamp(state);
  const id = nextId(state, 'cart');
  const currency = state.shop.currency;
  const cart: Cart = {
    id,
    token: cartToken(id, at),
    status: 'open',
    customerId: customer?.id ?? null,
    email: input.email !== undefined ? input.email : (customer?.email ?? null),
    phone: input.phone !== undefined ? input.phone : (customer?.phone ?? null),
    currency,
    lines,
    subtotal: subtotalOf(lines, currency),
    shippingAddress: input.shippingAddress ? { ...input.shippingAddress } : null,
    abandonedAt: null,
    completedAt: null,
    convertedOrderId: null,
    createdAt: at,
    updatedAt: at,
  };
  state.carts.set(id, cart);
  emit(state, { kind: 'cart', action: 'created', id, cause: 'createCart', at });
  return cart;
}

function requireActive(state: StoreState, cartId: number): Cart {
  const cart = requireRecord(state.carts, 'cart', cartId);
  if (cart.status === 'converted')
    throw new SandboxStoreError('conflict', `Cart ${cartId} is already converted`);
  return cart;
}

/** Updating an abandoned cart brings the shopper back: it is open again. */
export function updateCart(state: StoreState, cartId: number, input: UpdateCartInput): Cart {
  const current = requireActive(state, cartId);
  if (input.customerId != null) requireRecord(state.customers, 'customer', input.customerId);
  const lines = input.lines ? priceLines(state, input.lines) : current.lines;
  const at = stamp(state);
  const cart: Cart = {
    ...current,
    status: 'open',
    abandonedAt: null,
    lines,
    subtotal: subtotalOf(lines, current.currency),
    customerId: input.customerId !== undefined ? input.customerId : current.customerId,
    email: input.email !== undefined ? input.email : current.email,
    phone: input.phone !== undefined ? input.phone : current.phone,
    shippingAddress: input.shippingAddress !== undefined ? input.shippingAddress : current.shippingAddress,
    updatedAt: at,
  };
  state.carts.set(cartId, cart);
  emit(state, { kind: 'cart', action: 'updated', id: cartId, cause: 'updateCart', at });
  return cart;
}

export function abandonCart(state: StoreState, cartId: number): Cart {
  const current = requireActive(state, cartId);
  if (current.status === 'abandoned')
    throw new SandboxStoreError('conflict', `Cart ${cartId} is already abandoned`);
  const at = stamp(state);
  const cart: Cart = { ...current, status: 'abandoned', abandonedAt: at, updatedAt: at };
  state.carts.set(cartId, cart);
  emit(state, { kind: 'cart', action: 'updated', id: cartId, cause: 'abandonCart', at });
  return cart;
}

/** Places an order from the cart's lines and contact, and marks the cart converted. */
export function convertCart(state: StoreState, cartId: number, input: ConvertCartInput = {}): Order {
  const current = requireActive(state, cartId);
  const order = placeOrder(
    state,
    {
      ...input,
      customerId: current.customerId,
      email: current.email,
      phone: current.phone,
      lines: current.lines.map((line) => ({
        variantId: line.variantId,
        quantity: line.quantity,
        price: line.price,
      })),
      shippingAddress:
        input.shippingAddress !== undefined ? input.shippingAddress : (current.shippingAddress ?? undefined),
    },
    { cause: 'convertCart', cartId },
  );
  const at = order.createdAt;
  const cart: Cart = {
    ...current,
    status: 'converted',
    completedAt: at,
    convertedOrderId: order.id,
    updatedAt: at,
  };
  state.carts.set(cartId, cart);
  emit(state, { kind: 'cart', action: 'updated', id: cartId, cause: 'convertCart', at });
  return order;
}

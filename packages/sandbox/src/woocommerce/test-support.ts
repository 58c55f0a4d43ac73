import { readFileSync } from 'node:fs';
import { buildTestStore, TEST_ADDRESS } from '../store/test-fixtures';

export const CONSUMER_KEY = 'ck_4f1e0c1b7a6d4a4e9c2b3d5e6f708192';
export const CONSUMER_SECRET = 'cs_9a8b7c6d5e4f30211f2e3d4c5b6a7980';

export function readFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}

/** Every key path in a JSON value; array elements share the `[]` segment. */
export function keyPaths(value: unknown, prefix = ''): Set<string> {
  const paths = new Set<string>();
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, `${path}[]`);
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        const next = path ? `${path}.${key}` : key;
        paths.add(next);
        walk(child, next);
      }
    }
  };
  walk(value, prefix);
  return paths;
}

/** Key paths present in `fixture` but in none of `rendered`. */
export function missingKeys(fixture: unknown, rendered: unknown[]): string[] {
  const have = new Set<string>();
  for (const item of rendered) for (const path of keyPaths(item)) have.add(path);
  return [...keyPaths(fixture)].filter((path) => !have.has(path));
}

/**
 * The hand-built store plus history that touches every rendered feature: a variable and a simple
 * product, a taxed order with shipping, a discount, a partial refund and a shipment, a guest order
 * and an abandoned cart.
 */
export function buildWooTestStore() {
  const t = buildTestStore();
  const { store, clock } = t;
  clock.advance(60_000);
  const order = store.placeOrder({
    customerId: t.customerId,
    lines: [
      { variantId: t.shirtS, quantity: 2 },
      { variantId: t.mug, quantity: 1 },
    ],
    discountCodes: [{ code: 'WELCOME10', type: 'percentage', value: '10' }],
    taxRate: '0.0725',
    shipping: { title: 'Flat rate', code: 'standard', price: '10' },
  });
  clock.advance(60_000);
  store.fulfillOrder(order.id, {
    carrier: 'UPS',
    trackingNumber: '1Z999AA10123456784',
    trackingUrl: 'https://ups.test/1Z',
  });
  clock.advance(60_000);
  const refund = store.refundOrder(order.id, {
    lines: [{ lineId: order.lines[0]!.id, quantity: 1 }],
    reason: 'Wrong size',
  });
  clock.advance(60_000);
  const guest = store.placeOrder({
    email: 'guest@example.com',
    billingAddress: TEST_ADDRESS,
    lines: [{ variantId: t.mug, quantity: 1 }],
    financialState: 'pending',
    paymentMethod: 'bank_transfer',
  });
  clock.advance(60_000);
  const cart = store.createCart({
    email: 'later@example.com',
    lines: [{ variantId: t.shirtM, quantity: 1 }],
  });
  clock.advance(3_600_000);
  store.abandonCart(cart.id);
  return { ...t, orderId: order.id, refundId: refund.id, guestOrderId: guest.id, cartId: cart.id };
}

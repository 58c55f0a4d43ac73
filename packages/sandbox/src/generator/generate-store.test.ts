import { describe, expect, it } from 'vitest';
import { toMinor } from '../store/money';
import { generateStore } from './generate-store';
import { createRandom } from './random';

describe('generateStore', () => {
  it('is deterministic: the same seed gives a byte-identical store', () => {
    const a = JSON.stringify(generateStore({ seed: 7, size: 'tiny' }).snapshot());
    const b = JSON.stringify(generateStore({ seed: 7, size: 'tiny' }).snapshot());
    expect(a).toBe(b);
  });

  it('gives a different store for a different seed', () => {
    const a = generateStore({ seed: 7, size: 'tiny' }).snapshot();
    const b = generateStore({ seed: 8, size: 'tiny' }).snapshot();
    expect(a.orders).not.toEqual(b.orders);
    expect(a.customers).not.toEqual(b.customers);
  });

  it('sizes a tiny store as documented and ends its history at `now`', () => {
    const store = generateStore({ seed: 1, size: 'tiny', now: '2026-06-01T00:00:00Z' });
    const counts = store.counts();
    expect(counts.customers).toBe(20);
    expect(counts.orders).toBeGreaterThanOrEqual(50);
    expect(counts.orders).toBeLessThan(60);
    expect(counts.products).toBeGreaterThanOrEqual(8);
    expect(counts.locations).toBe(2);
    const updated = store.listOrders().map((order) => order.updatedAt);
    expect(updated.every((at) => at < '2026-06-01T00:00:00.000Z')).toBe(true);
  });

  it('prices in the requested shop currency, including zero-decimal ones', () => {
    const store = generateStore({ seed: 3, size: 'tiny', currency: 'JPY' });
    expect(store.shop.currency).toBe('JPY');
    expect(store.listVariants().every((variant) => /^\d+$/.test(variant.price))).toBe(true);
    expect(store.listOrders().every((order) => order.currency === 'JPY')).toBe(true);
  });

  it('rejects unknown options', () => {
    expect(() => generateStore({ seed: 1, size: 'huge' as 'tiny' })).toThrow();
    expect(() => generateStore({ seed: 1, size: 'tiny', currency: 'XXX' })).toThrow(/currency/);
  });

  describe('a small store looks like real trade', () => {
    const store = generateStore({ seed: 2026, size: 'small' });
    const orders = store.listOrders();
    const carts = store.listCarts();
    const customers = store.listCustomers();
    const share = (count: number) => count / orders.length;

    it('has guest checkouts, with and without email', () => {
      const guests = orders.filter((order) => order.customerId === null);
      expect(share(guests.length)).toBeGreaterThan(0.1);
      expect(guests.some((order) => order.email === null)).toBe(true);
      expect(guests.some((order) => order.email !== null)).toBe(true);
    });

    it('has partial and full refunds, cancellations and discounts', () => {
      expect(orders.some((order) => order.financialState === 'partially_refunded')).toBe(true);
      expect(orders.some((order) => order.financialState === 'refunded' && !order.cancelledAt)).toBe(true);
      expect(orders.some((order) => order.refunds.some((refund) => refund.lines.length === 0))).toBe(true);
      expect(orders.some((order) => order.cancelledAt !== null)).toBe(true);
      expect(orders.some((order) => order.financialState === 'voided')).toBe(true);
      expect(share(orders.filter((order) => order.discountCodes.length > 0).length)).toBeGreaterThan(0.1);
    });

    it('has shipments in transit and delivered, some split', () => {
      const fulfillments = orders.flatMap((order) => order.fulfillments);
      expect(fulfillments.some((f) => f.status === 'delivered' && f.deliveredAt !== null)).toBe(true);
      expect(fulfillments.some((f) => f.status === 'in_transit')).toBe(true);
      expect(orders.some((order) => order.fulfillments.length > 1)).toBe(true);
      expect(orders.some((order) => order.fulfillmentState === 'unfulfilled' && !order.cancelledAt)).toBe(
        true,
      );
    });

    it('has lines pointing at products deleted since', () => {
      const dangling = orders.filter((order) =>
        order.lines.some((line) => !store.getProduct(line.productId)),
      );
      expect(dangling.length).toBeGreaterThan(0);
    });

    it('has zero-priced items, presentment currencies and unicode names', () => {
      expect(orders.some((order) => order.lines.some((line) => line.price === '0.00'))).toBe(true);
      expect(orders.some((order) => order.presentmentCurrency !== order.currency)).toBe(true);
      expect(
        customers.some((customer) => /[^\u0020-\u007e]/.test(customer.firstName + customer.lastName)),
      ).toBe(true);
    });

    it('has open, converted and abandoned carts, abandoned ones with and without contact', () => {
      const abandoned = carts.filter((cart) => cart.status === 'abandoned');
      expect(carts.some((cart) => cart.status === 'open')).toBe(true);
      expect(carts.some((cart) => cart.status === 'converted' && cart.convertedOrderId !== null)).toBe(true);
      expect(abandoned.some((cart) => cart.email !== null)).toBe(true);
      expect(abandoned.some((cart) => cart.email === null && cart.customerId === null)).toBe(true);
      expect(abandoned.some((cart) => cart.customerId !== null)).toBe(true);
    });

    it('has long-tailed purchase histories spread over months', () => {
      const counts = customers.map((customer) => store.orderCountOf(customer.id)).sort((a, b) => b - a);
      const buyers = counts.filter((count) => count > 0);
      expect(counts[0]).toBeGreaterThanOrEqual(20);
      expect(buyers.filter((count) => count === 1).length / buyers.length).toBeGreaterThan(0.25);
      const months = new Set(orders.map((order) => order.createdAt.slice(0, 7)));
      expect(months.size).toBeGreaterThanOrEqual(6);
    });

    it('has marketing consent in every state', () => {
      const states = new Set(customers.map((customer) => customer.emailMarketing.state));
      expect(states).toEqual(new Set(['subscribed', 'unsubscribed', 'not_subscribed']));
      expect(customers.some((customer) => customer.smsMarketing.state === 'subscribed')).toBe(true);
    });

    it('keeps every order consistent: totals add up and ids follow creation time', () => {
      const minor = (value: string) => toMinor(value, store.shop.currency);
      const inconsistent = orders.filter(
        (order) =>
          minor(order.total) !==
            minor(order.lineItemsSubtotal) -
              minor(order.totalDiscounts) +
              minor(order.shipping?.price ?? '0') +
              minor(order.totalTax) || minor(order.totalRefunded) > minor(order.total),
      );
      expect(inconsistent).toEqual([]);
      const created = orders.map((order) => order.createdAt);
      expect([...created].sort()).toEqual(created);
    });
  });
});

describe('createRandom', () => {
  it('repeats for a seed and stays in range', () => {
    const a = createRandom('seed');
    const b = createRandom('seed');
    const draws = Array.from({ length: 100 }, () => a.int(1, 6));
    expect(Array.from({ length: 100 }, () => b.int(1, 6))).toEqual(draws);
    expect(new Set(draws)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    expect(createRandom('other').next()).not.toBe(createRandom('seed').next());
  });
});

import { addMoney, Cart, Customer, entityId, money } from '@cartwire/model';
import { describe, expect, it } from 'vitest';
import { mapCart } from './map-cart';
import { mapCustomer } from './map-customer';
import { RawCart, RawCustomer } from './raw-schemas';
import { QuoteRecord } from './stream-records';
import { fixture } from './test-fixtures/read-fixture';
import { magentoMoney } from './wire-values';

const storeId = 'sto_magentocustomertest00001';
const context = { storeId, platform: 'magento' as const, stream: 'customers' };

describe("mapCustomer on the documented customer ('customer.create.response.json')", () => {
  const documented = fixture('customer.create.response.json') as Record<string, unknown>;

  it('maps names, email, the default address and its phone', () => {
    const customer = Customer.parse(mapCustomer(RawCustomer.parse(documented), context));
    expect(customer).toMatchObject({
      id: entityId('customer', storeId, '2'),
      email: 'jdoe@example.com',
      firstName: 'Jane',
      lastName: 'Doe',
      phone: '512-555-1111',
      createdAt: '2017-01-31T01:18:13.000Z',
      ordersCount: null,
      totalSpent: null,
    });
    expect(customer.defaultAddress).toMatchObject({
      address1: '123 Oak Ave',
      city: 'Purchase',
      province: 'New York',
      provinceCode: 'NY',
      postalCode: '10755',
      countryCode: 'US',
    });
  });

  it('reads newsletter subscription as email consent, unknown when not reported; SMS is always unknown', () => {
    const unknown = mapCustomer(RawCustomer.parse(documented), context);
    expect(unknown.marketingConsent.email.state).toBe('unknown');
    const subscribed = mapCustomer(
      RawCustomer.parse({ ...documented, extension_attributes: { is_subscribed: true } }),
      context,
    );
    expect(subscribed.marketingConsent.email.state).toBe('subscribed');
    const not = mapCustomer(
      RawCustomer.parse({ ...documented, extension_attributes: { is_subscribed: false } }),
      context,
    );
    expect(not.marketingConsent.email.state).toBe('not_subscribed');
    expect(not.marketingConsent.sms.state).toBe('unknown');
  });
});

describe("mapCart on the documented quote ('cart.mine.response.json')", () => {
  const documented = fixture('cart.mine.response.json') as Record<string, unknown>;
  const cartContext = { ...context, stream: 'carts' };

  it('maps an active quote to an open cart with exact totals from item prices', () => {
    const cart = Cart.parse(mapCart(QuoteRecord.parse({ quote: documented, orderId: null }), cartContext));
    expect(cart).toMatchObject({
      id: entityId('cart', storeId, '5'),
      status: 'open',
      currency: 'USD',
      customerId: entityId('customer', storeId, '2'),
      email: 'mshaw@example.com',
      phone: '415-555-1212',
      subtotal: money('460', 'USD'),
      total: money('460', 'USD'),
      completedAt: null,
      convertedOrderId: null,
      updatedAt: '2017-09-15T16:15:54.000Z',
    });
    expect(cart.lines.map((line) => [line.sku, line.quantity, line.unitPrice.amount])).toEqual([
      ['24-UG02', 15, '16.00'],
      ['24-UG03', 10, '22.00'],
    ]);
  });

  it('maps an inactive quote to a converted cart pointing at its order', () => {
    const cart = mapCart(
      QuoteRecord.parse({ quote: { ...documented, is_active: false }, orderId: 42 }),
      cartContext,
    );
    expect(cart).toMatchObject({
      status: 'converted',
      convertedOrderId: entityId('order', storeId, '42'),
      completedAt: '2017-09-15T16:15:54.000Z',
    });
  });

  it("maps the item an add-to-cart returns ('cart.add-item.response.json') as a cart line", () => {
    const added = fixture('cart.add-item.response.json');
    const cart = mapCart(
      QuoteRecord.parse({ quote: { ...documented, items: [added] }, orderId: null }),
      cartContext,
    );
    expect(cart.lines).toEqual([
      expect.objectContaining({
        externalId: '7',
        sku: 'WS12-M-Orange',
        quantity: 1,
        unitPrice: money('19.99', 'USD'),
      }),
    ]);
    expect(cart.subtotal).toEqual(money('19.99', 'USD'));
  });

  it("classifies checkout totals ('cart.shipping-information.response.json') as a storefront response, not a cart", () => {
    const response = fixture('cart.shipping-information.response.json') as {
      totals: { grand_total: number; total_segments: { code: string; value: number }[] };
    };
    // A checkout step's answer (payment methods + totals): never read by a sync stream.
    expect(RawCart.safeParse(response).success).toBe(false);
    const parts = response.totals.total_segments
      .filter((segment) => segment.code !== 'grand_total')
      .map((segment) => magentoMoney(segment.value, 'USD'));
    const sum = parts.reduce((total, part) => addMoney(total, part), money('0', 'USD'));
    expect(sum).toEqual(magentoMoney(response.totals.grand_total, 'USD'));
  });
});

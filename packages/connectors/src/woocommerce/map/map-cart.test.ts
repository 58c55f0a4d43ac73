import { Cart, entityId, lineId } from '@cartwire/model';
import { describe, expect, it } from 'vitest';
import { WooOrder } from '../raw/raw-order';
import { fixture } from '../test-fixtures/read-fixture';
import { toCart } from './map-cart';

const STORE = 'sto_woo1';
const order = WooOrder.parse(fixture('order.retrieve.response.json'));

describe('toCart', () => {
  it('maps a checkout-draft order to an open cart', () => {
    const [cart] = toCart(
      { ...order, status: 'checkout-draft', created_via: 'store-api', date_paid_gmt: null },
      STORE,
    );
    const id = entityId('cart', STORE, '727');
    expect(Cart.parse(cart)).toEqual(cart);
    expect(cart).toMatchObject({
      id,
      status: 'open',
      currency: 'USD',
      subtotal: { amount: '18.00', currency: 'USD' },
      total: { amount: '29.35', currency: 'USD' },
      customerId: null,
      email: 'john.doe@example.com',
      recoveryUrl: null,
      completedAt: null,
      convertedOrderId: null,
    });
    expect(cart?.lines[0]).toEqual({
      id: lineId('cart_line', id, '315'),
      externalId: '315',
      productId: entityId('product', STORE, '93'),
      variantId: entityId('variant', STORE, 'product:93'),
      sku: null,
      title: 'Woo Single #1',
      variantTitle: null,
      quantity: 2,
      unitPrice: { amount: '3.00', currency: 'USD' },
      imageUrl: null,
    });
  });

  it('maps a paid block-checkout order to a converted cart pointing at the order', () => {
    const [cart] = toCart({ ...order, created_via: 'store-api' }, STORE);
    expect(cart).toMatchObject({
      status: 'converted',
      completedAt: '2017-03-22T19:28:08.000Z',
      convertedOrderId: entityId('order', STORE, '727'),
    });
  });

  it('maps orders that never were drafts to no cart', () => {
    expect(toCart(order, STORE)).toEqual([]);
  });
});

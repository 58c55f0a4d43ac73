import { entityId, lineId } from '@cartwire/model';
import { describe, expect, it } from 'vitest';
import { mapCart } from './map-cart';
import { mapCustomer } from './map-customer';
import { mapOrder, mapRefund, mapShipment } from './map-order';
import { mapProduct } from './map-product';
import { RawCheckout } from './raw-checkout';
import { RawCustomer } from './raw-customer';
import { RawOrder } from './raw-order';
import { RawProduct } from './raw-product';
import {
  restCheckoutToRaw,
  restCustomerToRaw,
  restFulfillmentToRaw,
  restOrderToRaw,
  restProductToRaw,
  restRefundToRaw,
} from './rest-adapters';
import { fixture } from './test-fixtures/read-fixture';

const storeId = 'sto_0000000000000000000000test';
const context = { storeId, platform: 'shopify' as const, stream: 'test' };
const usd = (amount: string) => ({ amount, currency: 'USD' });

describe('REST order (rest-order.retrieve.response.json)', () => {
  const { order: body } = fixture('rest-order.retrieve.response.json') as { order: unknown };
  const order = mapOrder(RawOrder.parse(restOrderToRaw(body)), context);
  const orderId = entityId('order', storeId, '450789469');

  it('derives statuses and shop-currency totals', () => {
    expect(order).toMatchObject({
      id: orderId,
      externalId: '450789469',
      name: '#1001',
      status: 'open',
      financialStatus: 'partially_refunded',
      fulfillmentStatus: 'unfulfilled',
      currency: 'USD',
      presentmentCurrency: 'USD',
      subtotal: usd('597.00'),
      totalDiscounts: usd('10.00'),
      totalShipping: usd('0.00'),
      totalTax: usd('11.94'),
      total: usd('598.94'),
      totalRefunded: usd('209.00'),
      discountCodes: ['TENOFF'],
      customerId: entityId('customer', storeId, '207119551'),
      email: 'bob.norman@mail.example.com',
      sourceChannel: 'web',
      tags: [],
      createdAt: '2008-01-10T16:00:00.000Z',
      processedAt: '2008-01-10T16:00:00.000Z',
    });
    expect(order.shippingAddress).toMatchObject({
      city: 'Louisville',
      provinceCode: 'KY',
      countryCode: 'US',
      postalCode: '40202',
    });
  });

  it('keeps line discounts from their allocations and tax from tax lines', () => {
    expect(
      order.lineItems.map((line) => [
        line.externalId,
        line.sku,
        line.totalDiscount.amount,
        line.totalTax.amount,
      ]),
    ).toEqual([
      ['466157049', 'IPOD2008GREEN', '3.34', '3.98'],
      ['518995019', 'IPOD2008RED', '3.33', '3.98'],
      ['703073504', 'IPOD2008BLACK', '3.33', '3.98'],
    ]);
  });

  it('embeds the refund and the failed shipment, lines pointing at the order lines', () => {
    expect(order.refunds).toHaveLength(1);
    expect(order.refunds[0]).toMatchObject({
      externalId: '509562969',
      orderId,
      amount: usd('209.00'),
      reason: 'it broke during shipping',
      lines: [
        {
          lineItemId: lineId('line_item', orderId, '703073504'),
          quantity: 1,
          amount: usd('199.64'),
          restock: true,
        },
        {
          lineItemId: lineId('line_item', orderId, '466157049'),
          quantity: 1,
          amount: usd('199.65'),
          restock: true,
        },
      ],
    });
    expect(order.shipments).toEqual([
      expect.objectContaining({
        externalId: '255858046',
        status: 'failed',
        carrier: 'USPS',
        trackingNumber: '1Z1234512345123456',
        lines: [{ lineItemId: lineId('line_item', orderId, '466157049'), quantity: 1 }],
      }),
    ]);
  });
});

describe('REST order list (rest-orders.list.response.json)', () => {
  it('maps every order in the list', () => {
    const { orders } = fixture('rest-orders.list.response.json') as { orders: unknown[] };
    const mapped = orders.map((body) => mapOrder(RawOrder.parse(restOrderToRaw(body)), context));
    expect(mapped.map((order) => [order.externalId, order.financialStatus, order.total.amount])).toEqual([
      ['450789469', 'partially_refunded', '598.94'],
    ]);
  });
});

describe('REST refunds (rest-refunds.list.response.json)', () => {
  it('maps a refund with its restocked lines and transaction total', () => {
    const { refunds } = fixture('rest-refunds.list.response.json') as { refunds: unknown[] };
    const { orderId, refund } = restRefundToRaw(refunds[0], 'USD');
    const order = {
      id: entityId('order', storeId, orderId),
      currency: 'USD',
      updatedAt: '2025-04-02T16:38:15Z',
    };
    expect(mapRefund(refund, order, context)).toEqual({
      id: entityId('refund', storeId, '509562969'),
      storeId,
      platform: 'shopify',
      externalId: '509562969',
      createdAt: '2025-04-02T16:38:15.000Z',
      updatedAt: '2025-04-02T16:38:15.000Z',
      orderId: order.id,
      lines: [
        {
          lineItemId: lineId('line_item', order.id, '703073504'),
          quantity: 1,
          amount: usd('199.64'),
          restock: true,
        },
        {
          lineItemId: lineId('line_item', order.id, '466157049'),
          quantity: 1,
          amount: usd('199.65'),
          restock: true,
        },
      ],
      // The money actually returned: the successful refund transaction, not the line values.
      amount: usd('209.00'),
      reason: 'it broke during shipping',
    });
  });
});

describe('REST fulfillment (rest-fulfillment.retrieve.response.json)', () => {
  it('maps a failed fulfilment with its tracking', () => {
    const { fulfillment: body } = fixture('rest-fulfillment.retrieve.response.json') as {
      fulfillment: unknown;
    };
    const { orderId, fulfillment } = restFulfillmentToRaw(body);
    const order = { id: entityId('order', storeId, orderId) };
    expect(mapShipment(fulfillment, order, context)).toEqual({
      id: entityId('shipment', storeId, '255858046'),
      storeId,
      platform: 'shopify',
      externalId: '255858046',
      createdAt: '2025-04-02T16:38:15.000Z',
      updatedAt: '2025-04-02T16:38:15.000Z',
      orderId: order.id,
      lines: [{ lineItemId: lineId('line_item', order.id, '466157049'), quantity: 1 }],
      carrier: 'USPS',
      trackingNumber: '1Z1234512345123456',
      trackingUrl: 'https://tools.usps.com/go/TrackConfirmAction_input?qtc_tLabels1=1Z1234512345123456',
      status: 'failed',
      shippedAt: null,
      deliveredAt: null,
    });
  });

  it('reads an in-transit and a delivered shipment from shipment_status', () => {
    const { fulfillment: body } = fixture('rest-fulfillment.retrieve.response.json') as {
      fulfillment: Record<string, unknown>;
    };
    const moving = restFulfillmentToRaw({ ...body, status: 'success', shipment_status: 'in_transit' });
    expect(mapShipment(moving.fulfillment, { id: 'ord_x' }, context)).toMatchObject({
      status: 'in_transit',
      shippedAt: '2025-04-02T16:38:15.000Z',
      deliveredAt: null,
    });
    const delivered = restFulfillmentToRaw({
      ...body,
      status: 'success',
      shipment_status: 'delivered',
      updated_at: '2025-04-05T09:00:00-05:00',
    });
    expect(mapShipment(delivered.fulfillment, { id: 'ord_x' }, context)).toMatchObject({
      status: 'delivered',
      deliveredAt: '2025-04-05T14:00:00.000Z',
    });
  });
});

describe('REST customer (rest-customer.retrieve.response.json)', () => {
  it('maps consent per channel, lifetime spend and the default address', () => {
    const { customer: body } = fixture('rest-customer.retrieve.response.json') as { customer: unknown };
    expect(mapCustomer(RawCustomer.parse(restCustomerToRaw(body)), context)).toEqual({
      id: entityId('customer', storeId, '207119551'),
      storeId,
      platform: 'shopify',
      externalId: '207119551',
      createdAt: '2025-04-02T16:25:58.000Z',
      updatedAt: '2025-04-02T16:25:58.000Z',
      email: 'bob.norman@mail.example.com',
      phone: '+16136120707',
      firstName: 'Bob',
      lastName: 'Norman',
      tags: ['Léon', 'Noël'],
      locale: null,
      timeZone: null,
      marketingConsent: {
        email: { state: 'not_subscribed', source: null, updatedAt: '2004-06-13T15:57:11.000Z' },
        sms: { state: 'not_subscribed', source: 'other', updatedAt: '2024-01-01T12:00:00.000Z' },
      },
      defaultAddress: {
        firstName: null,
        lastName: null,
        company: null,
        address1: 'Chestnut Street 92',
        address2: null,
        city: 'Louisville',
        province: 'Kentucky',
        provinceCode: 'KY',
        postalCode: '40202',
        countryCode: 'US',
        phone: '555-625-1199',
      },
      ordersCount: 1,
      totalSpent: usd('199.65'),
    });
  });
});

describe('REST products (rest-products.list.response.json)', () => {
  it('maps products with variants, options and prices in the shop currency', () => {
    const { products } = fixture('rest-products.list.response.json') as { products: unknown[] };
    const mapped = products.map((body) =>
      mapProduct(RawProduct.parse(restProductToRaw(body, 'USD')), context),
    );
    const ipod = mapped[0];
    expect(ipod).toMatchObject({
      externalId: '632910392',
      title: 'IPod Nano - 8GB',
      handle: 'ipod-nano',
      brand: 'Apple',
      status: 'active',
      tags: ['Emotive', 'Flash Memory', 'MP3', 'Music'],
      options: [{ name: 'Color', values: ['Pink', 'Red', 'Green', 'Black'] }],
      publishedAt: '2008-01-01T00:00:00.000Z',
    });
    expect(
      ipod?.variants.map((variant) => [
        variant.externalId,
        variant.sku,
        variant.options,
        variant.price,
        variant.inventoryQuantity,
        variant.position,
      ]),
    ).toEqual([
      ['808950810', 'IPOD2008PINK', [{ name: 'Color', value: 'Pink' }], usd('199.00'), 10, 0],
      ['49148385', 'IPOD2008RED', [{ name: 'Color', value: 'Red' }], usd('199.00'), 20, 1],
      ['39072856', 'IPOD2008GREEN', [{ name: 'Color', value: 'Green' }], usd('199.00'), 30, 2],
      ['457924702', 'IPOD2008BLACK', [{ name: 'Color', value: 'Black' }], usd('199.00'), 40, 3],
    ]);
    expect(ipod?.variants.every((variant) => variant.productId === ipod.id)).toBe(true);
  });
});

describe('REST abandoned checkouts (rest-abandoned-checkouts.list.response.json)', () => {
  it('maps totals, recovery URL and the registered customer', () => {
    const { checkouts } = fixture('rest-abandoned-checkouts.list.response.json') as { checkouts: unknown[] };
    const cart = mapCart(RawCheckout.parse(restCheckoutToRaw(checkouts[0])), context);
    const id = entityId('cart', storeId, '450789469');
    expect(cart).toMatchObject({
      id,
      status: 'abandoned',
      currency: 'USD',
      subtotal: usd('358.20'),
      totalDiscounts: usd('39.80'),
      totalTax: usd('21.49'),
      total: usd('379.69'),
      customerId: entityId('customer', storeId, '207119551'),
      email: 'bob.norman@mail.example.com',
      recoveryUrl: 'https://checkout.local/548380009/checkouts/2a1ace52255252df566af0faaedfbfa7/recover',
      completedAt: null,
    });
    expect(cart.lines.map((line) => [line.id, line.sku, line.quantity, line.unitPrice])).toEqual([
      [lineId('cart_line', id, '49148385'), 'IPOD2008RED', 1, usd('199.00')],
      [lineId('cart_line', id, '808950810'), 'IPOD2008PINK', 1, usd('199.00')],
    ]);
  });
});

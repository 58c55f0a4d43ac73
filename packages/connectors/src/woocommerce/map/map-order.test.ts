import { entityId, lineId, Order } from '@cartwire/model';
import { describe, expect, it } from 'vitest';
import { WooOrder, WooOrderRecord, WooRefund } from '../raw/raw-order';
import { fixture } from '../test-fixtures/read-fixture';
import { toOrder } from './map-order';

const STORE = 'sto_woo1';
const usd = (amount: string) => ({ amount, currency: 'USD' });

function orderFixture(name: string, index?: number) {
  const body = fixture(name);
  const raw = index === undefined ? body : (body as unknown[])[index];
  return WooOrder.parse(raw);
}

describe('toOrder on order.retrieve.response.json (guest, processing, variation line)', () => {
  const order = toOrder({ order: orderFixture('order.retrieve.response.json'), refundDetails: null }, STORE);
  const id = entityId('order', STORE, '727');

  it('is a valid normalized order with unified statuses for processing', () => {
    expect(Order.parse(order)).toEqual(order);
    expect(order).toMatchObject({
      id,
      externalId: '727',
      name: '727',
      status: 'open',
      financialStatus: 'paid',
      fulfillmentStatus: 'unfulfilled',
      currency: 'USD',
      presentmentCurrency: 'USD',
      createdAt: '2017-03-22T19:28:02.000Z',
      updatedAt: '2017-03-22T19:28:08.000Z',
      processedAt: '2017-03-22T19:28:02.000Z',
      cancelledAt: null,
      closedAt: null,
      sourceChannel: 'api',
      note: null,
      tags: [],
    });
  });

  it('keeps money exact from strings: subtotal is the lines after discounts', () => {
    expect(order.subtotal).toEqual(usd('18.00'));
    expect(order.totalDiscounts).toEqual(usd('0.00'));
    expect(order.totalShipping).toEqual(usd('10.00'));
    expect(order.totalTax).toEqual(usd('1.35'));
    expect(order.total).toEqual(usd('29.35'));
    expect(order.totalRefunded).toEqual(usd('0.00'));
  });

  it('treats customer_id 0 as a guest identified by the billing email', () => {
    expect(order.customerId).toBeNull();
    expect(order.email).toBe('john.doe@example.com');
    expect(order.phone).toBe('(555) 555-5555');
    expect(order.billingAddress).toEqual({
      firstName: 'John',
      lastName: 'Doe',
      company: null,
      address1: '969 Market',
      address2: null,
      city: 'San Francisco',
      province: null,
      provinceCode: 'CA',
      postalCode: '94103',
      countryCode: 'US',
      phone: '(555) 555-5555',
    });
    expect(order.shippingAddress?.phone).toBeNull();
  });

  it('maps a simple-product line to the product and its single variant, with numeric price', () => {
    expect(order.lineItems[0]).toEqual({
      id: lineId('line_item', id, '315'),
      externalId: '315',
      productId: entityId('product', STORE, '93'),
      variantId: entityId('variant', STORE, 'product:93'),
      sku: null,
      title: 'Woo Single #1',
      variantTitle: null,
      quantity: 2,
      unitPrice: usd('3.00'),
      totalDiscount: usd('0.00'),
      totalTax: usd('0.45'),
      requiresShipping: true,
    });
  });

  it('maps a variation line with decoded title and attribute values as the variant title', () => {
    expect(order.lineItems[1]).toMatchObject({
      productId: entityId('product', STORE, '22'),
      variantId: entityId('variant', STORE, '23'),
      sku: 'Bar3',
      title: 'Ship Your Idea – Color: Black, Size: M Test',
      variantTitle: 'black / M Test',
      unitPrice: usd('12.00'),
      totalTax: usd('0.90'),
    });
  });

  it('has no shipments and no discounts: core WooCommerce records neither here', () => {
    expect(order.shipments).toEqual([]);
    expect(order.discountCodes).toEqual([]);
    expect(order.refunds).toEqual([]);
  });
});

describe('toOrder on orders.list.response.json (completed, partially refunded)', () => {
  const raw = orderFixture('orders.list.response.json', 1);
  const id = entityId('order', STORE, '723');

  it('derives partially_refunded from refunds[] totals below the order total', () => {
    const order = toOrder({ order: raw, refundDetails: null }, STORE);
    expect(order).toMatchObject({
      status: 'closed',
      financialStatus: 'partially_refunded',
      fulfillmentStatus: 'fulfilled',
      totalRefunded: usd('19.00'),
      total: usd('39.00'),
      customerId: entityId('customer', STORE, '26'),
      email: 'joao.silva@example.com',
      closedAt: '2017-03-21T19:54:51.000Z',
      sourceChannel: 'web',
    });
    expect(order.billingAddress).toMatchObject({ firstName: 'João', provinceCode: 'RJ', countryCode: 'BR' });
  });

  it('maps refund summaries (webhook bodies) with exact amounts, oldest id first', () => {
    const order = toOrder({ order: raw, refundDetails: null }, STORE);
    expect(
      order.refunds.map((refund) => [refund.externalId, refund.amount.amount, refund.createdAt]),
    ).toEqual([
      ['724', '9.00', '2017-03-21T19:54:51.000Z'],
      ['726', '10.00', '2017-03-21T19:54:51.000Z'],
    ]);
    expect(order.refunds[0]).toMatchObject({ orderId: id, reason: null, lines: [] });
  });

  it('maps the refund detail of order-refund.retrieve.response.json with its own date', () => {
    const detail = WooRefund.parse(fixture('order-refund.retrieve.response.json'));
    const order = toOrder(WooOrderRecord.parse({ order: raw, refundDetails: [detail] }), STORE);
    expect(order.refunds).toEqual([
      {
        id: entityId('refund', STORE, '726'),
        storeId: STORE,
        platform: 'woocommerce',
        externalId: '726',
        createdAt: '2017-03-21T20:07:11.000Z',
        updatedAt: '2017-03-21T20:07:11.000Z',
        orderId: id,
        lines: [],
        amount: usd('10.00'),
        reason: null,
      },
    ]);
    expect(Order.safeParse(order).success).toBe(true);
  });

  it('links refund lines to order lines through _refunded_item_id', () => {
    const detail = WooRefund.parse({
      id: 900,
      date_created_gmt: '2017-03-22T10:00:00',
      amount: '9.00',
      reason: 'Damaged',
      line_items: [
        {
          id: 901,
          product_id: 87,
          variation_id: 0,
          quantity: -1,
          total: '-9.00',
          total_tax: '0.00',
          meta_data: [{ id: 1, key: '_refunded_item_id', value: '311' }],
        },
      ],
    });
    const order = toOrder({ order: raw, refundDetails: [detail] }, STORE);
    expect(order.refunds[0]?.lines).toEqual([
      { lineItemId: lineId('line_item', id, '311'), quantity: 1, amount: usd('9.00'), restock: false },
    ]);
    expect(order.refunds[0]?.reason).toBe('Damaged');
  });
});

describe('toOrder edge cases', () => {
  const base = orderFixture('order.retrieve.response.json');

  it('maps a deleted product on a line (product_id 0) to null references', () => {
    const order = toOrder(
      {
        order: {
          ...base,
          line_items: base.line_items.map((line) => ({ ...line, product_id: 0, variation_id: 0 })),
        },
        refundDetails: null,
      },
      STORE,
    );
    expect(order.lineItems.map((line) => [line.productId, line.variantId])).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  it('maps coupons to discount codes, typed like coupon.retrieve.response.json', () => {
    const coupon = fixture('coupon.retrieve.response.json') as {
      code: string;
      discount_type: string;
      amount: string;
    };
    const order = toOrder(
      {
        order: {
          ...base,
          discount_total: '1.80',
          coupon_lines: [
            {
              id: 320,
              code: coupon.code,
              discount: '1.80',
              discount_tax: '0.00',
              discount_type: coupon.discount_type,
              nominal_amount: Number(coupon.amount),
            },
          ],
        },
        refundDetails: null,
      },
      STORE,
    );
    expect(order.discountCodes).toEqual(['10off']);
    expect(order.totalDiscounts).toEqual(usd('1.80'));
    expect(order.discountApplications).toEqual([
      {
        type: 'code',
        code: '10off',
        title: null,
        valueType: 'percentage',
        value: '10',
        amount: usd('1.80'),
        target: 'line_items',
      },
    ]);
  });

  it('maps a fully refunded, never completed order as closed, refunded and restocked', () => {
    const order = toOrder(
      {
        order: { ...base, status: 'refunded', refunds: [{ id: 1, refund: 'x', total: '-29.35' }] },
        refundDetails: null,
      },
      STORE,
    );
    expect([order.status, order.financialStatus, order.fulfillmentStatus]).toEqual([
      'closed',
      'refunded',
      'restocked',
    ]);
    expect(order.closedAt).toBe('2017-03-22T19:28:08.000Z');
  });

  it('maps a cancelled unpaid order as voided with its cancellation time', () => {
    const order = toOrder(
      { order: { ...base, status: 'cancelled', date_paid_gmt: null }, refundDetails: null },
      STORE,
    );
    expect([order.status, order.financialStatus, order.fulfillmentStatus]).toEqual([
      'cancelled',
      'voided',
      'restocked',
    ]);
    expect(order.cancelledAt).toBe('2017-03-22T19:28:08.000Z');
  });

  it('maps checkout-draft as a draft order without a processed time', () => {
    const order = toOrder({ order: { ...base, status: 'checkout-draft' }, refundDetails: null }, STORE);
    expect([order.status, order.financialStatus, order.processedAt]).toEqual(['draft', 'pending', null]);
  });

  it('divides the pre-discount subtotal for the unit price, rounding half-up on minor units', () => {
    const line = base.line_items[0];
    if (!line) throw new Error('fixture has lines');
    const order = toOrder(
      {
        order: {
          ...base,
          line_items: [{ ...line, quantity: 3, subtotal: '10.00', total: '9.00', price: 3 }],
        },
        refundDetails: null,
      },
      STORE,
    );
    expect(order.lineItems[0]?.unitPrice).toEqual(usd('3.33'));
    expect(order.lineItems[0]?.totalDiscount).toEqual(usd('1.00'));
  });

  it('maps Shipment Tracking extension entries to shipments with status unknown', () => {
    const order = toOrder(
      {
        order: {
          ...base,
          meta_data: [
            {
              id: 5,
              key: '_wc_shipment_tracking_items',
              value: [
                {
                  tracking_provider: 'ups',
                  custom_tracking_provider: '',
                  custom_tracking_link: 'https://track.example/1Z999',
                  tracking_number: '1Z999',
                  date_shipped: '1490212800',
                  tracking_id: 'abc',
                },
              ],
            },
          ],
        },
        refundDetails: null,
      },
      STORE,
    );
    expect(order.shipments).toEqual([
      {
        id: entityId('shipment', STORE, '727:abc'),
        storeId: STORE,
        platform: 'woocommerce',
        externalId: '727:abc',
        createdAt: '2017-03-22T20:00:00.000Z',
        updatedAt: '2017-03-22T20:00:00.000Z',
        orderId: entityId('order', STORE, '727'),
        lines: [],
        carrier: 'ups',
        trackingNumber: '1Z999',
        trackingUrl: 'https://track.example/1Z999',
        status: 'unknown',
        shippedAt: '2017-03-22T20:00:00.000Z',
        deliveredAt: null,
      },
    ]);
  });
});

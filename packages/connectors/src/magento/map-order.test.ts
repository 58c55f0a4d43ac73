import { entityId, lineId, money, Order, Refund, Shipment } from '@cartwire/model';
import { describe, expect, it } from 'vitest';
import { magentoPagination, searchItems } from './magento-paging';
import { mapOrder } from './map-order';
import { mapCreditMemo, mapShipment } from './map-sales-documents';
import { financialStatusOf, fulfillmentStatusOf, MAGENTO_ORDER_STATES, orderStatusOf } from './order-status';
import { RawCreditMemo, RawShipment } from './raw-schemas';
import { OrderBundle } from './stream-records';
import { fixture } from './test-fixtures/read-fixture';

const storeId = 'sto_magentomaptest0000000001';
const context = { storeId, platform: 'magento' as const, stream: 'orders' };
const documented = fixture('order.retrieve.response.json') as Record<string, unknown> & {
  items: Record<string, unknown>[];
};

function mapped(
  order: Record<string, unknown>,
  extra: { creditMemos?: unknown[]; shipments?: unknown[] } = {},
) {
  const bundle = OrderBundle.parse({
    order,
    creditMemos: extra.creditMemos ?? [],
    shipments: extra.shipments ?? [],
  });
  return Order.parse(mapOrder(bundle, context));
}

const usd = (amount: string) => money(amount, 'USD');

describe("mapOrder on the documented order ('order.retrieve.response.json')", () => {
  const order = mapped(documented);
  const orderId = entityId('order', storeId, '3');

  it('maps ids, number, state-derived statuses and UTC dates', () => {
    expect(order).toMatchObject({
      id: orderId,
      externalId: '3',
      name: '000000003',
      status: 'open',
      financialStatus: 'pending',
      fulfillmentStatus: 'unfulfilled',
      createdAt: '2017-08-21T22:22:19.000Z',
      updatedAt: '2017-08-21T22:22:20.000Z',
      processedAt: '2017-08-21T22:22:19.000Z',
      cancelledAt: null,
      closedAt: null,
    });
  });

  it('turns numeric money into exact decimal strings in the base currency', () => {
    expect(order).toMatchObject({
      currency: 'USD',
      presentmentCurrency: 'USD',
      subtotal: usd('160'),
      totalDiscounts: usd('0'),
      totalShipping: usd('5'),
      totalTax: usd('0'),
      total: usd('165'),
      totalRefunded: usd('0'),
      discountCodes: [],
      discountApplications: [],
    });
  });

  it('maps the line, customer and both addresses', () => {
    expect(order.lineItems).toEqual([
      {
        id: lineId('line_item', orderId, '3'),
        externalId: '3',
        productId: entityId('product', storeId, '1553'),
        variantId: entityId('variant', storeId, '1553'),
        sku: 'WS12-M-Orange',
        title: 'Radiant Tee-M-Orange',
        variantTitle: null,
        quantity: 1,
        unitPrice: usd('22.00'),
        totalDiscount: usd('0'),
        totalTax: usd('0'),
        requiresShipping: true,
      },
    ]);
    expect(order.customerId).toBe(entityId('customer', storeId, '3'));
    expect(order.email).toBe('jdoe@example.com');
    expect(order.phone).toBe('512-555-1111');
    const address = {
      firstName: 'Jane',
      lastName: 'Doe',
      company: null,
      address1: '123 Oak Ave',
      address2: null,
      city: 'Purchase',
      province: 'New York',
      provinceCode: 'NY',
      postalCode: '10577',
      countryCode: 'US',
      phone: '512-555-1111',
    };
    expect(order.billingAddress).toEqual(address);
    expect(order.shippingAddress).toEqual(address);
  });

  it('maps a guest order to no customer but keeps the email', () => {
    const guest = mapped({ ...documented, customer_is_guest: 1, customer_id: null });
    expect(guest.customerId).toBeNull();
    expect(guest.email).toBe('jdoe@example.com');
  });

  it('reports base amounts in the shop currency and the order currency as presentment', () => {
    const foreign = mapped({
      ...documented,
      base_currency_code: 'EUR',
      order_currency_code: 'USD',
      base_grand_total: 150.1,
      grand_total: 165,
      base_subtotal: 0.1,
      base_discount_amount: -0.3,
      coupon_code: 'WELCOME',
    });
    expect(foreign.currency).toBe('EUR');
    expect(foreign.presentmentCurrency).toBe('USD');
    expect(foreign.total).toEqual(money('150.10', 'EUR'));
    // 0.1 + (-0.3) in binary floats is -0.19999999999999998; decimals give -0.20 exactly.
    expect(foreign.subtotal).toEqual(money('-0.20', 'EUR'));
    expect(foreign.discountCodes).toEqual(['WELCOME']);
    expect(foreign.discountApplications[0]).toMatchObject({ type: 'code', amount: money('0.30', 'EUR') });
  });

  it('maps a configurable purchase (parent row + simple child row) to one line naming the variant', () => {
    const [item] = documented.items;
    const configurable = mapped({
      ...documented,
      items: [
        { ...item, item_id: 10, product_id: 1550, product_type: 'configurable', name: 'Radiant Tee' },
        { ...item, item_id: 11, parent_item_id: 10, product_id: 1553, price: 0, base_price: 0 },
      ],
    });
    expect(configurable.lineItems).toHaveLength(1);
    expect(configurable.lineItems[0]).toMatchObject({
      productId: entityId('product', storeId, '1550'),
      variantId: entityId('variant', storeId, '1553'),
      title: 'Radiant Tee',
      variantTitle: 'Radiant Tee-M-Orange',
      unitPrice: usd('22'),
    });
  });

  it('embeds credit memos as refunds and shipments with tracks', () => {
    const memo = {
      entity_id: 7,
      order_id: 3,
      created_at: '2017-08-25 10:00:00',
      updated_at: '2017-08-25 10:00:00',
      base_currency_code: 'USD',
      base_grand_total: 22,
      customer_note: 'Too small',
      items: [
        { order_item_id: 3, qty: 1, base_row_total: 20.9, base_tax_amount: 1.1 },
        { order_item_id: 4, qty: 0, base_row_total: 0, base_tax_amount: 0 },
      ],
    };
    const shipment = {
      entity_id: 9,
      order_id: 3,
      created_at: '2017-08-22 09:00:00',
      updated_at: '2017-08-22 09:00:00',
      items: [{ order_item_id: 3, qty: 1 }],
      tracks: [{ track_number: '1Z999AA10123456784', title: 'United Parcel Service', carrier_code: 'ups' }],
    };
    const withDocuments = mapped(
      { ...documented, state: 'closed', status: 'closed', base_total_paid: 165, base_total_refunded: 22 },
      { creditMemos: [memo], shipments: [shipment] },
    );
    const orderId = entityId('order', storeId, '3');
    expect(Refund.parse(withDocuments.refunds[0])).toMatchObject({
      orderId,
      amount: usd('22'),
      reason: 'Too small',
      lines: [
        { lineItemId: lineId('line_item', orderId, '3'), quantity: 1, amount: usd('22.00'), restock: false },
      ],
    });
    expect(Shipment.parse(withDocuments.shipments[0])).toMatchObject({
      carrier: 'United Parcel Service',
      trackingNumber: '1Z999AA10123456784',
      status: 'unknown',
      shippedAt: '2017-08-22T09:00:00.000Z',
      lines: [{ lineItemId: lineId('line_item', orderId, '3'), quantity: 1 }],
    });
    expect(withDocuments.financialStatus).toBe('partially_refunded');
    expect(mapCreditMemo(RawCreditMemo.parse(memo), context).id).toBe(withDocuments.refunds[0]?.id);
    expect(mapShipment(RawShipment.parse(shipment), context).id).toBe(withDocuments.shipments[0]?.id);
  });
});

describe("field-filtered searches ('orders.search.fields-filtered.response.json')", () => {
  const body = fixture('orders.search.fields-filtered.response.json');
  const response = {
    status: 200,
    headers: new Headers(),
    body,
    text: '',
    url: 'https://shop.test/rest/V1/orders',
    attempts: 1,
  };

  it('yields the items but no total_count, so paging falls back to the short-page rule', () => {
    expect(searchItems(response)).toHaveLength(3);
    expect(magentoPagination().totalCount?.(response)).toBeUndefined();
  });

  it('holds id-only orders that the orders stream rejects as records (reported, not mapped)', () => {
    const [first] = searchItems(response);
    const parsed = OrderBundle.safeParse({ order: first, creditMemos: [], shipments: [] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toContain('order.state');
  });
});

describe('order status derivation from state', () => {
  it.each([
    ['new', 'open'],
    ['pending_payment', 'open'],
    ['processing', 'open'],
    ['holded', 'open'],
    ['payment_review', 'open'],
    ['complete', 'closed'],
    ['closed', 'closed'],
    ['canceled', 'cancelled'],
  ] as const)('state %s → %s', (state, status) => {
    expect(orderStatusOf(state)).toBe(status);
  });

  it('covers every Magento state', () => {
    expect(MAGENTO_ORDER_STATES.map(orderStatusOf)).toHaveLength(8);
  });

  const totals = (paid: string, invoiced: string, refunded: string) => ({
    total: usd('100'),
    paid: usd(paid),
    invoiced: usd(invoiced),
    refunded: usd(refunded),
  });

  it.each([
    ['new', totals('0', '0', '0'), 'pending'],
    ['pending_payment', totals('0', '0', '0'), 'pending'],
    ['payment_review', totals('0', '0', '0'), 'pending'],
    ['processing', totals('0', '0', '0'), 'authorized'],
    ['processing', totals('40', '40', '0'), 'partially_paid'],
    ['processing', totals('100', '100', '0'), 'paid'],
    ['complete', totals('100', '100', '0'), 'paid'],
    ['processing', totals('100', '100', '30'), 'partially_refunded'],
    ['closed', totals('100', '100', '100'), 'refunded'],
    ['canceled', totals('0', '0', '0'), 'voided'],
  ] as const)('state %s with %o → %s', (state, money, expected) => {
    expect(financialStatusOf(state, money)).toBe(expected);
  });

  it.each([
    ['processing', { ordered: 3, shipped: 0, canceled: 0 }, 'unfulfilled'],
    ['processing', { ordered: 3, shipped: 1, canceled: 0 }, 'partially_fulfilled'],
    ['complete', { ordered: 3, shipped: 3, canceled: 0 }, 'fulfilled'],
    ['processing', { ordered: 3, shipped: 2, canceled: 1 }, 'fulfilled'],
    ['holded', { ordered: 3, shipped: 0, canceled: 0 }, 'on_hold'],
    ['payment_review', { ordered: 1, shipped: 0, canceled: 0 }, 'on_hold'],
    ['canceled', { ordered: 2, shipped: 0, canceled: 2 }, 'restocked'],
    ['closed', { ordered: 2, shipped: 0, canceled: 0 }, 'restocked'],
  ] as const)('state %s with %o → %s', (state, quantities, expected) => {
    expect(fulfillmentStatusOf(state, quantities)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { renderWooCustomer } from './render-customer';
import { renderWooDraftOrder, renderWooOrder, renderWooRefund } from './render-order';
import { renderWooProduct, renderWooVariation } from './render-product';
import { buildWooTestStore, missingKeys, readFixture } from './test-support';
import type { WooRenderContext } from './woo-format';

const ctx: WooRenderContext = { siteUrl: 'https://example.com', timeZone: 'America/Sao_Paulo' };

describe('WooCommerce renderers match the documented payloads', () => {
  const t = buildWooTestStore();
  const { store } = t;
  const orders = store.listOrders().map((order) => renderWooOrder(store, order, ctx));

  it('orders have every key of the docs’ order payloads', () => {
    expect(missingKeys(readFixture('order.retrieve.response.json'), orders)).toEqual([]);
    // The docs' list example shows refunds as {id, refund, total}; WooCommerce core sends
    // {id, reason, total} (WC_REST_Orders_V2_Controller), which is what the emulator sends.
    expect(missingKeys(readFixture('orders.list.response.json'), [orders])).toEqual(['[].refunds[].refund']);
    expect(missingKeys(readFixture('webhook-order.created.body.json'), orders)).toEqual([]);
  });

  it('checkout drafts have the order shape too', () => {
    const draft = renderWooDraftOrder(store, store.getCart(t.cartId)!, ctx);
    expect(draft.status).toBe('checkout-draft');
    const fixture = readFixture('order.retrieve.response.json') as Record<string, unknown>;
    expect(Object.keys(fixture).filter((key) => !(key in draft))).toEqual([]);
  });

  it('products, variations, customers and refunds have every documented key', () => {
    const products = store.listProducts().map((product) => renderWooProduct(store, product, ctx));
    expect(missingKeys(readFixture('product.retrieve.response.json'), products)).toEqual([]);
    expect(missingKeys(readFixture('products.list.response.json'), [products])).toEqual([]);
    const shirt = store.getProduct(t.shirtId)!;
    const variations = store
      .variantsOf(shirt.id)
      .map((variant) => renderWooVariation(store, shirt, variant, ctx));
    expect(missingKeys(readFixture('product-variation.retrieve.response.json'), variations)).toEqual([]);
    const customers = store.listCustomers().map((customer) => renderWooCustomer(store, customer, ctx));
    expect(missingKeys(readFixture('customer.retrieve.response.json'), customers)).toEqual([]);
    expect(missingKeys(readFixture('customers.list.response.json'), [customers])).toEqual([]);
    const order = store.getOrder(t.orderId)!;
    const refund = renderWooRefund(store, order, order.refunds[0]!, ctx);
    expect(missingKeys(readFixture('order-refund.retrieve.response.json'), [refund])).toEqual([]);
  });

  it('renders WooCommerce’s value conventions', () => {
    const order = orders.find((candidate) => candidate.id === t.orderId)!;
    expect(order).toMatchObject({
      status: 'completed',
      number: String(t.orderId),
      currency: 'USD',
      // Site-local time (São Paulo, UTC−3) beside the _gmt twin, seconds precision, no offset.
      date_created: '2026-03-01T07:01:00',
      date_created_gmt: '2026-03-01T10:01:00',
      discount_total: '2.80',
      shipping_total: '10.00',
      total: '37.76',
      customer_id: t.customerId,
      billing: { email: 'zoe@example.com', first_name: 'Zoë', country: 'US', state: 'CA' },
      refunds: [{ id: t.refundId, reason: 'Wrong size', total: '-9.66' }],
      coupon_lines: [{ code: 'welcome10', discount: '2.80' }],
    });
    const lines = order.line_items as Record<string, unknown>[];
    expect(lines[0]).toMatchObject({
      name: 'Crème T-Shirt - S',
      variation_id: t.shirtS,
      subtotal: '20.00',
      total: '18.00',
    });
    expect(lines[0]!.price).toBe(9);
    expect(lines[1]).toMatchObject({ variation_id: 0, product_id: t.mugId });
    expect(order.meta_data).toEqual([
      expect.objectContaining({
        key: '_wc_shipment_tracking_items',
        value: [expect.objectContaining({ tracking_number: '1Z999AA10123456784' })],
      }),
    ]);
    const guest = orders.find((candidate) => candidate.id === t.guestOrderId)!;
    expect(guest).toMatchObject({
      status: 'on-hold',
      customer_id: 0,
      payment_method: 'bacs',
      date_paid: null,
    });
    const product = renderWooProduct(store, store.getProduct(t.shirtId)!, ctx);
    expect(product).toMatchObject({
      type: 'variable',
      variations: [t.shirtS, t.shirtM],
      stock_quantity: null,
    });
    const mug = renderWooProduct(store, store.getProduct(t.mugId)!, ctx);
    expect(mug).toMatchObject({
      type: 'simple',
      sku: 'MUG',
      price: '8.00',
      manage_stock: true,
      stock_quantity: 1,
    });
  });
});

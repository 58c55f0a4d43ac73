import { InventoryLevel, Order } from '@cartwire/model';
import {
  createWooCommerceEmulator,
  generateStore,
  mswHandlersFor,
  type SandboxStore,
  type WooCommerceEmulator,
} from '@cartwire/sandbox';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConnectorEngine, createConnectorEngine } from '../engine/engine';
import { type NeutralWriteName, runNeutralWrite, UnsupportedWriteError } from '../engine/neutral-writes';
import { wooCommerceConnector } from './connector';

const SITE = 'https://neutral-writes-shop.test';

describe('WooCommerce neutral writes against the emulator', () => {
  let store: SandboxStore;
  let emulator: WooCommerceEmulator;
  let engine: ConnectorEngine;
  const server = setupServer();

  beforeAll(() => {
    store = generateStore({ seed: 43, size: 'tiny' });
    emulator = createWooCommerceEmulator({
      store,
      consumerKey: 'ck_neutral',
      consumerSecret: 'cs_neutral',
      siteUrl: SITE,
    });
    server.use(...mswHandlersFor(emulator, SITE));
    server.listen({ onUnhandledRequest: 'error' });
    engine = createConnectorEngine({ retry: { minTimeoutMs: 10, maxTimeoutMs: 100 } });
  });
  afterAll(async () => {
    server.close();
    emulator.woocommerce.close();
    await engine.close();
  });

  const storeInput = () => ({
    id: 'sto_wooneutralwrites000000001',
    credentials: { url: SITE, consumerKey: 'ck_neutral', consumerSecret: 'cs_neutral' },
    settings: { currency: store.shop.currency },
  });
  const write = <K extends NeutralWriteName>(name: K, input: unknown) =>
    runNeutralWrite({
      engine,
      connector: wooCommerceConnector,
      store: storeInput(),
      write: name,
      input: input as never,
    });

  /** A fresh paid, unshipped order of two lines, as a shopper would place it. */
  const placeOrder = () => {
    const variants = store.listVariants().slice(0, 2);
    return store.placeOrder({
      email: 'buyer@example.com',
      lines: variants.map((variant) => ({ variantId: variant.id, quantity: 2 })),
    });
  };

  it('completes the order, records the tracking as a shipment and notes it', async () => {
    const order = placeOrder();
    const { order: result } = await write('createFulfillment', {
      order: { externalId: String(order.id) },
      tracking: { carrier: 'DHL Express', number: 'JD014600006281230702', url: 'https://dhl.test/t/JD01' },
    });
    expect(Order.parse(result).fulfillmentStatus).toBe('fulfilled');
    expect(result.status).toBe('closed');
    expect(result.shipments).toHaveLength(1);
    expect(result.shipments[0]).toMatchObject({
      trackingNumber: 'JD014600006281230702',
      trackingUrl: 'https://dhl.test/t/JD01',
    });
    const notes = await (
      await emulator.request(`${SITE}/wp-json/wc/v3/orders/${order.id}/notes`, {
        headers: { authorization: `Basic ${Buffer.from('ck_neutral:cs_neutral').toString('base64')}` },
      })
    ).json();
    expect(notes).toEqual([
      expect.objectContaining({
        note: 'Order shipped with DHL Express, tracking number JD014600006281230702, https://dhl.test/t/JD01.',
        customer_note: false,
      }),
    ]);
  });

  it('refuses a partial shipment as unsupported, before anything changes', async () => {
    const order = placeOrder();
    const [first] = order.lines;
    if (!first) throw new Error('no line');
    const error = await write('createFulfillment', {
      order: { externalId: String(order.id) },
      lines: [{ externalId: String(first.id), quantity: first.quantity }],
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnsupportedWriteError);
    expect(store.getOrder(order.id)?.fulfillmentState).toBe('unfulfilled');
  });

  it('adds a note, refuses tags, and moves the status', async () => {
    const order = placeOrder();
    const ref = { externalId: String(order.id) };
    const noted = await write('addOrderNote', {
      order: ref,
      note: 'Called the customer',
      notifyCustomer: true,
    });
    expect(noted.order.externalId).toBe(String(order.id));
    await expect(write('addOrderTags', { order: ref, tags: ['vip'] })).rejects.toThrow(
      /WooCommerce orders have no tags/,
    );
    const cancelled = await write('updateOrderStatus', { order: ref, status: 'cancelled' });
    expect(cancelled.order.status).toBe('cancelled');
  });

  it('sets a variation stock and reads the level and its product back', async () => {
    const variant = store.listVariants().find((candidate) => {
      const product = store.getProduct(candidate.productId);
      return product !== undefined && product.options.length > 0;
    });
    if (!variant) throw new Error('the tiny store has a variable product');
    const result = await write('setInventoryLevel', {
      variant: {
        externalId: String(variant.id),
        productExternalId: String(variant.productId),
        sku: variant.sku,
      },
      location: { externalId: 'default' },
      available: 11,
    });
    expect(InventoryLevel.parse(result.inventoryLevel).available).toBe(11);
    expect(
      result.product?.variants.find((candidate) => candidate.externalId === String(variant.id)),
    ).toMatchObject({ inventoryQuantity: 11 });
    await expect(
      write('setInventoryLevel', {
        variant: { externalId: String(variant.id), productExternalId: String(variant.productId), sku: null },
        location: { externalId: 'warehouse-2' },
        available: 1,
      }),
    ).rejects.toBeInstanceOf(UnsupportedWriteError);
  });

  it('creates a single-use coupon restricted to the recipient, lower-cased as WooCommerce stores it', async () => {
    const variant = store.listVariants()[0];
    if (!variant) throw new Error('the tiny store has variants');
    const { discountCode } = await write('createDiscountCode', {
      code: 'CW-AbC234',
      title: 'Cart reminder 10%',
      value: { kind: 'percentage', percent: 10 },
      variants: [{ externalId: String(variant.id), productExternalId: String(variant.productId) }],
      customer: { email: 'Buyer@Example.com' },
      endsAt: '2030-01-31T12:00:00Z',
    });
    expect(discountCode).toMatchObject({ code: 'cw-abc234', endsAt: '2030-01-31T12:00:00Z' });
    const response = await fetch(`${SITE}/wp-json/wc/v3/coupons/${discountCode.externalId}`, {
      headers: { authorization: `Basic ${Buffer.from('ck_neutral:cs_neutral').toString('base64')}` },
    });
    expect(await response.json()).toMatchObject({
      code: 'cw-abc234',
      discount_type: 'percent',
      amount: '10.00',
      individual_use: true,
      usage_limit: 1,
      usage_limit_per_user: 1,
      product_ids: [variant.id],
      email_restrictions: ['buyer@example.com'],
      date_expires_gmt: '2030-01-31T12:00:00',
    });

    const shipping = await write('createDiscountCode', {
      code: 'CW-SHIP42',
      value: { kind: 'free_shipping' },
      endsAt: null,
    });
    expect(shipping.discountCode).toMatchObject({ code: 'cw-ship42', endsAt: null });
    await expect(
      write('createDiscountCode', {
        code: 'cw-abc234',
        value: { kind: 'percentage', percent: 5 },
        endsAt: null,
      }),
    ).rejects.toThrow(/already exists/);
  });
});

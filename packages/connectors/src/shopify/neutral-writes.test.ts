import { InventoryLevel, Order, Product } from '@cartwire/model';
import {
  createShopifyEmulator,
  generateStore,
  mswHandlersFor,
  type SandboxStore,
  shopifyDiscountCodes,
  shopifyId,
} from '@cartwire/sandbox';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConnectorEngine, createConnectorEngine } from '../engine/engine';
import { InvalidPayloadError } from '../engine/errors';
import { runNeutralWrite } from '../engine/neutral-writes';
import { shopifyConnector } from './connector';

const SHOP_DOMAIN = 'neutral-writes.myshopify.com';
const ACCESS_TOKEN = 'shpat_neutral';
const STORE = {
  id: 'sto_shopifyneutralwrites00001',
  credentials: { shopDomain: SHOP_DOMAIN, accessToken: ACCESS_TOKEN, clientSecret: 'shpss_neutral' },
  settings: {},
};

describe('Shopify neutral writes against the emulator', () => {
  let store: SandboxStore;
  let engine: ConnectorEngine;
  const server = setupServer();

  beforeAll(() => {
    store = generateStore({ seed: 41, size: 'tiny' });
    const app = createShopifyEmulator({
      store,
      shopDomain: SHOP_DOMAIN,
      accessToken: ACCESS_TOKEN,
      clientSecret: 'shpss_neutral',
      plan: { bucketSize: 20_000, restoreRate: 50_000 },
    });
    server.use(...mswHandlersFor(app, `https://${SHOP_DOMAIN}`));
    server.listen({ onUnhandledRequest: 'error' });
    engine = createConnectorEngine({ retry: { minTimeoutMs: 10, maxTimeoutMs: 100 } });
  });
  afterAll(async () => {
    server.close();
    await engine.close();
  });

  const openOrder = () => {
    const order = store
      .listOrders()
      .find(
        (candidate) =>
          candidate.cancelledAt === null &&
          candidate.fulfillmentState === 'unfulfilled' &&
          candidate.lines.length >= 2 &&
          candidate.lines.every((line) => line.quantity > 0),
      );
    if (!order) throw new Error('the tiny store has an unfulfilled order with two lines');
    return order;
  };

  it('ships one line with tracking and answers with the order as Shopify now has it', async () => {
    const order = openOrder();
    const [first] = order.lines;
    if (!first) throw new Error('no line');
    const { order: result } = await runNeutralWrite({
      engine,
      connector: shopifyConnector,
      store: STORE,
      write: 'createFulfillment',
      input: {
        order: { externalId: String(shopifyId('Order', order.id)) },
        lines: [{ externalId: String(shopifyId('LineItem', first.id)), quantity: first.quantity }],
        tracking: { carrier: 'UPS', number: '1Z999AA10123456784', url: 'https://ups.test/track/1Z9' },
      },
    });
    expect(Order.parse(result).externalId).toBe(String(shopifyId('Order', order.id)));
    expect(result.fulfillmentStatus).toBe('partially_fulfilled');
    expect(result.shipments).toHaveLength(1);
    expect(result.shipments[0]).toMatchObject({ carrier: 'UPS', trackingNumber: '1Z999AA10123456784' });
    expect(store.getOrder(order.id)?.fulfillments.at(-1)?.trackingNumber).toBe('1Z999AA10123456784');
  });

  it('appends a note to the existing one and merges tags', async () => {
    const order = openOrder();
    store.updateOrder(order.id, { note: 'Leave at the door', tags: ['vip'] });
    const ref = { externalId: String(shopifyId('Order', order.id)) };
    const noted = await runNeutralWrite({
      engine,
      connector: shopifyConnector,
      store: STORE,
      write: 'addOrderNote',
      input: { order: ref, note: 'Gift wrap requested' },
    });
    expect(noted.order.note).toBe('Leave at the door\n\nGift wrap requested');
    const tagged = await runNeutralWrite({
      engine,
      connector: shopifyConnector,
      store: STORE,
      write: 'addOrderTags',
      input: { order: ref, tags: ['gift', 'vip'] },
    });
    expect([...tagged.order.tags].sort()).toEqual(['gift', 'vip']);
    expect(store.getOrder(order.id)?.tags.sort()).toEqual(['gift', 'vip']);
  });

  it('sets the available quantity through the inventory item and reads the level and product back', async () => {
    const level = store.listInventoryLevels()[0];
    if (!level) throw new Error('no inventory level');
    const variant = store.getVariant(level.variantId);
    if (!variant) throw new Error('no variant');
    const result = await runNeutralWrite({
      engine,
      connector: shopifyConnector,
      store: STORE,
      write: 'setInventoryLevel',
      input: {
        variant: {
          externalId: String(shopifyId('ProductVariant', variant.id)),
          productExternalId: String(shopifyId('Product', variant.productId)),
          sku: variant.sku,
        },
        location: { externalId: String(shopifyId('Location', level.locationId)) },
        available: 37,
      },
    });
    expect(InventoryLevel.parse(result.inventoryLevel).available).toBe(37);
    expect(store.inventoryLevelAt(variant.id, level.locationId)?.available).toBe(37);
    expect(Product.parse(result.product).externalId).toBe(String(shopifyId('Product', variant.productId)));
  });

  it('cancels an order', async () => {
    const order = openOrder();
    const { order: result } = await runNeutralWrite({
      engine,
      connector: shopifyConnector,
      store: STORE,
      write: 'updateOrderStatus',
      input: { order: { externalId: String(shopifyId('Order', order.id)) }, status: 'cancelled' },
    });
    expect(result.status).toBe('cancelled');
    expect(result.cancelledAt).not.toBeNull();
  });

  it('refuses an unknown order as a typed error, and bad input before anything is sent', async () => {
    await expect(
      runNeutralWrite({
        engine,
        connector: shopifyConnector,
        store: STORE,
        write: 'addOrderNote',
        input: { order: { externalId: '999999999999' }, note: 'x' },
      }),
    ).rejects.toBeInstanceOf(InvalidPayloadError);
    await expect(
      runNeutralWrite({
        engine,
        connector: shopifyConnector,
        store: STORE,
        write: 'addOrderTags',
        input: { order: { externalId: '1' }, tags: [] },
      }),
    ).rejects.toThrow(/tags/);
  });

  it('creates a single-use code for one customer and variant, free-shipping codes, and refuses duplicates', async () => {
    const customer = store.listCustomers()[0];
    const variant = store.listVariants()[0];
    if (!customer || !variant) throw new Error('the tiny store has customers and variants');
    const write = (input: unknown) =>
      runNeutralWrite({
        engine,
        connector: shopifyConnector,
        store: STORE,
        write: 'createDiscountCode',
        input: input as never,
      });
    const { discountCode } = await write({
      code: 'CW-7KQ2M9XH4T',
      value: { kind: 'percentage', percent: 15 },
      variants: [
        {
          externalId: String(shopifyId('ProductVariant', variant.id)),
          productExternalId: String(shopifyId('Product', variant.productId)),
        },
      ],
      customer: { externalId: String(shopifyId('Customer', customer.id)), email: 'ignored@example.com' },
      startsAt: '2030-01-01T00:00:00Z',
      endsAt: '2030-01-08T00:00:00Z',
    });
    expect(discountCode).toMatchObject({
      code: 'CW-7KQ2M9XH4T',
      startsAt: '2030-01-01T00:00:00Z',
      endsAt: '2030-01-08T00:00:00Z',
    });
    expect(discountCode.externalId).toMatch(/^\d+$/);
    expect(shopifyDiscountCodes(store).find((d) => d.code === 'CW-7KQ2M9XH4T')).toMatchObject({
      kind: 'DiscountCodeBasic',
      title: 'CW-7KQ2M9XH4T',
      usageLimit: 1,
      appliesOncePerCustomer: true,
      value: { percentage: 0.15 },
      customerIds: [`gid://shopify/Customer/${shopifyId('Customer', customer.id)}`],
      variantIds: [`gid://shopify/ProductVariant/${shopifyId('ProductVariant', variant.id)}`],
    });

    const shipping = await write({ code: 'CW-FREESHIP2', value: { kind: 'free_shipping' }, endsAt: null });
    expect(shipping.discountCode.code).toBe('CW-FREESHIP2');
    expect(shopifyDiscountCodes(store).find((d) => d.code === 'CW-FREESHIP2')).toMatchObject({
      kind: 'DiscountCodeFreeShipping',
      customerIds: null,
    });

    await expect(
      write({ code: 'cw-7kq2m9xh4t', value: { kind: 'percentage', percent: 5 }, endsAt: null }),
    ).rejects.toThrow(/Code must be unique/);
    const otherCurrency = store.shop.currency === 'EUR' ? 'USD' : 'EUR';
    await expect(
      write({
        code: 'CW-AMOUNT22',
        value: { kind: 'fixed_amount', amount: { amount: '5.00', currency: otherCurrency } },
        endsAt: null,
      }),
    ).rejects.toBeInstanceOf(InvalidPayloadError);
  });
});

import { Order, Product } from '@cartwire/model';
import {
  createWooCommerceEmulator,
  generateStore,
  mswHandlersFor,
  renderWooOrder,
  renderWooRefund,
  type SandboxStore,
  type WooCommerceEmulator,
} from '@cartwire/sandbox';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConnectorEngine, createConnectorEngine } from '../engine/engine';
import { InvalidPayloadError } from '../engine/errors';
import { runAction } from '../engine/run-action';
import { processWebhook } from '../engine/webhooks/process-webhook';
import { wooCommerceConnector } from './connector';
import { toOrder } from './map/map-order';
import { WooOrderRecord } from './raw/raw-order';

const SITE = 'https://actions-shop.test';
const STORE_ID = 'sto_wooactions';
const SECRET = 'actions-webhook-secret';

describe('WooCommerce actions and webhooks against the emulator', () => {
  let store: SandboxStore;
  let emulator: WooCommerceEmulator;
  const received: { body: Uint8Array; headers: Headers }[] = [];
  const server = setupServer();
  let engine: ConnectorEngine;

  beforeAll(() => {
    store = generateStore({ seed: 21, size: 'tiny' });
    emulator = createWooCommerceEmulator({
      store,
      consumerKey: 'ck_actions',
      consumerSecret: 'cs_actions',
      siteUrl: SITE,
      webhooks: [{ url: 'https://receiver.test/hooks/woo', secret: SECRET }],
      webhookDelivery: {
        fetch: async (_input, init) => {
          received.push({
            body: new Uint8Array(await new Response(init?.body).arrayBuffer()),
            headers: new Headers(init?.headers),
          });
          return new Response(null, { status: 200 });
        },
      },
    });
    server.use(...mswHandlersFor(emulator, SITE));
    server.listen({ onUnhandledRequest: 'error' });
    // After msw patched fetch: the engine keeps the fetch it was created with.
    engine = createConnectorEngine({ retry: { minTimeoutMs: 10, maxTimeoutMs: 100 } });
  });
  afterAll(async () => {
    server.close();
    emulator.woocommerce.close();
    await engine.close();
  });

  const storeInput = () => ({
    id: STORE_ID,
    credentials: {
      url: SITE,
      consumerKey: 'ck_actions',
      consumerSecret: 'cs_actions',
      webhookSecret: SECRET,
    },
    settings: { currency: store.shop.currency },
  });
  const run = (action: string, input: unknown) =>
    runAction({ engine, connector: wooCommerceConnector, store: storeInput(), action, input });

  it('fetchOrder returns the order with its refunds read in detail', async () => {
    const order = store.listOrders().find((candidate) => candidate.refunds.length > 0);
    if (!order) throw new Error('the tiny store has a refunded order');
    const context = { siteUrl: SITE, timeZone: store.shop.timeZone };
    const direct = toOrder(
      WooOrderRecord.parse({
        order: renderWooOrder(store, order, context),
        refundDetails: order.refunds.map((refund) => renderWooRefund(store, order, refund, context)),
      }),
      STORE_ID,
    );
    const fetched = Order.parse(await run('fetchOrder', { orderId: String(order.id) }));
    expect(fetched).toEqual(direct);
    expect(fetched.refunds.length).toBe(order.refunds.length);
  });

  it('updateOrderStatus completes a processing order and returns it as fulfilled', async () => {
    const order = store
      .listOrders()
      .find(
        (candidate) =>
          candidate.financialState === 'paid' &&
          candidate.fulfillmentState === 'unfulfilled' &&
          !candidate.cancelledAt,
      );
    if (!order) throw new Error('the tiny store has a paid, unfulfilled order');
    const updated = Order.parse(
      await run('updateOrderStatus', { orderId: String(order.id), status: 'completed' }),
    );
    expect([updated.status, updated.fulfillmentStatus]).toEqual(['closed', 'fulfilled']);
    expect(store.getOrder(order.id)?.fulfillmentState).toBe('fulfilled');
  });

  it('setStockQuantity sets a variation stock and returns the new level', async () => {
    const variant = store.listVariants().find((candidate) => {
      const product = store.getProduct(candidate.productId);
      return product !== undefined && product.options.length > 0;
    });
    if (!variant) throw new Error('the tiny store has a variable product');
    const level = await run('setStockQuantity', {
      productId: String(variant.productId),
      variationId: String(variant.id),
      quantity: 7,
    });
    expect(level).toMatchObject({ externalId: `${variant.id}:default`, available: 7 });
  });

  it('fetchProduct maps a variable product with every variation', async () => {
    const product = store.listProducts().find((candidate) => candidate.options.length > 0);
    if (!product) throw new Error('the tiny store has a variable product');
    const mapped = Product.parse(await run('fetchProduct', { productId: String(product.id) }));
    expect(mapped.variants.map((variant) => variant.externalId).sort()).toEqual(
      product.variantIds.map(String).sort(),
    );
  });

  it('refuses invalid action input before any request', async () => {
    await expect(run('updateOrderStatus', { orderId: 'abc', status: 'shipped' })).rejects.toBeInstanceOf(
      InvalidPayloadError,
    );
  });

  it('accepts the order webhooks the emulator sends and maps them to orders', async () => {
    received.length = 0;
    const order = store
      .listOrders()
      .find((candidate) => !candidate.cancelledAt && candidate.refunds.length === 0);
    if (!order) throw new Error('the tiny store has an order');
    store.refundOrder(order.id, { amount: '1.00', reason: 'Goodwill' });
    await emulator.woocommerce.flushWebhooks();
    const outcomes = received.map((delivery) =>
      processWebhook(wooCommerceConnector, {
        rawBody: delivery.body,
        headers: delivery.headers,
        storeId: STORE_ID,
        secret: SECRET,
      }),
    );
    const accepted = outcomes.find(
      (outcome) => outcome.kind === 'accepted' && outcome.topic === 'order.updated',
    );
    expect(accepted).toMatchObject({
      kind: 'accepted',
      entity: 'order',
      externalId: String(order.id),
      recordErrors: [],
    });
    if (accepted?.kind !== 'accepted') throw new Error('no order.updated delivery');
    const mapped = Order.parse(accepted.entities[0]);
    expect(mapped.totalRefunded.amount).toBe('1.00');
    expect(mapped.refunds.map((refund) => [refund.amount.amount, refund.reason])).toEqual([
      ['1.00', 'Goodwill'],
    ]);
  });

  it('answers the creation ping as a ping', async () => {
    received.length = 0;
    await emulator.woocommerce.ping('https://receiver.test/hooks/woo', 1);
    const [ping] = received;
    if (!ping) throw new Error('the emulator sent no ping');
    expect(
      processWebhook(wooCommerceConnector, {
        rawBody: ping.body,
        headers: ping.headers,
        storeId: STORE_ID,
        secret: SECRET,
      }),
    ).toEqual({ kind: 'ping' });
  });
});

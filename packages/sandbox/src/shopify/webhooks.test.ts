import { parse } from 'lossless-json';
import { describe, expect, it } from 'vitest';
import { createWebhookSender } from '../http/webhook-sender';
import { createShopifyEmulator } from './emulator';
import { shopifyId } from './gid';
import { createTestEmulator, TEST_CLIENT_SECRET, TEST_SHOP_DOMAIN } from './test-store';
import type { ShopifyWebhookDelivery } from './webhook-dispatcher';
import { shopifyWebhookHmac, verifyShopifyWebhookHmac } from './webhook-signature';

function topics(deliveries: ShopifyWebhookDelivery[]): string[] {
  return deliveries.map((delivery) => delivery.topic);
}

const bigIntegers = (text: string) =>
  parse(text, null, (value) => (/^-?\d+$/.test(value) ? BigInt(value) : Number(value)));

describe('Shopify webhooks on store changes', () => {
  it('sends the topics Shopify would for an order lifecycle', async () => {
    const { store, ids, deliveries, clearDeliveries, app } = createTestEmulator();
    clearDeliveries();
    const order = store.placeOrder({
      customerId: ids.customer,
      lines: [{ variantId: ids.variant, quantity: 2 }],
    });
    expect(topics(deliveries())).toEqual(
      expect.arrayContaining(['orders/create', 'orders/paid', 'inventory_levels/update']),
    );
    clearDeliveries();
    const line = order.lines[0];
    if (!line) throw new Error('order has no line');
    store.refundOrder(order.id, { lines: [{ lineId: line.id, quantity: 1 }] });
    expect(topics(deliveries())).toEqual(expect.arrayContaining(['refunds/create', 'orders/updated']));
    clearDeliveries();
    const fulfillment = store.fulfillOrder(order.id, { carrier: 'UPS', trackingNumber: '1Z999' });
    expect(topics(deliveries())).toEqual(
      expect.arrayContaining(['fulfillments/create', 'orders/fulfilled', 'orders/updated']),
    );
    clearDeliveries();
    store.markDelivered(order.id, fulfillment.id);
    expect(topics(deliveries())).toEqual(expect.arrayContaining(['fulfillments/update']));
    const cancellable = store.placeOrder({
      email: 'x@example.com',
      lines: [{ variantId: ids.variant, quantity: 1 }],
    });
    clearDeliveries();
    store.cancelOrder(cancellable.id);
    expect(topics(deliveries())).toContain('orders/cancelled');
    await app.shopify.flushWebhooks();
    expect(app.shopify.webhookSender.deliveries.every((record) => record.delivered)).toBe(true);
  });

  it('signs the raw body with the client secret and sends Shopify’s headers', () => {
    const { store, ids, deliveries, clearDeliveries } = createTestEmulator();
    clearDeliveries();
    store.updateCustomer(ids.customer, { note: 'prefers email' });
    const [delivery] = deliveries();
    expect(delivery?.topic).toBe('customers/update');
    if (!delivery) return;
    expect(delivery.headers).toMatchObject({
      'Content-Type': 'application/json',
      'X-Shopify-Topic': 'customers/update',
      'X-Shopify-Shop-Domain': TEST_SHOP_DOMAIN,
      'X-Shopify-API-Version': '2026-01',
      'X-Shopify-Webhook-Id': expect.stringMatching(/^[0-9a-f-]{36}$/),
      'X-Shopify-Event-Id': expect.stringMatching(/^[0-9a-f-]{36}$/),
      'X-Shopify-Triggered-At': expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const hmac = delivery.headers['X-Shopify-Hmac-Sha256'] ?? '';
    expect(hmac).toBe(shopifyWebhookHmac(delivery.body, TEST_CLIENT_SECRET));
    expect(verifyShopifyWebhookHmac(delivery.body, hmac, TEST_CLIENT_SECRET)).toBe(true);
    expect(verifyShopifyWebhookHmac(`${delivery.body} `, hmac, TEST_CLIENT_SECRET)).toBe(false);
    expect(verifyShopifyWebhookHmac(delivery.body, hmac, 'another-secret')).toBe(false);
  });

  it('keeps ids beyond 2^53 intact in the raw body', () => {
    const { store, ids, deliveries, clearDeliveries } = createTestEmulator();
    clearDeliveries();
    store.updateOrder(ids.guestOrder, { tags: ['gift'] });
    const delivery = deliveries().find((candidate) => candidate.topic === 'orders/updated');
    const expectedId = shopifyId('Order', ids.guestOrder);
    expect(expectedId > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(delivery?.body).toContain(
      `{"id":${expectedId},"admin_graphql_api_id":"gid://shopify/Order/${expectedId}"`,
    );
    const body = bigIntegers(delivery?.body ?? '{}') as {
      id: bigint;
      line_items: { id: bigint; variant_id: bigint }[];
    };
    expect(body.id).toBe(expectedId);
    expect(body.line_items[0]?.id).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    // What a naive JSON.parse would have done:
    expect(BigInt((JSON.parse(delivery?.body ?? '{}') as { id: number }).id)).not.toBe(expectedId);
  });

  it('sends products/create|update|delete with the delete body {"id": N}', () => {
    const { store, deliveries, clearDeliveries } = createTestEmulator();
    clearDeliveries();
    const product = store.createProduct({ title: 'Goggles', variants: [{ sku: 'gog', price: '49.00' }] });
    store.updateProduct(product.id, { title: 'Goggles Pro' });
    store.deleteProduct(product.id);
    const productTopics = topics(deliveries()).filter((topic) => topic.startsWith('products/'));
    expect(productTopics).toEqual(['products/create', 'products/update', 'products/delete']);
    expect(deliveries().find((delivery) => delivery.topic === 'products/delete')?.body).toBe(
      `{"id":${shopifyId('Product', product.id)}}`,
    );
  });

  it('sends checkouts/create and checkouts/update for carts', () => {
    const { store, ids, deliveries, clearDeliveries } = createTestEmulator();
    clearDeliveries();
    const cart = store.createCart({
      email: 'shopper@example.com',
      lines: [{ variantId: ids.variant, quantity: 1 }],
    });
    store.abandonCart(cart.id);
    expect(topics(deliveries())).toEqual(['checkouts/create', 'checkouts/update']);
    expect(JSON.parse(deliveries()[1]?.body ?? '{}')).toMatchObject({
      email: 'shopper@example.com',
      abandoned_checkout_url: expect.stringContaining(`/checkouts/ac/${cart.token}/recover`),
    });
  });
});

describe('webhook delivery retries', () => {
  it('retries a failing subscriber with the same webhook id and keeps the failure in the log', async () => {
    const { store, ids } = createTestEmulator();
    const seen: string[] = [];
    let failures = 2;
    const webhookSender = createWebhookSender({
      baseDelayMs: 1,
      maxAttempts: 4,
      fetch: async (_url: string | URL | Request, init?: RequestInit) => {
        seen.push(new Headers(init?.headers).get('x-shopify-webhook-id') ?? '');
        return new Response(null, { status: failures-- > 0 ? 500 : 200 });
      },
    });
    const app = createShopifyEmulator({
      store,
      shopDomain: TEST_SHOP_DOMAIN,
      accessToken: 'token',
      clientSecret: TEST_CLIENT_SECRET,
      webhooks: [{ url: 'https://hooks.example/orders', topics: ['orders/updated'] }],
      webhookSender,
    });
    store.updateOrder(ids.guestOrder, { note: 'retry me' });
    await app.shopify.flushWebhooks();
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(1);
    expect(webhookSender.deliveries[0]?.delivered).toBe(true);

    failures = 100;
    seen.length = 0;
    store.updateOrder(ids.guestOrder, { note: 'never arrives' });
    await app.shopify.flushWebhooks();
    const record = webhookSender.deliveries[1];
    expect(record?.delivered).toBe(false);
    expect(record?.attempts.map((attempt) => attempt.status)).toEqual([500, 500, 500, 500]);
    app.shopify.close();
  });
});

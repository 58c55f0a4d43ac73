import { parse } from 'lossless-json';
import { describe, expect, it } from 'vitest';
import { shopifyId } from './gid';
import { createTestEmulator, TEST_CLIENT_SECRET, TEST_SHOP_DOMAIN } from './test-store';
import type { ShopifyWebhookDelivery } from './webhook-dispatcher';
import { shopifyWebhookHmac, verifyShopifyWebhookHmac } from './webhook-signature';
import { createFetchWebhookTransport, WebhookDeliveryError } from './webhook-transport';

function topics(deliveries: ShopifyWebhookDelivery[]): string[] {
  return deliveries.map((delivery) => delivery.topic);
}

const bigIntegers = (text: string) =>
  parse(text, null, (value) => (/^-?\d+$/.test(value) ? BigInt(value) : Number(value)));

describe('Shopify webhooks on store changes', () => {
  it('sends the topics Shopify would for an order lifecycle', async () => {
    const { store, ids, deliveries, app } = createTestEmulator();
    deliveries.length = 0;
    const order = store.placeOrder({
      customerId: ids.customer,
      lines: [{ variantId: ids.variant, quantity: 2 }],
    });
    expect(topics(deliveries)).toEqual(
      expect.arrayContaining(['orders/create', 'orders/paid', 'inventory_levels/update']),
    );
    deliveries.length = 0;
    const line = order.lines[0];
    if (!line) throw new Error('order has no line');
    store.refundOrder(order.id, { lines: [{ lineId: line.id, quantity: 1 }] });
    expect(topics(deliveries)).toEqual(expect.arrayContaining(['refunds/create', 'orders/updated']));
    deliveries.length = 0;
    const fulfillment = store.fulfillOrder(order.id, { carrier: 'UPS', trackingNumber: '1Z999' });
    expect(topics(deliveries)).toEqual(
      expect.arrayContaining(['fulfillments/create', 'orders/fulfilled', 'orders/updated']),
    );
    deliveries.length = 0;
    store.markDelivered(order.id, fulfillment.id);
    expect(topics(deliveries)).toEqual(expect.arrayContaining(['fulfillments/update']));
    const cancellable = store.placeOrder({
      email: 'x@example.com',
      lines: [{ variantId: ids.variant, quantity: 1 }],
    });
    deliveries.length = 0;
    store.cancelOrder(cancellable.id);
    expect(topics(deliveries)).toContain('orders/cancelled');
    await app.shopify.flushWebhooks();
    expect(app.shopify.webhookOutcomes().every((outcome) => outcome.ok)).toBe(true);
  });

  it('signs the raw body with the client secret and sends Shopify’s headers', () => {
    const { store, ids, deliveries } = createTestEmulator();
    deliveries.length = 0;
    store.updateCustomer(ids.customer, { note: 'prefers email' });
    const [delivery] = deliveries;
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
    const { store, ids, deliveries } = createTestEmulator();
    deliveries.length = 0;
    store.updateOrder(ids.guestOrder, { tags: ['gift'] });
    const delivery = deliveries.find((candidate) => candidate.topic === 'orders/updated');
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
    const { store, deliveries } = createTestEmulator();
    deliveries.length = 0;
    const product = store.createProduct({ title: 'Goggles', variants: [{ sku: 'gog', price: '49.00' }] });
    store.updateProduct(product.id, { title: 'Goggles Pro' });
    store.deleteProduct(product.id);
    const productTopics = topics(deliveries).filter((topic) => topic.startsWith('products/'));
    expect(productTopics).toEqual(['products/create', 'products/update', 'products/delete']);
    expect(deliveries.find((delivery) => delivery.topic === 'products/delete')?.body).toBe(
      `{"id":${shopifyId('Product', product.id)}}`,
    );
  });

  it('sends checkouts/create and checkouts/update for carts', () => {
    const { store, ids, deliveries } = createTestEmulator();
    deliveries.length = 0;
    const cart = store.createCart({
      email: 'shopper@example.com',
      lines: [{ variantId: ids.variant, quantity: 1 }],
    });
    store.abandonCart(cart.id);
    expect(topics(deliveries)).toEqual(['checkouts/create', 'checkouts/update']);
    expect(JSON.parse(deliveries[1]?.body ?? '{}')).toMatchObject({
      email: 'shopper@example.com',
      abandoned_checkout_url: expect.stringContaining(`/checkouts/ac/${cart.token}/recover`),
    });
  });
});

describe('fetch webhook transport', () => {
  it('retries failures with the same webhook id and gives up with a typed error', async () => {
    const seen: Headers[] = [];
    let failures = 2;
    const transport = createFetchWebhookTransport({
      baseDelayMs: 1,
      retries: 3,
      fetch: async (_url, init) => {
        seen.push(new Headers(init?.headers));
        return new Response(null, { status: failures-- > 0 ? 500 : 200 });
      },
    });
    const delivery: ShopifyWebhookDelivery = {
      url: 'https://hooks.example/x',
      topic: 'orders/create',
      body: '{}',
      headers: { 'X-Shopify-Webhook-Id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043' },
    };
    await transport(delivery);
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((headers) => headers.get('x-shopify-webhook-id')))).toEqual(
      new Set(['b54557e4-bdd9-4b37-8a5f-bf7d70bcd043']),
    );

    const failing = createFetchWebhookTransport({
      baseDelayMs: 1,
      retries: 2,
      fetch: async () => new Response(null, { status: 503 }),
    });
    await expect(failing(delivery)).rejects.toBeInstanceOf(WebhookDeliveryError);
    await expect(failing(delivery)).rejects.toMatchObject({ attempts: 3, lastStatus: 503 });
  });
});

import { createHmac } from 'node:crypto';
import { entityId } from '@cartwire/model';
import { describe, expect, it } from 'vitest';
import { fixture, fixtureText } from './test-fixtures/read-fixture';
import { verifyShopifyWebhook } from './webhook-signature';
import { isShopifyTopic } from './webhook-topics';
import { mapShopifyWebhook } from './webhooks';

const storeId = 'sto_0000000000000000000000test';
const secret = 'shpss_test_client_secret';

function delivery(topic: string, rawBody: string, key = secret) {
  return {
    rawBody: new TextEncoder().encode(rawBody),
    headers: new Headers({
      'X-Shopify-Topic': topic,
      'X-Shopify-Hmac-Sha256': createHmac('sha256', key).update(rawBody).digest('base64'),
      'X-Shopify-Shop-Domain': 'acme.myshopify.com',
      'X-Shopify-API-Version': '2026-10',
      'X-Shopify-Webhook-Id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
    }),
  };
}

describe('webhook signatures', () => {
  const body = fixtureText('webhook-orders-cancelled.body.json');

  it('accepts the HMAC of the raw bytes under the client secret', () => {
    const { rawBody, headers } = delivery('orders/cancelled', body);
    expect(verifyShopifyWebhook(rawBody, headers, secret)).toEqual({ valid: true });
  });

  it('rejects another secret, an altered body, a missing header and a missing secret', () => {
    const signed = delivery('orders/cancelled', body);
    expect(verifyShopifyWebhook(signed.rawBody, signed.headers, 'other')).toEqual({
      valid: false,
      reason: 'signature_mismatch',
    });
    expect(verifyShopifyWebhook(`${body} `, signed.headers, secret)).toEqual({
      valid: false,
      reason: 'signature_mismatch',
    });
    const unsigned = new Headers(signed.headers);
    unsigned.delete('X-Shopify-Hmac-Sha256');
    expect(verifyShopifyWebhook(signed.rawBody, unsigned, secret)).toEqual({
      valid: false,
      reason: 'missing_signature',
    });
    expect(verifyShopifyWebhook(signed.rawBody, signed.headers, '')).toEqual({
      valid: false,
      reason: 'missing_secret',
    });
    const garbage = new Headers(signed.headers);
    garbage.set('X-Shopify-Hmac-Sha256', 'not base64 at all');
    expect(verifyShopifyWebhook(signed.rawBody, garbage, secret)).toEqual({
      valid: false,
      reason: 'signature_mismatch',
    });
  });

  it('reads node-style header objects too', () => {
    const { rawBody, headers } = delivery('orders/cancelled', body);
    const plain = Object.fromEntries(headers.entries());
    expect(verifyShopifyWebhook(rawBody, plain, secret)).toEqual({ valid: true });
  });
});

describe('webhook bodies to entities', () => {
  it('orders/cancelled: a cancelled, voided order with its int64 ids kept exact', async () => {
    const result = await mapShopifyWebhook(
      delivery('orders/cancelled', fixtureText('webhook-orders-cancelled.body.json')),
      {
        storeId,
        shopCurrency: 'USD',
      },
    );
    expect(result).toMatchObject({
      kind: 'upsert',
      event: 'order.cancelled',
      entity: 'order',
      deliveryId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
    });
    if (result.kind !== 'upsert') throw new Error('unreachable');
    const [order] = result.entities;
    expect(order).toMatchObject({
      id: entityId('order', storeId, '820982911946154508'),
      externalId: '820982911946154508',
      status: 'cancelled',
      financialStatus: 'voided',
      fulfillmentStatus: 'unfulfilled',
      cancelledAt: '2022-01-01T00:00:00.000Z',
      total: { amount: '388.00', currency: 'USD' },
      totalShipping: { amount: '10.00', currency: 'USD' },
      customerId: entityId('customer', storeId, '115310627314723954'),
      email: 'jon@example.com',
      tags: ['tag1', 'tag2'],
    });
    if (order?.platform !== 'shopify' || !('lineItems' in order)) throw new Error('expected an order');
    expect(order.lineItems[0]?.externalId).toBe('866550311766439020');
  });

  it('products/create: a product with exact variant ids and prices in the shop currency', async () => {
    const result = await mapShopifyWebhook(
      delivery('products/create', fixtureText('webhook-products-create.body.json')),
      {
        storeId,
        shopCurrency: 'USD',
      },
    );
    if (result.kind !== 'upsert') throw new Error(`expected an upsert, got ${result.kind}`);
    expect(result.event).toBe('product.created');
    const [product] = result.entities;
    if (!product || !('variants' in product)) throw new Error('expected a product');
    expect(product).toMatchObject({
      externalId: '788032119674292922',
      title: 'Example T-Shirt',
      status: 'active',
      tags: ['example', 'mens', 't-shirt'],
      // The sample leaves created_at null: the product counts as created when first updated.
      createdAt: '2022-01-01T00:00:00.000Z',
    });
    expect(
      product.variants.map((variant) => [
        variant.externalId,
        variant.title,
        variant.price,
        variant.compareAtPrice,
      ]),
    ).toEqual([
      [
        '642667041472713922',
        'Small',
        { amount: '19.99', currency: 'USD' },
        { amount: '24.99', currency: 'USD' },
      ],
      [
        '757650484644203962',
        'Medium',
        { amount: '19.99', currency: 'USD' },
        { amount: '24.99', currency: 'USD' },
      ],
    ]);
  });

  it('products/delete: only the id, kept exact beyond 2^53', async () => {
    const result = await mapShopifyWebhook(
      delivery('products/delete', fixtureText('webhook-products-delete.body.json')),
      {
        storeId,
        shopCurrency: 'USD',
      },
    );
    expect(result).toEqual({
      kind: 'delete',
      topic: 'products/delete',
      deliveryId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
      event: 'product.deleted',
      entity: 'product',
      externalId: '788032119674292922',
      entityId: entityId('product', storeId, '788032119674292922'),
    });
  });

  it('inventory_levels/update: stock per location, the variant resolved from the inventory item', async () => {
    const { inventory_levels: levels } = fixture('rest-inventory-levels.list.response.json') as {
      inventory_levels: unknown[];
    };
    // In Shopify's fixtures an inventory item shares its id with its variant (rest-inventory-items ↔ order lines).
    const { inventory_items: items } = fixture('rest-inventory-items.list.response.json') as {
      inventory_items: { id: number; sku: string }[];
    };
    const variantOf = (itemId: string) => {
      const item = items.find((candidate) => String(candidate.id) === itemId);
      return item ? String(item.id) : itemId;
    };
    const mapped = [];
    for (const level of levels) {
      const result = await mapShopifyWebhook(delivery('inventory_levels/update', JSON.stringify(level)), {
        storeId,
        shopCurrency: 'USD',
        variantOfInventoryItem: variantOf,
      });
      if (result.kind !== 'upsert') throw new Error('expected an upsert');
      expect(result.event).toBe('inventory.changed');
      mapped.push(...result.entities);
    }
    expect(
      mapped.map((level) => ('available' in level ? [level.externalId, level.available] : null)),
    ).toEqual([
      ['655441491?inventory_item_id=49148385', 2],
      ['655441491?inventory_item_id=808950810', 1],
      ['655441491?inventory_item_id=457924702', 4],
      ['655441491?inventory_item_id=39072856', 3],
    ]);
    expect(mapped[3]).toMatchObject({
      variantId: entityId('variant', storeId, '39072856'),
      locationId: entityId('location', storeId, '655441491'),
      updatedAt: '2025-04-02T16:29:59.000Z',
    });
  });

  it('refunds/create and fulfillments/update become refunds and shipments of their order', async () => {
    const { refunds } = fixture('rest-refunds.list.response.json') as { refunds: unknown[] };
    const refund = await mapShopifyWebhook(delivery('refunds/create', JSON.stringify(refunds[0])), {
      storeId,
      shopCurrency: 'EUR',
    });
    expect(refunds).toHaveLength(1);
    expect(refund).toMatchObject({ kind: 'upsert', event: 'order.refunded', entity: 'refund' });
    if (refund.kind !== 'upsert') throw new Error('unreachable');
    expect(refund.entities[0]).toMatchObject({
      externalId: '509562969',
      orderId: entityId('order', storeId, '450789469'),
      // The currency comes from the refund lines, not the fallback shop currency.
      amount: { amount: '209.00', currency: 'USD' },
    });
    const { fulfillment } = fixture('rest-fulfillment.retrieve.response.json') as {
      fulfillment: Record<string, unknown>;
    };
    const delivered = await mapShopifyWebhook(
      delivery(
        'fulfillments/update',
        JSON.stringify({ ...fulfillment, status: 'success', shipment_status: 'delivered' }),
      ),
      { storeId, shopCurrency: 'USD' },
    );
    expect(delivered).toMatchObject({ kind: 'upsert', event: 'shipment.delivered', entity: 'shipment' });
  });

  it('knows the topics of the subscriptions in rest-webhooks.list and ignores the others', async () => {
    const { webhooks } = fixture('rest-webhooks.list.response.json') as { webhooks: { topic: string }[] };
    expect(webhooks.map((webhook) => [webhook.topic, isShopifyTopic(webhook.topic)])).toEqual([
      ['orders/create', true],
      ['orders/cancelled', true],
      ['app/uninstalled', false],
      ['app/uninstalled', false],
    ]);
    const ignored = await mapShopifyWebhook(delivery('app/uninstalled', '{}'), {
      storeId,
      shopCurrency: 'USD',
    });
    expect(ignored).toEqual({
      kind: 'ignored',
      topic: 'app/uninstalled',
      deliveryId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
    });
  });
});

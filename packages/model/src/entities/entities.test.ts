import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AnyEvent } from '../events';
import { entityId, lineId } from '../ids';
import {
  eur,
  sampleCart,
  sampleLine,
  sampleOrder,
  sampleOrderId,
  sampleProductId,
  sampleStoreId,
  sampleTime,
  sampleVariant,
} from '../sample-entities';
import { Cart } from './cart';
import { Customer } from './customer';
import { ENTITY_SCHEMAS } from './entity-schemas';
import { Order } from './order';
import { Product } from './product';

const storeId = sampleStoreId;
const orderId = sampleOrderId;
const productId = sampleProductId;
const at = sampleTime;
const order = sampleOrder;
const line = sampleLine;

describe('Order', () => {
  it('accepts a complete order and keeps all fields', () => {
    const input = order();
    expect(Order.parse(input)).toEqual(input);
  });

  it('accepts a guest order: no customer, email only', () => {
    const parsed = Order.parse(order({ customerId: null, email: 'guest@example.com', phone: null }));
    expect(parsed.customerId).toBeNull();
    expect(parsed.email).toBe('guest@example.com');
  });

  it('accepts a line whose product was deleted (null references) and zero-priced items', () => {
    const parsed = Order.parse(
      order({
        lineItems: [
          line({ productId: null, variantId: null, sku: null, variantTitle: null }),
          line({
            id: lineId('line_item', orderId, '2'),
            externalId: '2',
            unitPrice: eur('0'),
            title: 'Free gift',
          }),
        ],
      }),
    );
    expect(parsed.lineItems[0]?.productId).toBeNull();
    expect(parsed.lineItems[1]?.unitPrice.amount).toBe('0.00');
  });

  it('keeps unicode names intact (emoji, CJK, RTL)', () => {
    const titles = ['Tasse ☕️🚀', '抹茶ラテ 300g', 'قميص قطني', 'שמלה כחולה', '👩🏽‍💻 Hoodie'];
    const parsed = Order.parse(
      order({
        lineItems: titles.map((title, i) =>
          line({ id: lineId('line_item', orderId, String(i)), externalId: String(i), title }),
        ),
        note: 'Bitte 🎁 einpacken — 谢谢',
      }),
    );
    expect(parsed.lineItems.map((l) => l.title)).toEqual(titles);
    expect(parsed.note).toBe('Bitte 🎁 einpacken — 谢谢');
  });

  it('embeds refunds and shipments referencing order lines', () => {
    const lineItemId = lineId('line_item', orderId, '1');
    const parsed = Order.parse(
      order({
        financialStatus: 'partially_refunded',
        fulfillmentStatus: 'fulfilled',
        totalRefunded: eur('19.90'),
        refunds: [
          {
            id: entityId('refund', storeId, 'r1'),
            storeId,
            platform: 'shopify',
            externalId: 'r1',
            createdAt: at,
            updatedAt: at,
            orderId,
            lines: [{ lineItemId, quantity: 1, amount: eur('19.90'), restock: true }],
            amount: eur('19.90'),
            reason: 'Zu groß',
          },
        ],
        shipments: [
          {
            id: entityId('shipment', storeId, 's1'),
            storeId,
            platform: 'shopify',
            externalId: 's1',
            createdAt: at,
            updatedAt: at,
            orderId,
            lines: [{ lineItemId, quantity: 2 }],
            carrier: 'DHL',
            trackingNumber: '00340434161094042557',
            trackingUrl: 'https://www.dhl.de/track?id=00340434161094042557',
            status: 'in_transit',
            shippedAt: at,
            deliveredAt: null,
          },
        ],
      }),
    );
    expect(parsed.refunds[0]?.lines[0]?.lineItemId).toBe(lineItemId);
    expect(parsed.shipments[0]?.status).toBe('in_transit');
  });

  it('rejects invalid money, negative quantities, non-UTC times and wrong id kinds', () => {
    expect(Order.safeParse(order({ total: { amount: '44,70', currency: 'EUR' } })).success).toBe(false);
    expect(Order.safeParse({ ...order(), total: { amount: 44.7, currency: 'EUR' } }).success).toBe(false);
    expect(Order.safeParse(order({ lineItems: [line({ quantity: -1 })] })).success).toBe(false);
    expect(Order.safeParse(order({ lineItems: [line({ quantity: 1.5 })] })).success).toBe(false);
    expect(Order.safeParse(order({ createdAt: '2026-01-31T12:00:00+01:00' })).success).toBe(false);
    expect(Order.safeParse(order({ customerId: productId })).success).toBe(false);
    expect(Order.safeParse(order({ status: 'shipped' as never })).success).toBe(false);
  });

  it('reports the failing path for a bad nested value', () => {
    const result = Order.safeParse(
      order({ lineItems: [line({ unitPrice: { amount: 'x', currency: 'EUR' } })] }),
    );
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['lineItems', 0, 'unitPrice', 'amount']);
  });
});

describe('other entities', () => {
  const base = { storeId, platform: 'woocommerce' as const, createdAt: at, updatedAt: at };

  it('Product embeds variants with nullable cost and stock', () => {
    const product = Product.parse({
      ...base,
      id: productId,
      externalId: '7',
      title: '緑茶 Green tea',
      handle: 'green-tea',
      description: null,
      brand: null,
      productType: null,
      status: 'active',
      tags: [],
      options: [{ name: 'Size', values: ['100g'] }],
      images: [],
      collectionIds: [],
      url: null,
      publishedAt: null,
      variants: [sampleVariant({ inventoryTracked: false, inventoryQuantity: null })],
    });
    expect(product.variants[0]?.unitCost).toBeNull();
  });

  it('Customer carries per-channel consent', () => {
    const consent = { state: 'subscribed' as const, source: 'checkout', updatedAt: at };
    const customer = Customer.parse({
      ...base,
      id: entityId('customer', storeId, '55'),
      externalId: '55',
      email: 'ana@example.com',
      phone: '+4915112345678',
      firstName: 'Ana',
      lastName: null,
      tags: [],
      locale: 'de-DE',
      timeZone: null,
      marketingConsent: { email: consent, sms: { state: 'unknown', source: null, updatedAt: null } },
      defaultAddress: null,
      ordersCount: 3,
      totalSpent: eur('120.00'),
    });
    expect(customer.marketingConsent.sms.state).toBe('unknown');
    expect(
      Customer.safeParse({
        ...customer,
        marketingConsent: { ...customer.marketingConsent, email: { state: 'yes' } },
      }).success,
    ).toBe(false);
  });

  it('Cart allows a guest with only a phone and a converted order', () => {
    const cart = Cart.parse(
      sampleCart({
        status: 'converted',
        email: null,
        phone: '+4915112345678',
        completedAt: at,
        convertedOrderId: orderId,
      }),
    );
    expect(cart.convertedOrderId).toBe(orderId);
  });
});

describe('generated documentation', () => {
  // The OpenAPI and GraphQL documents are generated from these schemas: every field needs a description.
  function undocumented(node: unknown, path: string, out: string[]): void {
    if (Array.isArray(node)) {
      for (const [i, child] of node.entries()) undocumented(child, `${path}[${i}]`, out);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const properties = record.properties;
    if (properties && typeof properties === 'object') {
      for (const [name, schema] of Object.entries(properties as Record<string, unknown>)) {
        const described = typeof (schema as { description?: unknown }).description === 'string';
        if (!described) out.push(`${path}.${name}`);
      }
    }
    for (const [key, child] of Object.entries(record)) undocumented(child, `${path}/${key}`, out);
  }

  it('the check finds an undocumented nested field', () => {
    const missing: string[] = [];
    const schema = z.object({
      a: z.string().describe('a'),
      b: z.array(z.object({ c: z.number() })).describe('b'),
    });
    undocumented(z.toJSONSchema(schema), '', missing);
    expect(missing).toHaveLength(1);
  });

  it('the event catalogue documents every field', () => {
    const missing: string[] = [];
    undocumented(z.toJSONSchema(AnyEvent), '', missing);
    expect(missing).toEqual([]);
  });

  it.each(Object.entries(ENTITY_SCHEMAS))('%s documents every field', (_name, schema) => {
    const missing: string[] = [];
    undocumented(z.toJSONSchema(schema), '', missing);
    expect(missing).toEqual([]);
  });
});

import { entityId, lineId } from '@cartwire/model';
import { describe, expect, it } from 'vitest';
import { maxWatermark, type Watermark } from '../engine/checkpoints';
import type { ConnectorResponse } from '../engine/http-types';
import { connectionPageInfo, connectionRecords } from './graphql-stream';
import { mapCart } from './map-cart';
import { mapCustomer } from './map-customer';
import { mapInventoryLevel } from './map-inventory';
import { mapOrder } from './map-order';
import { mapProduct } from './map-product';
import { RawCheckout } from './raw-checkout';
import { RawCustomer } from './raw-customer';
import { RawInventoryLevel } from './raw-inventory';
import { RawOrder } from './raw-order';
import { RawProduct } from './raw-product';
import { numericIdOf } from './shopify-ids';
import { fixture } from './test-fixtures/read-fixture';

const storeId = 'sto_0000000000000000000000test';
const context = { storeId, platform: 'shopify' as const, stream: 'test' };

/** A GraphQL `data` fixture as the wire body the engine hands to a stream. */
function response(data: unknown): ConnectorResponse {
  return {
    status: 200,
    headers: new Headers(),
    body: { data },
    text: '',
    url: 'http://shop.test',
    attempts: 1,
  };
}

type Node = Record<string, unknown>;
const nodesOf = (connection: unknown): Node[] =>
  (connection as { edges?: { node: Node }[]; nodes?: Node[] }).edges?.map((edge) => edge.node) ??
  (connection as { nodes: Node[] }).nodes;

describe('GraphQL orders (graphql-orders.details.data.json)', () => {
  const orders = nodesOf((fixture('graphql-orders.details.data.json') as { orders: unknown }).orders);

  it('rejects the documentation subset that lacks updatedAt, naming the path', () => {
    const parsed = RawOrder.safeParse(orders[0]);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toContain('updatedAt');
  });

  it('maps a paid, unfulfilled guest order in shop currency with a line whose product is gone', () => {
    const first = orders[0] as Node & { lineItems: { edges: { node: Node }[] } };
    const withQueriedFields = {
      ...first,
      updatedAt: '2024-01-02T00:00:00Z',
      lineItems: {
        edges: first.lineItems.edges.map(({ node }) => ({
          node: { ...node, id: 'gid://shopify/LineItem/1' },
        })),
      },
    };
    const order = mapOrder(RawOrder.parse(withQueriedFields), context);
    const id = entityId('order', storeId, '158040885');
    expect(order).toMatchObject({
      id,
      externalId: '158040885',
      name: '#2000',
      status: 'open',
      financialStatus: 'paid',
      fulfillmentStatus: 'unfulfilled',
      currency: 'CAD',
      presentmentCurrency: 'CAD',
      total: { amount: '2000.00', currency: 'CAD' },
      subtotal: { amount: '2000.00', currency: 'CAD' },
      totalDiscounts: { amount: '0.00', currency: 'CAD' },
      totalRefunded: { amount: '0.00', currency: 'CAD' },
      customerId: null,
      email: 'bob@example.com',
      shippingAddress: null,
      createdAt: '2024-01-01T00:00:00.000Z',
      updatedAt: '2024-01-02T00:00:00.000Z',
      refunds: [],
      shipments: [],
    });
    expect(order.lineItems).toEqual([
      {
        id: lineId('line_item', id, '1'),
        externalId: '1',
        productId: null,
        variantId: entityId('variant', storeId, '168923715'),
        sku: 'draft-151',
        title: 'Draft - 151cm',
        variantTitle: '151cm',
        quantity: 10,
        unitPrice: { amount: '0.00', currency: 'CAD' },
        totalDiscount: { amount: '0.00', currency: 'CAD' },
        totalTax: { amount: '0.00', currency: 'CAD' },
        requiresShipping: true,
      },
    ]);
  });

  it('refuses a line item without an id, since line ids anchor refunds and shipments', () => {
    const parsed = RawOrder.safeParse({ ...orders[0], updatedAt: '2024-01-02T00:00:00Z' });
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['lineItems.nodes.0.id']);
  });

  it('maps every order of the page with its own id and name', () => {
    const mapped = orders
      .slice(1)
      .map((node) => mapOrder(RawOrder.parse({ ...node, updatedAt: node.createdAt }), context));
    expect(mapped.map((order) => [order.externalId, order.name])).toEqual([
      ['199007853', '#2006'],
      ['212949620', '#2002'],
      ['294238686', '#2009'],
      ['316002265', '#2003'],
    ]);
  });
});

describe('GraphQL paging (graphql-orders.paginated.data.json)', () => {
  const page = response(fixture('graphql-orders.paginated.data.json'));

  it('reads the records and the next cursor of a relay page', () => {
    const records = connectionRecords(page, 'orders', false) as { id: string }[];
    expect(records.map((record) => numericIdOf(record.id))).toEqual([
      '126216516',
      '148977776',
      '235240302',
      '357944854',
      '404481575',
      '409214363',
      '471861129',
      '480796189',
      '527229289',
      '556527638',
    ]);
    expect(connectionPageInfo(page, 'orders')).toEqual({
      hasNextPage: true,
      endCursor: 'eyJsYXN0X2lkIjo1NTY1Mjc2MzgsImxhc3RfdmFsdWUiOiIyMDA1LTA3LTMxIDE1OjU3OjExLjAwMDAwMCJ9',
    });
  });
});

describe('incremental watermark (graphql-orders.updated-after.data.json)', () => {
  it('orders records sharing one updatedAt by numeric id, so the largest id is the watermark', () => {
    const records = connectionRecords(
      response(fixture('graphql-orders.updated-after.data.json')),
      'orders',
      false,
    ) as { id: string; updatedAt: string }[];
    let watermark: Watermark | null = null;
    for (const record of records) {
      watermark = maxWatermark(watermark, { updatedAt: record.updatedAt, id: numericIdOf(record.id) });
    }
    // 1021030140 sorts before 744797037 as text; numerically it is the largest.
    expect(watermark).toEqual({ updatedAt: '2024-01-01T12:34:43Z', id: '1021030140' });
  });
});

describe('abandoned checkouts (graphql-abandoned-checkouts.data.json)', () => {
  const checkout = nodesOf(
    (fixture('graphql-abandoned-checkouts.data.json') as { abandonedCheckouts: unknown }).abandonedCheckouts,
  )[0];

  it('requires the totals the connector always selects', () => {
    const parsed = RawCheckout.safeParse(checkout);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toContain('totalPriceSet');
  });

  it('maps an uncompleted checkout to an abandoned cart with its recovery URL and guest contact', () => {
    const usd = (amount: string) => ({ shopMoney: { amount, currencyCode: 'USD' } });
    const cart = mapCart(
      RawCheckout.parse({
        ...checkout,
        subtotalPriceSet: usd('19.5'),
        totalPriceSet: usd('21.0'),
        lineItems: {
          nodes: [
            {
              id: 'gid://shopify/AbandonedCheckoutLineItem/7',
              title: 'Draft',
              quantity: 1,
              variant: { id: 'gid://shopify/ProductVariant/43729076' },
              product: null,
              originalUnitPriceSet: usd('19.5'),
            },
          ],
        },
      }),
      context,
    );
    const id = entityId('cart', storeId, '123');
    expect(cart).toMatchObject({
      id,
      externalId: '123',
      status: 'abandoned',
      completedAt: null,
      convertedOrderId: null,
      recoveryUrl:
        'https://www.snowdevil.ca/26371970/checkouts/ac/cart_token_k23sabns3/recover?key=secret_token_i23kd8f88&locale=en',
      email: 'bob@example.com',
      customerId: null,
      currency: 'USD',
      subtotal: { amount: '19.50', currency: 'USD' },
      total: { amount: '21.00', currency: 'USD' },
      createdAt: '2125-07-31T15:57:11.000Z',
    });
    expect(cart.lines[0]).toMatchObject({
      id: lineId('cart_line', id, '43729076'),
      variantId: entityId('variant', storeId, '43729076'),
      productId: null,
      unitPrice: { amount: '19.50', currency: 'USD' },
    });
  });

  it('marks a completed (recovered) checkout as converted', () => {
    const usd = { shopMoney: { amount: '1', currencyCode: 'USD' } };
    const cart = mapCart(
      RawCheckout.parse({
        ...checkout,
        completedAt: '2125-08-01T10:00:00Z',
        subtotalPriceSet: usd,
        totalPriceSet: usd,
        lineItems: { nodes: [] },
      }),
      context,
    );
    expect(cart.status).toBe('converted');
    expect(cart.completedAt).toBe('2125-08-01T10:00:00.000Z');
  });
});

describe('customer amount spent (graphql-customer-by-identifier.data.json)', () => {
  it('keeps the decimal exactly, padded to the currency, and reports unknown consent when not selected', () => {
    const { customer } = fixture('graphql-customer-by-identifier.data.json') as { customer: Node };
    const mapped = mapCustomer(
      RawCustomer.parse({
        ...customer,
        createdAt: '2024-01-01T00:00:00Z',
        updatedAt: '2024-02-01T00:00:00Z',
      }),
      context,
    );
    expect(mapped).toMatchObject({
      id: entityId('customer', storeId, '544365967'),
      externalId: '544365967',
      totalSpent: { amount: '8305.60', currency: 'USD' },
      ordersCount: null,
      marketingConsent: {
        email: { state: 'unknown', source: null, updatedAt: null },
        sms: { state: 'unknown', source: null, updatedAt: null },
      },
    });
  });

  it('maps marketing consent per channel with state, source and time', () => {
    const mapped = mapCustomer(
      RawCustomer.parse({
        id: 'gid://shopify/Customer/1',
        createdAt: '2024-01-01T00:00:00Z',
        updatedAt: '2024-01-01T00:00:00Z',
        numberOfOrders: '3',
        emailMarketingConsent: {
          marketingState: 'SUBSCRIBED',
          marketingOptInLevel: 'CONFIRMED_OPT_IN',
          consentUpdatedAt: '2024-01-05T10:00:00Z',
        },
        smsMarketingConsent: {
          marketingState: 'UNSUBSCRIBED',
          marketingOptInLevel: 'SINGLE_OPT_IN',
          consentUpdatedAt: '2024-01-06T10:00:00Z',
          consentCollectedFrom: 'SHOPIFY',
        },
      }),
      context,
    );
    expect(mapped.ordersCount).toBe(3);
    expect(mapped.marketingConsent).toEqual({
      email: { state: 'subscribed', source: null, updatedAt: '2024-01-05T10:00:00.000Z' },
      sms: { state: 'unsubscribed', source: 'shopify', updatedAt: '2024-01-06T10:00:00.000Z' },
    });
  });
});

describe('inventory items (graphql-inventory-items.data.json)', () => {
  it('decides whether a variant tracks stock from its inventory item', () => {
    const items = nodesOf(
      (fixture('graphql-inventory-items.data.json') as { inventoryItems: unknown }).inventoryItems,
    );
    const product = mapProduct(
      RawProduct.parse({
        id: 'gid://shopify/Product/1',
        title: 'Snowboard',
        status: 'ACTIVE',
        createdAt: '2024-01-01T00:00:00Z',
        updatedAt: '2024-01-01T00:00:00Z',
        shopCurrencyCode: 'CAD',
        options: [{ name: 'Title', values: ['Default Title'] }],
        variants: {
          nodes: items.map((item, index) => ({
            id: `gid://shopify/ProductVariant/${index + 10}`,
            title: String(item.sku),
            sku: item.sku,
            price: '2000.0',
            position: index + 1,
            inventoryQuantity: 5,
            createdAt: '2024-01-01T00:00:00Z',
            updatedAt: '2024-01-01T00:00:00Z',
            inventoryItem: item,
          })),
        },
      }),
      context,
    );
    expect(product.options).toEqual([]);
    expect(
      product.variants.map((variant) => [
        variant.sku,
        variant.inventoryTracked,
        variant.inventoryQuantity,
        variant.price,
      ]),
    ).toEqual([
      ['element-151', true, 5, { amount: '2000.00', currency: 'CAD' }],
      ['draft-151', true, 5, { amount: '2000.00', currency: 'CAD' }],
    ]);
  });
});

describe('inventory level (graphql-inventory-level.data.json)', () => {
  it('maps the named available quantity at its location, keyed by location and item', () => {
    const { inventoryLevel } = fixture('graphql-inventory-level.data.json') as {
      inventoryLevel: Node & { item: Node };
    };
    const level = mapInventoryLevel(
      RawInventoryLevel.parse({
        ...inventoryLevel,
        updatedAt: '2024-03-01T00:00:00Z',
        item: { ...inventoryLevel.item, variant: { id: 'gid://shopify/ProductVariant/30322695' } },
      }),
      context,
    );
    expect(level).toEqual({
      id: entityId('inventory_level', storeId, '346779380?inventory_item_id=30322695'),
      storeId,
      platform: 'shopify',
      externalId: '346779380?inventory_item_id=30322695',
      createdAt: null,
      updatedAt: '2024-03-01T00:00:00.000Z',
      variantId: entityId('variant', storeId, '30322695'),
      locationId: entityId('location', storeId, '346779380'),
      available: 2,
    });
  });
});

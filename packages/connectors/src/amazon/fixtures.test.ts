import type { AnyEntity } from '@cartwire/model';
import { ENTITY_SCHEMAS } from '@cartwire/model';
import { describe, expect, it } from 'vitest';
import type { AuthContext, TokenCache } from '../engine/auth';
import { createClassifier } from '../engine/classify';
import type { ConnectorResponse } from '../engine/http-types';
import { classifyAmazon } from './classify';
import type { AmazonCredentials } from './credentials';
import { lwaAuth } from './lwa-auth';
import { addressFromV0 } from './map-address';
import { catalogSummaryOf, mapBuyer, mapListing, mapStock } from './map-catalog';
import { mapOrder2026, mapOrderV0 } from './map-order';
import { parseOrderChangeNotification } from './order-change-notification';
import {
  OrderWithItemsV0,
  RawCatalogItem,
  RawInventorySummary,
  RawListingsItem,
  RawOrder2026,
  RawOrderV0,
} from './raw-schemas';
import {
  ORDERS_RDT_REQUEST,
  RestrictedDataTokenRequest,
  RestrictedDataTokenResponse,
} from './restricted-data-token';
import { fixture, fixtureNames } from './test-fixtures/read-fixture';

const context = { storeId: 'sto_amazonfixtures0000000001', platform: 'amazon' as const, stream: 'fixtures' };
const classify = createClassifier(classifyAmazon);
const tested = new Set<string>();

function load(name: string): unknown {
  tested.add(name);
  return fixture(name);
}

function valid(entity: AnyEntity, type: keyof typeof ENTITY_SCHEMAS): AnyEntity {
  const result = ENTITY_SCHEMAS[type].safeParse(entity);
  expect(result.error?.issues ?? []).toEqual([]);
  return entity;
}

function response(status: number, body: unknown): ConnectorResponse {
  return {
    status,
    headers: new Headers(),
    body,
    text: JSON.stringify(body),
    url: 'https://sp.test/x',
    attempts: 1,
  };
}

function outcome(status: number, body: unknown) {
  return classify(
    { kind: 'response', request: { operation: 'searchOrders' }, response: response(status, body) },
    { now: 0, refreshableAuth: true },
  );
}

function payloadOf(name: string): unknown {
  return (load(name) as { payload: unknown }).payload;
}

describe('Amazon fixtures → normalized model', () => {
  it('orders-2026-01-01-getOrder: totals, lines, package and buyer', () => {
    const raw = RawOrder2026.parse(
      (load('orders-2026-01-01-getOrder.response.json') as { order: unknown }).order,
    );
    const order = mapOrder2026(raw, context);
    valid(order, 'order');
    expect(order).toMatchObject({
      externalId: '202-1234567-8901234',
      name: '202-1234567-8901234',
      status: 'closed',
      financialStatus: 'paid',
      fulfillmentStatus: 'fulfilled',
      currency: 'GBP',
      subtotal: { amount: '89.97', currency: 'GBP' },
      totalShipping: { amount: '10.00', currency: 'GBP' },
      totalTax: { amount: '4.00', currency: 'GBP' },
      total: { amount: '103.97', currency: 'GBP' },
      email: 'buyer-email@marketplace.amazon.co.uk',
      sourceChannel: 'amazon',
      createdAt: '2024-12-25T09:15:00.000Z',
    });
    expect(order.lineItems).toHaveLength(1);
    expect(order.lineItems[0]).toMatchObject({
      externalId: 'ECHO-DOT-4-UK-CHARCOAL-3PACK',
      quantity: 3,
      unitPrice: { amount: '29.99', currency: 'GBP' },
      totalTax: { amount: '3.00', currency: 'GBP' },
    });
    expect(order.shippingAddress).toMatchObject({
      firstName: 'James',
      lastName: 'Wilson',
      company: 'Wilson Electronics Ltd',
      address1: '123 High Street',
      address2: 'Unit 4B',
      city: 'Manchester',
      postalCode: 'M1 2AB',
      countryCode: 'GB',
    });
    expect(order.shipments).toHaveLength(1);
    expect(order.shipments[0]).toMatchObject({
      // Package references are unique within their order only.
      externalId: '202-1234567-8901234:UK-PKG-2024-001',
      carrier: 'Royal Mail',
      trackingNumber: 'RR123456789GB',
      status: 'out_for_delivery',
      shippedAt: '2024-12-26T14:00:00.000Z',
      lines: [{ lineItemId: order.lineItems[0]?.id, quantity: 3 }],
    });
  });

  it('orders-2026-01-01-searchOrders: every order maps; a delivery tip stays in the grand total', () => {
    const body = load('orders-2026-01-01-searchOrders.response.json') as { orders: unknown[] };
    expect(body.orders.length).toBeGreaterThan(0);
    for (const raw of body.orders) {
      const order = mapOrder2026(RawOrder2026.parse(raw), context);
      valid(order, 'order');
      expect(order.lineItems.length).toBeGreaterThan(0);
    }
    const first = mapOrder2026(RawOrder2026.parse(body.orders[0]), context);
    expect(first.total).toEqual({ amount: '154.99', currency: 'USD' });
    expect(first.customerId).not.toBeNull();
  });

  it('orders-v0-getOrder: a Pending order without totals is open, pending and priced in the marketplace currency', () => {
    const order = mapOrderV0(
      OrderWithItemsV0.parse({ order: payloadOf('orders-v0-getOrder.response.json'), items: [] }),
      context,
    );
    valid(order, 'order');
    expect(order).toMatchObject({
      externalId: '902-3159896-1390916',
      status: 'open',
      financialStatus: 'pending',
      fulfillmentStatus: 'unfulfilled',
      currency: 'USD',
      email: 'user@example.com',
      total: { amount: '0.00', currency: 'USD' },
    });
    expect(order.shippingAddress?.city).toBe('Canton');
  });

  it('orders-v0-getOrder.sandbox-iba: a Shipped AFN order is closed, paid and fulfilled', () => {
    const order = mapOrderV0(
      OrderWithItemsV0.parse({ order: payloadOf('orders-v0-getOrder.sandbox-iba.response.json'), items: [] }),
      context,
    );
    valid(order, 'order');
    expect(order).toMatchObject({
      status: 'closed',
      financialStatus: 'paid',
      fulfillmentStatus: 'fulfilled',
    });
    expect(order.total).toEqual({ amount: '100.00', currency: 'EUR' });
    expect(order.email).toBeNull();
  });

  it('orders-v0-getOrderItems (+ NextToken) and the sandbox items: line prices are per unit', () => {
    const items = payloadOf('orders-v0-getOrderItems.response.json') as {
      OrderItems: unknown[];
      NextToken: string;
    };
    expect(items.NextToken).toBeTruthy();
    const order = mapOrderV0(
      OrderWithItemsV0.parse({
        order: payloadOf('orders-v0-getOrder.response.json'),
        items: items.OrderItems,
      }),
      context,
    );
    valid(order, 'order');
    expect(order.currency).toBe('JPY');
    expect(order.lineItems.map((line) => [line.sku, line.quantity])).toEqual([
      ['CBA_OTF_1', 1],
      ['CBA_OTF_5', 2],
    ]);
    const sandbox = payloadOf('orders-v0-getOrderItems.sandbox.response.json') as { OrderItems: unknown[] };
    const sandboxOrder = mapOrderV0(
      OrderWithItemsV0.parse({
        order: (payloadOf('orders-v0-getOrders.sandbox-page.response.json') as { Orders: unknown[] })
          .Orders[0],
        items: sandbox.OrderItems,
      }),
      context,
    );
    valid(sandboxOrder, 'order');
    expect(sandboxOrder.lineItems[0]).toMatchObject({
      sku: 'NABetaASINB00551Q3CS',
      unitPrice: { amount: '10.00', currency: 'USD' },
      totalTax: { amount: '1.01', currency: 'USD' },
    });
    expect(sandboxOrder.total).toEqual({ amount: '11.01', currency: 'USD' });
    expect(sandboxOrder).toMatchObject({
      status: 'open',
      financialStatus: 'paid',
      fulfillmentStatus: 'unfulfilled',
    });
  });

  it.each(['orders-v0-getOrders.response.json', 'orders-v0-getOrders.sandbox-page.response.json'])(
    '%s: every order maps',
    (name) => {
      const { Orders } = payloadOf(name) as { Orders: unknown[] };
      expect(Orders.length).toBeGreaterThan(0);
      for (const raw of Orders) {
        valid(
          mapOrderV0(OrderWithItemsV0.parse({ order: RawOrderV0.parse(raw), items: [] }), context),
          'order',
        );
      }
    },
  );

  it('orders-v0-getOrderAddress and getOrderBuyerInfo: address and customer', () => {
    const address = payloadOf('orders-v0-getOrderAddress.response.json') as { ShippingAddress: unknown };
    expect(addressFromV0(RawOrderV0.shape.ShippingAddress.parse(address.ShippingAddress))).toMatchObject({
      address1: '1 cross st',
      city: 'Canton',
      provinceCode: 'MI',
      postalCode: '48817',
      countryCode: 'US',
    });
    const buyer = payloadOf('orders-v0-getOrderBuyerInfo.response.json') as {
      BuyerEmail: string;
      BuyerName: string;
    };
    const customer = mapBuyer(
      {
        buyerEmail: buyer.BuyerEmail,
        buyerName: buyer.BuyerName,
        companyName: 'Company Name',
        address: null,
        orderCreatedTime: '2017-01-20T19:49:35Z',
        orderUpdatedTime: '2017-01-20T19:49:35Z',
      },
      context,
    );
    valid(customer, 'customer');
    expect(customer).toMatchObject({ email: 'user@example.com', firstName: 'John', lastName: 'Smith' });
    expect(customer.marketingConsent.email.state).toBe('unknown');
  });

  it('listings-items-getListingsItem and searchListingsItems: products keyed by SKU', () => {
    const item = RawListingsItem.parse(load('listings-items-getListingsItem.response.json'));
    const product = mapListing({ item, marketplaceId: 'ATVPDKIKX0DER' }, context);
    valid(product, 'product');
    expect(product).toMatchObject({
      externalId: 'GM-ZDPI-9B4E',
      title: 'Hardside Carry-On Spinner Suitcase Luggage',
      status: 'active',
      url: 'https://www.amazon.com/dp/B071VG5N9D',
    });
    expect(product.variants[0]).toMatchObject({
      price: { amount: '100.00', currency: 'USD' },
      inventoryQuantity: 100,
    });
    const canada = mapListing({ item, marketplaceId: 'A2EUQ1WTGCTBG2' }, context);
    expect(canada.status).toBe('archived');
    expect(canada.variants[0]?.price).toEqual({ amount: '130.00', currency: 'CAD' });
    const search = load('listings-items-searchListingsItems.response.json') as { items: unknown[] };
    for (const raw of search.items) {
      valid(
        mapListing({ item: RawListingsItem.parse(raw), marketplaceId: 'ATVPDKIKX0DER' }, context),
        'product',
      );
    }
  });

  it('fba-inventory-getInventorySummaries: AFN levels, read time standing in for an empty lastUpdatedTime', () => {
    const body = load('fba-inventory-getInventorySummaries.response.json') as {
      payload: { inventorySummaries: unknown[] };
    };
    const observedAt = '2026-11-22T00:00:00.000Z';
    const levels = body.payload.inventorySummaries.map((summary) =>
      mapStock({ network: 'AFN', summary: RawInventorySummary.parse(summary), observedAt }, context),
    );
    for (const level of levels) valid(level, 'inventory_level');
    expect(levels[0]).toMatchObject({ externalId: 'AFN:EMTEC 1 GB', available: 0, updatedAt: observedAt });
    expect(levels.find((level) => level.externalId === 'AFN:Silicon Power 32GB')?.available).toBe(66);
  });

  it('catalog-items-getCatalogItem: the catalogue names the product', () => {
    const raw = RawCatalogItem.parse(load('catalog-items-getCatalogItem.response.json'));
    expect(catalogSummaryOf(raw, 'ATVPDKIKX0DER')).toMatchObject({
      brand: 'SAMSUNG',
      manufacturer: 'Samsung',
    });
  });

  it('notification-ORDER_CHANGE: parsed with NotificationId as the dedupe key', () => {
    const parsed = parseOrderChangeNotification(load('notification-ORDER_CHANGE.json'));
    expect(parsed).toEqual({
      ok: true,
      change: {
        dedupeKey: 'd0e9e693-c3ad-4373-979f-ed4ec98dd746',
        sellerId: 'A3TH9S8BH6GOGM',
        amazonOrderId: '903-8868176-2219830',
        changeType: 'BuyerRequestedChange',
        orderStatus: 'Unshipped',
        changedAt: '2022-11-29T19:42:04.284Z',
      },
    });
    expect(parseOrderChangeNotification({ NotificationType: 'ORDER_CHANGE' }).ok).toBe(false);
  });

  it('lwa-token: the access token is cached for its lifetime and sent as x-amz-access-token', async () => {
    const body = load('lwa-token.response.json');
    let exchanges = 0;
    const cache = new Map<string, string>();
    const tokens: TokenCache = {
      async get(key, loadToken) {
        const hit = cache.get(key);
        if (hit) return hit;
        const fresh = await loadToken();
        expect(fresh.expiresAt).toBe(1_000 + 3600 * 1000);
        cache.set(key, fresh.value);
        return fresh.value;
      },
      invalidate: (key) => void cache.delete(key),
    };
    const credentials = {
      region: 'na',
      clientId: 'id',
      clientSecret: 'secret',
      refreshToken: 'Atzr|r',
    } as AmazonCredentials;
    const auth: AuthContext<AmazonCredentials> = {
      storeId: 'sto_x',
      credentials,
      tokens,
      now: () => 1_000,
      request: {
        method: 'GET',
        url: new URL('https://sellingpartnerapi-na.amazon.com/orders/2026-01-01/orders'),
      },
      exchange: async (request) => {
        exchanges += 1;
        expect(request.url).toBe('https://api.amazon.com/auth/o2/token');
        expect(request.form).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'Atzr|r' });
        return response(200, body);
      },
    };
    const first = await lwaAuth.authenticate(auth);
    await lwaAuth.authenticate(auth);
    expect(first.headers?.['x-amz-access-token']).toBe('Atza|IQEBLjAsAhRmHjNgHpi0U-Dme37rR6CuUpSREXAMPLE');
    expect(exchanges).toBe(1);
  });

  it('tokens-createRestrictedDataToken request and response', () => {
    expect(
      RestrictedDataTokenRequest.safeParse(load('tokens-createRestrictedDataToken.request.json')).success,
    ).toBe(true);
    expect(RestrictedDataTokenRequest.parse(ORDERS_RDT_REQUEST)).toEqual(ORDERS_RDT_REQUEST);
    expect(RestrictedDataTokenResponse.parse(load('tokens-createRestrictedDataToken.response.json'))).toEqual(
      {
        restrictedDataToken: 'Atz.sprdt|IQEBLjAsAhRmHjNgHpi0U-Dme37rR6CuUpSR',
        expiresIn: 3600,
      },
    );
  });

  it('error bodies are classified: QuotaExceeded, Unauthorized, InvalidInput, InternalFailure', () => {
    expect(outcome(429, load('error-429-quota-exceeded.response.json'))).toMatchObject({
      action: 'rate_limited',
      errorClass: 'rate_limited',
    });
    const unauthorized = load('error-400-unauthorized.response.json');
    expect(outcome(403, unauthorized)).toMatchObject({ action: 'fail', errorClass: 'auth' });
    const expired = {
      errors: [
        {
          code: 'Unauthorized',
          message: 'Access to requested resource is denied.',
          details: 'The access token you provided has expired.',
        },
      ],
    };
    expect(outcome(403, expired)).toMatchObject({ action: 'refresh_auth', errorClass: 'auth' });
    expect(outcome(400, load('orders-2026-01-01-searchOrders.400.sandbox.response.json'))).toMatchObject({
      action: 'fail',
      errorClass: 'invalid_payload',
    });
    expect(outcome(400, load('orders-v0-getOrders.400.sandbox.response.json'))).toMatchObject({
      action: 'fail',
      errorClass: 'invalid_payload',
    });
    expect(outcome(500, load('fba-inventory-getInventorySummaries.500.sandbox.response.json'))).toMatchObject(
      {
        action: 'retry',
        errorClass: 'transient',
      },
    );
  });

  it('covers every Amazon fixture file', () => {
    expect(fixtureNames().filter((name) => !tested.has(name))).toEqual([]);
  });
});

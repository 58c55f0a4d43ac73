import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateStore } from '../generator/generate-store';
import { mswHandlersFor } from '../http/msw-handlers';
import { createWooCommerceEmulator } from './emulator';
import { buildWooTestStore, CONSUMER_KEY, CONSUMER_SECRET, readFixture } from './test-support';
import { DRAFT_ORDER_ID_OFFSET } from './woo-format';

const BASE = 'https://woo.test';
const API = `${BASE}/wp-json/wc/v3`;
const basic = (key = CONSUMER_KEY, secret = CONSUMER_SECRET) => ({
  Authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`,
});

type Json = Record<string, unknown>;

async function get(path: string, headers: Record<string, string> = basic()) {
  const response = await fetch(`${API}/${path}`, { headers });
  return { response, body: (await response.json()) as unknown };
}

async function send(method: 'PUT' | 'POST', path: string, body: unknown) {
  const response = await fetch(`${API}/${path}`, {
    method,
    headers: { ...basic(), 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { response, body: (await response.json()) as Json };
}

describe('WooCommerce emulator under msw', () => {
  const store = generateStore({ seed: 11, size: 'tiny' });
  const emulator = createWooCommerceEmulator({
    store,
    consumerKey: CONSUMER_KEY,
    consumerSecret: CONSUMER_SECRET,
  });
  const server = setupServer(...mswHandlersFor(emulator, BASE));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => emulator.woocommerce.faults.reset());
  afterAll(() => {
    server.close();
    emulator.woocommerce.close();
  });

  describe('authentication', () => {
    it('answers a bad consumer key with the documented 401 body', async () => {
      const { response, body } = await get('orders', basic('ck_wrong'));
      expect(response.status).toBe(401);
      expect(body).toEqual(readFixture('error-401-authentication.response.json'));
    });

    it('rejects a bad secret, and no credentials at all', async () => {
      const bad = await get('orders', basic(CONSUMER_KEY, 'cs_wrong'));
      expect(bad.response.status).toBe(401);
      expect(bad.body).toMatchObject({ message: 'Consumer secret is invalid.' });
      const none = await get('orders', {});
      expect(none.response.status).toBe(401);
      expect(none.body).toMatchObject({ code: 'woocommerce_rest_cannot_view', data: { status: 401 } });
    });

    it('accepts keys in the query string over https', async () => {
      const { response } = await get(
        `orders?consumer_key=${CONSUMER_KEY}&consumer_secret=${CONSUMER_SECRET}`,
        {},
      );
      expect(response.status).toBe(200);
    });
  });

  describe('paging', () => {
    it('sends X-WP-Total, X-WP-TotalPages and a Link header, and pages to exhaustion', async () => {
      const total = store.counts().orders;
      const first = await get('orders?per_page=20&orderby=id&order=asc');
      expect(first.response.headers.get('x-wp-total')).toBe(String(total));
      expect(first.response.headers.get('x-wp-totalpages')).toBe(String(Math.ceil(total / 20)));
      const link = first.response.headers.get('link')!;
      expect(link).toContain(`<${API}/orders?per_page=20&orderby=id&order=asc&page=2>; rel="next"`);
      expect(link).toContain('rel="first"');
      expect(link).toContain(`page=${Math.ceil(total / 20)}>; rel="last"`);
      expect(link).not.toContain('rel="prev"');

      const ids: number[] = [];
      let next: string | null = `${API}/orders?per_page=20&orderby=id&order=asc`;
      while (next) {
        const response: Response = await fetch(next, { headers: basic() });
        ids.push(...((await response.json()) as Json[]).map((order) => order.id as number));
        next = /<([^>]+)>; rel="next"/.exec(response.headers.get('link') ?? '')?.[1] ?? null;
      }
      expect(ids).toEqual(store.listOrders().map((order) => order.id));
    });

    it('refuses per_page above 100 with rest_invalid_param', async () => {
      const { response, body } = await get('orders?per_page=101');
      expect(response.status).toBe(400);
      expect(body).toMatchObject({
        code: 'rest_invalid_param',
        message: 'Invalid parameter(s): per_page',
        data: {
          status: 400,
          params: { per_page: 'per_page must be between 1 (inclusive) and 100 (inclusive)' },
        },
      });
      expect((await get('orders?per_page=0')).response.status).toBe(400);
      expect((await get('orders?page=0')).response.status).toBe(400);
      expect((await get('orders?orderby=price')).response.status).toBe(400);
    });

    it('returns an empty page past the end', async () => {
      const { response, body } = await get('orders?page=999');
      expect(response.status).toBe(200);
      expect(body).toEqual([]);
    });
  });

  describe('filters', () => {
    it('filters by modified_after in GMT, strictly after, at one-second precision', async () => {
      const orders = store.listOrders();
      const pivot = [...orders].sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))[
        Math.floor(orders.length / 2)
      ]!;
      const since = pivot.updatedAt.slice(0, 19);
      const expected = orders
        .filter((order) => order.updatedAt.slice(0, 19) > since)
        .map((order) => order.id)
        .sort((a, b) => a - b);
      const { response, body } = await get(
        `orders?modified_after=${since}&dates_are_gmt=true&orderby=id&order=asc&per_page=100`,
      );
      expect(response.headers.get('x-wp-total')).toBe(String(expected.length));
      expect((body as Json[]).map((order) => order.id)).toEqual(expected);
      expect((body as Json[]).every((order) => (order.date_modified_gmt as string) > since)).toBe(true);
    });

    it('sorts by date descending by default', async () => {
      const { body } = await get('orders?per_page=100');
      const dates = (body as Json[]).map((order) => order.date_created_gmt as string);
      expect(dates).toEqual([...dates].sort().reverse());
    });

    it('lists open and abandoned carts only as checkout-draft orders', async () => {
      const unconverted = store.listCarts().filter((cart) => cart.status !== 'converted');
      const drafts = await get('orders?status=checkout-draft&per_page=100');
      expect((drafts.body as Json[]).map((order) => order.status)).toEqual(
        unconverted.map(() => 'checkout-draft'),
      );
      expect(drafts.response.headers.get('x-wp-total')).toBe(String(unconverted.length));
      const any = await get('orders?per_page=100');
      expect((any.body as Json[]).some((order) => order.status === 'checkout-draft')).toBe(false);
      const one = await get(`orders/${DRAFT_ORDER_ID_OFFSET + unconverted[0]!.id}`);
      expect(one.body).toMatchObject({ status: 'checkout-draft', cart_hash: unconverted[0]!.token });
    });

    it('filters by status and customer', async () => {
      const { body } = await get('orders?status=completed,refunded&per_page=100');
      expect(new Set((body as Json[]).map((order) => order.status))).toEqual(
        new Set(['completed', 'refunded']),
      );
      const customerId = store.listOrders().find((order) => order.customerId !== null)!.customerId!;
      const mine = await get(`orders?customer=${customerId}&per_page=100`);
      expect((mine.body as Json[]).length).toBe(store.ordersOf(customerId).length);
    });
  });

  describe('single resources and errors', () => {
    it('returns 404 bodies WooCommerce uses', async () => {
      const order = await get('orders/987654');
      expect(order.response.status).toBe(404);
      expect(order.body).toEqual({
        code: 'woocommerce_rest_shop_order_invalid_id',
        message: 'Invalid ID.',
        data: { status: 404 },
      });
      const customer = await get('customers/987654');
      expect(customer.body).toMatchObject({ code: 'woocommerce_rest_invalid_id', data: { status: 404 } });
      const route = await get('nothing-here');
      expect(route.body).toEqual(readFixture('error-404-rest_no_route.response.json'));
    });

    it('serves products with variations, and customers', async () => {
      const variable = store.listProducts().find((product) => product.options.length > 0)!;
      const product = await get(`products/${variable.id}`);
      expect(product.body).toMatchObject({
        id: variable.id,
        type: 'variable',
        variations: variable.variantIds,
      });
      const variations = await get(`products/${variable.id}/variations`);
      expect((variations.body as Json[]).map((v) => v.id).sort()).toEqual([...variable.variantIds].sort());
      const customers = await get('customers?per_page=100');
      expect((customers.body as Json[]).length).toBe(store.counts().customers);
    });
  });

  describe('faults', () => {
    it('injects 429 with Retry-After and a WordPress-shaped body, and 500s', async () => {
      emulator.woocommerce.faults.failNext(1, 'rate_limited');
      emulator.woocommerce.faults.failNext(1, 'server_error');
      const limited = await get('orders');
      expect(limited.response.status).toBe(429);
      expect(limited.response.headers.get('retry-after')).toBe('1');
      expect(limited.body).toMatchObject({ code: 'rest_too_many_requests', data: { status: 429 } });
      const failed = await get('orders');
      expect(failed.response.status).toBe(500);
      expect(failed.body).toMatchObject({ code: 'internal_server_error' });
      expect((await get('orders')).response.status).toBe(200);
    });

    it('drops connections', async () => {
      emulator.woocommerce.faults.failNext(1, 'drop_connection');
      await expect(fetch(`${API}/orders`, { headers: basic() })).rejects.toThrow();
    });
  });
});

describe('WooCommerce emulator writes', () => {
  const t = buildWooTestStore();
  const emulator = createWooCommerceEmulator({
    store: t.store,
    consumerKey: CONSUMER_KEY,
    consumerSecret: CONSUMER_SECRET,
  });
  const server = setupServer(...mswHandlersFor(emulator, BASE));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => {
    server.close();
    emulator.woocommerce.close();
  });

  it('moves an on-hold order to processing and then completed, and sets the customer note', async () => {
    const processing = await send('PUT', `orders/${t.guestOrderId}`, {
      status: 'processing',
      customer_note: 'Ring twice',
    });
    expect(processing.response.status).toBe(200);
    expect(processing.body).toMatchObject({ status: 'processing', customer_note: 'Ring twice' });
    expect(processing.body.date_paid_gmt).not.toBeNull();
    const completed = await send('PUT', `orders/${t.guestOrderId}`, { status: 'completed' });
    expect(completed.body.status).toBe('completed');
    expect(t.store.getOrder(t.guestOrderId)!.fulfillmentState).toBe('fulfilled');
  });

  it('refuses transitions the sandbox cannot express and malformed bodies', async () => {
    const bad = await send('PUT', `orders/${t.guestOrderId}`, { status: 'failed' });
    expect(bad.response.status).toBe(400);
    const invalid = await send('PUT', `orders/${t.guestOrderId}`, { status: 'shipped' });
    expect(invalid.body).toMatchObject({ code: 'rest_invalid_param', data: { status: 400 } });
    const json = await fetch(`${API}/orders/${t.guestOrderId}`, {
      method: 'PUT',
      headers: basic(),
      body: '{oops',
    });
    expect(await json.json()).toMatchObject({ code: 'rest_invalid_json' });
  });

  it('sets a variation’s stock quantity and price', async () => {
    const { body } = await send('PUT', `products/${t.shirtId}/variations/${t.shirtM}`, {
      stock_quantity: 12,
      regular_price: '15.00',
      sale_price: '11.00',
    });
    expect(body).toMatchObject({
      stock_quantity: 12,
      regular_price: '15.00',
      sale_price: '11.00',
      price: '11.00',
      on_sale: true,
    });
    expect(t.store.inventoryOf(t.shirtM).reduce((sum, level) => sum + level.available, 0)).toBe(12);
    expect(t.store.getVariant(t.shirtM)).toMatchObject({ price: '11.00', compareAtPrice: '15.00' });
  });

  it('creates a refund and lists it', async () => {
    const created = await send('POST', `orders/${t.orderId}/refunds`, { amount: '2.00', reason: 'Goodwill' });
    expect(created.response.status).toBe(201);
    expect(created.body).toMatchObject({ amount: '2.00', reason: 'Goodwill' });
    const { body } = await get(`orders/${t.orderId}/refunds`);
    expect((body as Json[]).map((refund) => refund.amount)).toEqual(['2.00', '9.66']);
    const order = await get(`orders/${t.orderId}`);
    expect((order.body as Json).refunds).toHaveLength(2);
  });

  it('refuses writes with a read-only key', async () => {
    const readOnly = createWooCommerceEmulator({
      store: t.store,
      consumerKey: CONSUMER_KEY,
      consumerSecret: CONSUMER_SECRET,
      permissions: 'read',
    });
    const response = await readOnly.request(`${API}/orders/${t.orderId}`, {
      method: 'PUT',
      headers: basic(),
      body: JSON.stringify({ customer_note: 'x' }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      message: 'The API key provided does not have write permissions.',
    });
    readOnly.woocommerce.close();
  });

  it('enforces a configured host rate limit with 429 and Retry-After', async () => {
    let now = 1_000_000;
    const limited = createWooCommerceEmulator({
      store: t.store,
      consumerKey: CONSUMER_KEY,
      consumerSecret: CONSUMER_SECRET,
      rateLimit: { requestsPerSecond: 2, burst: 2 },
      now: () => now,
    });
    const call = () => limited.request(`${API}/products`, { headers: basic() });
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    now += 500;
    expect((await call()).status).toBe(200);
    expect(limited.woocommerce.throttledCount()).toBe(1);
    limited.woocommerce.close();
  });
});

describe('WooCommerce emulator money decimals', () => {
  it('defaults dp to the store currency’s decimals and honours an explicit dp', async () => {
    const store = generateStore({ seed: 4, size: 'tiny', currency: 'JPY' });
    const emulator = createWooCommerceEmulator({
      store,
      consumerKey: CONSUMER_KEY,
      consumerSecret: CONSUMER_SECRET,
    });
    const product = store.listProducts().find((candidate) => candidate.options.length === 0)!;
    const plain = await emulator.request(`${API}/products/${product.id}`, { headers: basic() });
    expect(((await plain.json()) as Json).price).toMatch(/^\d+$/);
    const twoDp = await emulator.request(`${API}/products/${product.id}?dp=2`, { headers: basic() });
    expect(((await twoDp.json()) as Json).price).toMatch(/^\d+\.00$/);
    emulator.woocommerce.close();
  });
});

import { describe, expect, it } from 'vitest';
import { generateStore } from '../generator/generate-store';
import { createManualClock } from '../store/clock';
import { createMagentoEmulator, type MagentoEmulator } from './emulator';
import { hmacSignature, oauthEncode, signatureBaseString } from './oauth1-verifier';
import { fixture } from './test-fixtures/read-fixture';

const integration = {
  consumerKey: 'ck-emulator',
  consumerSecret: 'cs-emulator',
  accessToken: 'at-emulator',
  accessTokenSecret: 'as-emulator',
};
const ORIGIN = 'http://magento.test';
const store = generateStore({ seed: 9, size: 'tiny' });
const bearer = { authorization: 'Bearer static-token' };

function emulator(overrides: Partial<Parameters<typeof createMagentoEmulator>[0]> = {}): MagentoEmulator {
  return createMagentoEmulator({ store, tokens: ['static-token'], oauth: integration, ...overrides });
}

async function get(app: MagentoEmulator, path: string, headers: Record<string, string> = bearer) {
  const response = await app.request(`${ORIGIN}${path}`, { headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function oauthHeader(
  method: string,
  url: string,
  options: { secret?: string; timestamp?: number; nonce?: string } = {},
): string {
  const params = new Map<string, string>([
    ['oauth_consumer_key', integration.consumerKey],
    ['oauth_nonce', options.nonce ?? Math.random().toString(36).slice(2)],
    ['oauth_signature_method', 'HMAC-SHA256'],
    ['oauth_timestamp', String(options.timestamp ?? Math.floor(Date.now() / 1000))],
    ['oauth_token', integration.accessToken],
    ['oauth_version', '1.0'],
  ]);
  const signature = hmacSignature(
    'HMAC-SHA256',
    signatureBaseString(method, new URL(url), params),
    options.secret ?? integration.consumerSecret,
    integration.accessTokenSecret,
  );
  params.set('oauth_signature', signature);
  return `OAuth ${[...params].map(([key, value]) => `${key}="${oauthEncode(value)}"`).join(', ')}`;
}

function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the seeded store has no ${what}`);
  return value;
}

function keysOf(value: unknown): string[] {
  return typeof value === 'object' && value !== null ? Object.keys(value) : [];
}

function kind(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

/** Every key of the documented payload is rendered, with the same JSON type where both are non-null. */
function expectShapeLike(rendered: unknown, documented: unknown): void {
  const renderedRecord = rendered as Record<string, unknown>;
  const documentedRecord = documented as Record<string, unknown>;
  expect(keysOf(rendered)).toEqual(expect.arrayContaining(keysOf(documented)));
  for (const key of keysOf(documented)) {
    const a = kind(renderedRecord[key]);
    const b = kind(documentedRecord[key]);
    if (a !== 'null' && b !== 'null') expect(`${key}: ${a}`).toBe(`${key}: ${b}`);
  }
}

describe('OAuth 1.0a signature base string (RFC 5849 §3.4.1.1 example)', () => {
  it('normalizes method, URL, query, body and protocol parameters exactly as the RFC shows', () => {
    const params = new Map([
      ['realm', 'Example'],
      ['oauth_consumer_key', '9djdj82h48djs9d2'],
      ['oauth_token', 'kkk9d7dh3k39sjv7'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '137131201'],
      ['oauth_nonce', '7d8f3e4a'],
      ['oauth_signature', 'ignored'],
    ]);
    const base = signatureBaseString(
      'POST',
      new URL('http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b'),
      params,
      [
        ['c2', ''],
        ['a3', '2 q'],
      ],
    );
    expect(base).toBe(
      'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7',
    );
  });
});

describe('Magento emulator auth', () => {
  const path = '/rest/default/V1/orders?searchCriteria[pageSize]=1';

  it('accepts a correctly signed OAuth 1.0a request', async () => {
    const app = emulator();
    const { status } = await get(app, path, { authorization: oauthHeader('GET', `${ORIGIN}${path}`) });
    expect(status).toBe(200);
  });

  it('rejects a wrong secret, a stale timestamp, a reused nonce and a tampered query', async () => {
    const app = emulator();
    const url = `${ORIGIN}${path}`;
    expect(await get(app, path, { authorization: oauthHeader('GET', url, { secret: 'nope' }) })).toEqual({
      status: 401,
      body: { message: 'The signature is invalid. Verify and try again.' },
    });
    const stale = oauthHeader('GET', url, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect((await get(app, path, { authorization: stale })).body).toEqual({
      message: 'The timestamp is invalid. Verify and try again.',
    });
    const once = oauthHeader('GET', url, { nonce: 'n-1' });
    expect((await get(app, path, { authorization: once })).status).toBe(200);
    expect(await get(app, path, { authorization: once })).toEqual({
      status: 401,
      body: {
        message: 'The nonce is already being used by the consumer with ID %1.',
        parameters: [integration.consumerKey],
      },
    });
    const signedForOtherPage = oauthHeader(
      'GET',
      `${ORIGIN}/rest/default/V1/orders?searchCriteria[pageSize]=2`,
    );
    expect((await get(app, path, { authorization: signedForOtherPage })).status).toBe(401);
  });

  it('answers a missing or unknown token with the ACL resource the route needs', async () => {
    const app = emulator();
    expect(await get(app, path, {})).toEqual({
      status: 401,
      body: {
        message: "The consumer isn't authorized to access %resources.",
        parameters: { resources: 'Magento_Sales::actions_view' },
      },
    });
    expect((await get(app, '/rest/V1/products', { authorization: 'Bearer wrong' })).body.parameters).toEqual({
      resources: 'Magento_Catalog::products',
    });
  });

  it('accepts the integration token as a Bearer token only when the store enables it', async () => {
    const header = { authorization: `Bearer ${integration.accessToken}` };
    expect((await get(emulator(), path, header)).status).toBe(401);
    const enabled = emulator({ oauth: { ...integration, integrationAsBearer: true } });
    expect((await get(enabled, path, header)).status).toBe(200);
  });

  it('issues 4-hour admin tokens shaped like the documented one', async () => {
    const clock = createManualClock('2026-01-01T00:00:00Z');
    const app = emulator({ admin: { username: 'admin', password: 'Passw0rd!' }, clock });
    const login = (password: string) =>
      app.request(`${ORIGIN}/rest/V1/integration/admin/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
    const refused = await login('wrong');
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      message:
        'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.',
    });
    const token: unknown = await (await login('Passw0rd!')).json();
    const documented = fixture('admin-token.response.json');
    expect(typeof token).toBe('string');
    expect(String(token)).toMatch(/^[a-z0-9]+$/);
    expect(String(token)).toHaveLength(String(documented).length);
    const header = { authorization: `Bearer ${String(token)}` };
    clock.advance(4 * 60 * 60 * 1000 - 1000);
    expect((await get(app, path, header)).status).toBe(200);
    clock.advance(2000);
    expect((await get(app, path, header)).status).toBe(401);
  });
});

describe('Magento emulator REST surface', () => {
  const app = emulator();

  it('serves /rest/V1 and /rest/{store}/V1 alike and refuses unknown store codes and routes', async () => {
    const a = await get(app, '/rest/V1/customers/search?searchCriteria[pageSize]=3');
    const b = await get(app, '/rest/default/V1/customers/search?searchCriteria[pageSize]=3');
    expect(a).toEqual(b);
    expect(await get(app, '/rest/nowhere/V1/orders')).toEqual({
      status: 400,
      body: { message: "The store that was requested wasn't found. Verify the store and try again." },
    });
    expect(await get(app, '/rest/V1/nothing-here')).toEqual({
      status: 404,
      body: { message: 'Request does not match any route.' },
    });
  });

  it('pages orders by updated_at with total_count, echoing the criteria, repeating the last page', async () => {
    const query = (page: number) =>
      '/rest/V1/orders?searchCriteria[filter_groups][0][filters][0][field]=updated_at' +
      '&searchCriteria[filter_groups][0][filters][0][value]=2000-01-01%2000:00:00' +
      '&searchCriteria[filter_groups][0][filters][0][condition_type]=gteq' +
      '&searchCriteria[sortOrders][0][field]=updated_at&searchCriteria[sortOrders][0][direction]=ASC' +
      `&searchCriteria[pageSize]=20&searchCriteria[currentPage]=${page}`;
    const first = await get(app, query(1));
    const total = store.listOrders().length;
    expect(first.body.total_count).toBe(total);
    expect(first.body.search_criteria).toEqual({
      filter_groups: [
        { filters: [{ field: 'updated_at', value: '2000-01-01 00:00:00', condition_type: 'gteq' }] },
      ],
      sort_orders: [{ field: 'updated_at', direction: 'ASC' }],
      page_size: 20,
      current_page: 1,
    });
    const stamps = (first.body.items as { updated_at: string }[]).map((order) => order.updated_at);
    expect(stamps).toEqual([...stamps].sort());
    const lastPage = Math.ceil(total / 20);
    expect((await get(app, query(lastPage + 3))).body.items).toEqual(
      (await get(app, query(lastPage))).body.items,
    );
    const strict = emulator({ lastPageRepeat: false });
    expect((await get(strict, query(lastPage + 3))).body.items).toEqual([]);
  });

  it('filters response attributes with fields= like the documented search', async () => {
    const { body } = await get(
      app,
      '/rest/V1/orders?searchCriteria[pageSize]=3&fields=items[increment_id,entity_id]',
    );
    const documented = fixture('orders.search.fields-filtered.response.json') as { items: object[] };
    expect(Object.keys(body)).toEqual(Object.keys(documented));
    for (const item of body.items as object[])
      expect(Object.keys(item).sort()).toEqual(Object.keys(documented.items[0] ?? {}).sort());
  });

  it('renders orders, products, customers, quotes and source items with the documented keys and types', async () => {
    const orders = (await get(app, '/rest/V1/orders')).body.items as Record<string, unknown>[];
    const order = found(
      orders.find((candidate) => candidate.billing_address && (candidate.items as unknown[]).length > 0),
      'order with items',
    );
    const documentedOrder = fixture('order.retrieve.response.json') as Record<string, unknown>;
    expectShapeLike(order, documentedOrder);
    expectShapeLike((order.items as unknown[])[0], (documentedOrder.items as unknown[])[0]);
    expectShapeLike(order.billing_address, documentedOrder.billing_address);
    expectShapeLike(order.payment, documentedOrder.payment);
    expect(order.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(typeof order.grand_total).toBe('number');

    const products = (await get(app, '/rest/V1/products')).body.items as Record<string, unknown>[];
    const simple = found(
      products.find((product) => product.type_id === 'simple' && product.visibility === 4),
      'standalone simple product',
    );
    const documentedProduct = fixture('product.create.response.json') as {
      extension_attributes: { stock_item: unknown };
    };
    expectShapeLike(simple, documentedProduct);
    expectShapeLike(
      (simple.extension_attributes as { stock_item: unknown }).stock_item,
      documentedProduct.extension_attributes.stock_item,
    );

    const customers = (await get(app, '/rest/V1/customers/search')).body.items as Record<string, unknown>[];
    const customer = found(
      customers.find((candidate) => (candidate.addresses as unknown[]).length > 0),
      'customer with an address',
    );
    const documentedCustomer = fixture('customer.create.response.json') as { addresses: unknown[] };
    expectShapeLike(customer, documentedCustomer);
    expectShapeLike((customer.addresses as unknown[])[0], documentedCustomer.addresses[0]);

    const carts = (await get(app, '/rest/V1/carts/search')).body.items as Record<string, unknown>[];
    const cart = found(
      carts.find((candidate) => candidate.customer_is_guest === false),
      'registered quote',
    );
    const documentedCart = fixture('cart.mine.response.json') as { items: unknown[] };
    expectShapeLike(cart, documentedCart);
    expectShapeLike((cart.items as unknown[])[0], documentedCart.items[0]);
    expectShapeLike((cart.items as unknown[])[0], fixture('cart.add-item.response.json'));

    const sourceItems = (await get(app, '/rest/V1/inventory/source-items?searchCriteria[pageSize]=2')).body;
    const documentedItems = fixture('inventory.source-items.search.response.json') as { items: unknown[] };
    expect(Object.keys(sourceItems).sort()).toEqual(Object.keys(documentedItems).sort());
    expectShapeLike((sourceItems.items as unknown[])[0], documentedItems.items[0]);
  });

  it('renders configurable products as a parent linking simple children, and their order lines as two rows', async () => {
    const products = (await get(app, '/rest/V1/products')).body.items as Record<string, unknown>[];
    const linksOf = (parent: Record<string, unknown> | undefined) =>
      (found(parent, 'configurable product').extension_attributes as { configurable_product_links: number[] })
        .configurable_product_links;
    const parent = products.find((product) => product.type_id === 'configurable');
    expect(linksOf(parent).length).toBeGreaterThan(1);
    for (const id of linksOf(parent)) {
      expect(products.find((product) => product.id === id)).toMatchObject({ visibility: 1 });
    }
    const orders = (await get(app, '/rest/V1/orders')).body.items as { items: Record<string, unknown>[] }[];
    const rows = orders.flatMap((order) => order.items);
    const configurableRow = rows.find((row) => row.product_type === 'configurable');
    const child = rows.find((row) => row.parent_item_id === configurableRow?.item_id);
    const bought = products.find((product) => product.id === configurableRow?.product_id);
    expect(linksOf(bought)).toContain(child?.product_id);
    expect(child?.sku).toBe(configurableRow?.sku);
  });

  it('answers errors with %1 placeholders and parameters like the documented 400', async () => {
    const { status, body } = await get(
      app,
      '/rest/V1/orders?searchCriteria[filter_groups][0][filters][0][field]=state&searchCriteria[filter_groups][0][filters][0][value]=new&searchCriteria[filter_groups][0][filters][0][condition_type]=around',
    );
    expect(status).toBe(400);
    expect(Object.keys(body)).toEqual(Object.keys(fixture('error-400.response.json') as object));
    expect(body).toEqual({ message: 'Invalid condition type: %1', parameters: ['around'] });
    expect(await get(app, '/rest/V1/products/NO-SUCH-SKU')).toEqual({
      status: 404,
      body: { message: "The product that was requested doesn't exist. Verify the product and try again." },
    });
  });

  it('has no rate limit by default and answers 429 like the backpressure limiter when configured', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 30 }, async () => (await get(app, '/rest/V1/inventory/sources')).status),
    );
    expect(new Set(statuses)).toEqual(new Set([200]));
    const limited = emulator({ rateLimit: { requestsPerSecond: 0.001, burst: 2 } });
    expect((await get(limited, '/rest/V1/inventory/sources')).status).toBe(200);
    expect((await get(limited, '/rest/V1/inventory/sources')).status).toBe(200);
    expect(await get(limited, '/rest/V1/inventory/sources')).toEqual({
      status: 429,
      body: fixture('error-429-rate-limited.response.json'),
    });
    expect(limited.magento.stats()).toMatchObject({ served: 2, throttled: 1 });
  });
});

describe('Magento emulator writes', () => {
  const local = generateStore({ seed: 10, size: 'tiny' });
  const app = createMagentoEmulator({ store: local, tokens: ['w'] });
  const headers = { authorization: 'Bearer w', 'content-type': 'application/json' };
  const post = async (path: string, body: unknown) => {
    const response = await app.request(`${ORIGIN}${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };
  const read = async (path: string) =>
    (await (await app.request(`${ORIGIN}${path}`, { headers })).json()) as Record<string, unknown>;

  it('adds an order comment that shows in status_histories and moves updated_at', async () => {
    const order = local.listOrders()[0];
    if (!order) throw new Error('no order');
    const before = await read(`/rest/V1/orders/${order.id}`);
    expect(
      await post(`/rest/V1/orders/${order.id}/comments`, { statusHistory: { comment: 'Packed by Ana' } }),
    ).toEqual({
      status: 200,
      body: true,
    });
    const after = await read(`/rest/V1/orders/${order.id}`);
    expect((after.status_histories as { comment: string }[])[0]?.comment).toBe('Packed by Ana');
    expect(String(after.updated_at) > String(before.updated_at)).toBe(true);
  });

  it('creates a shipment with a track, listed under /V1/shipments', async () => {
    const variant = local.listVariants()[0];
    if (!variant) throw new Error('no variant');
    const order = local.placeOrder({
      email: 'ship@example.com',
      lines: [{ variantId: variant.id, quantity: 2 }],
    });
    const line = order.lines[0];
    if (!line) throw new Error('no line');
    const created = await post(`/rest/V1/order/${order.id}/ship`, {
      items: [{ order_item_id: line.id, qty: 1 }],
      tracks: [{ track_number: '1Z999AA10123456784', title: 'United Parcel Service', carrier_code: 'ups' }],
    });
    expect(created.status).toBe(200);
    const shipment = await read(`/rest/V1/shipment/${String(created.body)}`);
    expect(shipment.order_id).toBe(order.id);
    expect(shipment.tracks).toEqual([
      expect.objectContaining({ track_number: '1Z999AA10123456784', title: 'United Parcel Service' }),
    ]);
    expect(await post('/rest/V1/order/999999/ship', {})).toEqual({
      status: 404,
      body: { message: "The entity that was requested doesn't exist. Verify the entity and try again." },
    });
  });

  it('sets a source item quantity', async () => {
    const items = (await read('/rest/V1/inventory/source-items')).items as {
      sku: string;
      source_code: string;
    }[];
    const target = items[0];
    if (!target) throw new Error('no source item');
    expect(
      await post('/rest/V1/inventory/source-items', {
        sourceItems: [{ ...target, quantity: 321, status: 1 }],
      }),
    ).toEqual({
      status: 200,
      body: [],
    });
    const updated = (await read('/rest/V1/inventory/source-items')).items as {
      sku: string;
      source_code: string;
      quantity: number;
    }[];
    expect(
      updated.find((item) => item.sku === target.sku && item.source_code === target.source_code)?.quantity,
    ).toBe(321);
  });
});

import WooCommerceRestApiModule from '@woocommerce/woocommerce-rest-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateStore } from '../generator/generate-store';
import { type ServedEmulator, serveEmulator } from '../http/serve-emulator';
import { createWooCommerceEmulator } from './emulator';
import { CONSUMER_KEY, CONSUMER_SECRET } from './test-support';

// The package is CommonJS; depending on the loader its class arrives as the default or under it.
const WooCommerceRestApi = ((WooCommerceRestApiModule as unknown as { default?: unknown }).default ??
  WooCommerceRestApiModule) as typeof WooCommerceRestApiModule;

interface AxiosLikeError {
  response?: { status: number; data: unknown };
}

async function failure(promise: Promise<unknown>): Promise<{ status: number; data: unknown }> {
  try {
    await promise;
  } catch (error) {
    const response = (error as AxiosLikeError).response;
    if (response) return response;
    throw error;
  }
  throw new Error('Expected the request to fail');
}

describe('WooCommerce emulator over loopback HTTP with the official client (OAuth 1.0a)', () => {
  const store = generateStore({ seed: 5, size: 'tiny' });
  const emulator = createWooCommerceEmulator({
    store,
    consumerKey: CONSUMER_KEY,
    consumerSecret: CONSUMER_SECRET,
  });
  let served: ServedEmulator;
  beforeAll(async () => {
    served = await serveEmulator(emulator);
  });
  afterAll(async () => {
    emulator.woocommerce.close();
    await served.close();
  });
  const client = (secret = CONSUMER_SECRET) =>
    new WooCommerceRestApi({
      url: served.url,
      consumerKey: CONSUMER_KEY,
      consumerSecret: secret,
      version: 'wc/v3',
    });

  it('verifies the HMAC-SHA256 signature the client computes, query parameters included', async () => {
    const response = await client().get('orders', {
      per_page: 5,
      page: 2,
      orderby: 'id',
      order: 'asc',
      modified_after: '2020-01-01T00:00:00',
      dates_are_gmt: true,
    });
    expect(response.status).toBe(200);
    expect(response.headers['x-wp-total']).toBe(String(store.counts().orders));
    expect((response.data as { id: number }[]).map((order) => order.id)).toEqual(
      store
        .listOrders()
        .slice(5, 10)
        .map((order) => order.id),
    );
  });

  it('signs array parameters and writes too', async () => {
    const list = await client().get('orders', { status: ['processing', 'completed'], per_page: 100 });
    expect(
      (list.data as { status: string }[]).every((order) =>
        ['processing', 'completed'].includes(order.status),
      ),
    ).toBe(true);
    const order = store.listOrders().find((candidate) => !candidate.cancelledAt)!;
    const updated = await client().put(`orders/${order.id}`, { customer_note: 'Signed över OAuth & co' });
    expect(updated.data).toMatchObject({ id: order.id, customer_note: 'Signed över OAuth & co' });
  });

  it('rejects a signature made with the wrong secret', async () => {
    const response = await failure(client('cs_not_the_secret').get('products'));
    expect(response.status).toBe(401);
    expect(response.data).toEqual({
      code: 'woocommerce_rest_authentication_error',
      message: 'Invalid signature - provided signature does not match.',
      data: { status: 401 },
    });
  });

  it('rejects a replayed nonce and a stale timestamp', async () => {
    // Capture one signed URL from the client, then send it twice ourselves.
    let signedUrl = '';
    const capturing = new WooCommerceRestApi({
      url: served.url,
      consumerKey: CONSUMER_KEY,
      consumerSecret: CONSUMER_SECRET,
      axiosConfig: {
        adapter: async (config: { url: string; params: Record<string, string> }) => {
          const query = new URLSearchParams(config.params).toString();
          signedUrl = `${config.url}${config.url.includes('?') ? '&' : '?'}${query}`;
          return { data: null, status: 200, statusText: 'OK', headers: {}, config };
        },
      },
    });
    await capturing.get('customers', { per_page: 1 });
    expect((await fetch(signedUrl)).status).toBe(200);
    const replay = await fetch(signedUrl);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ message: 'Invalid nonce - nonce has already been used.' });

    const stale = createWooCommerceEmulator({
      store,
      consumerKey: CONSUMER_KEY,
      consumerSecret: CONSUMER_SECRET,
      now: () => Date.now() + 16 * 60 * 1000,
    });
    const staleServed = await serveEmulator(stale);
    try {
      const staleClient = new WooCommerceRestApi({
        url: staleServed.url,
        consumerKey: CONSUMER_KEY,
        consumerSecret: CONSUMER_SECRET,
      });
      const response = await failure(staleClient.get('customers'));
      expect(response.status).toBe(401);
      expect(response.data).toMatchObject({ message: 'Invalid timestamp.' });
    } finally {
      stale.woocommerce.close();
      await staleServed.close();
    }
  });

  it('does not accept Basic auth without TLS, as WooCommerce does not', async () => {
    const response = await fetch(`${served.url}/wp-json/wc/v3/orders`, {
      headers: {
        Authorization: `Basic ${Buffer.from(`${CONSUMER_KEY}:${CONSUMER_SECRET}`).toString('base64')}`,
      },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'woocommerce_rest_cannot_view' });
  });

  it('injects timeouts the client sees as timeouts', async () => {
    emulator.woocommerce.faults.failNext(1, 'timeout');
    const timed = new WooCommerceRestApi({
      url: served.url,
      consumerKey: CONSUMER_KEY,
      consumerSecret: CONSUMER_SECRET,
      timeout: 200,
    });
    await expect(timed.get('orders')).rejects.toMatchObject({ code: 'ECONNABORTED' });
    expect((await client().get('orders')).status).toBe(200);
  });
});

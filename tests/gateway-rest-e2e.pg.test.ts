import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpListener, listen } from '../apps/gateway/src/http/listen';
import { startWooSandbox, type WooSandbox } from '../apps/gateway/src/routes/shared/woo-sandbox';
import type { paths } from '../apps/gateway/src/testing/openapi.gen';
import { buildTestApp } from '../apps/gateway/src/testing/test-gateway';

describe.each(testDatabases())('REST end to end through the generated client ($name)', ({ create }) => {
  let database: TestDatabase;
  let woo: WooSandbox;
  let gateway: HttpListener;
  let client: ReturnType<typeof createClient<paths>>;

  beforeAll(async () => {
    database = await create();
    woo = await startWooSandbox(3);
    const { app, authorization } = await buildTestApp(database);
    gateway = await listen(app.fetch, { port: 0, host: '127.0.0.1' });
    client = createClient<paths>({ baseUrl: gateway.url, headers: authorization });
  }, 60_000);
  afterAll(async () => {
    await gateway?.close(1000);
    await woo?.close();
    await database?.close();
  });

  it('connects a WooCommerce store, queues its sync and reads its (empty) orders over HTTP', async () => {
    const connected = await client.POST('/v1/stores', {
      body: {
        platform: 'woocommerce',
        name: 'E2E Woo',
        credentials: woo.credentials,
        settings: { currency: woo.store.shop.currency },
      },
    });
    expect(connected.response.status).toBe(201);
    const storeId = connected.data?.id ?? '';
    expect(connected.data).toMatchObject({ platform: 'woocommerce', status: 'active' });

    const sync = await client.POST('/v1/stores/{storeId}/sync', {
      params: { path: { storeId } },
      body: { streams: ['orders'], mode: 'backfill' },
    });
    expect(sync.response.status).toBe(202);
    expect(sync.data?.data.map((job) => job.stream)).toEqual(['orders']);

    const status = await client.GET('/v1/stores/{storeId}/sync', { params: { path: { storeId } } });
    expect(status.data?.streams.map((s) => s.stream)).toContain('orders');

    const orders = await client.GET('/v1/stores/{storeId}/orders', {
      params: { path: { storeId }, query: { limit: 10 } },
    });
    expect(orders.data).toEqual({ object: 'list', data: [], has_more: false, next_cursor: null });

    const missing = await client.GET('/v1/orders/{id}', {
      params: { path: { id: 'ord_missing' }, query: {} },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({ code: 'not_found' });
  });
});

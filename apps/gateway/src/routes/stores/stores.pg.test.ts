import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../testing/test-gateway';
import { startWooSandbox, type WooSandbox } from '../shared/woo-sandbox';

describe.each(testDatabases())('/v1/stores on $name', ({ create }) => {
  let database: TestDatabase;
  let woo: WooSandbox;
  beforeAll(async () => {
    database = await create();
    woo = await startWooSandbox();
  }, 60_000);
  afterAll(async () => {
    await woo?.close();
    await database?.close();
  });

  const post = (body: unknown, headers: Record<string, string>) => ({
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const connectBody = () => ({
    platform: 'woocommerce',
    name: 'Sandbox Woo',
    credentials: woo.credentials,
    settings: { currency: 'EUR' },
  });

  it('connects a store after a live check, never returning its credentials', async () => {
    const { app, authorization, repositories, tenant } = await buildTestApp(database);
    const response = await app.request('/v1/stores', post(connectBody(), authorization));
    expect(response.status).toBe(201);
    const text = await response.text();
    expect(text).not.toContain('cs_gateway');
    expect(text).not.toContain('ck_gateway');
    const store = JSON.parse(text) as { id: string };
    expect(store).toMatchObject({ platform: 'woocommerce', name: 'Sandbox Woo', status: 'active' });
    // Stored encrypted, readable only through the explicit credentials call.
    expect(await repositories.stores.getStoreCredentials(tenant.id, store.id)).toMatchObject({
      consumerKey: 'ck_gateway',
    });
    const listed = await app.request('/v1/stores', { headers: authorization });
    expect(await listed.json()).toMatchObject({ object: 'list', data: [{ id: store.id }], has_more: false });
  });

  it('lists each failing credential field with 422 and saves nothing', async () => {
    const { app, authorization } = await buildTestApp(database);
    const response = await app.request(
      '/v1/stores',
      post(
        { platform: 'woocommerce', name: 'Bad', credentials: { url: 'not a url', consumerKey: '' } },
        authorization,
      ),
    );
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as { code: string; errors: { path: string }[] };
    expect(problem.code).toBe('invalid_credentials');
    expect(problem.errors.map((error) => error.path).sort()).toEqual([
      'credentials.consumerKey',
      'credentials.consumerSecret',
      'credentials.url',
    ]);
    expect(await (await app.request('/v1/stores', { headers: authorization })).json()).toMatchObject({
      data: [],
    });
  });

  it('refuses credentials the platform rejects, naming the connector error', async () => {
    const { app, authorization } = await buildTestApp(database);
    const body = { ...connectBody(), credentials: { ...woo.credentials, consumerSecret: 'cs_wrong' } };
    const response = await app.request('/v1/stores', post(body, authorization));
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'platform_rejected', connector_error: 'auth' });
    expect(await (await app.request('/v1/stores', { headers: authorization })).json()).toMatchObject({
      data: [],
    });
  });

  it('validates the request body itself with 400', async () => {
    const { app, authorization } = await buildTestApp(database);
    const response = await app.request(
      '/v1/stores',
      post({ platform: 'prestashop', credentials: {} }, authorization),
    );
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((error) => error.path).sort()).toEqual(['name', 'platform']);
  });

  it('renames, queues a sync per stream once, reports sync status, and disconnects', async () => {
    const { app, authorization, repositories } = await buildTestApp(database);
    const { id } = (await (await app.request('/v1/stores', post(connectBody(), authorization))).json()) as {
      id: string;
    };
    const patched = await app.request(`/v1/stores/${id}`, {
      method: 'PATCH',
      headers: { ...authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Renamed', settings: { currency: 'EUR', pageSize: 20 } }),
    });
    expect(await patched.json()).toMatchObject({ name: 'Renamed', settings: { pageSize: 20 } });

    const sync = await app.request(
      `/v1/stores/${id}/sync`,
      post({ streams: ['orders', 'products'] }, authorization),
    );
    expect(sync.status).toBe(202);
    const jobs = (await sync.json()) as { data: { id: string; stream: string; deduplicated: boolean }[] };
    expect(jobs.data.map((job) => [job.stream, job.deduplicated])).toEqual([
      ['orders', false],
      ['products', false],
    ]);
    const job = await repositories.jobs.get(jobs.data[0]!.id);
    expect(job).toMatchObject({
      queue: 'sync',
      payload: { storeId: id, stream: 'orders', mode: 'incremental' },
    });
    const again = await app.request(`/v1/stores/${id}/sync`, post({ streams: ['orders'] }, authorization));
    expect(((await again.json()) as typeof jobs).data[0]).toMatchObject({
      id: jobs.data[0]!.id,
      deduplicated: true,
    });
    const unknown = await app.request(
      `/v1/stores/${id}/sync`,
      post({ streams: ['invoices'] }, authorization),
    );
    expect(unknown.status).toBe(400);

    const status = await app.request(`/v1/stores/${id}/sync`, { headers: authorization });
    const streams = ((await status.json()) as { streams: { stream: string; state: string }[] }).streams;
    expect(streams.find((s) => s.stream === 'orders')).toMatchObject({ state: 'never_run' });

    const deleted = await app.request(`/v1/stores/${id}`, { method: 'DELETE', headers: authorization });
    expect(await deleted.json()).toMatchObject({ id, status: 'disconnected' });
    expect(await repositories.jobs.get(jobs.data[0]!.id)).toMatchObject({ state: 'dead' });
    const afterDisconnect = await app.request(`/v1/stores/${id}/sync`, post({}, authorization));
    expect(afterDisconnect.status).toBe(409);
  });

  it('replays a connect retried with the same Idempotency-Key and refuses the key for another body', async () => {
    const { app, authorization } = await buildTestApp(database);
    const headers = { ...authorization, 'idempotency-key': 'connect-1' };
    const first = await app.request('/v1/stores', post(connectBody(), headers));
    const again = await app.request('/v1/stores', post(connectBody(), headers));
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    const listed = (await (await app.request('/v1/stores', { headers: authorization })).json()) as {
      data: unknown[];
    };
    expect(listed.data).toHaveLength(1);
    const other = await app.request('/v1/stores', post({ ...connectBody(), name: 'Other name' }, headers));
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ code: 'idempotency_key_reused' });
  });

  it('answers 404 for another tenant’s store on every route, and 401 without a key', async () => {
    const { app, authorization, repositories } = await buildTestApp(database);
    const other = await repositories.tenants.createTenant({ name: 'Globex' });
    const theirs = await repositories.stores.createStore({
      tenantId: other.id,
      platform: 'woocommerce',
      name: 'Theirs',
      credentials: woo.credentials,
    });
    for (const [method, path] of [
      ['GET', `/v1/stores/${theirs.id}`],
      ['PATCH', `/v1/stores/${theirs.id}`],
      ['DELETE', `/v1/stores/${theirs.id}`],
      ['GET', `/v1/stores/${theirs.id}/sync`],
      ['POST', `/v1/stores/${theirs.id}/sync`],
      ['GET', `/v1/stores/${theirs.id}/orders`],
    ] as const) {
      const response = await app.request(path, {
        method,
        headers: { ...authorization, 'content-type': 'application/json' },
        ...(method === 'GET' || method === 'DELETE' ? {} : { body: JSON.stringify({ name: 'Mine now' }) }),
      });
      expect([method, path, response.status]).toEqual([method, path, 404]);
      expect(await response.text()).not.toContain('Theirs');
    }
    expect(await repositories.stores.getStore(other.id, theirs.id)).toMatchObject({
      status: 'active',
      name: 'Theirs',
    });
    expect((await app.request('/v1/stores')).status).toBe(401);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type LocalHttpServer, sendJson, startLocalHttpServer } from '../testing/local-http-server';
import { staticAuth, tokenExchangeAuth } from './auth';
import type { Clock } from './clock';
import { type ConnectorDefinition, defineConnector } from './connector';
import { createConnectorEngine } from './engine';
import { AuthError, InvalidPayloadError, NotFoundError, RateLimitedError, TransientError } from './errors';

const Credentials = z.object({ baseUrl: z.string(), token: z.string() });

function testConnector(overrides: Partial<ConnectorDefinition<typeof Credentials>> = {}) {
  return defineConnector({
    platform: 'woocommerce',
    credentials: Credentials,
    baseUrl: (c) => c.baseUrl,
    auth: staticAuth<z.infer<typeof Credentials>>((c) => ({
      headers: { authorization: `Bearer ${c.token}` },
    })),
    rateLimit: { kind: 'fixed', maxConcurrent: 4, minTime: 0 },
    retry: { minTimeoutMs: 1, maxTimeoutMs: 5, retries: 3 },
    streams: {},
    ...overrides,
  });
}

/** Records the extra waits the engine asks for and skips them, so Retry-After is observable. */
function recordingClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, now: () => Date.now(), sleep: async (ms) => void sleeps.push(ms) };
}

let server: LocalHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(responses: Array<(res: import('node:http').ServerResponse) => void>) {
  let index = 0;
  server = await startLocalHttpServer((_req, res, raw) => {
    const respond = responses[Math.min(index, responses.length - 1)];
    index += 1;
    if (!respond) throw new Error('no response configured');
    respond(res);
    void raw;
  });
  return server;
}

function setup(connector = testConnector()) {
  if (!server) throw new Error('server not started');
  const clock = recordingClock();
  const engine = createConnectorEngine({ clock });
  const ctx = engine.connect(connector, { id: 'sto_1', credentials: { baseUrl: server.url, token: 't0k' } });
  return { engine, ctx, clock };
}

describe('engine.request', () => {
  it('retries a 429 and waits at least the Retry-After seconds', async () => {
    await serve([
      (res) => sendJson(res, 429, { code: 'too_many', message: 'slow down' }, { 'retry-after': '2' }),
      (res) => sendJson(res, 200, [{ id: 1 }]),
    ]);
    const { engine, ctx, clock } = setup();
    const response = await engine.request(ctx, { operation: 'orders.list', path: '/orders' });
    expect(response.body).toEqual([{ id: 1 }]);
    expect(response.attempts).toBe(2);
    // p-retry's own backoff (1 ms) plus the engine's top-up together make the 2 s asked for.
    expect(clock.sleeps).toEqual([1999]);
    expect(server?.requests).toHaveLength(2);
    expect(server?.requests[0]?.headers.authorization).toBe('Bearer t0k');
    await engine.close();
  });

  it('reports every attempt to onAttempt without query strings', async () => {
    await serve([(res) => sendJson(res, 429, {}), (res) => sendJson(res, 200, {})]);
    const events: unknown[] = [];
    const engine = createConnectorEngine({
      clock: recordingClock(),
      onAttempt: (event) => events.push(event),
    });
    const ctx = engine.connect(testConnector(), {
      id: 'sto_1',
      credentials: { baseUrl: server?.url, token: 't' },
    });
    await engine.request(ctx, {
      operation: 'orders.list',
      path: '/orders',
      query: { consumer_secret: 'cs_x' },
    });
    expect(events).toEqual([
      expect.objectContaining({
        operation: 'orders.list',
        path: '/orders',
        status: 429,
        attempt: 1,
        action: 'rate_limited',
      }),
      expect.objectContaining({ status: 200, attempt: 2, action: 'ok' }),
    ]);
    expect(JSON.stringify(events)).not.toContain('cs_x');
    await engine.close();
  });

  it('fails at once with the wait when Retry-After exceeds the retry budget', async () => {
    await serve([(res) => sendJson(res, 429, {}, { 'retry-after': '3600' })]);
    const { engine, ctx, clock } = setup(testConnector({ retry: { maxRetryTimeMs: 60_000 } }));
    const error = await engine.request(ctx, { operation: 'reports', path: '/reports' }).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(clock.sleeps).toEqual([]);
    expect(server?.requests).toHaveLength(1);
    await engine.close();
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const at = new Date(Date.now() + 3000).toUTCString();
    await serve([(res) => sendJson(res, 503, {}, { 'retry-after': at }), (res) => sendJson(res, 200, {})]);
    const { engine, ctx, clock } = setup();
    await engine.request(ctx, { operation: 'ping', path: '/' });
    expect(clock.sleeps[0]).toBeGreaterThan(1500);
    await engine.close();
  });

  it('retries 503 and a reset connection, then succeeds', async () => {
    let count = 0;
    server = await startLocalHttpServer((_req, res, raw) => {
      count += 1;
      if (count === 1) return sendJson(res, 503, { message: 'maintenance' });
      if (count === 2) return void raw.socket.destroy();
      sendJson(res, 200, { ok: true });
    });
    const { engine, ctx } = setup();
    const response = await engine.request(ctx, { operation: 'ping', path: '/' });
    expect(response.body).toEqual({ ok: true });
    expect(response.attempts).toBe(3);
    await engine.close();
  });

  it('retries a request that times out', async () => {
    let count = 0;
    server = await startLocalHttpServer((_req, res) => {
      count += 1;
      if (count === 1) {
        setTimeout(() => sendJson(res, 200, { late: true }), 400);
        return;
      }
      sendJson(res, 200, { late: false });
    });
    const { engine, ctx } = setup();
    const response = await engine.request(ctx, { operation: 'slow', path: '/', timeoutMs: 100 });
    expect(response.body).toEqual({ late: false });
    expect(response.attempts).toBe(2);
    await engine.close();
  });

  it('gives up with a TransientError carrying the status once retries are exhausted', async () => {
    await serve([(res) => sendJson(res, 502, '<html>bad gateway</html>')]);
    const { engine, ctx } = setup();
    const error = await engine.request(ctx, { operation: 'orders.list', path: '/orders' }).catch((e) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ code: 'transient', status: 502, retryable: true, storeId: 'sto_1' });
    expect(server?.requests).toHaveLength(4);
    await engine.close();
  });

  it('gives up with a RateLimitedError when throttling persists', async () => {
    await serve([(res) => sendJson(res, 429, { errors: [{ code: 'QuotaExceeded', message: 'quota' }] })]);
    const { engine, ctx } = setup();
    const error = await engine.request(ctx, { operation: 'getOrders', path: '/orders' }).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.message).toContain('QuotaExceeded: quota');
    await engine.close();
  });

  it.each([
    [
      400,
      { code: 'rest_invalid_param', message: 'Invalid parameter(s): per_page', data: { status: 400 } },
      InvalidPayloadError,
      'rest_invalid_param: Invalid parameter(s): per_page',
    ],
    [
      401,
      { code: 'woocommerce_rest_authentication_error', message: 'Consumer key is invalid.' },
      AuthError,
      'Consumer key is invalid.',
    ],
    [
      403,
      {
        message: "The consumer isn't authorized to access %resources.",
        parameters: { resources: 'Magento_Sales::actions_view' },
      },
      AuthError,
      'access Magento_Sales::actions_view.',
    ],
    [
      404,
      { message: 'No such entity with %1 = %2', parameters: ['orderId', '42'] },
      NotFoundError,
      'No such entity with orderId = 42',
    ],
  ])('does not retry HTTP %i and throws the typed error', async (status, body, ErrorClass, message) => {
    await serve([(res) => sendJson(res, status, body)]);
    const { engine, ctx } = setup();
    const error = await engine.request(ctx, { operation: 'orders.get', path: '/orders/42' }).catch((e) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error.message).toContain(message);
    expect(error.retryable).toBe(false);
    expect(error.status).toBe(status);
    expect(server?.requests).toHaveLength(1);
    await engine.close();
  });

  it('refreshes an exchanged token once on 401 and retries with the new one', async () => {
    let issued = 0;
    server = await startLocalHttpServer((req, res) => {
      if (req.url === '/token') {
        issued += 1;
        expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
        return sendJson(res, 200, { access_token: `tok-${issued}`, expires_in: 3600 });
      }
      if (req.headers['x-access-token'] === 'tok-1')
        return sendJson(res, 401, { errors: [{ code: 'Unauthorized' }] });
      sendJson(res, 200, { token: req.headers['x-access-token'] });
    });
    const TokenResponse = z.object({ access_token: z.string(), expires_in: z.number() });
    const connector = testConnector({
      // One slot only: the token exchange must not wait for the slot of the request it authorises.
      rateLimit: { kind: 'fixed', maxConcurrent: 1, minTime: 0 },
      auth: tokenExchangeAuth<z.infer<typeof Credentials>>({
        exchange: async (ctx) => {
          const res = await ctx.exchange({
            operation: 'token',
            method: 'POST',
            url: `${ctx.credentials.baseUrl}/token`,
            form: { grant_type: 'refresh_token', refresh_token: ctx.credentials.token },
          });
          const body = TokenResponse.parse(res.body);
          return { token: body.access_token, expiresInSeconds: body.expires_in };
        },
        apply: (token) => ({ headers: { 'x-access-token': token } }),
      }),
    });
    const { engine, ctx } = setup(connector);
    const first = await engine.request(ctx, { operation: 'orders', path: '/orders' });
    expect(first.body).toEqual({ token: 'tok-2' });
    // The refreshed token is cached: no third exchange.
    await engine.request(ctx, { operation: 'orders', path: '/orders' });
    expect(issued).toBe(2);
    await engine.close();
  });

  it('fails with AuthError when a refreshed token is rejected again', async () => {
    server = await startLocalHttpServer((req, res) =>
      req.url === '/token'
        ? sendJson(res, 200, { t: 'x' })
        : sendJson(res, 401, { errors: 'Invalid API key' }),
    );
    const connector = testConnector({
      auth: tokenExchangeAuth<z.infer<typeof Credentials>>({
        exchange: async () => ({ token: 'x', expiresInSeconds: 3600 }),
        apply: (token) => ({ headers: { 'x-access-token': token } }),
      }),
    });
    const { engine, ctx } = setup(connector);
    const error = await engine.request(ctx, { operation: 'orders', path: '/orders' }).catch((e) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(server?.requests.filter((r) => r.url === '/orders')).toHaveLength(2);
    await engine.close();
  });

  it('decodes integers beyond 2^53 as exact strings when the connector asks for it', async () => {
    server = await startLocalHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":820982911946154508,"total":"19.90","qty":2,"rate":0.06}');
    });
    const { engine, ctx } = setup(testConnector({ json: 'json-bigint-safe' }));
    const response = await engine.request(ctx, { operation: 'order', path: '/order' });
    expect(response.body).toEqual({ id: '820982911946154508', total: '19.90', qty: 2, rate: 0.06 });
    await engine.close();
  });

  it('fails an unparsable success body as invalid_payload without retrying', async () => {
    server = await startLocalHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>login</html>');
    });
    const { engine, ctx } = setup();
    const error = await engine.request(ctx, { operation: 'orders', path: '/orders' }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect(server?.requests).toHaveLength(1);
    await engine.close();
  });

  it('lets a platform classifier turn a throttled HTTP 200 into a retry', async () => {
    await serve([
      (res) => sendJson(res, 200, { errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }] }),
      (res) => sendJson(res, 200, { data: { shop: { name: 'x' } } }),
    ]);
    const connector = testConnector({
      classify: (outcome) => {
        if (outcome.kind !== 'response') return undefined;
        const parsed = z
          .object({ errors: z.array(z.object({ extensions: z.object({ code: z.string() }) })) })
          .safeParse(outcome.response.body);
        return parsed.success && parsed.data.errors.some((e) => e.extensions.code === 'THROTTLED')
          ? { action: 'rate_limited', errorClass: 'rate_limited', reason: 'THROTTLED', waitMs: 300 }
          : undefined;
      },
    });
    const { engine, ctx, clock } = setup(connector);
    const response = await engine.request(ctx, {
      operation: 'shop',
      method: 'POST',
      path: '/graphql',
      body: { query: '{shop{name}}' },
    });
    expect(response.body).toEqual({ data: { shop: { name: 'x' } } });
    expect(clock.sleeps).toEqual([299]);
    expect(server?.requests[0]?.body).toBe('{"query":"{shop{name}}"}');
    await engine.close();
  });

  it('rejects invalid credentials on connect without echoing them', () => {
    const engine = createConnectorEngine();
    expect(() =>
      engine.connect(testConnector(), { id: 'sto_1', credentials: { baseUrl: 'x', token: 42 } }),
    ).toThrow(/invalid credentials: token/);
  });
});

describe('engine.fetchFor', () => {
  it('gives SDK clients a fetch that goes through retries and returns a Response', async () => {
    await serve([
      (res) => sendJson(res, 503, {}),
      (res) => sendJson(res, 200, { data: 1 }, { 'x-extra': 'yes' }),
    ]);
    const { engine, ctx } = setup();
    const fetchLike = engine.fetchFor(ctx, { operation: 'graphql' });
    const response = await fetchLike(`${server?.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{x}"}',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-extra')).toBe('yes');
    expect(await response.json()).toEqual({ data: 1 });
    expect(server?.requests[1]?.body).toBe('{"query":"{x}"}');
    expect(server?.requests[1]?.headers.authorization).toBe('Bearer t0k');
    await engine.close();
  });

  it('accepts a Request object with its own body and headers', async () => {
    await serve([(res) => sendJson(res, 200, { ok: true })]);
    const { engine, ctx } = setup();
    const fetchLike = engine.fetchFor(ctx);
    const response = await fetchLike(
      new Request(`${server?.url}/graphql`, {
        method: 'POST',
        body: '{"q":1}',
        headers: { 'x-client': 'sdk' },
      }),
    );
    expect(response.ok).toBe(true);
    expect(server?.requests[0]).toMatchObject({ method: 'POST', body: '{"q":1}' });
    expect(server?.requests[0]?.headers['x-client']).toBe('sdk');
    await engine.close();
  });
});

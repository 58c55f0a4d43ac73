import { DatabaseUnavailableError } from '@cartwire/storage';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { createRoute, z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../testing/test-gateway';
import type { AppEnv } from './app-env';
import { createRouter } from './create-router';

const echoRoute = createRoute({
  method: 'post',
  path: '/test/echo',
  request: {
    query: z.object({ limit: z.coerce.number().int().max(250).optional() }),
    body: {
      content: {
        'application/json': {
          schema: z.object({
            email: z.email(),
            items: z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive() })),
          }),
        },
      },
    },
  },
  responses: { 200: { description: 'echo' } },
});

/** Routes that exist only to exercise the shared error handling. */
function testRouter() {
  return createRouter<AppEnv>()
    .openapi(echoRoute, (c) => c.json(c.req.valid('json'), 200))
    .get('/test/crash', () => {
      throw new Error('connection string postgres://admin:hunter2@db leaked');
    })
    .get('/test/database-down', () => {
      throw new DatabaseUnavailableError('The postgres database did not answer');
    });
}

describe.each(testDatabases())('problem+json on $name', ({ create }) => {
  let database: TestDatabase;
  // One database per file (PGlite start-up dominates); each test builds its own tenant and app.
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database.close();
  });

  async function setup(config?: { requestBodyLimitBytes: number }) {
    const built = await buildTestApp(database, { config });
    built.app.route('/', testRouter());
    return built;
  }

  it('answers an unknown route with a 404 problem carrying the request id', async () => {
    const { app } = await setup();
    const response = await app.request('/nope', { headers: { 'x-request-id': 'trace-42' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('cartwire-request-id')).toBe('trace-42');
    expect(await response.json()).toEqual({
      type: 'https://cartwire.dev/problems/not_found',
      title: 'Not found',
      status: 404,
      detail: 'No route for GET /nope.',
      instance: '/nope',
      code: 'not_found',
      request_id: 'trace-42',
    });
  });

  it('generates a request id when the caller sends none (or an unsafe one)', async () => {
    const { app } = await setup();
    const plain = await app.request('/healthz');
    expect(plain.headers.get('cartwire-request-id')).toMatch(/^req_[\w-]{16}$/);
    const unsafe = await app.request('/healthz', {
      headers: { 'cartwire-request-id': '<script>alert(1)</script>' },
    });
    expect(unsafe.headers.get('cartwire-request-id')).toMatch(/^req_/);
  });

  it('lists every failing field of an invalid request', async () => {
    const { app } = await setup();
    const response = await app.request('/test/echo?limit=900', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'not-an-email',
        items: [
          { sku: '', quantity: 1 },
          { sku: 'A', quantity: 0 },
        ],
      }),
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: unknown[] };
    expect(problem).toMatchObject({ code: 'validation_failed', status: 400, instance: '/test/echo' });
    // The query is validated first; the body's fields come with a second request.
    expect(problem.errors).toEqual([
      { in: 'query', path: 'limit', message: expect.any(String), code: 'too_big' },
    ]);

    const bodyErrors = await app.request('/test/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'not-an-email',
        items: [
          { sku: '', quantity: 1 },
          { sku: 'A', quantity: 0 },
        ],
      }),
    });
    const listed = ((await bodyErrors.json()) as { errors: unknown }).errors as {
      in: string;
      path: string;
      code: string;
    }[];
    expect(listed.map(({ in: location, path, code }) => ({ location, path, code }))).toEqual([
      { location: 'body', path: 'email', code: 'invalid_format' },
      { location: 'body', path: 'items.0.sku', code: 'too_small' },
      { location: 'body', path: 'items.1.quantity', code: 'too_small' },
    ]);
  });

  it('says when the body is not JSON at all', async () => {
    const { app } = await setup();
    const response = await app.request('/test/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'invalid_json' });
  });

  it('refuses a body over the limit with 413', async () => {
    const { app } = await setup({ requestBodyLimitBytes: 64 });
    const response = await app.request('/test/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.co', items: [], padding: 'x'.repeat(200) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      code: 'payload_too_large',
      detail: 'Request bodies are limited to 64 bytes.',
    });
  });

  it('turns an unexpected error into a 500 without internals, logged with the request id', async () => {
    const { app, logLines } = await setup();
    const response = await app.request('/test/crash', { headers: { 'cartwire-request-id': 'crash-1' } });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('Error');
    expect(JSON.parse(text)).toMatchObject({ code: 'internal_error', request_id: 'crash-1' });
    const logged = logLines.find((line) => line.msg === 'request failed');
    expect(logged).toMatchObject({ level: 'error', requestId: 'crash-1' });
    expect(JSON.stringify(logged)).toContain('leaked');
  });

  it('answers a lost database with a retryable 503', async () => {
    const { app } = await setup();
    const response = await app.request('/test/database-down');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toMatchObject({ code: 'service_unavailable' });
  });

  it('writes one access log line per request', async () => {
    const { app, logLines } = await setup();
    await app.request('/healthz', { headers: { 'cartwire-request-id': 'acc-1' } });
    expect(logLines.filter((line) => line.msg === 'request')).toEqual([
      expect.objectContaining({ requestId: 'acc-1', method: 'GET', path: '/healthz', status: 200 }),
    ]);
  });
});

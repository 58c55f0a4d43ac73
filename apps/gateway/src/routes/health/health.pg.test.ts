import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../testing/test-gateway';

describe.each(testDatabases())('health on $name', ({ create }) => {
  let database: TestDatabase;
  // One database per file (PGlite start-up dominates); each test builds its own tenant and app.
  beforeAll(async () => {
    database = await create();
  });
  let closed = false;
  afterAll(async () => {
    if (!closed) await database.close();
  });

  it('GET /healthz answers without credentials', async () => {
    const { app } = await buildTestApp(database);
    const response = await app.request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz reports the database', async () => {
    const { app } = await buildTestApp(database);
    const response = await app.request('/readyz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', checks: { database: 'ok' } });
  });

  // Last in the file: it closes the shared database.
  it('GET /readyz is a 503 problem once the database is gone, while /healthz stays up', async () => {
    const { app } = await buildTestApp(database);
    await database.close();
    closed = true;
    const response = await app.request('/readyz');
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({
      type: 'https://cartwire.dev/problems/service_unavailable',
      status: 503,
      code: 'service_unavailable',
      instance: '/readyz',
      checks: { database: 'unavailable' },
    });
    expect((await app.request('/healthz')).status).toBe(200);
  });
});

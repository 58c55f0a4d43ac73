import { readFile } from 'node:fs/promises';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../testing/test-gateway';
import { OPENAPI_FILE, renderOpenApiJson } from './generate';

interface Operation {
  security?: unknown;
  responses: Record<string, { content: Record<string, unknown> }>;
}
interface OpenApiDocument {
  openapi: string;
  info: { title: string };
  servers: unknown[];
  components: { securitySchemes: Record<string, unknown> };
  paths: Record<string, Record<string, Operation>>;
}

describe.each(testDatabases())('/openapi.json and /docs on $name', ({ create }) => {
  let database: TestDatabase;
  // One database per file (PGlite start-up dominates); each test builds its own tenant and app.
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database.close();
  });

  it('is committed up to date in openapi/openapi.json (run `npm run openapi -w @cartwire/gateway` when this fails)', async () => {
    const { app } = await buildTestApp(database);
    const committed = await readFile(OPENAPI_FILE, 'utf8').catch(() => '(missing)');
    expect(committed).toBe(renderOpenApiJson(app));
  });

  it('serves an OpenAPI 3.1 document with the bearer scheme and the registered routes', async () => {
    const { app } = await buildTestApp(database);
    const response = await app.request('/openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as OpenApiDocument;
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toBe('Cartwire API');
    expect(document.servers).toEqual([expect.objectContaining({ url: 'http://localhost:8787' })]);
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/readyz', '/v1/tenant']),
    );
    expect(document.paths['/v1/tenant']?.get?.security).toEqual([{ bearerAuth: [] }]);
    expect(
      document.paths['/v1/tenant']?.get?.responses['401']?.content['application/problem+json'],
    ).toBeDefined();
    // Served and committed documents are the same document.
    expect(document).toEqual(JSON.parse(await readFile(OPENAPI_FILE, 'utf8')));
  });

  it('serves the reference page and its script from this server, not a CDN', async () => {
    const { app } = await buildTestApp(database);
    const page = await app.request('/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<script src="/docs/scalar.js"');
    expect(html).toContain('/openapi.json');
    // "Try it" targets the gateway that served the page.
    expect(html).toContain('"url": "http://localhost"');
    expect(html).not.toMatch(/https?:\/\/(cdn|fonts)\./);
    const script = await app.request('/docs/scalar.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect((await script.text()).length).toBeGreaterThan(100_000);
    const gzipped = await app.request('/docs/scalar.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
  });
});

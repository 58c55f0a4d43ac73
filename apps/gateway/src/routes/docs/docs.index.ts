import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import { compress } from 'hono/compress';
import type { AppEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import { BEARER_SECURITY_SCHEME, buildOpenApiDocument } from '../../openapi/document';

const SCALAR_BUNDLE_PATH = '/docs/scalar.js';

/**
 * The Scalar standalone bundle ships inside @scalar/api-reference but is not in its exports map, so
 * it is located next to the package's resolved entry. Served from here, /docs needs no CDN.
 */
function scalarBundleFile(): string {
  const entry = createRequire(import.meta.url).resolve('@scalar/api-reference');
  return path.join(path.dirname(entry), 'browser', 'standalone.js');
}

/**
 * `/openapi.json` (the document generated from the registered routes) and `/docs` (interactive
 * reference that loads nothing from the internet: no CDN, no web fonts, no telemetry).
 */
export function createDocsRouter(documentOf: OpenAPIHono<AppEnv>) {
  let bundle: Promise<Buffer> | undefined;
  const router = createRouter<AppEnv>();
  router.get('/openapi.json', (c) => c.json(buildOpenApiDocument(documentOf)));
  // 4 MB of JavaScript: gzip brings it under 1 MB for browsers that ask.
  router.get(SCALAR_BUNDLE_PATH, compress(), async (c) => {
    bundle ??= readFile(scalarBundleFile());
    const body = await bundle;
    return c.body(new Uint8Array(body), 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=86400',
    });
  });
  router.get(
    '/docs',
    // "Try it" goes to the server the page came from, whatever port or host it runs on.
    Scalar((c) => ({
      url: '/openapi.json',
      cdn: SCALAR_BUNDLE_PATH,
      pageTitle: 'Cartwire API reference',
      servers: [{ url: new URL(c.req.url).origin, description: 'This gateway' }],
      authentication: { preferredSecurityScheme: BEARER_SECURITY_SCHEME },
      withDefaultFonts: false,
      telemetry: false,
      agent: { disabled: true },
      mcp: { disabled: true },
      showDeveloperTools: 'never',
    })),
  );
  return router;
}

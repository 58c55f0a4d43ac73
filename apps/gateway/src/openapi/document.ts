import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';

export const BEARER_SECURITY_SCHEME = 'bearerAuth';

/** Top-level fields of the document; routes and schemas come from the routers' registry. */
export const OPENAPI_OBJECT = {
  openapi: '3.1.0',
  info: {
    title: 'Cartwire API',
    version: '0.1.0',
    description:
      'One normalized API across commerce platforms (Shopify, WooCommerce, Magento, Amazon). ' +
      'Authenticate with a secret API key: `Authorization: Bearer cw_test_…`. Errors are RFC 9457 ' +
      '`application/problem+json` with a stable `type` and `code`.',
    license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
  },
  servers: [{ url: 'http://localhost:8787', description: 'Local gateway (`npm start`)' }],
  tags: [
    { name: 'Operations', description: 'Health and readiness probes.' },
    { name: 'Tenant', description: 'The account an API key belongs to.' },
  ],
};

/** Registers what every document needs before routes reference it (the bearer scheme). */
export function registerOpenApiComponents<E extends Env>(app: OpenAPIHono<E>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', BEARER_SECURITY_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'cw_test_… | cw_live_…',
    description: 'A secret API key. Create one with `npm run cartwire -- keys:create --tenant <id>`.',
  });
}

export function buildOpenApiDocument<E extends Env>(app: OpenAPIHono<E>) {
  return app.getOpenAPI31Document(OPENAPI_OBJECT);
}

/** JSON with object keys sorted at every depth (arrays keep their order) so diffs stay minimal. */
export function stableStringify(value: unknown): string {
  const sortKeys = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(sortKeys);
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(
        Object.keys(node)
          .sort()
          .map((key) => [key, sortKeys((node as Record<string, unknown>)[key])]),
      );
    }
    return node;
  };
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

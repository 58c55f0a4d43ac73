import { createRoute, z } from '@hono/zod-openapi';
import { PROBLEM_CONTENT_TYPE, Problem } from '../../http/problem';
import { BEARER_SECURITY_SCHEME } from '../../openapi/document';

export const Tenant = z
  .object({
    id: z.string().openapi({ example: 'ten_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
    name: z.string().openapi({ example: 'Acme Retail Cloud' }),
    createdAt: z.iso.datetime().openapi({ description: 'ISO-8601 UTC.' }),
  })
  .openapi('Tenant', { description: 'The account that owns API keys, stores and their data.' });

export const WhoAmI = z
  .object({
    tenant: Tenant,
    apiKey: z.object({
      id: z.string().openapi({ example: 'key_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
      mode: z
        .enum(['test', 'live'])
        .openapi({ description: 'Whether this key is a `cw_test_` or `cw_live_` key.' }),
    }),
  })
  .openapi('WhoAmI');

const problem = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: Problem } },
});

export const getTenantRoute = createRoute({
  method: 'get',
  path: '/v1/tenant',
  tags: ['Tenant'],
  summary: 'Who am I: the tenant of the calling API key',
  security: [{ [BEARER_SECURITY_SCHEME]: [] }],
  responses: {
    200: { description: 'The tenant and the key used', content: { 'application/json': { schema: WhoAmI } } },
    401: problem('Missing, malformed, unknown or revoked API key'),
    429: problem('Rate limit exceeded for this API key'),
  },
});

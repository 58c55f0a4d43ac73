import { createRoute, z } from '@hono/zod-openapi';
import { PROBLEM_CONTENT_TYPE, Problem } from '../../http/problem';

export const Health = z
  .object({ status: z.literal('ok') })
  .openapi('Health', { description: 'The process is up and serving HTTP.' });

export const Readiness = z
  .object({
    status: z.literal('ready'),
    checks: z.object({ database: z.literal('ok') }),
  })
  .openapi('Readiness');

export const healthzRoute = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['Operations'],
  summary: 'Liveness: the process is up',
  description: 'Answers without touching any dependency; use it as a liveness probe.',
  responses: {
    200: { description: 'Up', content: { 'application/json': { schema: Health } } },
  },
});

export const readyzRoute = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['Operations'],
  summary: 'Readiness: the database answers',
  description: 'Pings the database; use it as a readiness probe (503 while the database is unreachable).',
  responses: {
    200: { description: 'Ready to serve', content: { 'application/json': { schema: Readiness } } },
    503: {
      description: 'A dependency is unavailable',
      content: { [PROBLEM_CONTENT_TYPE]: { schema: Problem } },
    },
  },
});

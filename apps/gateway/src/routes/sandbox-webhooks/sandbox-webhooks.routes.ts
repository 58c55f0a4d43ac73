import { createRoute, z } from '@hono/zod-openapi';
import { AUTHED_ERRORS, BEARER, json, listOf, problem } from '../shared/responses';

export const SandboxWebhookSummary = z
  .object({
    object: z.literal('sandbox_webhook'),
    id: z.string().openapi({
      description: 'Assigned on receipt, one per attempt: a retried event is received again under a new id.',
      example: 'whr_01jc9q3m2v8x7k4d5f6g7h8j9k',
    }),
    webhookId: z.string().nullable().openapi({
      description: 'The `webhook-id` header: the event’s id, the same on every attempt.',
      example: 'evt_01jc9q3m2v8x7k4d5f6g7h8j9k',
    }),
    type: z.string().nullable().openapi({ description: 'The body’s `type`.', example: 'order.paid' }),
    receivedAt: z.string().openapi({ example: '2026-12-07T10:00:00.000Z' }),
    verified: z.boolean().openapi({
      description: 'Whether the Standard Webhooks signature verified with the endpoint’s signing secrets.',
    }),
    failure: z.string().nullable().openapi({
      description: 'Why it did not verify; null when it did.',
      example: 'no signature matches the endpoint’s signing secret',
    }),
    status: z.number().int().openapi({
      description:
        'What the inspector answered: 204 verified, 401 not, 413 too large, 503 not subscribed yet.',
      example: 204,
    }),
    endpointId: z.string().openapi({
      description: 'The inspector’s webhook endpoint (`GET /v1/webhook-endpoints/{id}`).',
      example: 'we_01jc9q3m2v8x7k4d5f6g7h8j9k',
    }),
    size: z.number().int().openapi({ description: 'Bytes of the body.' }),
  })
  .openapi('SandboxWebhookSummary');

export const SandboxWebhook = SandboxWebhookSummary.extend({
  headers: z.array(z.object({ name: z.string(), value: z.string() })).openapi({
    description:
      'The headers a delivery is judged by, as received: webhook-id, webhook-timestamp, webhook-signature, ' +
      'user-agent, content-type, content-length.',
  }),
  body: z.unknown().openapi({
    description: 'The JSON body as parsed (the event envelope); null when it was not JSON.',
  }),
}).openapi('SandboxWebhook');

export const SandboxWebhooksQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
  cursor: z.string().min(1).max(200).optional().openapi({ description: 'From `next_cursor`.' }),
});

export const SandboxWebhookParam = z.object({
  deliveryId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'deliveryId', in: 'path' }, example: 'whr_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
});

const tags = ['Sandbox'];
const notRunning =
  'The sandbox webhook inspector is not running or not subscribed for this tenant (`npm start` with the ' +
  'sandbox on subscribes it for the development tenant)';

export const listSandboxWebhooksRoute = createRoute({
  method: 'get',
  path: '/v1/sandbox/webhooks',
  tags,
  summary: 'List deliveries the sandbox webhook inspector received',
  description:
    'Under `npm start` with the sandbox on, a local HTTP receiver on loopback is subscribed as one of the ' +
    'development tenant’s webhook endpoints for every event type. It verifies each delivery’s Standard ' +
    'Webhooks signature with the endpoint’s secret, as a subscriber would, and keeps the last 200 in memory. ' +
    'Newest first; only the tenant owning the inspector’s endpoint sees them.',
  security: BEARER,
  request: { query: SandboxWebhooksQuery },
  responses: {
    200: json(listOf(SandboxWebhookSummary, 'SandboxWebhookList'), 'A page of received deliveries'),
    ...AUTHED_ERRORS,
    404: problem(notRunning),
  },
});

export const getSandboxWebhookRoute = createRoute({
  method: 'get',
  path: '/v1/sandbox/webhooks/{deliveryId}',
  tags,
  summary: 'Get a received delivery with its headers and body',
  security: BEARER,
  request: { params: SandboxWebhookParam },
  responses: {
    200: json(SandboxWebhook, 'The delivery as received'),
    ...AUTHED_ERRORS,
    404: problem(`No such delivery (it keeps the last 200), or: ${notRunning}`),
  },
});

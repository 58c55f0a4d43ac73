import { EventTypePattern, IsoDateTime } from '@cartwire/model';
import { createRoute, z } from '@hono/zod-openapi';
import { IDEMPOTENCY_KEY_HEADER_DOC } from '../shared/idempotency';
import { AUTHED_ERRORS, BEARER, json, listOf, problem } from '../shared/responses';

const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(255).optional().openapi(IDEMPOTENCY_KEY_HEADER_DOC),
});

const StoreId = z.string().regex(/^sto_[0-9a-z]+$/, 'expected a store id (sto_…)');

export const WebhookEndpoint = z
  .object({
    object: z.literal('webhook_endpoint'),
    id: z.string().openapi({ example: 'we_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
    url: z.string().openapi({ example: 'https://example.com/webhooks/cartwire' }),
    description: z.string(),
    eventTypes: z.array(z.string()).openapi({
      description: 'Event types or wildcard patterns this endpoint receives.',
      example: ['order.*', 'cart.abandoned'],
    }),
    storeIds: z.array(z.string()).nullable().openapi({ description: 'Only these stores; null for all.' }),
    enabled: z.boolean(),
    disabledReason: z
      .enum(['manual', 'gone', 'failing'])
      .nullable()
      .openapi({
        description:
          'Why deliveries stopped: `manual` (through the API), `gone` (the endpoint answered 410), ' +
          '`failing` (no successful delivery for the configured period).',
      }),
    disabledAt: IsoDateTime.nullable(),
    failingSince: IsoDateTime.nullable().describe(
      'First failed attempt since the last success; null while deliveries succeed.',
    ),
    previousSecretExpiresAt: IsoDateTime.nullable().describe(
      'Until then deliveries are also signed with the secret before the last rotation.',
    ),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .openapi('WebhookEndpoint', {
    description:
      'A subscriber URL receiving signed events (Standard Webhooks). The secret is never returned.',
  });

export const WebhookEndpointWithSecret = WebhookEndpoint.extend({
  secret: z.string().openapi({
    description:
      'Signing secret (`whsec_` + base64), shown only in this response. Verify deliveries with any ' +
      'Standard Webhooks library.',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  }),
}).openapi('WebhookEndpointWithSecret');

export const DeliveryAttempt = z
  .object({
    attemptedAt: IsoDateTime,
    statusCode: z.number().int().nullable().openapi({ description: 'Null when no response arrived.' }),
    durationMs: z.number().int(),
    responseExcerpt: z.string().nullable().openapi({ description: 'First 1 KiB of the response body.' }),
    error: z.string().nullable().openapi({
      description:
        'Timeout, connection error, refused address or redirect; null when a response was accepted.',
    }),
    succeeded: z.boolean(),
  })
  .openapi('WebhookDeliveryAttempt');

export const WebhookDelivery = z
  .object({
    object: z.literal('webhook_delivery'),
    id: z.string().openapi({ example: 'dlv_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
    endpointId: z.string(),
    eventId: z.string().openapi({ description: 'Also the `webhook-id` header of every attempt.' }),
    eventType: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed', 'cancelled']).openapi({
      description:
        '`pending` (an attempt is scheduled), `succeeded`, `failed` (retries exhausted or 410), ' +
        '`cancelled` (the endpoint was disabled first).',
    }),
    attemptCount: z.number().int(),
    lastAttemptAt: IsoDateTime.nullable(),
    nextAttemptAt: IsoDateTime.nullable(),
    lastStatusCode: z.number().int().nullable(),
    createdAt: IsoDateTime,
    attempts: z.array(DeliveryAttempt).openapi({ description: 'Every attempt, oldest first.' }),
  })
  .openapi('WebhookDelivery');

export const WebhookEndpointList = listOf(WebhookEndpoint, 'WebhookEndpointList');
export const WebhookDeliveryList = listOf(WebhookDelivery, 'WebhookDeliveryList');

export const CreateWebhookEndpointBody = z
  .object({
    url: z
      .url()
      .max(2000)
      .openapi({
        description:
          'https URL (http only in development). Loopback, link-local and private addresses are refused, ' +
          'also after DNS resolution, unless CARTWIRE_ALLOW_PRIVATE_WEBHOOK_URLS=1.',
      }),
    eventTypes: z
      .array(EventTypePattern)
      .min(1)
      .max(100)
      .openapi({ example: ['order.*'] }),
    storeIds: z.array(StoreId).min(1).max(100).nullable().optional(),
    description: z.string().max(500).optional(),
    enabled: z.boolean().optional(),
  })
  .openapi('CreateWebhookEndpoint');

export const UpdateWebhookEndpointBody = z
  .object({
    url: z.url().max(2000),
    eventTypes: z.array(EventTypePattern).min(1).max(100),
    storeIds: z.array(StoreId).min(1).max(100).nullable(),
    description: z.string().max(500),
    enabled: z
      .boolean()
      .openapi({ description: 'Re-enabling clears the disabled reason and failing period.' }),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'give at least one field')
  .openapi('UpdateWebhookEndpoint');

export const RotateSecretBody = z
  .object({
    overlapSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3600)
      .default(24 * 3600)
      .openapi({
        description: 'How long the current secret keeps signing next to the new one. 0 ends it now.',
      }),
  })
  .openapi('RotateWebhookSecret');

export const ReplayBody = z
  .object({
    since: IsoDateTime.describe('Re-deliver every matching event recorded at or after this time.'),
  })
  .openapi('ReplayWebhookEvents');

export const Replay = z
  .object({
    object: z.literal('webhook_replay'),
    endpointId: z.string(),
    since: IsoDateTime,
    scheduled: z.number().int().openapi({ description: 'Deliveries scheduled.' }),
  })
  .openapi('WebhookReplay');

export const EndpointIdParam = z.object({
  endpointId: z
    .string()
    .min(1)
    .openapi({ param: { name: 'endpointId', in: 'path' }, example: 'we_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
});

const ListQuery = z.object({
  cursor: z.string().min(1).optional().openapi({ description: '`next_cursor` of the previous page.' }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const ListDeliveriesQuery = ListQuery.extend({
  status: z.enum(['pending', 'succeeded', 'failed', 'cancelled']).optional(),
});

const tags = ['Webhooks'];
const notFound = { 404: problem('No such webhook endpoint for this tenant') };
const disabled = { 409: problem('The endpoint is disabled') };

export const createEndpointRoute = createRoute({
  method: 'post',
  path: '/v1/webhook-endpoints',
  tags,
  summary: 'Create a webhook endpoint',
  description:
    'Subscribes a URL to events. The response carries the signing secret once. Events recorded after ' +
    'creation are delivered; earlier ones only through a replay.',
  security: BEARER,
  request: {
    headers: IdempotencyHeaders,
    body: { content: { 'application/json': { schema: CreateWebhookEndpointBody } }, required: true },
  },
  responses: {
    201: json(WebhookEndpointWithSecret, 'Created; keep the secret'),
    ...AUTHED_ERRORS,
    422: problem('The Idempotency-Key was used for another request'),
  },
});

export const listEndpointsRoute = createRoute({
  method: 'get',
  path: '/v1/webhook-endpoints',
  tags,
  summary: 'List webhook endpoints',
  security: BEARER,
  request: { query: ListQuery },
  responses: { 200: json(WebhookEndpointList, 'Oldest first'), ...AUTHED_ERRORS },
});

export const getEndpointRoute = createRoute({
  method: 'get',
  path: '/v1/webhook-endpoints/{endpointId}',
  tags,
  summary: 'Get a webhook endpoint',
  security: BEARER,
  request: { params: EndpointIdParam },
  responses: { 200: json(WebhookEndpoint, 'The endpoint'), ...AUTHED_ERRORS, ...notFound },
});

export const updateEndpointRoute = createRoute({
  method: 'patch',
  path: '/v1/webhook-endpoints/{endpointId}',
  tags,
  summary: 'Update a webhook endpoint',
  security: BEARER,
  request: {
    params: EndpointIdParam,
    body: { content: { 'application/json': { schema: UpdateWebhookEndpointBody } }, required: true },
  },
  responses: { 200: json(WebhookEndpoint, 'The updated endpoint'), ...AUTHED_ERRORS, ...notFound },
});

export const deleteEndpointRoute = createRoute({
  method: 'delete',
  path: '/v1/webhook-endpoints/{endpointId}',
  tags,
  summary: 'Delete a webhook endpoint',
  description: 'Stops deliveries at once; its delivery log is deleted with it.',
  security: BEARER,
  request: { params: EndpointIdParam },
  responses: { 204: { description: 'Deleted' }, ...AUTHED_ERRORS, ...notFound },
});

export const rotateSecretRoute = createRoute({
  method: 'post',
  path: '/v1/webhook-endpoints/{endpointId}/rotate-secret',
  tags,
  summary: 'Rotate the signing secret',
  description:
    'Issues a new secret (returned once). During the overlap every delivery carries two signatures in ' +
    '`webhook-signature`, one per secret, so receivers can switch without dropping events.',
  security: BEARER,
  request: {
    params: EndpointIdParam,
    body: { content: { 'application/json': { schema: RotateSecretBody } }, required: false },
  },
  responses: { 200: json(WebhookEndpointWithSecret, 'The new secret'), ...AUTHED_ERRORS, ...notFound },
});

export const testEndpointRoute = createRoute({
  method: 'post',
  path: '/v1/webhook-endpoints/{endpointId}/test',
  tags,
  summary: 'Send a test event',
  description: 'Records a `webhook.test` event and delivers it to this endpoint only.',
  security: BEARER,
  request: { params: EndpointIdParam },
  responses: {
    202: json(WebhookDelivery, 'The scheduled delivery'),
    ...AUTHED_ERRORS,
    ...notFound,
    409: problem('The endpoint is disabled, or the tenant has no store yet'),
  },
});

export const listDeliveriesRoute = createRoute({
  method: 'get',
  path: '/v1/webhook-endpoints/{endpointId}/deliveries',
  tags,
  summary: 'List deliveries with every attempt',
  security: BEARER,
  request: { params: EndpointIdParam, query: ListDeliveriesQuery },
  responses: { 200: json(WebhookDeliveryList, 'Newest first'), ...AUTHED_ERRORS, ...notFound },
});

export const replayRoute = createRoute({
  method: 'post',
  path: '/v1/webhook-endpoints/{endpointId}/replay',
  tags,
  summary: 'Replay events since a time',
  description:
    'Schedules a delivery of every event recorded at or after `since` that matches the endpoint’s ' +
    'filters, including events already delivered (same `webhook-id`, so receivers can deduplicate).',
  security: BEARER,
  request: {
    params: EndpointIdParam,
    body: { content: { 'application/json': { schema: ReplayBody } }, required: true },
  },
  responses: { 202: json(Replay, 'Scheduled'), ...AUTHED_ERRORS, ...notFound, ...disabled },
});

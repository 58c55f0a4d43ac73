import { createRoute, z } from '@hono/zod-openapi';
import { AUTHED_ERRORS, BEARER, json, problem } from '../shared/responses';
import { WebhookDelivery } from '../webhook-endpoints/webhook-endpoints.routes';

export const DeliveryIdParam = z.object({
  deliveryId: z
    .string()
    .min(1)
    .openapi({ param: { name: 'deliveryId', in: 'path' }, example: 'dlv_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
});

const tags = ['Webhooks'];
const notFound = { 404: problem('No such delivery for this tenant') };

export const getDeliveryRoute = createRoute({
  method: 'get',
  path: '/v1/deliveries/{deliveryId}',
  tags,
  summary: 'Get a webhook delivery with every attempt',
  security: BEARER,
  request: { params: DeliveryIdParam },
  responses: { 200: json(WebhookDelivery, 'The delivery'), ...AUTHED_ERRORS, ...notFound },
});

export const retryDeliveryRoute = createRoute({
  method: 'post',
  path: '/v1/deliveries/{deliveryId}/retry',
  tags,
  summary: 'Retry a webhook delivery now',
  description:
    'One more attempt as soon as a worker is free, whatever the delivery’s state (a scheduled retry is ' +
    'brought forward). The `webhook-id` stays the event id.',
  security: BEARER,
  request: { params: DeliveryIdParam },
  responses: {
    202: json(WebhookDelivery, 'Scheduled'),
    ...AUTHED_ERRORS,
    ...notFound,
    409: problem('The delivery’s endpoint is disabled'),
  },
});

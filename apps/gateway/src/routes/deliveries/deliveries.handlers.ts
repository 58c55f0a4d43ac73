import type { RouteHandler } from '@hono/zod-openapi';
import type { AuthedEnv } from '../../http/app-env';
import type { WebhookEndpointService } from '../../outbound-webhooks/webhook-endpoint-service';
import { toWebhookDelivery } from '../webhook-endpoints/webhook-endpoints.mappers';
import type { getDeliveryRoute, retryDeliveryRoute } from './deliveries.routes';

export function createDeliveryHandlers(service: WebhookEndpointService) {
  const get: RouteHandler<typeof getDeliveryRoute, AuthedEnv> = async (c) => {
    const delivery = await service.getDelivery(c.var.auth.tenantId, c.req.valid('param').deliveryId);
    return c.json(toWebhookDelivery(delivery), 200);
  };
  const retry: RouteHandler<typeof retryDeliveryRoute, AuthedEnv> = async (c) => {
    const delivery = await service.retryDelivery(c.var.auth.tenantId, c.req.valid('param').deliveryId);
    return c.json(toWebhookDelivery(delivery), 202);
  };
  return { get, retry };
}

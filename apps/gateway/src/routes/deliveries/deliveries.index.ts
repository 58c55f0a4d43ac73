import type { AuthedEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import type { WebhookEndpointService } from '../../outbound-webhooks/webhook-endpoint-service';
import { createDeliveryHandlers } from './deliveries.handlers';
import { getDeliveryRoute, retryDeliveryRoute } from './deliveries.routes';

/** `/v1/deliveries`: one outbound webhook delivery, and manual retry. */
export function createDeliveriesRouter(service: WebhookEndpointService) {
  const handlers = createDeliveryHandlers(service);
  return createRouter<AuthedEnv>()
    .openapi(getDeliveryRoute, handlers.get)
    .openapi(retryDeliveryRoute, handlers.retry);
}

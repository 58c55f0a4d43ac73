import type { IdempotencyStore } from '@cartwire/storage';
import type { AuthedEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import type { WebhookEndpointService } from '../../outbound-webhooks/webhook-endpoint-service';
import { idempotent } from '../shared/idempotency';
import { createWebhookEndpointHandlers } from './webhook-endpoints.handlers';
import {
  createEndpointRoute,
  deleteEndpointRoute,
  getEndpointRoute,
  listDeliveriesRoute,
  listEndpointsRoute,
  replayRoute,
  rotateSecretRoute,
  testEndpointRoute,
  updateEndpointRoute,
} from './webhook-endpoints.routes';

/** `/v1/webhook-endpoints`: endpoint CRUD, secret rotation, test, delivery log and replay. */
export function createWebhookEndpointsRouter(service: WebhookEndpointService, idempotency: IdempotencyStore) {
  const handlers = createWebhookEndpointHandlers(service);
  const router = createRouter<AuthedEnv>();
  router.use('/v1/webhook-endpoints', idempotent(idempotency));
  return router
    .openapi(createEndpointRoute, handlers.create)
    .openapi(listEndpointsRoute, handlers.list)
    .openapi(getEndpointRoute, handlers.get)
    .openapi(updateEndpointRoute, handlers.update)
    .openapi(deleteEndpointRoute, handlers.remove)
    .openapi(rotateSecretRoute, handlers.rotate)
    .openapi(testEndpointRoute, handlers.test)
    .openapi(listDeliveriesRoute, handlers.deliveries)
    .openapi(replayRoute, handlers.replay);
}

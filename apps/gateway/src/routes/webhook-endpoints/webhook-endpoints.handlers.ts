import type { RouteHandler } from '@hono/zod-openapi';
import type { AuthedEnv } from '../../http/app-env';
import type { WebhookEndpointService } from '../../outbound-webhooks/webhook-endpoint-service';
import { toWebhookDelivery, toWebhookEndpoint } from './webhook-endpoints.mappers';
import type {
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

export function createWebhookEndpointHandlers(service: WebhookEndpointService) {
  const create: RouteHandler<typeof createEndpointRoute, AuthedEnv> = async (c) => {
    const { endpoint, secret } = await service.create(c.var.auth.tenantId, c.req.valid('json'));
    return c.json({ ...toWebhookEndpoint(endpoint), secret }, 201);
  };
  const list: RouteHandler<typeof listEndpointsRoute, AuthedEnv> = async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const page = await service.list(c.var.auth.tenantId, { limit, after: cursor });
    return c.json(
      {
        object: 'list' as const,
        data: page.items.map(toWebhookEndpoint),
        has_more: page.hasMore,
        next_cursor: page.hasMore ? (page.items.at(-1)?.id ?? null) : null,
      },
      200,
    );
  };
  const get: RouteHandler<typeof getEndpointRoute, AuthedEnv> = async (c) => {
    const endpoint = await service.get(c.var.auth.tenantId, c.req.valid('param').endpointId);
    return c.json(toWebhookEndpoint(endpoint), 200);
  };
  const update: RouteHandler<typeof updateEndpointRoute, AuthedEnv> = async (c) => {
    const endpoint = await service.update(
      c.var.auth.tenantId,
      c.req.valid('param').endpointId,
      c.req.valid('json'),
    );
    return c.json(toWebhookEndpoint(endpoint), 200);
  };
  const remove: RouteHandler<typeof deleteEndpointRoute, AuthedEnv> = async (c) => {
    await service.remove(c.var.auth.tenantId, c.req.valid('param').endpointId);
    return c.body(null, 204);
  };
  const rotate: RouteHandler<typeof rotateSecretRoute, AuthedEnv> = async (c) => {
    // The body is optional: an absent one means the default overlap.
    const body = (c.req.valid('json') as { overlapSeconds?: number } | undefined) ?? {};
    const { endpoint, secret } = await service.rotateSecret(
      c.var.auth.tenantId,
      c.req.valid('param').endpointId,
      body.overlapSeconds ?? 24 * 3600,
    );
    return c.json({ ...toWebhookEndpoint(endpoint), secret }, 200);
  };
  const test: RouteHandler<typeof testEndpointRoute, AuthedEnv> = async (c) => {
    const delivery = await service.sendTest(c.var.auth.tenantId, c.req.valid('param').endpointId);
    return c.json(toWebhookDelivery(delivery), 202);
  };
  const deliveries: RouteHandler<typeof listDeliveriesRoute, AuthedEnv> = async (c) => {
    const { limit, cursor, status } = c.req.valid('query');
    const page = await service.listDeliveries(c.var.auth.tenantId, c.req.valid('param').endpointId, {
      limit,
      before: cursor,
      status,
    });
    return c.json(
      {
        object: 'list' as const,
        data: page.items.map(toWebhookDelivery),
        has_more: page.hasMore,
        next_cursor: page.hasMore ? (page.items.at(-1)?.id ?? null) : null,
      },
      200,
    );
  };
  const replay: RouteHandler<typeof replayRoute, AuthedEnv> = async (c) => {
    const { endpointId } = c.req.valid('param');
    const since = new Date(c.req.valid('json').since);
    const scheduled = await service.replay(c.var.auth.tenantId, endpointId, since);
    return c.json(
      { object: 'webhook_replay' as const, endpointId, since: since.toISOString(), scheduled },
      202,
    );
  };
  return { create, list, get, update, remove, rotate, test, deliveries, replay };
}

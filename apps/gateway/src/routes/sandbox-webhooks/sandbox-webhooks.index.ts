import type { RouteHandler } from '@hono/zod-openapi';
import type { AuthedEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import { NotFoundError } from '../../http/problem';
import type { ReceivedWebhook, WebhookInspector } from '../../sandbox/webhook-inspector';
import { entriesAfterId, pageById } from '../shared/list-cursor';
import { getSandboxWebhookRoute, listSandboxWebhooksRoute } from './sandbox-webhooks.routes';

const NOT_RUNNING =
  'The sandbox webhook inspector is not running: it runs under `npm start` with the sandbox on ' +
  '(CARTWIRE_SANDBOX=0 turns it off). Subscribe your own endpoint with POST /v1/webhook-endpoints and ' +
  'see its deliveries at GET /v1/webhook-endpoints/{id}/deliveries.';
const NOT_SUBSCRIBED =
  'The sandbox webhook inspector is running but not subscribed yet: `npm start` subscribes it for the ' +
  'development tenant once the sandbox stores’ first backfill is done.';
const OTHER_TENANT =
  'The sandbox webhook inspector receives the development tenant’s deliveries only. Subscribe your own ' +
  'endpoint with POST /v1/webhook-endpoints and see its deliveries at GET /v1/webhook-endpoints/{id}/deliveries.';

function summary(entry: ReceivedWebhook, endpointId: string) {
  return {
    object: 'sandbox_webhook' as const,
    id: entry.id,
    webhookId: entry.webhookId,
    type: entry.type,
    receivedAt: entry.receivedAt.toISOString(),
    verified: entry.verified,
    failure: entry.failure,
    status: entry.status,
    endpointId,
    size: entry.size,
  };
}

/**
 * `/v1/sandbox/webhooks`: what the sandbox webhook inspector received, over the public API. The inspector
 * is one of the development tenant's webhook endpoints, so only the tenant owning that endpoint sees its
 * deliveries; any other tenant, and every tenant when no inspector runs, gets a 404 saying why. The routes
 * stay in the OpenAPI document either way.
 */
export function createSandboxWebhooksRouter(inspector: WebhookInspector | null) {
  /** The inspector's endpoint when the caller's tenant owns it; otherwise a 404 saying why not. */
  const ownEndpoint = (tenantId: string): string => {
    if (!inspector) throw new NotFoundError(NOT_RUNNING);
    const subscription = inspector.subscription();
    if (!subscription) throw new NotFoundError(NOT_SUBSCRIBED);
    if (subscription.tenantId !== tenantId) throw new NotFoundError(OTHER_TENANT);
    return subscription.endpointId;
  };

  const list: RouteHandler<typeof listSandboxWebhooksRoute, AuthedEnv> = async (c) => {
    const endpointId = ownEndpoint(c.var.auth.tenantId);
    const { limit, cursor } = c.req.valid('query');
    const rest = entriesAfterId(
      inspector?.list() ?? [],
      cursor,
      'delivery left the inspector (it keeps the last 200)',
    );
    const { page, has_more, next_cursor } = pageById(rest, limit);
    return c.json(
      {
        object: 'list' as const,
        data: page.map((entry) => summary(entry, endpointId)),
        has_more,
        next_cursor,
      },
      200,
    );
  };

  const get: RouteHandler<typeof getSandboxWebhookRoute, AuthedEnv> = async (c) => {
    const endpointId = ownEndpoint(c.var.auth.tenantId);
    const { deliveryId } = c.req.valid('param');
    const entry = inspector?.get(deliveryId);
    if (!entry) {
      throw new NotFoundError(
        `Delivery ${deliveryId} not found: the inspector keeps the last 200 it received, in memory.`,
      );
    }
    return c.json(
      {
        ...summary(entry, endpointId),
        headers: entry.headers.map((header) => ({ ...header })),
        body: entry.body,
      },
      200,
    );
  };

  return createRouter<AuthedEnv>()
    .openapi(listSandboxWebhooksRoute, list)
    .openapi(getSandboxWebhookRoute, get);
}

import type { DeliveryWithAttempts, WebhookEndpointRecord } from '@cartwire/storage';
import type { z } from '@hono/zod-openapi';
import type { WebhookDelivery, WebhookEndpoint } from './webhook-endpoints.routes';

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

export function toWebhookEndpoint(endpoint: WebhookEndpointRecord): z.infer<typeof WebhookEndpoint> {
  return {
    object: 'webhook_endpoint',
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes,
    storeIds: endpoint.storeIds,
    enabled: endpoint.enabled,
    disabledReason: endpoint.disabledReason,
    disabledAt: iso(endpoint.disabledAt),
    failingSince: iso(endpoint.failingSince),
    previousSecretExpiresAt: iso(endpoint.previousSecretExpiresAt),
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}

export function toWebhookDelivery(delivery: DeliveryWithAttempts): z.infer<typeof WebhookDelivery> {
  return {
    object: 'webhook_delivery',
    id: delivery.id,
    endpointId: delivery.endpointId,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    status: delivery.status,
    attemptCount: delivery.attemptCount,
    lastAttemptAt: iso(delivery.lastAttemptAt),
    nextAttemptAt: iso(delivery.nextAttemptAt),
    lastStatusCode: delivery.lastStatusCode,
    createdAt: delivery.createdAt.toISOString(),
    attempts: delivery.attempts.map((attempt) => ({
      attemptedAt: attempt.attemptedAt.toISOString(),
      statusCode: attempt.statusCode,
      durationMs: attempt.durationMs,
      responseExcerpt: attempt.responseExcerpt,
      error: attempt.error,
      succeeded: attempt.succeeded,
    })),
  };
}

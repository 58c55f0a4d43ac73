import { randomUUID } from 'node:crypto';
import { toJsonText } from './json-text';
import { shopifyWebhookHeaders } from './webhook-signature';
import type { ShopifyWebhookEvent, ShopifyWebhookTopic } from './webhook-topics';

/** One HTTP POST Shopify would make. Retries of it reuse the same headers (and webhook id). */
export interface ShopifyWebhookDelivery {
  url: string;
  topic: ShopifyWebhookTopic;
  headers: Record<string, string>;
  body: string;
}

/** Sends a delivery, retrying as it sees fit; rejects when it finally gives up. */
export type ShopifyWebhookTransport = (delivery: ShopifyWebhookDelivery) => Promise<void>;

export interface ShopifyWebhookSubscription {
  url: string;
  /** Topics to receive; all of them when omitted. */
  topics?: readonly ShopifyWebhookTopic[];
}

export interface DeliveryOutcome {
  delivery: ShopifyWebhookDelivery;
  ok: boolean;
  error?: unknown;
}

/**
 * Turns webhook events into signed deliveries for every matching subscription and hands them to
 * the transport. Outcomes are kept so callers (and tests) can see failed deliveries; nothing is
 * dropped silently.
 */
export function createWebhookDispatcher(options: {
  subscriptions: readonly ShopifyWebhookSubscription[];
  shopDomain: string;
  apiVersion: string;
  clientSecret: string;
  now: () => number;
  transport: ShopifyWebhookTransport;
}) {
  const pending = new Set<Promise<void>>();
  const outcomes: DeliveryOutcome[] = [];

  function dispatch(event: ShopifyWebhookEvent): ShopifyWebhookDelivery[] {
    const subscribers = options.subscriptions.filter(
      (subscription) => !subscription.topics || subscription.topics.includes(event.topic),
    );
    if (subscribers.length === 0) return [];
    const body = toJsonText(event.body);
    const eventId = randomUUID();
    const triggeredAt = new Date(options.now()).toISOString();
    return subscribers.map((subscription) => {
      const delivery: ShopifyWebhookDelivery = {
        url: subscription.url,
        topic: event.topic,
        body,
        headers: shopifyWebhookHeaders({
          topic: event.topic,
          shopDomain: options.shopDomain,
          apiVersion: options.apiVersion,
          rawBody: body,
          clientSecret: options.clientSecret,
          triggeredAt,
          eventId,
        }),
      };
      const sending = options.transport(delivery).then(
        () => {
          outcomes.push({ delivery, ok: true });
        },
        (error: unknown) => {
          outcomes.push({ delivery, ok: false, error });
        },
      );
      const tracked = sending.finally(() => pending.delete(tracked));
      pending.add(tracked);
      return delivery;
    });
  }

  return {
    dispatch,
    /** Resolves once every delivery started so far has succeeded or been given up on. */
    async flush(): Promise<void> {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    /** Finished deliveries, in completion order. */
    outcomes(): readonly DeliveryOutcome[] {
      return outcomes;
    },
  };
}

export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>;

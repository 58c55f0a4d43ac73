import { randomUUID } from 'node:crypto';
import type { WebhookSender } from '../http/webhook-sender';
import { toJsonText } from './json-text';
import { shopifyWebhookHeaders } from './webhook-signature';
import type { ShopifyWebhookEvent, ShopifyWebhookTopic } from './webhook-topics';

/** One HTTP POST Shopify would make; the sender's retries reuse its headers (and webhook id). */
export interface ShopifyWebhookDelivery {
  url: string;
  topic: ShopifyWebhookTopic;
  headers: Record<string, string>;
  body: string;
}

export interface ShopifyWebhookSubscription {
  url: string;
  /** Topics to receive; all of them when omitted. */
  topics?: readonly ShopifyWebhookTopic[];
}

/**
 * Turns webhook events into signed deliveries for every matching subscription and hands them to
 * the shared webhook sender, which retries, records every attempt and can be switched off.
 */
export function createWebhookDispatcher(options: {
  subscriptions: readonly ShopifyWebhookSubscription[];
  shopDomain: string;
  apiVersion: string;
  clientSecret: string;
  now: () => number;
  sender: WebhookSender;
}) {
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
      // The sender never rejects: failed deliveries stay in its log with every attempt.
      void options.sender.send({ url: delivery.url, headers: delivery.headers, body: delivery.body });
      return delivery;
    });
  }
  return { dispatch };
}

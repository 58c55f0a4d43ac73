import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/** `X-Shopify-Hmac-Sha256`: base64 HMAC-SHA256 of the raw body, keyed with the app's client secret. */
export function shopifyWebhookHmac(rawBody: string | Uint8Array, clientSecret: string): string {
  return createHmac('sha256', clientSecret).update(rawBody).digest('base64');
}

/** Constant-time check of an `X-Shopify-Hmac-Sha256` header against the raw body. */
export function verifyShopifyWebhookHmac(
  rawBody: string | Uint8Array,
  header: string,
  clientSecret: string,
): boolean {
  const expected = Buffer.from(shopifyWebhookHmac(rawBody, clientSecret), 'base64');
  const given = Buffer.from(header, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface ShopifyWebhookHeaderInput {
  topic: string;
  shopDomain: string;
  apiVersion: string;
  rawBody: string;
  clientSecret: string;
  triggeredAt: string;
  /** Stable across retries of one delivery. @default a random UUID */
  webhookId?: string;
  /** @default a random UUID */
  eventId?: string;
}

/** The header set Shopify sends with every HTTPS webhook delivery. */
export function shopifyWebhookHeaders(input: ShopifyWebhookHeaderInput): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'User-Agent': 'Shopify-Captain-Hook',
    'X-Shopify-Topic': input.topic,
    'X-Shopify-Hmac-Sha256': shopifyWebhookHmac(input.rawBody, input.clientSecret),
    'X-Shopify-Shop-Domain': input.shopDomain,
    'X-Shopify-API-Version': input.apiVersion,
    'X-Shopify-Webhook-Id': input.webhookId ?? randomUUID(),
    'X-Shopify-Triggered-At': input.triggeredAt,
    'X-Shopify-Event-Id': input.eventId ?? randomUUID(),
  };
}

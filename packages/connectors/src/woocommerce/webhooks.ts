import { signHmac, verifyHmacSignature } from '../engine/webhooks/hmac-signature';
import type {
  WebhookDefinition,
  WebhookInput,
  WebhookTopicDefinition,
  WebhookVerification,
} from '../engine/webhooks/webhook-types';

const SIGNATURE_HEADER = 'x-wc-webhook-signature';
const TOPIC_HEADER = 'x-wc-webhook-topic';
const DELIVERY_HEADER = 'x-wc-webhook-delivery-id';

/** `base64(HMAC-SHA256(raw body, secret))`, as WooCommerce signs deliveries. */
export function wooWebhookSignature(rawBody: Uint8Array | string, secret: string): string {
  return signHmac(rawBody, secret, { algorithm: 'sha256', encoding: 'base64' });
}

/** Checks `X-WC-Webhook-Signature` against the raw bytes, in constant time. */
export function verifyWooWebhook(input: WebhookInput & { secret: string }): WebhookVerification {
  return verifyHmacSignature({
    rawBody: input.rawBody,
    signature: input.headers.get(SIGNATURE_HEADER),
    secret: input.secret,
    algorithm: 'sha256',
    encoding: 'base64',
  });
}

/**
 * The ping WooCommerce sends when a webhook is created: a form body `webhook_id=N`, without topic or
 * signature headers. It must be answered 200 or creating the webhook fails.
 */
export function isWooWebhookPing(input: WebhookInput): boolean {
  if (input.headers.get(TOPIC_HEADER) !== null) return false;
  const body = Buffer.from(input.rawBody).toString('utf8').trim();
  return /^webhook_id=\d+$/.test(body);
}

const upsert = (entity: WebhookTopicDefinition['entity'], stream: string): WebhookTopicDefinition => ({
  entity,
  action: 'upsert',
  stream,
});
const remove = (entity: WebhookTopicDefinition['entity']): WebhookTopicDefinition => ({
  entity,
  action: 'delete',
});

/**
 * Topic → normalized entity. `*.deleted` bodies are `{ "id": N }`. Product topics also fire for
 * variations, and a product body lacks its variations and the shop currency: the products stream's
 * mapper refuses such bodies with IncompleteProductError, and the caller reads the product with the
 * `fetchProduct` action instead. Coupon and `action.*` topics have no normalized entity.
 */
export const WOO_WEBHOOK_TOPICS: Record<string, WebhookTopicDefinition> = {
  'order.created': upsert('order', 'orders'),
  'order.updated': upsert('order', 'orders'),
  'order.restored': upsert('order', 'orders'),
  'order.deleted': remove('order'),
  'product.created': upsert('product', 'products'),
  'product.updated': upsert('product', 'products'),
  'product.restored': upsert('product', 'products'),
  'product.deleted': remove('product'),
  'customer.created': upsert('customer', 'customers'),
  'customer.updated': upsert('customer', 'customers'),
  'customer.deleted': remove('customer'),
};

/**
 * Wraps a webhook body as the record its stream reads: the order without refund detail, the product
 * without variations or currency. Customer and delete bodies are used as they are.
 */
export function wooWebhookRecord(body: unknown, topic: string): unknown {
  if (topic.endsWith('.deleted')) return body;
  if (topic.startsWith('order.')) return { order: body, refundDetails: null };
  if (topic.startsWith('product.')) return { product: body, variations: null, currency: null };
  return body;
}

export const wooWebhooks: WebhookDefinition = {
  verify: verifyWooWebhook,
  topic: (input) => input.headers.get(TOPIC_HEADER),
  deliveryId: (input) => input.headers.get(DELIVERY_HEADER),
  isPing: isWooWebhookPing,
  topics: WOO_WEBHOOK_TOPICS,
  record: wooWebhookRecord,
  // WooCommerce ids are 32/64-bit post ids well below 2^53; floats such as line prices stay numbers.
  parse: 'json',
};

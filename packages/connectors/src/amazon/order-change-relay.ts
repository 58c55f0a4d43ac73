import { signHmac, verifyHmacSignature } from '../engine/webhooks/hmac-signature';
import type { WebhookDefinition, WebhookInput } from '../engine/webhooks/webhook-types';

/**
 * Header of a relayed ORDER_CHANGE notification: base64 HMAC-SHA256 of the exact SQS message body,
 * keyed with the store's `notificationSecret`.
 */
export const AMAZON_RELAY_SIGNATURE_HEADER = 'x-cartwire-relay-hmac-sha256';

/** The notification type Cartwire acts on; others are acknowledged and dropped. */
const ORDER_CHANGE = 'ORDER_CHANGE';

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * The headers a relay sends with an SQS message body it forwards (`body` exactly as SQS delivered it).
 *
 * @example
 * // An SQS consumer (e.g. a Lambda on the notification queue), per message:
 * await fetch(`${gateway}/webhooks/amazon/${storeId}`, {
 *   method: 'POST', body: message.body, headers: amazonRelayHeaders(message.body, notificationSecret),
 * });
 */
export function amazonRelayHeaders(body: Uint8Array | string, secret: string): Record<string, string> {
  return { 'content-type': 'application/json', [AMAZON_RELAY_SIGNATURE_HEADER]: signHmac(body, secret) };
}

function notificationType(input: WebhookInput): string | null {
  try {
    const type = field(JSON.parse(new TextDecoder().decode(input.rawBody)), 'NotificationType');
    return typeof type === 'string' ? type : null;
  } catch {
    return null;
  }
}

/**
 * Amazon delivers notifications to an SQS queue, unsigned (the queue policy is the trust boundary),
 * and SQS is pulled, never pushed: something the seller runs must read the queue. That relay
 * forwards each message body to `POST /webhooks/amazon/{storeId}` signed with the store's
 * `notificationSecret` (`amazonRelayHeaders`), which is what is verified here, in constant time, on
 * the raw bytes. ORDER_CHANGE names an order, not its contents: the receiver re-reads the order
 * streams. Deduplicated on `NotificationMetadata.NotificationId` (SQS delivers at least once).
 */
export const amazonRelayWebhooks: WebhookDefinition = {
  verify: ({ rawBody, headers, secret }) =>
    verifyHmacSignature({ rawBody, secret, signature: headers.get(AMAZON_RELAY_SIGNATURE_HEADER) }),
  topic: notificationType,
  deliveryId(_input, body) {
    const id = field(field(body, 'NotificationMetadata'), 'NotificationId');
    return typeof id === 'string' && id !== '' ? id : null;
  },
  topics: { [ORDER_CHANGE]: { entity: 'order', action: 'upsert' } },
  record: (body) => {
    const orderId = field(field(field(body, 'Payload'), 'OrderChangeNotification'), 'AmazonOrderId');
    return { id: typeof orderId === 'string' ? orderId : null };
  },
  parse: 'json',
};

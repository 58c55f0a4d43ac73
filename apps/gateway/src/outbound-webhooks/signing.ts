import { createHmac } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/** The HMAC key of a `whsec_…` secret: the base64 after the prefix, decoded (Standard Webhooks). */
export function webhookSecretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return Buffer.from(encoded, 'base64');
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` for one secret. */
export function signatureFor(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', webhookSecretKey(secret))
    .update(`${id}.${timestampSeconds}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * The Standard Webhooks headers of one delivery. With several secrets (during a rotation overlap)
 * the signature header carries one space-separated signature per secret, current secret first.
 *
 * @example signWebhook({ id: 'evt_…', timestamp: new Date(), body, secrets: ['whsec_…'] })
 */
export function signWebhook(input: {
  id: string;
  timestamp: Date;
  body: string;
  secrets: readonly string[];
}): SignedHeaders {
  const seconds = Math.floor(input.timestamp.getTime() / 1000);
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(seconds),
    'webhook-signature': input.secrets
      .map((secret) => signatureFor(secret, input.id, seconds, input.body))
      .join(' '),
  };
}

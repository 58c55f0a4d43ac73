import { createHmac, timingSafeEqual } from 'node:crypto';

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

/** Standard Webhooks' default: a delivery signed more than 5 minutes away from now is refused (replays). */
export const DEFAULT_TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

/** Whether a delivery is authentic, and if not, why (safe to show: it names no secret). */
export type WebhookVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Verifies a Standard Webhooks delivery as a subscriber does: the three headers present, the timestamp
 * within `toleranceSeconds` of `now`, and one `v1,` signature of the header list matching one of `secrets`
 * (several during a rotation overlap), compared in constant time.
 *
 * @example verifyWebhook({ headers: { 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': sig }, body, secrets: ['whsec_…'] })
 */
export function verifyWebhook(input: {
  /** Header values by lower-case name; absent ones undefined. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The raw body exactly as received. */
  body: string;
  secrets: readonly string[];
  /** @default new Date() */
  now?: Date;
  /** @default DEFAULT_TIMESTAMP_TOLERANCE_SECONDS */
  toleranceSeconds?: number;
}): WebhookVerdict {
  const id = input.headers['webhook-id'];
  const timestamp = input.headers['webhook-timestamp'];
  const signatures = input.headers['webhook-signature'];
  for (const [name, value] of [
    ['webhook-id', id],
    ['webhook-timestamp', timestamp],
    ['webhook-signature', signatures],
  ] as const) {
    if (value === undefined || value === '') return { ok: false, reason: `missing ${name} header` };
  }
  if (!/^\d{1,12}$/.test(timestamp as string)) {
    return { ok: false, reason: 'webhook-timestamp is not a number of seconds' };
  }
  const seconds = Number(timestamp);
  const nowSeconds = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const tolerance = input.toleranceSeconds ?? DEFAULT_TIMESTAMP_TOLERANCE_SECONDS;
  if (Math.abs(nowSeconds - seconds) > tolerance) {
    return {
      ok: false,
      reason: `webhook-timestamp is ${nowSeconds - seconds} s from now, more than the ${tolerance} s tolerated`,
    };
  }
  const given = (signatures as string)
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => Buffer.from(entry.slice(3), 'base64'));
  if (given.length === 0) return { ok: false, reason: 'webhook-signature has no v1 signature' };
  for (const secret of input.secrets) {
    const expected = Buffer.from(signatureFor(secret, id as string, seconds, input.body).slice(3), 'base64');
    if (given.some((mac) => mac.length === expected.length && timingSafeEqual(mac, expected))) {
      return { ok: true };
    }
  }
  return { ok: false, reason: "no signature matches the endpoint's signing secret" };
}

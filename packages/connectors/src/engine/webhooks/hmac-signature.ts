import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookVerification } from './webhook-types';

export interface HmacSignatureInput {
  rawBody: Uint8Array;
  /** The signature as sent, or null when the header was missing. */
  signature: string | null;
  secret: string;
  /** @default 'sha256' */
  algorithm?: 'sha256' | 'sha1';
  /** @default 'base64' */
  encoding?: 'base64' | 'hex';
}

/**
 * Verifies `encoding(HMAC(secret, rawBody))` against a signature header with a constant-time
 * compare (Shopify `X-Shopify-Hmac-Sha256`, WooCommerce `X-WC-Webhook-Signature`: both SHA-256,
 * base64, over the exact raw body bytes).
 */
export function verifyHmacSignature(input: HmacSignatureInput): WebhookVerification {
  if (input.secret === '') return { valid: false, reason: 'missing_secret' };
  if (input.signature === null || input.signature.trim() === '') {
    return { valid: false, reason: 'missing_signature' };
  }
  const encoding = input.encoding ?? 'base64';
  const expected = createHmac(input.algorithm ?? 'sha256', input.secret)
    .update(input.rawBody)
    .digest();
  const provided = Buffer.from(input.signature.trim(), encoding);
  // timingSafeEqual needs equal lengths; a length mismatch reveals nothing about the secret.
  const valid = provided.length === expected.length && timingSafeEqual(provided, expected);
  return valid ? { valid: true } : { valid: false, reason: 'signature_mismatch' };
}

/** Computes the signature a platform would send, for emulators and tests. */
export function signHmac(
  rawBody: Uint8Array | string,
  secret: string,
  options: { algorithm?: 'sha256' | 'sha1'; encoding?: 'base64' | 'hex' } = {},
): string {
  return createHmac(options.algorithm ?? 'sha256', secret)
    .update(rawBody)
    .digest(options.encoding ?? 'base64');
}

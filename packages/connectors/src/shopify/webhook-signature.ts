import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookVerification } from '../engine/webhooks/webhook-types';

type HeaderSource = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/** Reads a header case-insensitively from Headers or a plain (node) header object. */
export function headerValue(headers: HeaderSource, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === 'string' ? value : (value[0] ?? null);
  }
  return null;
}

/** The signature header: `X-Shopify-Hmac-Sha256`, or `shopify-hmac-sha256` on the newer Events deliveries. */
function signatureOf(headers: HeaderSource): string | null {
  return headerValue(headers, 'x-shopify-hmac-sha256') ?? headerValue(headers, 'shopify-hmac-sha256');
}

/**
 * Checks a Shopify webhook: base64(HMAC-SHA256(client secret, raw body bytes)) against the
 * `X-Shopify-Hmac-Sha256` header, compared in constant time. Returns a value, never throws.
 *
 * @example
 * const check = verifyShopifyWebhook(rawBody, request.headers, credentials.clientSecret);
 * if (!check.valid) return c.json(problem(check.reason), 401);
 */
export function verifyShopifyWebhook(
  rawBody: Uint8Array | string,
  headers: HeaderSource,
  clientSecret: string,
): WebhookVerification {
  if (!clientSecret) return { valid: false, reason: 'missing_secret' };
  const given = signatureOf(headers)?.trim();
  if (!given) return { valid: false, reason: 'missing_signature' };
  const expected = createHmac('sha256', clientSecret)
    .update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
    .digest();
  const received = Buffer.from(given, 'base64');
  // Compare digests of equal length only; a malformed header is a mismatch, not an exception.
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
    return { valid: false, reason: 'signature_mismatch' };
  }
  return { valid: true };
}

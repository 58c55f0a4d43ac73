import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The header a storefront sends the signed-in customer's token in. */
export const CUSTOMER_TOKEN_HEADER = 'X-Cartwire-Customer-Token';

const PREFIX = 'cw_ct_';
/** A storefront page lives for minutes to hours; a day covers a session without making a leak permanent. */
export const DEFAULT_CUSTOMER_TOKEN_TTL_SECONDS = 86_400;
export const MAX_CUSTOMER_TOKEN_TTL_SECONDS = 30 * 86_400;

/** Constant-time equality of two base64url signatures (unequal lengths compare a buffer with itself). */
export function constantTimeEqual(expected: string, received: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

export interface IssuedCustomerToken {
  token: string;
  expiresAt: Date;
}

export type CustomerTokenVerdict =
  | { ok: true }
  | { ok: false; reason: 'missing' | 'malformed' | 'expired' | 'mismatch' };

/**
 * Signed customer tokens for the storefront routes (onsite messages, push devices), like Shopify's
 * identified-customer signatures: the merchant's backend, which knows who is signed in, asks Cartwire for a
 * token over the secret-key API and renders it into the page; the storefront sends it with the
 * publishable key. A visitor who guesses another customer's id has no token for it.
 *
 * A token is `cw_ct_{expiry, base36 seconds}.{base64url HMAC-SHA256}` over the store id, customer id and
 * expiry, keyed per store with a secret derived from the gateway's key, so nothing is stored and every
 * process sharing the key verifies it.
 */
export function createCustomerTokens(options: {
  /** The gateway's encryption key (or any 32 secret bytes shared by every process). */
  key: Buffer;
  now: () => Date;
}) {
  const storeSecret = (storeId: string) =>
    createHmac('sha256', options.key).update(`cartwire:customer-tokens:v1:${storeId}`).digest();
  const signature = (storeId: string, customerId: string, expires: number) =>
    createHmac('sha256', storeSecret(storeId))
      .update(`${storeId}\n${customerId}\n${expires}`)
      .digest('base64url');

  return {
    /** @param ttlSeconds at most MAX_CUSTOMER_TOKEN_TTL_SECONDS */
    issue(
      storeId: string,
      customerId: string,
      ttlSeconds = DEFAULT_CUSTOMER_TOKEN_TTL_SECONDS,
    ): IssuedCustomerToken {
      const expires = Math.floor(options.now().getTime() / 1000) + ttlSeconds;
      return {
        token: `${PREFIX}${expires.toString(36)}.${signature(storeId, customerId, expires)}`,
        expiresAt: new Date(expires * 1000),
      };
    },

    verify(storeId: string, customerId: string, token: string | undefined | null): CustomerTokenVerdict {
      if (!token) return { ok: false, reason: 'missing' };
      const match = /^cw_ct_([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (!match?.[1] || !match[2]) return { ok: false, reason: 'malformed' };
      const expires = Number.parseInt(match[1], 36);
      // Compared before the expiry so a forged token and an expired one cost the same.
      const valid = constantTimeEqual(signature(storeId, customerId, expires), match[2]);
      if (!valid) return { ok: false, reason: 'mismatch' };
      if (expires * 1000 <= options.now().getTime()) return { ok: false, reason: 'expired' };
      return { ok: true };
    },
  };
}

export type CustomerTokens = ReturnType<typeof createCustomerTokens>;

/** A key for apps built without one (tests, the OpenAPI generator): tokens live as long as the process. */
export const ephemeralTokenKey = () => randomBytes(32);

import { createHash, randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 32 random bytes always fit in 43 base62 characters (62^43 > 2^256); shorter values are left-padded. */
const BODY_LENGTH = 43;

/**
 * `prefix` + 43 base62 characters of 32 crypto-random bytes. Base62 (no `-`/`_`) so a double-click
 * selects the whole key.
 */
export function generateSecret(prefix: string): string {
  let value = BigInt(`0x${randomBytes(32).toString('hex')}`);
  let body = '';
  while (value > 0n) {
    body = BASE62[Number(value % 62n)] + body;
    value /= 62n;
  }
  return prefix + body.padStart(BODY_LENGTH, '0');
}

/** The stored form of a secret: sha256 hex. Secrets are high-entropy, so no salt or slow hash is needed. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export const SECRET_BODY_PATTERN = `[0-9A-Za-z]{${BODY_LENGTH}}`;

import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../http/app-env';
import { RateLimitedError } from '../http/problem';
import type { TokenBucket } from './token-bucket';

/**
 * Per API key limit with the IETF RateLimit headers on every response; a refused request gets a 429
 * problem with Retry-After. Runs after apiKeyAuth (it keys on the authenticated key id).
 */
export function apiKeyRateLimit(bucket: TokenBucket) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const keyId = c.var.auth?.apiKeyId;
    if (keyId === undefined) throw new Error('apiKeyRateLimit must run after apiKeyAuth');
    const result = bucket.take(keyId);
    const headers = {
      'RateLimit-Limit': String(result.limit),
      'RateLimit-Remaining': String(result.remaining),
      'RateLimit-Reset': String(result.resetSeconds),
    };
    if (!result.allowed) throw new RateLimitedError(result.retryAfterSeconds, headers);
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  });
}

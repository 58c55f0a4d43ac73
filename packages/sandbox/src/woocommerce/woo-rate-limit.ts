import { z } from 'zod';

export const WooRateLimit = z.object({
  /** Sustained requests per second the host allows. */
  requestsPerSecond: z.number().positive(),
  /** Requests that may arrive at once before throttling starts. @default requestsPerSecond */
  burst: z.number().int().positive().optional(),
});
export type WooRateLimit = z.infer<typeof WooRateLimit>;

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until a request would be allowed (for `Retry-After`). */
  retryAfterSeconds: number;
  remaining: number;
  limit: number;
}

/**
 * A token bucket standing in for a host's or WAF's limiter: WooCommerce itself has none, so the
 * ceiling is whatever the sandbox is configured with, which makes benchmark ratios exact.
 */
export function createTokenBucket(limit: WooRateLimit, now: () => number) {
  const capacity = limit.burst ?? Math.max(1, Math.floor(limit.requestsPerSecond));
  let tokens = capacity;
  let updatedAt = now();
  let throttled = 0;
  return {
    take(): RateDecision {
      const at = now();
      tokens = Math.min(capacity, tokens + ((at - updatedAt) / 1000) * limit.requestsPerSecond);
      updatedAt = at;
      if (tokens >= 1) {
        tokens -= 1;
        return { allowed: true, retryAfterSeconds: 0, remaining: Math.floor(tokens), limit: capacity };
      }
      throttled += 1;
      const waitMs = ((1 - tokens) / limit.requestsPerSecond) * 1000;
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
        remaining: 0,
        limit: capacity,
      };
    },
    /** Requests refused so far. */
    throttledCount: () => throttled,
  };
}

import type { Clock } from '../clock';

export interface TokenBucketOptions {
  /** Tokens a caller may spend at once (bucket size). */
  readonly burst: number;
  /** Tokens added back per second. */
  readonly perSecond: number;
  readonly clock: Clock;
  /** Buckets kept at most; idle full buckets are dropped first. @default 10000 */
  readonly maxKeys?: number;
}

export interface TakeResult {
  readonly allowed: boolean;
  /** Bucket size: the most requests that can be sent at once. */
  readonly limit: number;
  /** Whole tokens left after this request. */
  readonly remaining: number;
  /** Seconds until the bucket is full again. */
  readonly resetSeconds: number;
  /** When refused: seconds until one token is available. */
  readonly retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedAtMs: number;
}

/**
 * An in-process token bucket per key (one per API key). Refill is computed lazily from the clock, so
 * there is no timer. Per process on purpose: the API limit protects this process; the platform
 * limiters, which must be shared, live in the connector engine.
 */
export function createTokenBucket(options: TokenBucketOptions) {
  const { burst, perSecond, clock } = options;
  const maxKeys = options.maxKeys ?? 10_000;
  const buckets = new Map<string, Bucket>();

  function refill(bucket: Bucket, nowMs: number): void {
    const elapsedSeconds = Math.max(0, nowMs - bucket.updatedAtMs) / 1000;
    bucket.tokens = Math.min(burst, bucket.tokens + elapsedSeconds * perSecond);
    bucket.updatedAtMs = nowMs;
  }

  function evictIfFull(nowMs: number): void {
    if (buckets.size < maxKeys) return;
    for (const [key, bucket] of buckets) {
      refill(bucket, nowMs);
      if (bucket.tokens >= burst) buckets.delete(key);
    }
    // Everyone is mid-burst: drop the oldest (Map keeps insertion order) rather than grow unbounded.
    if (buckets.size >= maxKeys) {
      const oldest = buckets.keys().next().value;
      if (oldest !== undefined) buckets.delete(oldest);
    }
  }

  return {
    take(key: string): TakeResult {
      const nowMs = clock.now().getTime();
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        evictIfFull(nowMs);
        bucket = { tokens: burst, updatedAtMs: nowMs };
        buckets.set(key, bucket);
      } else {
        refill(bucket, nowMs);
      }
      const allowed = bucket.tokens >= 1;
      if (allowed) bucket.tokens -= 1;
      return {
        allowed,
        limit: burst,
        remaining: Math.floor(bucket.tokens),
        resetSeconds: Math.ceil((burst - bucket.tokens) / perSecond),
        retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)),
      };
    },
  };
}

export type TokenBucket = ReturnType<typeof createTokenBucket>;

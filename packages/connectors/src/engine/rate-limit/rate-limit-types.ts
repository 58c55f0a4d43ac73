import { z } from 'zod';
import type { ConnectorResponse, RequestOptions } from '../http-types';

/** What a cost-bucket platform reports about its bucket after a request (Shopify `extensions.cost`). */
export interface CostObservation {
  /** Cost the platform charged up front for this query; learned per operation. */
  requestedCost?: number | null;
  maximumAvailable?: number;
  currentlyAvailable?: number;
  restoreRate?: number;
}

/**
 * A leaky bucket of points where each request costs its own amount (Shopify GraphQL Admin).
 * The starting values are replaced live by what `observe` reads from each response.
 */
export interface CostBucketRateLimit {
  kind: 'cost-bucket';
  /** Bucket size until the platform reports its own. @example 2000 */
  maximumAvailable: number;
  /** Points restored per second until the platform reports its own. @example 100 */
  restoreRate: number;
  /** Cost assumed for an operation not yet seen and sent without `cost`. @example 50 */
  defaultCost: number;
  /** In-flight requests at most. @default 8 */
  maxConcurrent?: number;
  observe(response: ConnectorResponse): CostObservation | undefined;
}

/** A token bucket: `rate` tokens per second, `burst` tokens at most. */
export interface TokenBucket {
  rate: number;
  burst: number;
}

/** One token bucket per operation (Amazon SP-API usage plans). */
export interface TokenBucketRateLimit {
  kind: 'token-bucket';
  /** Buckets by `RequestOptions.operation`. @example { getOrders: { rate: 0.0167, burst: 20 } } */
  perOperation: Record<string, TokenBucket>;
  /** Bucket for operations not listed. */
  default: TokenBucket;
  /** In-flight requests per operation at most. @default 4 */
  maxConcurrent?: number;
  /** Reads a live rate (Amazon `x-amzn-RateLimit-Limit`, best effort). */
  observe?(response: ConnectorResponse): { rate?: number } | undefined;
}

/** Plain concurrency + spacing, for platforms without rate-limit signals (WooCommerce, Magento). */
export interface FixedRateLimit {
  kind: 'fixed';
  maxConcurrent: number;
  /** Minimum milliseconds between request starts. */
  minTime: number;
}

export type RateLimitDefinition = CostBucketRateLimit | TokenBucketRateLimit | FixedRateLimit;

/** Per-store overrides (hosts differ; plans differ). Fields not meaningful for the kind are ignored. */
export const RateLimitOverride = z
  .object({
    maxConcurrent: z.int().positive(),
    minTime: z.int().nonnegative(),
    maximumAvailable: z.number().positive(),
    restoreRate: z.number().positive(),
    perOperation: z.record(z.string(), z.object({ rate: z.number().positive(), burst: z.int().positive() })),
  })
  .partial();
export type RateLimitOverride = z.infer<typeof RateLimitOverride>;

export function applyRateLimitOverride(
  definition: RateLimitDefinition,
  override: RateLimitOverride | undefined,
): RateLimitDefinition {
  if (!override) return definition;
  switch (definition.kind) {
    case 'cost-bucket':
      return {
        ...definition,
        maximumAvailable: override.maximumAvailable ?? definition.maximumAvailable,
        restoreRate: override.restoreRate ?? definition.restoreRate,
        maxConcurrent: override.maxConcurrent ?? definition.maxConcurrent,
      };
    case 'token-bucket':
      return {
        ...definition,
        perOperation: { ...definition.perOperation, ...override.perOperation },
        maxConcurrent: override.maxConcurrent ?? definition.maxConcurrent,
      };
    case 'fixed':
      return {
        ...definition,
        maxConcurrent: override.maxConcurrent ?? definition.maxConcurrent,
        minTime: override.minTime ?? definition.minTime,
      };
  }
}

/** Permission to send one request, as granted by a limiter. */
export interface LimiterGrant {
  /** Points or tokens this request was charged. */
  weight: number;
}

/** Gatekeeper for one (platform, store) pair; the engine sends every attempt through it. */
export interface RequestLimiter {
  schedule<T>(request: RequestOptions, task: (grant: LimiterGrant) => Promise<T>): Promise<T>;
  /** Called with every response, while the attempt still counts as running. */
  observe(request: RequestOptions, response: ConnectorResponse, grant: LimiterGrant): Promise<void>;
}

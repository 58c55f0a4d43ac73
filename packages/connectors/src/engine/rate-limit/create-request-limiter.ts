import { CostBucketLimiter } from './cost-bucket-limiter';
import { createFixedLimiter, fixedSettings } from './fixed-limiter';
import type { LimiterFactory } from './limiter-factory';
import type { RateLimitDefinition, RequestLimiter } from './rate-limit-types';
import { TokenBucketLimiter } from './token-bucket-limiter';

/** The limiter for one (platform, store) key, per the connector's declared model. */
export function createRequestLimiter(
  factory: LimiterFactory,
  key: string,
  definition: RateLimitDefinition,
): RequestLimiter {
  switch (definition.kind) {
    case 'cost-bucket':
      return new CostBucketLimiter(factory, key, definition);
    case 'token-bucket':
      return new TokenBucketLimiter(factory, key, definition);
    case 'fixed':
      return createFixedLimiter(factory.bottleneck(key, fixedSettings(definition)));
  }
}

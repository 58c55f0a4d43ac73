import type Bottleneck from 'bottleneck';
import type { FixedRateLimit, RequestLimiter } from './rate-limit-types';

/** Concurrency + minimum spacing, no platform feedback (WooCommerce, Magento). */
export function createFixedLimiter(limiter: Bottleneck): RequestLimiter {
  return {
    schedule: (_request, task) => limiter.schedule(() => task({ weight: 1 })),
    observe: async () => {},
  };
}

export function fixedSettings(definition: FixedRateLimit): Bottleneck.ConstructorOptions {
  return { maxConcurrent: definition.maxConcurrent, minTime: definition.minTime };
}

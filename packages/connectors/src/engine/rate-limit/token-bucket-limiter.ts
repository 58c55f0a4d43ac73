import type { ConnectorResponse, RequestOptions } from '../http-types';
import type { LimiterFactory } from './limiter-factory';
import type { LimiterGrant, RequestLimiter, TokenBucket, TokenBucketRateLimit } from './rate-limit-types';

const DEFAULT_MAX_CONCURRENT = 4;

/**
 * One token bucket per operation (Amazon SP-API usage plans): a bucket per
 * (platform, store, operation) starting at `burst` and refilled at `rate` tokens/s; each request
 * takes one token. A rate read from a response (`observe`) replaces the declared one, since Amazon's
 * plans differ per seller. Shared through Redis with a Redis factory.
 */
export class TokenBucketLimiter implements RequestLimiter {
  readonly #factory: LimiterFactory;
  readonly #id: string;
  readonly #definition: TokenBucketRateLimit;
  readonly #rates = new Map<string, TokenBucket>();

  constructor(factory: LimiterFactory, id: string, definition: TokenBucketRateLimit) {
    this.#factory = factory;
    this.#id = id;
    this.#definition = definition;
  }

  bucketFor(operation: string): TokenBucket {
    return this.#rates.get(operation) ?? this.#definition.perOperation[operation] ?? this.#definition.default;
  }

  #gate(operation: string) {
    const bucket = this.bucketFor(operation);
    return this.#factory.bucket(`${this.#id}:${operation}`, {
      capacity: bucket.burst,
      refillPerSecond: bucket.rate,
      // No live bucket level comes back from the platform, only 429s: keep up to a quarter second of
      // refill (at most one token) unspent to absorb network jitter between our clock and theirs.
      reserve: Math.min(1, bucket.rate * 0.25),
    });
  }

  schedule<T>(request: RequestOptions, task: (grant: LimiterGrant) => Promise<T>): Promise<T> {
    const concurrency = this.#factory.bottleneck(`${this.#id}:${request.operation}:concurrency`, {
      maxConcurrent: this.#definition.maxConcurrent ?? DEFAULT_MAX_CONCURRENT,
    });
    return concurrency.schedule(() => this.#gate(request.operation).run(1, () => task({ weight: 1 })));
  }

  async observe(request: RequestOptions, response: ConnectorResponse): Promise<void> {
    const rate = this.#definition.observe?.(response)?.rate;
    if (rate === undefined || !(rate > 0)) return;
    const current = this.bucketFor(request.operation);
    if (Math.abs(current.rate - rate) < 1e-9) return;
    this.#rates.set(request.operation, { rate, burst: current.burst });
    await this.#gate(request.operation).update({ refillPerSecond: rate });
  }
}

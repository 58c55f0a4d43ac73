import type Bottleneck from 'bottleneck';
import type { ConnectorResponse, RequestOptions } from '../http-types';
import { bucketReservoirSettings } from './bucket-settings';
import type { LimiterFactory } from './limiter-factory';
import type { LimiterGrant, RequestLimiter, TokenBucket, TokenBucketRateLimit } from './rate-limit-types';

const DEFAULT_MAX_CONCURRENT = 4;

/**
 * One token bucket per operation (Amazon SP-API usage plans): a bottleneck per
 * (platform, store, operation) whose reservoir starts at `burst` and refills at `rate` tokens/s;
 * each request takes one token. A rate read from the response (`observe`) replaces the declared
 * one, since Amazon's plans differ per seller. Shared through Redis with a Redis factory.
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

  #limiter(operation: string): Bottleneck {
    const bucket = this.bucketFor(operation);
    return this.#factory.bottleneck(`${this.#id}:${operation}`, {
      maxConcurrent: this.#definition.maxConcurrent ?? DEFAULT_MAX_CONCURRENT,
      reservoir: bucket.burst,
      ...bucketReservoirSettings(bucket.burst, bucket.rate, this.#factory.shared),
    });
  }

  schedule<T>(request: RequestOptions, task: (grant: LimiterGrant) => Promise<T>): Promise<T> {
    return this.#limiter(request.operation).schedule(() => task({ weight: 1 }));
  }

  async observe(request: RequestOptions, response: ConnectorResponse): Promise<void> {
    const rate = this.#definition.observe?.(response)?.rate;
    if (rate === undefined || !(rate > 0)) return;
    const current = this.bucketFor(request.operation);
    if (Math.abs(current.rate - rate) < 1e-9) return;
    const updated = { rate, burst: current.burst };
    this.#rates.set(request.operation, updated);
    await this.#limiter(request.operation).updateSettings(
      bucketReservoirSettings(updated.burst, updated.rate, this.#factory.shared),
    );
  }
}

import type Bottleneck from 'bottleneck';
import type { ConnectorResponse, RequestOptions } from '../http-types';
import type { BucketGate } from './bucket-gate';
import type { LimiterFactory } from './limiter-factory';
import type { CostBucketRateLimit, LimiterGrant, RequestLimiter } from './rate-limit-types';

const DEFAULT_MAX_CONCURRENT = 8;

export interface CostBucketSnapshot {
  maximumAvailable: number;
  restoreRate: number;
  /** Points currently in the (local or shared) bucket model. */
  currentlyAvailable: number | null;
  learnedCosts: Record<string, number>;
}

/**
 * Adaptive limiter for leaky buckets where each request has its own cost (Shopify GraphQL).
 *
 * Model: a bucket holding `currentlyAvailable` points, refilled at `restoreRate` up to
 * `maximumAvailable`; each request takes its requested cost up front and, when the bucket holds
 * less, waits (cost − available) / restoreRate seconds. After every response the model is re-synced
 * from the platform's own `throttleStatus`: bucket size and restore rate are adopted and the content
 * is set to `currentlyAvailable` minus the cost of the other requests still in flight (they may not
 * be charged yet — counting them errs on the safe side). Requested costs are learned per operation,
 * so callers need not know them. The effect: requests run at the ceiling with almost no THROTTLED
 * replies.
 *
 * Concurrency is capped separately. With a Redis factory the bucket is a bottleneck reservoir and the
 * cap a bottleneck `maxConcurrent`, both shared by every process under the same ids.
 */
export class CostBucketLimiter implements RequestLimiter {
  readonly #bucket: BucketGate;
  readonly #concurrency: Bottleneck;
  readonly #definition: CostBucketRateLimit;
  readonly #learnedCosts = new Map<string, number>();
  #maximumAvailable: number;
  #restoreRate: number;

  constructor(factory: LimiterFactory, id: string, definition: CostBucketRateLimit) {
    this.#definition = definition;
    this.#maximumAvailable = definition.maximumAvailable;
    this.#restoreRate = definition.restoreRate;
    this.#bucket = factory.bucket(`${id}:cost`, {
      capacity: definition.maximumAvailable,
      refillPerSecond: definition.restoreRate,
    });
    this.#concurrency = factory.bottleneck(`${id}:concurrency`, {
      maxConcurrent: definition.maxConcurrent ?? DEFAULT_MAX_CONCURRENT,
    });
  }

  /** The cost a request will be charged: explicit, else learned for its operation, else the default. */
  costOf(request: RequestOptions): number {
    const cost = request.cost ?? this.#learnedCosts.get(request.operation) ?? this.#definition.defaultCost;
    // A cost above the bucket size could never be granted; the platform rejects such queries anyway.
    return Math.min(Math.max(1, Math.ceil(cost)), Math.floor(this.#maximumAvailable));
  }

  schedule<T>(request: RequestOptions, task: (grant: LimiterGrant) => Promise<T>): Promise<T> {
    return this.#concurrency.schedule(() => {
      const weight = this.costOf(request);
      return this.#bucket.run(weight, () => task({ weight }));
    });
  }

  async observe(request: RequestOptions, response: ConnectorResponse, grant: LimiterGrant): Promise<void> {
    const observation = this.#definition.observe(response);
    if (!observation) return;
    if (observation.requestedCost != null && observation.requestedCost > 0) {
      this.#learnedCosts.set(request.operation, observation.requestedCost);
    }
    this.#maximumAvailable = observation.maximumAvailable ?? this.#maximumAvailable;
    this.#restoreRate = observation.restoreRate ?? this.#restoreRate;
    let available: number | undefined;
    if (observation.currentlyAvailable !== undefined) {
      const othersInFlight = Math.max(0, (await this.#bucket.running()) - grant.weight);
      available = observation.currentlyAvailable - othersInFlight;
    }
    await this.#bucket.update({
      capacity: this.#maximumAvailable,
      refillPerSecond: this.#restoreRate,
      available,
    });
  }

  async snapshot(): Promise<CostBucketSnapshot> {
    return {
      maximumAvailable: this.#maximumAvailable,
      restoreRate: this.#restoreRate,
      currentlyAvailable: await this.#bucket.available(),
      learnedCosts: Object.fromEntries(this.#learnedCosts),
    };
  }
}

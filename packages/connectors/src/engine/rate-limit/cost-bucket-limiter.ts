import type Bottleneck from 'bottleneck';
import type { ConnectorResponse, RequestOptions } from '../http-types';
import { bucketReservoirSettings } from './bucket-settings';
import type { LimiterFactory } from './limiter-factory';
import type { CostBucketRateLimit, LimiterGrant, RequestLimiter } from './rate-limit-types';

const DEFAULT_MAX_CONCURRENT = 8;

export interface CostBucketSnapshot {
  maximumAvailable: number;
  restoreRate: number;
  /** Points currently in the (local or shared) reservoir. */
  currentlyAvailable: number | null;
  learnedCosts: Record<string, number>;
}

/**
 * Adaptive limiter for leaky buckets where each request has its own cost (Shopify GraphQL).
 *
 * Model: a bottleneck reservoir holds `currentlyAvailable`, refilled at `restoreRate` up to
 * `maximumAvailable`; each request takes its requested cost up front and waits while the reservoir
 * holds less, i.e. (cost − available) / restoreRate seconds. After every response the model is
 * re-synced from the platform's own `throttleStatus`: bucket size and restore rate are adopted and
 * the reservoir is set to `currentlyAvailable` minus the cost of the other requests still in flight
 * (they may not be charged yet — counting them errs on the safe side). Requested costs are learned
 * per operation, so a caller need not know them. The net effect is requests run at the ceiling with
 * almost no THROTTLED replies.
 *
 * A second bottleneck caps in-flight requests (bottleneck's `maxConcurrent` counts weight, which is
 * the cost here, so the two concerns need two limiters). With a Redis factory both are shared
 * across processes under the same ids.
 */
export class CostBucketLimiter implements RequestLimiter {
  readonly #bucket: Bottleneck;
  readonly #concurrency: Bottleneck;
  readonly #definition: CostBucketRateLimit;
  readonly #shared: boolean;
  readonly #learnedCosts = new Map<string, number>();
  #maximumAvailable: number;
  #restoreRate: number;

  constructor(factory: LimiterFactory, id: string, definition: CostBucketRateLimit) {
    this.#definition = definition;
    this.#shared = factory.shared;
    this.#maximumAvailable = definition.maximumAvailable;
    this.#restoreRate = definition.restoreRate;
    this.#bucket = factory.bottleneck(`${id}:cost`, {
      reservoir: definition.maximumAvailable,
      ...bucketReservoirSettings(definition.maximumAvailable, definition.restoreRate, factory.shared),
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
      return this.#bucket.schedule({ weight }, () => task({ weight }));
    });
  }

  async observe(request: RequestOptions, response: ConnectorResponse, grant: LimiterGrant): Promise<void> {
    const observation = this.#definition.observe(response);
    if (!observation) return;
    if (observation.requestedCost != null && observation.requestedCost > 0) {
      this.#learnedCosts.set(request.operation, observation.requestedCost);
    }
    const maximumAvailable = observation.maximumAvailable ?? this.#maximumAvailable;
    const restoreRate = observation.restoreRate ?? this.#restoreRate;
    let settings: Bottleneck.ConstructorOptions = {};
    if (maximumAvailable !== this.#maximumAvailable || restoreRate !== this.#restoreRate) {
      this.#maximumAvailable = maximumAvailable;
      this.#restoreRate = restoreRate;
      settings = bucketReservoirSettings(maximumAvailable, restoreRate, this.#shared);
    }
    if (observation.currentlyAvailable !== undefined) {
      const running = await this.#bucket.running();
      const othersInFlight = Math.max(0, running - grant.weight);
      settings = {
        ...settings,
        reservoir: Math.max(0, Math.floor(observation.currentlyAvailable - othersInFlight)),
      };
    }
    if (Object.keys(settings).length > 0) {
      await this.#applySettings(settings);
    }
  }

  async snapshot(): Promise<CostBucketSnapshot> {
    return {
      maximumAvailable: this.#maximumAvailable,
      restoreRate: this.#restoreRate,
      currentlyAvailable: await this.#bucket.currentReservoir(),
      learnedCosts: Object.fromEntries(this.#learnedCosts),
    };
  }

  async #applySettings(settings: Bottleneck.ConstructorOptions): Promise<void> {
    // bottleneck types updateSettings as returning the limiter, but it returns a promise that settles
    // once the datastore (local or Redis) applied the change; wait so the next decision sees it.
    await this.#bucket.updateSettings(settings);
  }
}

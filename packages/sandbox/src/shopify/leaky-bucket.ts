import type { Clock } from '../store/clock';

export interface ThrottleStatus {
  maximumAvailable: number;
  /** Whole points, as Shopify reports it. */
  currentlyAvailable: number;
  restoreRate: number;
}

export type TakeResult = { ok: true } | { ok: false; status: ThrottleStatus };

/**
 * Shopify's GraphQL cost limiter: a bucket of `maximumAvailable` points that refills at
 * `restoreRate` points per second. A query may run only when the bucket holds its whole requested
 * cost; after it runs the unused part (requested − actual) is given back.
 */
export class LeakyBucket {
  readonly #maximum: number;
  readonly #restoreRate: number;
  readonly #clock: Clock;
  #available: number;
  #at: number;

  constructor(options: { maximumAvailable: number; restoreRate: number; clock: Clock }) {
    this.#maximum = options.maximumAvailable;
    this.#restoreRate = options.restoreRate;
    this.#clock = options.clock;
    this.#available = options.maximumAvailable;
    this.#at = options.clock.now();
  }

  #refill(): void {
    const now = this.#clock.now();
    const elapsedSeconds = Math.max(0, now - this.#at) / 1000;
    this.#available = Math.min(this.#maximum, this.#available + elapsedSeconds * this.#restoreRate);
    this.#at = now;
  }

  /** Takes `cost` points if the bucket holds them; otherwise takes nothing. */
  take(cost: number): TakeResult {
    this.#refill();
    if (cost > this.#available) return { ok: false, status: this.status() };
    this.#available -= cost;
    return { ok: true };
  }

  /** Gives back points that a query reserved but did not use. */
  refund(points: number): void {
    this.#refill();
    this.#available = Math.min(this.#maximum, this.#available + Math.max(0, points));
  }

  status(): ThrottleStatus {
    this.#refill();
    return {
      maximumAvailable: this.#maximum,
      currentlyAvailable: Math.floor(this.#available),
      restoreRate: this.#restoreRate,
    };
  }
}

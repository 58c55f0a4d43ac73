import type Bottleneck from 'bottleneck';
import type { Clock } from '../clock';

/**
 * A bucket of points (or tokens) refilled continuously: `run(cost, task)` waits until `cost` is in
 * the bucket, takes it, then runs the task. `update` re-syncs the model from what the platform
 * reports.
 */
export interface BucketGate {
  run<T>(cost: number, task: () => Promise<T>): Promise<T>;
  /** Total cost of tasks currently running (across processes for a shared gate). */
  running(): Promise<number>;
  update(state: { capacity?: number; refillPerSecond?: number; available?: number }): Promise<void>;
  available(): Promise<number | null>;
}

export interface BucketOptions {
  capacity: number;
  refillPerSecond: number;
  /**
   * Content never spent (in-process buckets). A platform bucket that gives no live feedback sees our
   * requests with network jitter; keeping a fraction of a token in reserve absorbs that without
   * lowering the sustained rate. @default 0
   */
  reserve?: number;
}

/**
 * In-process bucket with an exact model: available = min(capacity, available + elapsed × rate).
 * Requests are served first come, first served; one that does not fit waits
 * (cost − available) / rate seconds and checks again.
 */
export class LocalBucketGate implements BucketGate {
  readonly #clock: Clock;
  #capacity: number;
  #rate: number;
  #available: number;
  #updatedAt: number;
  readonly #reserve: number;
  #inFlight = 0;
  #queue: Promise<void> = Promise.resolve();

  constructor(options: BucketOptions & { clock: Clock }) {
    this.#clock = options.clock;
    this.#reserve = options.reserve ?? 0;
    this.#capacity = options.capacity;
    this.#rate = options.refillPerSecond;
    this.#available = options.capacity;
    this.#updatedAt = options.clock.now();
  }

  #refill(): void {
    const now = this.#clock.now();
    this.#available = Math.min(
      this.#capacity,
      this.#available + ((now - this.#updatedAt) / 1000) * this.#rate,
    );
    this.#updatedAt = now;
  }

  async #acquire(cost: number): Promise<void> {
    while (true) {
      this.#refill();
      const needed = Math.min(cost + this.#reserve, this.#capacity);
      if (this.#available >= needed) {
        this.#available -= cost;
        return;
      }
      await this.#clock.sleep(Math.ceil(((needed - this.#available) / this.#rate) * 1000));
    }
  }

  async run<T>(cost: number, task: () => Promise<T>): Promise<T> {
    const turn = this.#queue.then(() => this.#acquire(cost));
    // The chain only orders acquisitions; a failed acquisition is reported to its own caller below.
    this.#queue = turn.then(
      () => undefined,
      () => undefined,
    );
    await turn;
    this.#inFlight += cost;
    try {
      return await task();
    } finally {
      this.#inFlight -= cost;
    }
  }

  async running(): Promise<number> {
    return this.#inFlight;
  }

  async update(state: { capacity?: number; refillPerSecond?: number; available?: number }): Promise<void> {
    this.#refill();
    if (state.capacity !== undefined) this.#capacity = state.capacity;
    if (state.refillPerSecond !== undefined) this.#rate = state.refillPerSecond;
    if (state.available !== undefined) this.#available = state.available;
    this.#available = Math.min(this.#capacity, Math.max(0, this.#available));
  }

  async available(): Promise<number> {
    this.#refill();
    return this.#available;
  }
}

/**
 * Bucket settings for a bottleneck reservoir: the reservoir is the bucket content, a job's weight its
 * cost, and bottleneck adds `refillPerSecond × interval` every interval up to `capacity`. In Redis
 * mode bottleneck's Lua tick credits every elapsed interval exactly; the heartbeat only wakes waiters.
 */
export function bucketReservoirSettings(
  capacity: number,
  refillPerSecond: number,
): Bottleneck.ConstructorOptions {
  const interval = Math.max(100, Math.ceil(1000 / refillPerSecond));
  return {
    reservoirIncreaseInterval: interval,
    reservoirIncreaseAmount: (refillPerSecond * interval) / 1000,
    reservoirIncreaseMaximum: capacity,
    heartbeatInterval: 100,
  };
}

/**
 * A bucket shared by every process through bottleneck's Redis datastore (reservoir = bucket).
 * Used only with Redis: bottleneck's in-process heartbeat stops after `updateSettings`, which a
 * re-synced bucket calls all the time.
 */
export class SharedBucketGate implements BucketGate {
  readonly #limiter: Bottleneck;
  #capacity: number;
  #rate: number;

  constructor(limiter: Bottleneck, options: BucketOptions) {
    this.#limiter = limiter;
    this.#capacity = options.capacity;
    this.#rate = options.refillPerSecond;
  }

  run<T>(cost: number, task: () => Promise<T>): Promise<T> {
    return this.#limiter.schedule({ weight: cost }, task);
  }

  running(): Promise<number> {
    return this.#limiter.running();
  }

  async update(state: { capacity?: number; refillPerSecond?: number; available?: number }): Promise<void> {
    let settings: Bottleneck.ConstructorOptions = {};
    if (
      (state.capacity !== undefined && state.capacity !== this.#capacity) ||
      (state.refillPerSecond !== undefined && state.refillPerSecond !== this.#rate)
    ) {
      this.#capacity = state.capacity ?? this.#capacity;
      this.#rate = state.refillPerSecond ?? this.#rate;
      settings = bucketReservoirSettings(this.#capacity, this.#rate);
    }
    if (state.available !== undefined) {
      settings = {
        ...settings,
        reservoir: Math.max(0, Math.min(this.#capacity, Math.floor(state.available))),
      };
    }
    if (Object.keys(settings).length === 0) return;
    // Typed as returning the limiter, but it returns a promise settling once Redis applied the change.
    await this.#limiter.updateSettings(settings);
  }

  available(): Promise<number | null> {
    return this.#limiter.currentReservoir();
  }
}

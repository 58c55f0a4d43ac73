import type { Clock } from '../store/clock';

/** A token bucket over every request, for the emulator's optional 429 mode. */
export class RequestRateBucket {
  private tokens: number;
  private last: number;

  constructor(private readonly options: { requestsPerSecond: number; burst: number; clock: Clock }) {
    this.tokens = options.burst;
    this.last = options.clock.now();
  }

  /** Takes one token; false when the bucket is empty (the request gets a 429). */
  take(): boolean {
    const now = this.options.clock.now();
    this.tokens = Math.min(
      this.options.burst,
      this.tokens + ((now - this.last) / 1000) * this.options.requestsPerSecond,
    );
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** The time source, injected so tests (rate limits, key expiry) control it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Source of "now" for a store, injectable so tests and the generator control time. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to; the generator replays history with one. */
export interface ManualClock extends Clock {
  set(ms: number | string): void;
  advance(ms: number): void;
}

export function createManualClock(start: number | string): ManualClock {
  let current = toMs(start);
  return {
    now: () => current,
    set: (ms) => {
      current = toMs(ms);
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

function toMs(value: number | string): number {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new RangeError(`Not a valid time: ${String(value)}`);
  return ms;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

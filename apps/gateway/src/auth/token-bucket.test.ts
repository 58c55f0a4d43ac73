import { describe, expect, it } from 'vitest';
import { createTokenBucket } from './token-bucket';

function fakeClock(start = 0) {
  let ms = start;
  return { now: () => new Date(ms), advance: (by: number) => (ms += by) };
}

describe('createTokenBucket', () => {
  it('allows a burst, refuses the next request, and refills at the sustained rate', () => {
    const clock = fakeClock();
    const bucket = createTokenBucket({ burst: 3, perSecond: 2, clock });
    expect([1, 2, 3].map(() => bucket.take('k').allowed)).toEqual([true, true, true]);
    const refused = bucket.take('k');
    expect(refused).toMatchObject({ allowed: false, limit: 3, remaining: 0, retryAfterSeconds: 1 });
    expect(refused.resetSeconds).toBe(2);
    clock.advance(500);
    expect(bucket.take('k')).toMatchObject({ allowed: true, remaining: 0 });
    expect(bucket.take('k').allowed).toBe(false);
  });

  it('reports the remaining tokens and never refills beyond the burst', () => {
    const clock = fakeClock();
    const bucket = createTokenBucket({ burst: 5, perSecond: 1, clock });
    expect(bucket.take('k').remaining).toBe(4);
    clock.advance(60_000);
    expect(bucket.take('k')).toMatchObject({ remaining: 4, resetSeconds: 1 });
  });

  it('keeps one bucket per key', () => {
    const bucket = createTokenBucket({ burst: 1, perSecond: 1, clock: fakeClock() });
    expect(bucket.take('a').allowed).toBe(true);
    expect(bucket.take('a').allowed).toBe(false);
    expect(bucket.take('b').allowed).toBe(true);
  });

  it('waits longer than a second when the rate is below one per second', () => {
    const bucket = createTokenBucket({ burst: 1, perSecond: 0.1, clock: fakeClock() });
    bucket.take('k');
    expect(bucket.take('k').retryAfterSeconds).toBe(10);
  });

  it('bounds memory by forgetting idle keys first', () => {
    const clock = fakeClock();
    const bucket = createTokenBucket({ burst: 2, perSecond: 1, clock, maxKeys: 2 });
    bucket.take('idle');
    bucket.take('busy');
    bucket.take('busy');
    clock.advance(1500);
    bucket.take('new');
    // 'idle' was full again and got evicted; 'busy' kept its partly drained bucket.
    expect(bucket.take('busy').remaining).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { LeakyBucket } from './leaky-bucket';

function bucketAt(start = 0) {
  let now = start;
  const bucket = new LeakyBucket({ maximumAvailable: 2000, restoreRate: 100, clock: { now: () => now } });
  return { bucket, advance: (ms: number) => (now += ms) };
}

describe('LeakyBucket', () => {
  it('drains by the requested cost and refuses what it does not hold', () => {
    const { bucket } = bucketAt();
    expect(bucket.take(1500)).toEqual({ ok: true });
    expect(bucket.status().currentlyAvailable).toBe(500);
    expect(bucket.take(501)).toEqual({
      ok: false,
      status: { maximumAvailable: 2000, currentlyAvailable: 500, restoreRate: 100 },
    });
    // A refused take leaves the bucket untouched.
    expect(bucket.status().currentlyAvailable).toBe(500);
  });

  it('restores at restoreRate points per second, capped at the maximum', () => {
    const { bucket, advance } = bucketAt();
    bucket.take(2000);
    advance(2500);
    expect(bucket.status().currentlyAvailable).toBe(250);
    advance(60_000);
    expect(bucket.status().currentlyAvailable).toBe(2000);
  });

  it('refunds unused points without exceeding the maximum', () => {
    const { bucket } = bucketAt();
    bucket.take(300);
    bucket.refund(120);
    expect(bucket.status().currentlyAvailable).toBe(1820);
    bucket.refund(10_000);
    expect(bucket.status().currentlyAvailable).toBe(2000);
  });

  it('reports whole points available while keeping fractions for restoring', () => {
    const { bucket, advance } = bucketAt();
    bucket.take(2000);
    advance(15);
    expect(bucket.status().currentlyAvailable).toBe(1);
    advance(5);
    expect(bucket.status().currentlyAvailable).toBe(2);
  });
});

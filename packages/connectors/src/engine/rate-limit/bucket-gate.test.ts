import { describe, expect, it } from 'vitest';
import type { Clock } from '../clock';
import { LocalBucketGate } from './bucket-gate';

/** Virtual time: sleeping advances the clock instantly and records the wait. */
function virtualClock(): Clock & { waits: number[] } {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
  };
}

describe('LocalBucketGate', () => {
  it('runs immediately while the bucket holds the cost, then waits (cost − available) / rate', async () => {
    const clock = virtualClock();
    const gate = new LocalBucketGate({ capacity: 100, refillPerSecond: 50, clock });
    await gate.run(60, async () => {});
    await gate.run(30, async () => {});
    expect(clock.waits).toEqual([]);
    // 10 points left; 40 more needed at 50 points/s.
    await gate.run(50, async () => {});
    expect(clock.waits).toEqual([800]);
    expect(await gate.available()).toBe(0);
  });

  it('never credits more than the capacity', async () => {
    const clock = virtualClock();
    const gate = new LocalBucketGate({ capacity: 10, refillPerSecond: 100, clock });
    await clock.sleep(60_000);
    expect(await gate.available()).toBe(10);
  });

  it('re-syncs content, size and rate from the platform', async () => {
    const clock = virtualClock();
    const gate = new LocalBucketGate({ capacity: 1000, refillPerSecond: 500, clock });
    await gate.update({ capacity: 200, refillPerSecond: 20, available: 5 });
    await gate.run(25, async () => {});
    expect(clock.waits).toEqual([1000]);
  });

  it('serves requests in arrival order and tracks the cost in flight', async () => {
    const clock = virtualClock();
    const gate = new LocalBucketGate({ capacity: 10, refillPerSecond: 10, clock });
    const order: string[] = [];
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = gate.run(4, async () => {
      order.push('first');
      await held;
    });
    const second = gate.run(10, async () => void order.push('second'));
    const third = gate.run(1, async () => void order.push('third'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(await gate.running()).toBeGreaterThanOrEqual(4);
    release();
    await Promise.all([first, second, third]);
    expect(order).toEqual(['first', 'second', 'third']);
    expect(await gate.running()).toBe(0);
  });

  it('keeps the reserve unspent, without lowering the sustained rate', async () => {
    const clock = virtualClock();
    const gate = new LocalBucketGate({ capacity: 4, refillPerSecond: 2, reserve: 1, clock });
    for (let index = 0; index < 5; index += 1) await gate.run(1, async () => {});
    // Three from the burst (one is reserved), then one every 500 ms.
    expect(clock.waits).toEqual([500, 500]);
  });
});

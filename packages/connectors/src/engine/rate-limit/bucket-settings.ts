import type Bottleneck from 'bottleneck';

/**
 * Expresses a bucket of `capacity` refilled at `refillPerSecond` as bottleneck reservoir settings:
 * the reservoir is the bucket's current content, a job's `weight` its cost, and bottleneck adds
 * `refillPerSecond × interval` every interval up to `capacity`. A job whose cost exceeds the
 * reservoir waits, i.e. for (cost − available) / refillPerSecond seconds.
 *
 * In Redis mode bottleneck credits every elapsed interval exactly (its Lua tick counts them); in
 * process the heartbeat may add an interval late, which only errs on the slow side and is corrected
 * by each re-sync from the platform's own numbers.
 */
export function bucketReservoirSettings(
  capacity: number,
  refillPerSecond: number,
  shared: boolean,
): Bottleneck.ConstructorOptions {
  const interval = Math.max(100, Math.ceil(1000 / refillPerSecond));
  return {
    reservoirIncreaseInterval: interval,
    reservoirIncreaseAmount: (refillPerSecond * interval) / 1000,
    reservoirIncreaseMaximum: capacity,
    // In process the heartbeat is what credits the reservoir, so it must tick well within an
    // interval; in Redis it only wakes waiting jobs and each tick costs a round trip.
    heartbeatInterval: shared ? 100 : Math.min(1000, Math.max(10, Math.floor(interval / 10))),
  };
}

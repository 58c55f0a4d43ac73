/** The durable jobs queue outbound webhook deliveries run on. */
export const WEBHOOK_DELIVERY_QUEUE = 'webhook-delivery';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Wait before each attempt of a delivery: immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and
 * 10 h (eight attempts over about 27.5 hours), as the Standard Webhooks guidance suggests.
 */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [
  0,
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
];

/** Priority of replayed deliveries: behind live traffic (lower runs first). */
export const REPLAY_PRIORITY = 10;

/**
 * When attempt `attempt + 1` runs after attempt number `attempt` (1-based) failed at `failedAt`;
 * null when the schedule is exhausted.
 */
export function nextAttemptAt(schedule: readonly number[], attempt: number, failedAt: Date): Date | null {
  const wait = schedule[attempt];
  return wait === undefined ? null : new Date(failedAt.getTime() + wait);
}

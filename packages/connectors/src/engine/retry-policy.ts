/** How hard the engine retries a retryable failure (429, 5xx, network, timeout). */
export interface RetryPolicy {
  /** Retries after the first attempt. @default 5 */
  retries: number;
  /** First backoff delay. @default 500 */
  minTimeoutMs: number;
  /** Backoff ceiling (a longer Retry-After is still honoured). @default 30_000 */
  maxTimeoutMs: number;
  /** @default 2 */
  factor: number;
  /** Give up once this much time was spent retrying. @default 300_000 */
  maxRetryTimeMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 5,
  minTimeoutMs: 500,
  maxTimeoutMs: 30_000,
  factor: 2,
  maxRetryTimeMs: 300_000,
};

/** The delay p-retry applies before retry number `retriesConsumed + 1` (randomize off). */
export function backoffDelay(policy: RetryPolicy, retriesConsumed: number): number {
  return Math.min(policy.minTimeoutMs * policy.factor ** retriesConsumed, policy.maxTimeoutMs);
}

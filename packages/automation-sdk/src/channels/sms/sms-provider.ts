import type { StatusCallbackParser } from '../delivery-status';

export interface SmsSendRequest {
  /** The recipient in E.164 (`+4915123456789`), already validated. */
  to: string;
  /** The rendered text. */
  body: string;
  /**
   * Same for every attempt of the same workflow step. Providers that accept an idempotency key must be
   * given it, so a send retried after a timeout is delivered once.
   */
  idempotencyKey: string;
  /** Where the provider should POST delivery-status updates for this message, when configured. */
  statusCallbackUrl: string | null;
}

/**
 * An SMS provider behind the SMS channel. Implement it for any provider:
 *
 * - `send` returns the provider's id for the message (stored on the message log row, and how status
 *   callbacks find the row again). It throws `ProviderError` with `retryable: true` for throttling,
 *   timeouts and server errors (the workflow runtime retries under the same idempotency key) and
 *   `retryable: false` for refusals that will not change (invalid or blocked number, bad credentials).
 * - `parseStatusCallback` verifies the provider's signature on a delivery-status callback (in constant
 *   time) and maps it to `sent | delivered | failed | bounced`, or null for intermediate states. It throws
 *   `InvalidStatusCallbackError` for a missing or wrong signature or a body it cannot read.
 *
 * `createHttpSmsProvider` is the reference implementation.
 */
export interface SmsProvider {
  readonly name: string;
  send(request: SmsSendRequest): Promise<{ providerMessageId: string }>;
  parseStatusCallback: StatusCallbackParser;
}

/** Stable codes of the errors the SMS, push, ads and onsite channels and the offers module throw. */
export type ChannelErrorCode =
  | 'invalid_phone_number'
  | 'invalid_status_callback'
  | 'provider_refused'
  | 'offer_pool_exhausted'
  | 'invalid_offer_input';

/**
 * A phone number that cannot be turned into a valid E.164 number (no country, impossible length or
 * prefix for its country). Thrown before any provider is called, so nothing is charged or uploaded.
 */
export class InvalidPhoneNumberError extends Error {
  readonly code: ChannelErrorCode = 'invalid_phone_number';
  override readonly name = 'InvalidPhoneNumberError';
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`Not a valid phone number ${JSON.stringify(input)}: ${reason}`);
  }
}

/** A provider's delivery-status callback that is unsigned, wrongly signed or malformed. Answer it 401/400. */
export class InvalidStatusCallbackError extends Error {
  readonly code: ChannelErrorCode = 'invalid_status_callback';
  override readonly name = 'InvalidStatusCallbackError';
  constructor(
    message: string,
    readonly kind: 'signature' | 'payload',
  ) {
    super(message);
  }
}

/**
 * A provider answered a request with an error. `retryable` is true for throttling (429), timeouts and
 * server errors, where the same request may succeed later; false for refusals that will not change
 * (bad credentials, an invalid or unsubscribed number, a payload the provider rejects).
 */
export class ProviderError extends Error {
  readonly code: ChannelErrorCode = 'provider_refused';
  override readonly name = 'ProviderError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status: number | null,
    /** The provider's own error code when it sent one (e.g. 21211 for an invalid "To" number). */
    readonly providerCode: string | null = null,
    /** Seconds the provider asked to wait (Retry-After), when it did. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

/**
 * Typed errors thrown by @cartwire/model. Each carries a stable snake_case `code` so callers (and the
 * gateway's problem+json mapping) can branch on it without matching message text.
 */
export type ModelErrorCode =
  | 'invalid_decimal'
  | 'invalid_currency'
  | 'currency_mismatch'
  | 'invalid_id'
  | 'invalid_timestamp'
  | 'invalid_event';

export abstract class ModelError extends Error {
  abstract readonly code: ModelErrorCode;
}

export class InvalidDecimalError extends ModelError {
  readonly code = 'invalid_decimal';
  override readonly name = 'InvalidDecimalError';
  constructor(readonly input: unknown) {
    super(`Not a decimal number: ${JSON.stringify(String(input))}`);
  }
}

export class InvalidCurrencyError extends ModelError {
  readonly code = 'invalid_currency';
  override readonly name = 'InvalidCurrencyError';
  constructor(readonly input: unknown) {
    super(`Not an ISO-4217 currency code: ${JSON.stringify(String(input))}`);
  }
}

export class CurrencyMismatchError extends ModelError {
  readonly code = 'currency_mismatch';
  override readonly name = 'CurrencyMismatchError';
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`Cannot combine money in ${actual} with money in ${expected}`);
  }
}

export class InvalidIdError extends ModelError {
  readonly code = 'invalid_id';
  override readonly name = 'InvalidIdError';
}

export class InvalidTimestampError extends ModelError {
  readonly code = 'invalid_timestamp';
  override readonly name = 'InvalidTimestampError';
  constructor(readonly input: unknown) {
    super(`Not a recognizable timestamp: ${JSON.stringify(String(input))}`);
  }
}

/** A payload that is not a valid event envelope, or whose `data` does not match its `type`. */
export class InvalidEventError extends ModelError {
  readonly code = 'invalid_event';
  override readonly name = 'InvalidEventError';
  constructor(
    message: string,
    /** Each failing path with its message, e.g. `data.total.amount: expected a decimal string`. */
    readonly issues: readonly { path: string; message: string }[],
  ) {
    super(message);
  }
}

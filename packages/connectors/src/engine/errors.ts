/**
 * Closed set of failure kinds a connector can report. Callers branch on `code`; the gateway maps
 * each to a problem+json type. Adding a code is a deliberate, compile-checked change.
 */
export type ConnectorErrorCode = 'auth' | 'not_found' | 'rate_limited' | 'transient' | 'invalid_payload';

export const CONNECTOR_ERROR_CODES = [
  'auth',
  'not_found',
  'rate_limited',
  'transient',
  'invalid_payload',
] as const satisfies readonly ConnectorErrorCode[];

/** Where a failure happened. Never carries credentials, tokens or request bodies. */
export interface ConnectorErrorContext {
  platform: string;
  storeId: string;
  operation: string;
  /** HTTP status when the platform answered; null for network errors and timeouts. */
  status?: number | null;
  /** Extra wait the platform asked for (Retry-After, throttle status), in milliseconds. */
  retryAfterMs?: number | null;
  cause?: unknown;
}

/** Whether the engine retries a failure of this code by default. */
const RETRYABLE: Record<ConnectorErrorCode, boolean> = {
  auth: false,
  not_found: false,
  rate_limited: true,
  transient: true,
  invalid_payload: false,
};

export abstract class ConnectorError extends Error {
  abstract readonly code: ConnectorErrorCode;
  readonly platform: string;
  readonly storeId: string;
  readonly operation: string;
  readonly status: number | null;
  readonly retryAfterMs: number | null;

  constructor(message: string, context: ConnectorErrorContext) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.platform = context.platform;
    this.storeId = context.storeId;
    this.operation = context.operation;
    this.status = context.status ?? null;
    this.retryAfterMs = context.retryAfterMs ?? null;
  }

  get retryable(): boolean {
    return RETRYABLE[this.code];
  }

  /** A log-safe summary (no cause chain, no payloads). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      platform: this.platform,
      storeId: this.storeId,
      operation: this.operation,
      status: this.status,
      retryable: this.retryable,
    };
  }
}

/** Credentials missing, invalid, expired beyond refresh, or lacking a scope (401/403). */
export class AuthError extends ConnectorError {
  readonly code = 'auth' as const;
  override readonly name = 'AuthError';
}

/** The resource does not exist on the platform (404). */
export class NotFoundError extends ConnectorError {
  readonly code = 'not_found' as const;
  override readonly name = 'NotFoundError';
}

/** The platform throttled us and retries were exhausted (429, Shopify THROTTLED, Amazon QuotaExceeded). */
export class RateLimitedError extends ConnectorError {
  readonly code = 'rate_limited' as const;
  override readonly name = 'RateLimitedError';
}

/** Network failure, timeout or 5xx that outlived its retries. */
export class TransientError extends ConnectorError {
  readonly code = 'transient' as const;
  override readonly name = 'TransientError';
}

/** The platform rejected our request (400/422) or answered with a body we cannot use. */
export class InvalidPayloadError extends ConnectorError {
  readonly code = 'invalid_payload' as const;
  override readonly name = 'InvalidPayloadError';
}

const ERROR_CLASSES: Record<
  ConnectorErrorCode,
  new (
    message: string,
    context: ConnectorErrorContext,
  ) => ConnectorError
> = {
  auth: AuthError,
  not_found: NotFoundError,
  rate_limited: RateLimitedError,
  transient: TransientError,
  invalid_payload: InvalidPayloadError,
};

export function createConnectorError(
  code: ConnectorErrorCode,
  message: string,
  context: ConnectorErrorContext,
): ConnectorError {
  return new ERROR_CLASSES[code](message, context);
}

export function isConnectorError(value: unknown): value is ConnectorError {
  return value instanceof ConnectorError;
}

/** A connector declaration is inconsistent (bad stream name, missing webhook config, …): a programming error. */
export class ConnectorDefinitionError extends Error {
  override readonly name = 'ConnectorDefinitionError';
}

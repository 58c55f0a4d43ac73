import type { ConnectorErrorCode } from './errors';
import type { AttemptOutcome } from './http-types';
import { MalformedBodyError } from './json';
import { parseRetryAfter } from './retry-after';

export type ClassifyAction = 'ok' | 'retry' | 'fail' | 'rate_limited' | 'refresh_auth';

/** The engine's single decision about one attempt. */
export interface Classification {
  action: ClassifyAction;
  /** The error class thrown when this attempt ends the request; null for `ok`. */
  errorClass: ConnectorErrorCode | null;
  /** Minimum wait before the next attempt (Retry-After, throttle status). */
  waitMs?: number;
  /** Human-readable, log-safe reason (platform error message, never credentials). */
  reason: string;
}

export interface ClassifyContext {
  now: number;
  /** True when the connector's auth can refresh its token, so a 401 is worth one more try. */
  refreshableAuth: boolean;
}

/**
 * A platform's extension of the default classification. Return undefined to fall through to the
 * default rules. Must be pure: it sees one attempt and decides, nothing else.
 *
 * @example
 * // Shopify: throttling arrives as HTTP 200 with errors[].extensions.code = 'THROTTLED'
 * classify: (outcome) => isThrottled(outcome) ? { action: 'rate_limited', errorClass: 'rate_limited', reason: 'THROTTLED', waitMs } : undefined
 */
export type PlatformClassifier = (
  outcome: AttemptOutcome,
  context: ClassifyContext,
) => Classification | undefined;

const ok: Classification = { action: 'ok', errorClass: null, reason: 'ok' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Fills `%1` / `%name` placeholders from a positional array or named object of parameters. */
function fillPlaceholders(message: string, parameters: unknown): string {
  if (Array.isArray(parameters)) {
    return message.replace(/%(\d+)/g, (whole, index: string) => {
      const value = parameters[Number(index) - 1];
      return value === undefined ? whole : String(value);
    });
  }
  if (isRecord(parameters)) {
    return message.replace(/%([a-zA-Z_][a-zA-Z0-9_]*)/g, (whole, name: string) => {
      const value = parameters[name];
      return value === undefined ? whole : String(value);
    });
  }
  return message;
}

/**
 * Extracts a readable message from the error bodies the supported platforms send:
 * `{ message, parameters }` (placeholders filled), `{ code, message, data }`,
 * `{ errors: [{ code, message }] }`, `{ errors: "text" }` and `{ errors: { field: [..] } }`.
 */
export function errorMessageFromBody(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() === '' ? undefined : body.slice(0, 500);
  if (!isRecord(body)) return undefined;
  const { errors, message, code } = body;
  if (typeof errors === 'string') return errors;
  if (Array.isArray(errors)) {
    const parts = errors
      .filter(isRecord)
      .map((entry) => [entry.code, entry.message].filter((part) => typeof part === 'string').join(': '))
      .filter((part) => part !== '');
    if (parts.length > 0) return parts.join('; ');
  }
  if (isRecord(errors)) {
    return Object.entries(errors)
      .map(([field, value]) => `${field}: ${Array.isArray(value) ? value.join(', ') : String(value)}`)
      .join('; ');
  }
  if (typeof message === 'string') {
    const filled = fillPlaceholders(message, body.parameters);
    return typeof code === 'string' ? `${code}: ${filled}` : filled;
  }
  return undefined;
}

function errorName(error: unknown): string | undefined {
  return isRecord(error) && typeof error.name === 'string' ? error.name : undefined;
}

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && isRecord(current); depth += 1) {
    if (typeof current.code === 'string') return current.code;
    current = current.cause;
  }
  return undefined;
}

/**
 * Default rules, in order: an unparsable success body fails as invalid_payload; timeouts and network errors retry; 2xx/3xx ok; 401 refreshes auth once
 * when the connector can, else fails; 403 fails as auth; 404/410 not_found; 408 and 5xx retry;
 * 429 is rate_limited with Retry-After honoured; any other 4xx is invalid_payload and never retried.
 */
export function classifyDefault(outcome: AttemptOutcome, context: ClassifyContext): Classification {
  if (outcome.kind === 'error') {
    if (outcome.error instanceof MalformedBodyError) {
      return { action: 'fail', errorClass: 'invalid_payload', reason: outcome.error.message };
    }
    const name = errorName(outcome.error);
    if (name === 'TimeoutError') {
      return { action: 'retry', errorClass: 'transient', reason: 'request timed out' };
    }
    const code = networkCode(outcome.error);
    return {
      action: 'retry',
      errorClass: 'transient',
      reason: `network error${code ? ` ${code}` : ''}: ${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)}`,
    };
  }
  const { status, headers, body } = outcome.response;
  if (status < 400) return ok;
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'), context.now);
  const reason = `HTTP ${status}: ${errorMessageFromBody(body) ?? 'no error message'}`;
  const wait = retryAfterMs === null ? {} : { waitMs: retryAfterMs };
  if (status === 401) {
    return context.refreshableAuth
      ? { action: 'refresh_auth', errorClass: 'auth', reason }
      : { action: 'fail', errorClass: 'auth', reason };
  }
  if (status === 403) return { action: 'fail', errorClass: 'auth', reason };
  if (status === 404 || status === 410) return { action: 'fail', errorClass: 'not_found', reason };
  if (status === 429) return { action: 'rate_limited', errorClass: 'rate_limited', reason, ...wait };
  if (status === 408 || status >= 500) return { action: 'retry', errorClass: 'transient', reason, ...wait };
  return { action: 'fail', errorClass: 'invalid_payload', reason };
}

/** Runs the platform classifier first and falls back to the default rules. */
export function createClassifier(platform?: PlatformClassifier) {
  return (outcome: AttemptOutcome, context: ClassifyContext): Classification =>
    platform?.(outcome, context) ?? classifyDefault(outcome, context);
}

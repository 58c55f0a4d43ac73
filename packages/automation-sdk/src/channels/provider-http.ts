import { timingSafeEqual } from 'node:crypto';
import { StepFailedError } from '../errors';
import { InvalidPhoneNumberError, ProviderError } from './errors';

export interface ProviderHttpOptions {
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default 10_000 */
  timeoutMs?: number;
}

export interface ProviderResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or null when the body was empty or not JSON. */
  json: unknown;
}

/** 408, 429 and 5xx may succeed later; every other 4xx is a refusal that will not change on retry. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

function retryAfterSeconds(headers: Headers): number | null {
  const value = headers.get('retry-after');
  if (value === null) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/**
 * One request to a provider. A network error or timeout is a retryable `ProviderError`; a non-2xx answer
 * is a `ProviderError` classified by status, carrying the provider's message and code when its body has
 * them (`message`/`error.message`, `code`/`error.code`).
 */
export async function providerRequest(
  provider: string,
  options: ProviderHttpOptions,
  request: { method: string; url: string; headers: Record<string, string>; body?: string },
): Promise<ProviderResponse> {
  const doFetch = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await doFetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new ProviderError(`${provider}: ${request.method} failed: ${(error as Error).message}`, true, null);
  }
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  if (response.ok) return { status: response.status, headers: response.headers, json };
  const body = (json ?? {}) as {
    message?: unknown;
    code?: unknown;
    error?: { message?: unknown; code?: unknown };
  };
  const message = body.message ?? body.error?.message;
  const code = body.code ?? body.error?.code;
  throw new ProviderError(
    `${provider} answered ${response.status}${typeof message === 'string' ? `: ${message}` : ''}`,
    isRetryableStatus(response.status),
    response.status,
    code === undefined || code === null ? null : String(code),
    retryAfterSeconds(response.headers),
  );
}

/**
 * Turns what a provider adapter threw into the runtime's `StepFailedError`: retryable provider errors are
 * retried by the workflow runtime under the same idempotency key; refusals and invalid numbers park the run.
 */
export function asStepFailure(error: unknown): never {
  if (error instanceof StepFailedError) throw error;
  if (error instanceof ProviderError) throw new StepFailedError(error.message, error.retryable);
  if (error instanceof InvalidPhoneNumberError) throw new StepFailedError(error.message, false);
  throw error;
}

/** Compares two signatures in constant time (different lengths are unequal without an early exit on content). */
export function signaturesEqual(expected: string, received: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

/** A header value from either a `Headers` object or a plain record (lower-cased names). */
export function headerOf(
  headers: Headers | Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name.toLowerCase()] ?? headers[name];
  return Array.isArray(value) ? value[0] : value;
}

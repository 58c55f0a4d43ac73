import { z } from '@hono/zod-openapi';

/**
 * Every error code the API can answer with. Adding a code without a row in PROBLEM does not compile.
 * Codes are stable: clients branch on them (and on `type`, which embeds them).
 */
export type ErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'idempotency_key_reused'
  | 'invalid_credentials'
  | 'platform_not_supported'
  | 'platform_rejected'
  | 'unsupported_by_platform'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'internal_error'
  | 'upstream_error'
  | 'service_unavailable';

export const PROBLEM: Record<ErrorCode, { readonly status: number; readonly title: string }> = {
  bad_request: { status: 400, title: 'Bad request' },
  invalid_json: { status: 400, title: 'Request body is not valid JSON' },
  validation_failed: { status: 400, title: 'Request validation failed' },
  unauthorized: { status: 401, title: 'Missing or invalid API key' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  idempotency_key_reused: { status: 422, title: 'Idempotency key reused with a different request' },
  invalid_credentials: { status: 422, title: 'Store credentials do not match the platform’s schema' },
  platform_not_supported: { status: 422, title: 'No connector for this platform in this deployment' },
  platform_rejected: { status: 422, title: 'The commerce platform refused the request' },
  unsupported_by_platform: { status: 422, title: 'The store’s platform has no such write' },
  payload_too_large: { status: 413, title: 'Request body too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal_error: { status: 500, title: 'Internal server error' },
  upstream_error: { status: 502, title: 'The commerce platform failed to answer' },
  service_unavailable: { status: 503, title: 'Service unavailable' },
};

export const PROBLEM_TYPE_BASE = 'https://cartwire.dev/problems/';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One failing field of a request: where it was (`in`), which field (`path`), and why. */
export const FieldError = z
  .object({
    in: z.enum(['body', 'query', 'param', 'header', 'cookie']).openapi({
      description: 'Which part of the request held the field.',
    }),
    path: z
      .string()
      .openapi({ description: 'Dotted path to the field (`items.0.sku`); empty for the whole part.' }),
    message: z.string(),
    code: z
      .string()
      .openapi({ description: 'Machine-readable reason (zod issue code), e.g. `invalid_type`.' }),
  })
  .openapi('FieldError');
export type FieldError = z.infer<typeof FieldError>;

/** RFC 9457 problem details, as every error response of the API carries them. */
export const Problem = z
  .object({
    type: z.url().openapi({ example: `${PROBLEM_TYPE_BASE}not_found` }),
    title: z.string().openapi({ example: 'Not found' }),
    status: z.number().int().openapi({ example: 404 }),
    detail: z.string().optional(),
    instance: z.string().openapi({ description: 'The request path.', example: '/v1/orders/ord_123' }),
    code: z.string().openapi({ description: 'Stable error code (the last segment of `type`).' }),
    request_id: z.string().openapi({ description: 'Quote this when asking for support.' }),
    errors: z.array(FieldError).optional().openapi({ description: 'Each failing field (validation).' }),
  })
  .catchall(z.unknown())
  .openapi('Problem');
export type Problem = z.infer<typeof Problem>;

export interface ProblemErrorOptions {
  readonly detail?: string;
  /** Extra response headers (WWW-Authenticate, Retry-After, …). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Extension members added to the problem body. */
  readonly extensions?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

/** An expected API failure: becomes a problem+json response with its code's status and title. */
export class ProblemError extends Error {
  readonly _tag: string = 'ProblemError';
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, options: ProblemErrorOptions = {}) {
    super(options.detail ?? PROBLEM[code].title, { cause: options.cause });
    this.name = 'ProblemError';
    this.code = code;
    this.detail = options.detail;
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }

  get status(): number {
    return PROBLEM[this.code].status;
  }
}

export class ValidationError extends ProblemError {
  override readonly _tag = 'ValidationError';
  constructor(readonly fieldErrors: readonly FieldError[]) {
    super('validation_failed', {
      detail: `${fieldErrors.length} field(s) failed validation.`,
      extensions: { errors: fieldErrors },
    });
  }
}

export class UnauthorizedError extends ProblemError {
  override readonly _tag = 'UnauthorizedError';
  constructor(detail: string) {
    super('unauthorized', { detail, headers: { 'WWW-Authenticate': 'Bearer realm="cartwire"' } });
  }
}

export class NotFoundError extends ProblemError {
  override readonly _tag = 'NotFoundError';
  constructor(detail = 'No such resource.') {
    super('not_found', { detail });
  }
}

export class RateLimitedError extends ProblemError {
  override readonly _tag = 'RateLimitedError';
  constructor(
    readonly retryAfterSeconds: number,
    headers: Readonly<Record<string, string>> = {},
  ) {
    super('rate_limited', {
      detail: `Rate limit exceeded for this API key; retry in ${retryAfterSeconds}s.`,
      headers: { ...headers, 'Retry-After': String(retryAfterSeconds) },
    });
  }
}

/** Builds the body; `instance` is the request path, `requestId` ties it to the logs. */
export function toProblem(error: ProblemError, instance: string, requestId: string): Problem {
  const { status, title } = PROBLEM[error.code];
  return {
    ...error.extensions,
    type: `${PROBLEM_TYPE_BASE}${error.code}`,
    title,
    status,
    ...(error.detail === undefined ? {} : { detail: error.detail }),
    instance,
    code: error.code,
    request_id: requestId,
  };
}

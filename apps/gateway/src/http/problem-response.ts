import { StorageError } from '@cartwire/storage';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './app-env';
import { type ErrorCode, PROBLEM_CONTENT_TYPE, ProblemError, toProblem } from './problem';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  502: 'upstream_error',
  503: 'service_unavailable',
};

/** Hono's own HTTPExceptions (malformed JSON, …) mapped onto our closed code set. */
function fromHttpException(error: HTTPException): ProblemError {
  const code =
    error.status === 400 && /json/i.test(error.message) ? 'invalid_json' : CODE_BY_STATUS[error.status];
  if (code === undefined) return new ProblemError('internal_error', { cause: error });
  return new ProblemError(code, { detail: error.message || undefined, cause: error });
}

/** Anything thrown → problem+json. Unknown errors are logged with the request id and answered as 500 without internals. */
export function problemResponse(error: unknown, c: Context<AppEnv>): Response {
  let problem: ProblemError;
  if (error instanceof ProblemError) {
    problem = error;
  } else if (error instanceof HTTPException) {
    problem = fromHttpException(error);
  } else if (error instanceof StorageError && error.code === 'database_unavailable') {
    // A lost database is an outage the client should retry, not a bug in its request.
    problem = new ProblemError('service_unavailable', {
      detail: 'The database is unavailable; retry shortly.',
      headers: { 'Retry-After': '5' },
      cause: error,
    });
  } else {
    problem = new ProblemError('internal_error', {
      detail: 'An unexpected error occurred; quote the request_id when reporting it.',
    });
  }
  if (problem.status >= 500) c.var.logger.error({ err: error }, 'request failed');
  const body = toProblem(problem, c.req.path, c.var.requestId);
  return new Response(JSON.stringify(body), {
    status: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...problem.headers },
  });
}

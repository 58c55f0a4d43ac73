import { createHash } from 'node:crypto';
import type { IdempotencyStore } from '@cartwire/storage';
import { createMiddleware } from 'hono/factory';
import type { AuthedEnv } from '../../http/app-env';
import { PROBLEM_CONTENT_TYPE, ProblemError, ValidationError } from '../../http/problem';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/** The OpenAPI description of the header, for the write routes that honour it. */
export const IDEMPOTENCY_KEY_HEADER_DOC = {
  description:
    'Makes the request safe to retry: the same key with the same body replays the first response; with ' +
    'another body it is refused (422). Keys are per tenant.',
};

/**
 * `Idempotency-Key` for write routes: the first request runs and its response (2xx or 4xx) is stored;
 * a retry with the same key and body gets that response again with `Idempotent-Replayed: true`, and the
 * same key with another method, path or body is a 422. A 5xx is not stored, so the retry runs again.
 */
export function idempotent(store: IdempotencyStore) {
  return createMiddleware<AuthedEnv>(async (c, next) => {
    const key = c.req.header(IDEMPOTENCY_HEADER);
    if (key === undefined || c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    if (!KEY_FORMAT.test(key)) {
      throw new ValidationError([
        {
          in: 'header',
          path: 'Idempotency-Key',
          message: '1 to 255 visible ASCII characters',
          code: 'invalid_format',
        },
      ]);
    }
    const tenantId = c.var.auth.tenantId;
    const body = await c.req.raw.clone().text();
    const requestHash = createHash('sha256').update(`${c.req.method}\n${c.req.path}\n${body}`).digest('hex');
    const decision = await store.begin({ tenantId, key, requestHash });
    switch (decision.outcome) {
      case 'replay':
        return new Response(JSON.stringify(decision.body), {
          status: decision.status,
          headers: {
            'content-type': decision.status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json',
            'idempotent-replayed': 'true',
          },
        });
      case 'mismatch':
        throw new ProblemError('idempotency_key_reused', {
          detail: 'This Idempotency-Key was used for a different request; use a new key.',
        });
      case 'in_progress':
        throw new ProblemError('conflict', {
          detail: 'A request with this Idempotency-Key is still in progress; retry shortly.',
          headers: { 'Retry-After': '1' },
        });
      case 'proceed':
        break;
    }
    try {
      await next();
    } catch (error) {
      await store.release(tenantId, key);
      throw error;
    }
    if (c.res.status >= 500) {
      await store.release(tenantId, key);
      return;
    }
    const contentType = c.res.headers.get('content-type') ?? '';
    const responseBody = contentType.includes('json') ? await c.res.clone().json() : null;
    await store.complete({ tenantId, key, status: c.res.status, body: responseBody });
  });
}

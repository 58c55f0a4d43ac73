import { randomBytes } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { Logger } from '../logger';
import type { AppEnv } from './app-env';

export const REQUEST_ID_HEADER = 'cartwire-request-id';

/** An incoming id is echoed only if it is short and plain, so it cannot smuggle text into logs. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function newRequestId(): string {
  return `req_${randomBytes(12).toString('base64url')}`;
}

/**
 * Gives every request an id (the caller's `cartwire-request-id`/`x-request-id` when sane), a child
 * logger carrying it, the id on the response, and one access log line when the response is done.
 */
export function requestContext(logger: Logger) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const incoming = c.req.header(REQUEST_ID_HEADER) ?? c.req.header('x-request-id');
    const requestId = incoming !== undefined && SAFE_REQUEST_ID.test(incoming) ? incoming : newRequestId();
    const requestLogger = logger.child({ requestId });
    c.set('requestId', requestId);
    c.set('logger', requestLogger);
    // Set before the handler, so responses built with c.json/c.body carry it from the start. Setting it
    // on a finished response makes Hono copy that response into a streamed one (the node adapter then
    // streams the body instead of writing it at once); only responses returned as-is (errors, GraphQL)
    // still need it afterwards.
    c.header(REQUEST_ID_HEADER, requestId);
    const started = performance.now();
    try {
      await next();
    } finally {
      if (c.res.headers.get(REQUEST_ID_HEADER) !== requestId) c.header(REQUEST_ID_HEADER, requestId);
      requestLogger.info(
        {
          method: c.req.method,
          path: c.req.path,
          status: c.res.status,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          tenantId: c.var.auth?.tenantId,
        },
        'request',
      );
    }
  });
}

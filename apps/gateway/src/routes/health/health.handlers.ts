import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/app-env';
import { ProblemError } from '../../http/problem';
import type { healthzRoute, readyzRoute } from './health.routes';

/** What readiness needs from the database: a round trip that throws when it cannot be made. */
export interface Pingable {
  ping(): Promise<void>;
}

export const healthz: RouteHandler<typeof healthzRoute, AppEnv> = (c) =>
  c.json({ status: 'ok' as const }, 200);

export function createReadyz(database: Pingable): RouteHandler<typeof readyzRoute, AppEnv> {
  return async (c) => {
    try {
      await database.ping();
    } catch (cause) {
      c.var.logger.warn({ err: cause }, 'readiness check failed: database unavailable');
      throw new ProblemError('service_unavailable', {
        detail: 'The database is not answering.',
        extensions: { checks: { database: 'unavailable' } },
        cause,
      });
    }
    return c.json({ status: 'ready' as const, checks: { database: 'ok' as const } }, 200);
  };
}

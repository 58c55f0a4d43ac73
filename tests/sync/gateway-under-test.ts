import type { Database, Repositories } from '@cartwire/storage';
import { Hono } from 'hono';
import type { AppEnv } from '../../apps/gateway/src/http/app-env';
import { type HttpListener, listen } from '../../apps/gateway/src/http/listen';
import { problemResponse } from '../../apps/gateway/src/http/problem-response';
import { requestContext } from '../../apps/gateway/src/http/request-context';
import type { Logger } from '../../apps/gateway/src/logger';
import { createSyncRuntime, type SyncRuntime } from '../../apps/gateway/src/workers/sync-runtime';
import type { TestClock } from './sync-harness';

export interface GatewayUnderTest {
  url: string;
  runtime: SyncRuntime;
  close(): Promise<void>;
}

/**
 * The gateway's sync surface served over loopback HTTP, so platform emulators deliver their real
 * webhooks to it; the same middleware and error mapping as the full app.
 */
export async function startGatewayUnderTest(options: {
  database: Database;
  repositories: Repositories;
  clock: TestClock;
  logger: Logger;
  webhookMaxBodyBytes?: number;
  trackRateLimit?: { perSecond: number; burst: number };
}): Promise<GatewayUnderTest> {
  const runtime = createSyncRuntime({
    database: options.database,
    repositories: options.repositories,
    clock: options.clock,
    logger: options.logger,
    workerId: 'gateway-under-test',
    engine: { retry: { minTimeoutMs: 5, maxTimeoutMs: 50 } },
    ...(options.webhookMaxBodyBytes ? { webhookMaxBodyBytes: options.webhookMaxBodyBytes } : {}),
    ...(options.trackRateLimit ? { trackRateLimit: options.trackRateLimit } : {}),
  });
  const app = new Hono<AppEnv>();
  app.use('*', requestContext(options.logger));
  runtime.mount(app);
  app.onError((error, c) => problemResponse(error, c));
  const listener: HttpListener = await listen(app.fetch, { port: 0, host: '127.0.0.1' });
  return {
    url: listener.url,
    runtime,
    async close() {
      await listener.close(1000);
      await runtime.close();
    },
  };
}

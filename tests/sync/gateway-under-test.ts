import type { Database, Repositories } from '@cartwire/storage';
import type { TestDatabase } from '@cartwire/storage/testing';
import { Hono } from 'hono';
import type { AppEnv } from '../../apps/gateway/src/http/app-env';
import { type HttpListener, listen } from '../../apps/gateway/src/http/listen';
import { problemResponse } from '../../apps/gateway/src/http/problem-response';
import { requestContext } from '../../apps/gateway/src/http/request-context';
import type { Logger } from '../../apps/gateway/src/logger';
import { buildTestApp } from '../../apps/gateway/src/testing/test-gateway';
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

export interface FullGatewayUnderTest extends GatewayUnderTest {
  repositories: Repositories;
  /** The tenant owning `authorization`'s API key. */
  tenantId: string;
  /** `{ authorization: 'Bearer …' }` of a test key of the tenant. */
  authorization: Record<string, string>;
  /** Calls the gateway's REST API over loopback as a client would; the body is parsed JSON. */
  api(
    method: string,
    path: string,
    options?: { body?: unknown; authorization?: Record<string, string> },
  ): Promise<{ status: number; body: unknown; text: string }>;
  /** An API key of a new, separate tenant (for tenancy checks). */
  otherTenantKey(): Promise<Record<string, string>>;
}

/**
 * The whole gateway (REST `/v1`, inbound webhooks, sync runtime) on one database over loopback HTTP,
 * as `npm start` wires it: stores are connected, synced and read through the public API.
 */
export async function startFullGatewayUnderTest(options: {
  database: TestDatabase;
  clock: TestClock;
  logger: Logger;
}): Promise<FullGatewayUnderTest> {
  const built = await buildTestApp(options.database, { clock: options.clock });
  const runtime = createSyncRuntime({
    database: options.database,
    repositories: built.repositories,
    clock: options.clock,
    logger: options.logger,
    workerId: 'full-gateway-under-test',
    engine: { retry: { minTimeoutMs: 5, maxTimeoutMs: 50 } },
  });
  runtime.mount(built.app);
  const listener: HttpListener = await listen(built.app.fetch, { port: 0, host: '127.0.0.1' });
  return {
    url: listener.url,
    runtime,
    repositories: built.repositories,
    tenantId: built.tenant.id,
    authorization: built.authorization,
    async api(method, path, { body, authorization = built.authorization } = {}) {
      const response = await fetch(`${listener.url}${path}`, {
        method,
        headers: {
          ...authorization,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, text, body: text === '' ? null : JSON.parse(text) };
    },
    async otherTenantKey() {
      const tenant = await built.repositories.tenants.createTenant({ name: 'Other tenant' });
      const { secret } = await built.repositories.apiKeys.createApiKey({ tenantId: tenant.id, mode: 'test' });
      return { authorization: `Bearer ${secret}` };
    },
    async close() {
      await listener.close(1000);
      await runtime.close();
    },
  };
}

import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createCredentialCipher } from '@cartwire/storage';
import type { TestDatabase } from '@cartwire/storage/testing';
import { createApp } from '../app';
import { createApiKeyCache, repositoryVerifier } from '../auth/api-key-cache';
import type { Clock } from '../clock';
import type { GatewayConfig } from '../config/env';
import { createLogger } from '../logger';
import { createGatewayRepositories, type GatewayRepositories } from '../repositories';

/** A clock tests move by hand. */
export function manualClock(start = new Date('2026-01-01T00:00:00Z')) {
  let ms = start.getTime();
  return {
    now: () => new Date(ms),
    advance(byMs: number) {
      ms += byMs;
    },
  } satisfies Clock & { advance(byMs: number): void };
}

/** A logger whose JSON lines the test can read back. */
export function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

export interface TestAppOptions {
  readonly config?: Partial<Pick<GatewayConfig, 'requestBodyLimitBytes' | 'rateLimit'>>;
  readonly clock?: Clock;
  /** @default false */
  readonly graphiql?: boolean;
}

/** createApp on a migrated test database, with a tenant and a test key ready to use. */
export async function buildTestApp(database: TestDatabase, options: TestAppOptions = {}) {
  const clock = options.clock ?? manualClock();
  const { logger, lines } = capturedLogger();
  const repositories: GatewayRepositories = createGatewayRepositories(database, {
    clock,
    cipher: createCredentialCipher(randomBytes(32)),
  });
  // The app's default cache, but on the test clock so tests can let entries expire.
  const apiKeyCache = createApiKeyCache(repositoryVerifier(repositories.apiKeys), {
    now: () => clock.now().getTime(),
  });
  const app = createApp({
    config: { requestBodyLimitBytes: 1024 * 1024, rateLimit: null, ...options.config },
    database,
    repositories,
    logger,
    clock,
    apiKeyCache,
    graphiql: options.graphiql ?? false,
  });
  const tenant = await repositories.tenants.createTenant({ name: 'Acme' });
  const { apiKey, secret } = await repositories.apiKeys.createApiKey({ tenantId: tenant.id, mode: 'test' });
  const authorization = { authorization: `Bearer ${secret}` };
  /** A JSON request to the app, with this tenant's key unless other headers are given. */
  const call = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = authorization,
  ) =>
    app.request(path, {
      method,
      headers: { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  /** Another tenant's key, for the "another tenant gets 404" checks. */
  const otherTenantAuthorization = async () => {
    const other = await repositories.tenants.createTenant({ name: 'Other' });
    const created = await repositories.apiKeys.createApiKey({ tenantId: other.id, mode: 'test' });
    return { authorization: `Bearer ${created.secret}` };
  };
  return {
    app,
    apiKeyCache,
    repositories,
    logLines: lines,
    tenant,
    apiKey,
    secret,
    authorization,
    call,
    otherTenantAuthorization,
  };
}

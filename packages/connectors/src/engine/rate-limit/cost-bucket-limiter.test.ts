import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type LeakyBucketServer, startLeakyBucketServer } from '../../testing/leaky-bucket-server';
import { staticAuth } from '../auth';
import type { PlatformClassifier } from '../classify';
import { defineConnector } from '../connector';
import { createConnectorEngine } from '../engine';
import type { ConnectorResponse } from '../http-types';
import { CostBucketLimiter } from './cost-bucket-limiter';

const Cost = z.object({
  extensions: z.object({
    cost: z.object({
      requestedQueryCost: z.number(),
      throttleStatus: z.object({
        maximumAvailable: z.number(),
        currentlyAvailable: z.number(),
        restoreRate: z.number(),
      }),
    }),
  }),
});
const Throttled = z.object({
  errors: z.array(z.object({ extensions: z.object({ code: z.literal('THROTTLED') }) })),
});

function observe(response: ConnectorResponse) {
  const parsed = Cost.safeParse(response.body);
  if (!parsed.success) return undefined;
  const { requestedQueryCost, throttleStatus } = parsed.data.extensions.cost;
  return { requestedCost: requestedQueryCost, ...throttleStatus };
}

const classify: PlatformClassifier = (outcome) => {
  if (outcome.kind !== 'response' || !Throttled.safeParse(outcome.response.body).success) return undefined;
  const cost = Cost.parse(outcome.response.body).extensions.cost;
  const missing = cost.requestedQueryCost - cost.throttleStatus.currentlyAvailable;
  return {
    action: 'rate_limited',
    errorClass: 'rate_limited',
    reason: 'THROTTLED',
    waitMs: Math.max(0, (missing / cost.throttleStatus.restoreRate) * 1000),
  };
};

function graphqlConnector(start: { maximumAvailable: number; restoreRate: number; defaultCost: number }) {
  return defineConnector({
    platform: 'shopify',
    credentials: z.object({ baseUrl: z.string() }),
    baseUrl: (c) => c.baseUrl,
    auth: staticAuth(() => ({})),
    rateLimit: { kind: 'cost-bucket', ...start, maxConcurrent: 8, observe },
    classify,
    retry: { minTimeoutMs: 5, maxTimeoutMs: 50, retries: 8 },
    streams: {},
  });
}

let server: LeakyBucketServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('CostBucketLimiter', () => {
  it('keeps THROTTLED replies at ~0 against a leaky bucket while sending far more than the bucket holds', async () => {
    server = await startLeakyBucketServer({
      maximumAvailable: 200,
      restoreRate: 400,
      requestedCost: 10,
      actualCost: 8,
    });
    // Starts with a lower default cost than the real one: the limiter must learn it from replies.
    const connector = graphqlConnector({ maximumAvailable: 200, restoreRate: 400, defaultCost: 5 });
    const engine = createConnectorEngine();
    const ctx = engine.connect(connector, { id: 'sto_cost', credentials: { baseUrl: server.url } });
    const total = 90; // 900 points requested against a 200-point bucket
    const responses = await Promise.all(
      Array.from({ length: total }, () =>
        engine.request(ctx, {
          operation: 'orders',
          method: 'POST',
          path: '/graphql',
          body: { query: '{ok}' },
        }),
      ),
    );
    expect(responses.every((r) => (r.body as { data?: unknown }).data !== undefined)).toBe(true);
    const { served, throttled } = server.stats();
    expect(served).toBe(total);
    expect(throttled).toBeLessThanOrEqual(2);
    const limiter = engine.limiterFor(ctx);
    expect(limiter).toBeInstanceOf(CostBucketLimiter);
    const snapshot = await (limiter as CostBucketLimiter).snapshot();
    expect(snapshot.learnedCosts).toEqual({ orders: 10 });
    await engine.close();
  });

  it('adopts the bucket size and restore rate the platform reports', async () => {
    server = await startLeakyBucketServer({
      maximumAvailable: 100,
      restoreRate: 500,
      requestedCost: 10,
      actualCost: 10,
    });
    // Declared far too generous: without adapting, the first burst would be throttled en masse.
    const connector = graphqlConnector({ maximumAvailable: 1000, restoreRate: 5000, defaultCost: 10 });
    const engine = createConnectorEngine();
    const ctx = engine.connect(connector, { id: 'sto_adapt', credentials: { baseUrl: server.url } });
    await engine.request(ctx, {
      operation: 'orders',
      method: 'POST',
      path: '/graphql',
      body: { query: '{ok}' },
    });
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        engine.request(ctx, {
          operation: 'orders',
          method: 'POST',
          path: '/graphql',
          body: { query: '{ok}' },
        }),
      ),
    );
    expect(results).toHaveLength(40);
    const snapshot = await (engine.limiterFor(ctx) as CostBucketLimiter).snapshot();
    expect(snapshot).toMatchObject({ maximumAvailable: 100, restoreRate: 500 });
    expect(server.stats().throttled).toBeLessThanOrEqual(2);
    await engine.close();
  });

  it('honours a per-store override of the declared bucket', () => {
    const connector = graphqlConnector({ maximumAvailable: 2000, restoreRate: 100, defaultCost: 10 });
    const engine = createConnectorEngine();
    const ctx = engine.connect(connector, {
      id: 'sto_plus',
      credentials: { baseUrl: 'http://127.0.0.1:1' },
      settings: { rateLimit: { maximumAvailable: 20000, restoreRate: 1000 } },
    });
    const limiter = engine.limiterFor(ctx) as CostBucketLimiter;
    expect(limiter.costOf({ operation: 'x', cost: 25000 })).toBe(20000);
    expect(limiter.costOf({ operation: 'x' })).toBe(10);
  });
});

import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startLeakyBucketServer } from '../../testing/leaky-bucket-server';
import { staticAuth } from '../auth';
import { defineConnector } from '../connector';
import { createConnectorEngine } from '../engine';
import type { ConnectorResponse } from '../http-types';
import { createLimiterFactory } from './limiter-factory';

const REDIS = { host: '127.0.0.1', port: 6379 };

async function redisReachable(): Promise<boolean> {
  const probe = new Redis({ ...REDIS, lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 500 });
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const reachable = await redisReachable();
if (!reachable) {
  console.warn('Redis is not reachable at 127.0.0.1:6379: skipping the Redis-shared limiter tests.');
}

// A fresh prefix per run: limiter state in Redis outlives the test process.
const keyPrefix = `cartwire-test-${randomUUID()}`;

afterAll(async () => {
  if (!reachable) return;
  const redis = new Redis(REDIS);
  const keys = await redis.keys(`b_${keyPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe.skipIf(!reachable)('limiters shared through Redis', () => {
  it('two limiter instances with the same id never exceed the shared concurrency', async () => {
    const first = createLimiterFactory({ redis: REDIS, keyPrefix });
    const second = createLimiterFactory({ redis: `redis://${REDIS.host}:${REDIS.port}`, keyPrefix });
    const settings = { maxConcurrent: 2, minTime: 0 };
    const limiters = [
      first.bottleneck('woocommerce:sto_shared', settings),
      second.bottleneck('woocommerce:sto_shared', settings),
    ];
    let running = 0;
    let peak = 0;
    const job = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 40));
      running -= 1;
    };
    await Promise.all(Array.from({ length: 12 }, (_, index) => limiters[index % 2]?.schedule(job)));
    expect(peak).toBe(2);
    await Promise.all([first.disconnect(), second.disconnect()]);
  });

  it('two engines sharing a cost bucket through Redis stay clear of THROTTLED', async () => {
    const server = await startLeakyBucketServer({
      maximumAvailable: 100,
      restoreRate: 400,
      requestedCost: 10,
      actualCost: 10,
    });
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
    const observe = (response: ConnectorResponse) => {
      const parsed = Cost.safeParse(response.body);
      return parsed.success
        ? {
            requestedCost: parsed.data.extensions.cost.requestedQueryCost,
            ...parsed.data.extensions.cost.throttleStatus,
          }
        : undefined;
    };
    const connector = defineConnector({
      platform: 'shopify',
      credentials: z.object({ baseUrl: z.string() }),
      baseUrl: (c) => c.baseUrl,
      auth: staticAuth(() => ({})),
      rateLimit: { kind: 'cost-bucket', maximumAvailable: 100, restoreRate: 400, defaultCost: 10, observe },
      streams: {},
    });
    const factories = [1, 2].map(() => createLimiterFactory({ redis: REDIS, keyPrefix }));
    const engines = factories.map((limiterFactory) => createConnectorEngine({ limiterFactory }));
    const store = { id: `sto_${randomUUID()}`, credentials: { baseUrl: server.url } };
    await Promise.all(
      Array.from({ length: 40 }, (_, index) => {
        const engine = engines[index % 2];
        if (!engine) throw new Error('engine missing');
        return engine.request(engine.connect(connector, store), {
          operation: 'orders',
          method: 'POST',
          path: '/graphql',
          body: { query: '{ok}' },
        });
      }),
    );
    // 400 points requested from a 100-point bucket by two processes that each believe they own it.
    // This bare connector does not classify THROTTLED as retryable, so each request is answered once.
    const { served, throttled } = server.stats();
    expect(served + throttled).toBe(40);
    expect(throttled).toBeLessThanOrEqual(3);
    for (const engine of engines) await engine.close();
    for (const factory of factories) await factory.disconnect();
    await server.close();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type LocalHttpServer, sendJson, startLocalHttpServer } from '../../testing/local-http-server';
import { staticAuth } from '../auth';
import { defineConnector } from '../connector';
import { createConnectorEngine } from '../engine';
import { TokenBucketLimiter } from './token-bucket-limiter';

/** Per-operation token buckets like Amazon SP-API: 429 QuotaExceeded, best-effort rate header. */
async function startTokenBucketServer(buckets: Record<string, { rate: number; burst: number }>) {
  const state = new Map<string, { tokens: number; at: number }>();
  let quotaExceeded = 0;
  const server = await startLocalHttpServer((req, res) => {
    const operation = new URL(req.url, 'http://x').pathname.slice(1);
    const bucket = buckets[operation];
    if (!bucket) return sendJson(res, 404, {});
    const now = performance.now();
    const current = state.get(operation) ?? { tokens: bucket.burst, at: now };
    current.tokens = Math.min(bucket.burst, current.tokens + ((now - current.at) / 1000) * bucket.rate);
    current.at = now;
    state.set(operation, current);
    if (current.tokens < 1) {
      quotaExceeded += 1;
      return sendJson(res, 429, { errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota.' }] });
    }
    current.tokens -= 1;
    sendJson(res, 200, { payload: {} }, { 'x-amzn-ratelimit-limit': String(bucket.rate) });
  });
  return Object.assign(server, { quotaExceeded: () => quotaExceeded });
}

const connector = defineConnector({
  platform: 'amazon',
  credentials: z.object({ baseUrl: z.string() }),
  baseUrl: (c) => c.baseUrl,
  auth: staticAuth(() => ({})),
  rateLimit: {
    kind: 'token-bucket',
    // Declared optimistically for getOrders; the live header must pull it down.
    perOperation: { getOrders: { rate: 40, burst: 4 }, getOrderItems: { rate: 30, burst: 3 } },
    default: { rate: 1, burst: 1 },
    observe: (response) => {
      const header = response.headers.get('x-amzn-ratelimit-limit');
      return header === null ? undefined : { rate: Number(header) };
    },
  },
  retry: { minTimeoutMs: 10, maxTimeoutMs: 200, retries: 6 },
  streams: {},
});

let server: (LocalHttpServer & { quotaExceeded(): number }) | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('TokenBucketLimiter', () => {
  it('paces each operation by its own bucket and adopts the rate the platform reports', async () => {
    server = await startTokenBucketServer({
      getOrders: { rate: 20, burst: 4 },
      getOrderItems: { rate: 30, burst: 3 },
    });
    const engine = createConnectorEngine();
    const ctx = engine.connect(connector, { id: 'sto_amz', credentials: { baseUrl: server.url } });
    await engine.request(ctx, { operation: 'getOrders', path: '/getOrders' });
    const calls = [
      ...Array.from({ length: 14 }, () =>
        engine.request(ctx, { operation: 'getOrders', path: '/getOrders' }),
      ),
      ...Array.from({ length: 12 }, () =>
        engine.request(ctx, { operation: 'getOrderItems', path: '/getOrderItems' }),
      ),
    ];
    await Promise.all(calls);
    // Without pacing, 26 calls against buckets of 4 and 3 draw about twenty 429s.
    expect(server.quotaExceeded()).toBeLessThanOrEqual(2);
    const limiter = engine.limiterFor(ctx) as TokenBucketLimiter;
    expect(limiter).toBeInstanceOf(TokenBucketLimiter);
    expect(limiter.bucketFor('getOrders')).toEqual({ rate: 20, burst: 4 });
    expect(limiter.bucketFor('getOrderItems')).toEqual({ rate: 30, burst: 3 });
    expect(limiter.bucketFor('createRestrictedDataToken')).toEqual({ rate: 1, burst: 1 });
    await engine.close();
  });
});

import { type LocalHttpServer, sendJson, startLocalHttpServer } from './local-http-server';

export interface LeakyBucketServerOptions {
  maximumAvailable: number;
  restoreRate: number;
  /** Cost charged up front per query. */
  requestedCost: number;
  /** Cost actually used; the difference is refunded after the query runs. */
  actualCost: number;
}

export interface LeakyBucketServer extends LocalHttpServer {
  stats(): { served: number; throttled: number };
}

/**
 * A GraphQL endpoint rate-limited like Shopify's Admin API: a leaky bucket of points, the requested
 * cost checked up front, throttling answered as HTTP 200 with `errors[].extensions.code = THROTTLED`,
 * and `extensions.cost.throttleStatus` on every reply. For limiter tests and connector contract runs.
 */
export async function startLeakyBucketServer(options: LeakyBucketServerOptions): Promise<LeakyBucketServer> {
  let available = options.maximumAvailable;
  let last = performance.now();
  let served = 0;
  let throttled = 0;
  const server = await startLocalHttpServer((_req, res) => {
    const now = performance.now();
    available = Math.min(options.maximumAvailable, available + ((now - last) / 1000) * options.restoreRate);
    last = now;
    const throttleStatus = () => ({
      maximumAvailable: options.maximumAvailable,
      currentlyAvailable: Math.floor(available),
      restoreRate: options.restoreRate,
    });
    if (available < options.requestedCost) {
      throttled += 1;
      return sendJson(res, 200, {
        errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }],
        extensions: {
          cost: {
            requestedQueryCost: options.requestedCost,
            actualQueryCost: null,
            throttleStatus: throttleStatus(),
          },
        },
      });
    }
    available -= options.requestedCost;
    available += options.requestedCost - options.actualCost;
    served += 1;
    sendJson(res, 200, {
      data: { ok: true },
      extensions: {
        cost: {
          requestedQueryCost: options.requestedCost,
          actualQueryCost: options.actualCost,
          throttleStatus: throttleStatus(),
        },
      },
    });
  });
  return { ...server, stats: () => ({ served, throttled }) };
}

import type { Context, MiddlewareHandler } from 'hono';
import type { SandboxStore } from '../store/sandbox-store';
import type { AmazonCredentials, RestrictedResource } from './credentials';
import type { ResolvedAmazonEmulatorOptions } from './emulator-options';
import { errorType, QUOTA_EXCEEDED, unauthorized } from './error-bodies';
import { type OrderView, orderView } from './order-view';
import { afnLocationId } from './render-catalog';
import type { ReportRegistry } from './reports';
import type { AmazonOperation, UsagePlanBuckets } from './usage-plans';

export interface AmazonEmulatorStats {
  /** Requests answered by an operation (any status but 429). */
  served: number;
  /** Requests refused with 429 QuotaExceeded by a usage plan. */
  throttled: number;
  /** Requests refused with 403 Unauthorized. */
  unauthorized: number;
  /** Served requests per operation. */
  byOperation: Record<string, number>;
}

/** Everything the route modules share. */
export interface AmazonContext {
  options: ResolvedAmazonEmulatorOptions;
  store: SandboxStore;
  credentials: AmazonCredentials;
  buckets: UsagePlanBuckets;
  reports: ReportRegistry;
  stats: AmazonEmulatorStats;
  now(): number;
  /** Every order as Amazon sees it, sorted by (last update, order id); cached per store version. */
  orderViews(): OrderView[];
}

export type AmazonVariables = { caller: { applicationId: string; rdt: RestrictedResource | null } };

export function createOrderViewCache(store: SandboxStore): () => OrderView[] {
  let version = -1;
  let views: OrderView[] = [];
  return () => {
    if (store.version !== version) {
      const afn = afnLocationId(store);
      views = store
        .listOrders()
        .map((order) => orderView(store, order, afn))
        .sort((a, b) => a.updatedMs - b.updatedMs || a.amazonOrderId.localeCompare(b.amazonOrderId));
      version = store.version;
    }
    return views;
  };
}

/** An SP-API JSON response with `x-amzn-RequestId`, and `x-amzn-ErrorType` on errors. */
export function amazonJson(c: Context, body: unknown, status: 200 | 202 | 400 | 403 | 404 | 429 | 500 = 200) {
  if (status >= 400) c.header('x-amzn-ErrorType', errorType(status));
  return c.json(body, status);
}

/**
 * Authorises the request (`x-amz-access-token`: LWA token or RDT), meters it against the
 * operation's usage plan for the (application, seller) pair and adds `x-amzn-RateLimit-Limit` to
 * 200/400/404 answers — never to 429 or 403, as SP-API does.
 */
export function operation(
  context: AmazonContext,
  name: AmazonOperation,
): MiddlewareHandler<{ Variables: AmazonVariables }> {
  return async (c, next) => {
    const caller = context.credentials.check(c.req.header('x-amz-access-token'), c.req.method, c.req.path);
    if (!caller.ok) {
      context.stats.unauthorized += 1;
      return amazonJson(c, unauthorized(caller.details), 403);
    }
    if (!context.buckets.take(name, caller.applicationId, context.options.sellerId)) {
      context.stats.throttled += 1;
      return amazonJson(c, QUOTA_EXCEEDED, 429);
    }
    context.stats.served += 1;
    context.stats.byOperation[name] = (context.stats.byOperation[name] ?? 0) + 1;
    c.set('caller', { applicationId: caller.applicationId, rdt: caller.rdt });
    await next();
    if ([200, 202, 400, 404].includes(c.res.status)) {
      c.res.headers.set('x-amzn-RateLimit-Limit', String(context.buckets.planOf(name).rate));
    }
  };
}

import { Hono } from 'hono';
import { MagentoAuth } from './auth';
import { MagentoEmulatorOptions } from './emulator-options';
import {
  INVALID_ADMIN_LOGIN,
  invalidInput,
  ROUTE_NOT_FOUND,
  STORE_NOT_FOUND,
  TOO_MANY_REQUESTS,
  unauthorized,
} from './error-bodies';
import { createMagentoViews, type OrderComments } from './magento-views';
import { registerReadRoutes } from './read-routes';
import { RequestRateBucket } from './request-rate';
import { registerWriteRoutes } from './write-routes';

export interface MagentoEmulatorStats {
  /** Requests answered with something other than 429. */
  served: number;
  /** Requests refused with 429 by the optional rate limit. */
  throttled: number;
  /** Requests refused with 401. */
  unauthorized: number;
}

export interface MagentoEmulatorControl {
  stats(): MagentoEmulatorStats;
}

export type MagentoEmulator = Hono & { readonly magento: MagentoEmulatorControl };

/** ACL resource named in a 401, by the first path segment after `/V1/`. */
function aclResource(path: string): string {
  const segment = /\/V1\/([^/]+)/.exec(path)?.[1] ?? '';
  if (['orders', 'order', 'creditmemos', 'creditmemo', 'shipments', 'shipment'].includes(segment)) {
    return 'Magento_Sales::actions_view';
  }
  if (segment === 'customers') return 'Magento_Customer::manage';
  if (segment === 'carts') return 'Magento_Cart::manage';
  if (segment === 'inventory') return 'Magento_InventoryApi::source';
  return 'Magento_Catalog::products';
}

/**
 * A Magento 2 / Adobe Commerce REST emulator over a sandbox store, as a Hono app, served under
 * `/rest/V1/...` and `/rest/{store_code}/V1/...`: bracketed `searchCriteria` searches with
 * `total_count` and the historical last-page repeat, UTC `YYYY-MM-DD HH:MM:SS` dates, numeric money,
 * state/status orders, `%1` + `parameters` error bodies, Bearer tokens (admin tokens expire after 4 h;
 * the integration token only when bearer use is enabled) and OAuth 1.0a HMAC-SHA256 signed requests.
 * No rate limit unless `rateLimit` is set. Magento Open Source sends no webhooks, so neither does this.
 *
 * @example
 * const app = createMagentoEmulator({ store, oauth: { consumerKey, consumerSecret, accessToken, accessTokenSecret } });
 * serve({ fetch: app.fetch, port: 0 });
 */
export function createMagentoEmulator(input: MagentoEmulatorOptions): MagentoEmulator {
  const options = MagentoEmulatorOptions.parse(input);
  const { store, clock } = options;
  const auth = new MagentoAuth({
    clock,
    tokens: options.tokens,
    ...(options.oauth ? { oauth: options.oauth } : {}),
    ...(options.admin ? { admin: options.admin } : {}),
  });
  const bucket = options.rateLimit ? new RequestRateBucket({ ...options.rateLimit, clock }) : null;
  const comments: OrderComments = new Map();
  const views = createMagentoViews(store, comments);
  const stats: MagentoEmulatorStats = { served: 0, throttled: 0, unauthorized: 0 };

  const v1 = new Hono();
  v1.post('/integration/admin/token', async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    const { username, password } = (typeof body === 'object' && body !== null ? body : {}) as Record<
      string,
      unknown
    >;
    if (typeof username !== 'string' || typeof password !== 'string') {
      return c.json(invalidInput('"%1" is required. Enter and try again.', ['username']), 400);
    }
    const token = auth.issueAdminToken(username, password);
    return token === null ? c.json(INVALID_ADMIN_LOGIN, 401) : c.json(token);
  });
  v1.use('*', async (c, next) => {
    if (c.req.path.endsWith('/V1/integration/admin/token')) return next();
    const contentType = c.req.header('content-type') ?? '';
    const form = contentType.includes('application/x-www-form-urlencoded')
      ? [...new URLSearchParams(await c.req.raw.clone().text())]
      : [];
    const result = auth.check(c.req.method, new URL(c.req.url), c.req.header('authorization'), form);
    if (!result.ok) {
      stats.unauthorized += 1;
      return c.json(unauthorized(result.failure, aclResource(c.req.path), result.parameters), 401);
    }
    return next();
  });
  registerReadRoutes(v1, { views, lastPageRepeat: options.lastPageRepeat, currency: store.shop.currency });
  registerWriteRoutes(v1, { store, comments, now: () => clock.now() });

  const app = new Hono();
  if (options.faults) app.use('*', options.faults.middleware);
  app.use('*', async (c, next) => {
    if (bucket && !bucket.take()) {
      stats.throttled += 1;
      return c.json(TOO_MANY_REQUESTS, 429);
    }
    stats.served += 1;
    return next();
  });
  app.use('/rest/:storeCode/V1/*', async (c, next) => {
    if (!options.storeCodes.includes(c.req.param('storeCode'))) return c.json(STORE_NOT_FOUND, 400);
    return next();
  });
  app.route('/rest/V1', v1);
  app.route('/rest/:storeCode/V1', v1);
  app.notFound((c) => c.json(ROUTE_NOT_FOUND, 404));
  return Object.assign(app, { magento: { stats: () => ({ ...stats }) } });
}

import { createOnsiteInbox } from '@cartwire/automation-sdk';
import type { Database, Repositories } from '@cartwire/storage';
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { createTokenBucket } from '../../auth/token-bucket';
import type { Clock } from '../../clock';
import { createRouter } from '../../http/create-router';
import { RateLimitedError, UnauthorizedError } from '../../http/problem';
import { PUBLISHABLE_KEY_HEADER } from '../../track/track-input';
import { createOnsiteMessagesHandlers, type StorefrontEnv } from './onsite-messages.handlers';
import {
  dismissOnsiteMessageRoute,
  listOnsiteMessagesRoute,
  ONSITE_MESSAGES_PATH,
  PUBLISHABLE_KEY_SCHEME,
} from './onsite-messages.routes';

export interface OnsiteMessagesRouterDeps {
  database: Database;
  stores: Pick<Repositories['stores'], 'findStoreByPublishableKey'>;
  clock: Clock;
  /** Per publishable key, like /v1/track. @default { perSecond: 20, burst: 100 } */
  rateLimit?: { perSecond: number; burst: number };
}

/** Whether a request path is served by this router (the app skips API-key auth for it). */
export function isOnsiteMessagesPath(path: string): boolean {
  return path === ONSITE_MESSAGES_PATH || path.startsWith(`${ONSITE_MESSAGES_PATH}/`);
}

/**
 * `GET /v1/track/messages` and `POST /v1/track/messages/{id}/dismiss`: onsite messages for the storefront,
 * authenticated by the store's publishable key like `/v1/track`, scoped to that store and its tenant.
 */
export function createOnsiteMessagesRouter(deps: OnsiteMessagesRouterDeps) {
  const inbox = createOnsiteInbox({ db: deps.database.db, now: () => deps.clock.now() });
  const limits = createTokenBucket({
    ...(deps.rateLimit ?? { perSecond: 20, burst: 100 }),
    clock: deps.clock,
  });
  const router = createRouter<StorefrontEnv>();
  router.openAPIRegistry.registerComponent('securitySchemes', PUBLISHABLE_KEY_SCHEME, {
    type: 'apiKey',
    in: 'header',
    name: PUBLISHABLE_KEY_HEADER,
    description:
      "A store's publishable key (`cw_pk_…`): safe to embed in a storefront, storefront routes only.",
  });

  const authenticate: MiddlewareHandler<StorefrontEnv> = async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    const key = c.req.header(PUBLISHABLE_KEY_HEADER);
    if (!key) throw new UnauthorizedError(`Send the store's publishable key in ${PUBLISHABLE_KEY_HEADER}.`);
    const store = await deps.stores.findStoreByPublishableKey(key);
    if (store?.status !== 'active') throw new UnauthorizedError('Unknown publishable key.');
    const taken = limits.take(store.id);
    if (!taken.allowed) throw new RateLimitedError(taken.retryAfterSeconds);
    c.set('storefront', { tenantId: store.tenantId, storeId: store.id });
    await next();
  };
  const storefrontCors = cors({
    origin: '*',
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['content-type', PUBLISHABLE_KEY_HEADER],
    maxAge: 86_400,
  });
  for (const path of [ONSITE_MESSAGES_PATH, `${ONSITE_MESSAGES_PATH}/*`]) {
    router.use(path, storefrontCors);
    router.use(path, authenticate);
  }

  const handlers = createOnsiteMessagesHandlers(inbox);
  return router
    .openapi(listOnsiteMessagesRoute, handlers.list)
    .openapi(dismissOnsiteMessageRoute, handlers.dismiss);
}

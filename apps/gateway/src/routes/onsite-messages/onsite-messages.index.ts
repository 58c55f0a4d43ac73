import { createOnsiteInbox } from '@cartwire/automation-sdk';
import type { Database, Repositories } from '@cartwire/storage';
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { createTokenBucket } from '../../auth/token-bucket';
import type { Clock } from '../../clock';
import { createRouter } from '../../http/create-router';
import { RateLimitedError, UnauthorizedError } from '../../http/problem';
import { createPushDevices } from '../../providers/push-devices';
import { CUSTOMER_TOKEN_HEADER, type CustomerTokens } from '../../track/customer-tokens';
import { PUBLISHABLE_KEY_HEADER } from '../../track/track-input';
import { createOnsiteMessagesHandlers, type StorefrontEnv } from './onsite-messages.handlers';
import {
  dismissOnsiteMessageRoute,
  listOnsiteMessagesRoute,
  ONSITE_MESSAGES_PATH,
  PUBLISHABLE_KEY_SCHEME,
  PUSH_DEVICES_PATH,
  registerPushDeviceRoute,
  unregisterPushDeviceRoute,
} from './onsite-messages.routes';

export interface OnsiteMessagesRouterDeps {
  database: Database;
  stores: Pick<Repositories['stores'], 'findStoreByPublishableKey'>;
  clock: Clock;
  /** Verifies the signed customer token every storefront route requires next to the publishable key. */
  customerTokens: CustomerTokens;
  /** Per publishable key, like /v1/track. @default { perSecond: 20, burst: 100 } */
  rateLimit?: { perSecond: number; burst: number };
}

/** Whether a request path is served by this router (the app skips API-key auth for it). */
export function isOnsiteMessagesPath(path: string): boolean {
  return [ONSITE_MESSAGES_PATH, PUSH_DEVICES_PATH].some(
    (base) => path === base || path.startsWith(`${base}/`),
  );
}

/**
 * `GET /v1/track/messages` and `POST /v1/track/messages/{id}/dismiss`: onsite messages for the storefront;
 * `POST /v1/track/devices` and `…/unregister`: the app's push devices. Authenticated by the store's
 * publishable key like `/v1/track` plus the customer's signed token, scoped to that store and its tenant.
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
    // The customer a request is about must be vouched for by the merchant's backend: a publishable key is
    // public, and customer ids can be guessed. (A request without `customer` fails validation next.)
    const customer = c.req.query('customer');
    if (customer !== undefined) {
      const verdict = deps.customerTokens.verify(store.id, customer, c.req.header(CUSTOMER_TOKEN_HEADER));
      if (!verdict.ok) {
        throw new UnauthorizedError(
          verdict.reason === 'missing'
            ? `Send the customer's token in ${CUSTOMER_TOKEN_HEADER} (your backend issues it with ` +
                'POST /v1/stores/{storeId}/onsite-tokens).'
            : `The customer token is ${verdict.reason === 'expired' ? 'expired' : 'not valid for this customer and store'}.`,
        );
      }
    }
    c.set('storefront', { tenantId: store.tenantId, storeId: store.id });
    await next();
  };
  const storefrontCors = cors({
    origin: '*',
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['content-type', PUBLISHABLE_KEY_HEADER, CUSTOMER_TOKEN_HEADER],
    maxAge: 86_400,
  });
  for (const path of [
    ONSITE_MESSAGES_PATH,
    `${ONSITE_MESSAGES_PATH}/*`,
    PUSH_DEVICES_PATH,
    `${PUSH_DEVICES_PATH}/*`,
  ]) {
    router.use(path, storefrontCors);
    router.use(path, authenticate);
  }

  const devices = createPushDevices({ db: deps.database.db, now: () => deps.clock.now() });
  const handlers = createOnsiteMessagesHandlers(inbox, devices);
  return router
    .openapi(listOnsiteMessagesRoute, handlers.list)
    .openapi(dismissOnsiteMessageRoute, handlers.dismiss)
    .openapi(registerPushDeviceRoute, handlers.registerDevice)
    .openapi(unregisterPushDeviceRoute, handlers.unregisterDevice);
}

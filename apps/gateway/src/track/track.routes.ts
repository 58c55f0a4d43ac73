import { InvalidEventError } from '@cartwire/model';
import type { Repositories } from '@cartwire/storage';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { createTokenBucket } from '../auth/token-bucket';
import type { Clock } from '../clock';
import type { AppEnv } from '../http/app-env';
import { ProblemError, RateLimitedError, UnauthorizedError, ValidationError } from '../http/problem';
import { PUBLISHABLE_KEY_HEADER, TrackRequest } from './track-input';
import type { TrackService } from './track-service';

export const TRACK_PATH = '/v1/track';

export interface TrackRouterOptions {
  service: TrackService;
  repositories: Pick<Repositories, 'stores'>;
  clock: Clock;
  /**
   * Per publishable key. A storefront sends a few events per page view; the default absorbs a busy
   * shop's bursts while stopping a leaked key from flooding the log.
   * @default { perSecond: 50, burst: 200 }
   */
  rateLimit?: { perSecond: number; burst: number };
}

/**
 * `POST /v1/track`: storefront behaviour events, authenticated by the store's publishable key
 * (`cw_pk_…`, header `X-Cartwire-Publishable-Key`), not by an API key. CORS is open to any origin:
 * the key is public by design and the endpoint can only append behaviour events to its own store.
 */
export function createTrackRouter(options: TrackRouterOptions) {
  const limits = createTokenBucket({
    ...(options.rateLimit ?? { perSecond: 50, burst: 200 }),
    clock: options.clock,
  });
  const router = new Hono<AppEnv>();
  router.use(
    TRACK_PATH,
    cors({
      origin: '*',
      allowMethods: ['POST', 'OPTIONS'],
      allowHeaders: ['content-type', PUBLISHABLE_KEY_HEADER],
      maxAge: 86_400,
    }),
  );
  router.post(TRACK_PATH, async (c) => {
    const key = c.req.header(PUBLISHABLE_KEY_HEADER);
    if (!key) throw new UnauthorizedError(`Send the store's publishable key in ${PUBLISHABLE_KEY_HEADER}.`);
    const store = await options.repositories.stores.findStoreByPublishableKey(key);
    if (store?.status !== 'active') throw new UnauthorizedError('Unknown publishable key.');
    const taken = limits.take(store.id);
    if (!taken.allowed) throw new RateLimitedError(taken.retryAfterSeconds);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new ProblemError('invalid_json');
    }
    const parsed = TrackRequest.safeParse(body);
    if (!parsed.success) {
      throw new ValidationError(
        parsed.error.issues.map((issue) => ({
          in: 'body',
          path: issue.path.map(String).join('.'),
          message: issue.message,
          code: issue.code,
        })),
      );
    }
    try {
      const tracked = await options.service.track(
        { tenantId: store.tenantId, storeId: store.id },
        parsed.data,
      );
      return c.json({ id: tracked.id, duplicate: !tracked.appended }, 202);
    } catch (error) {
      if (!(error instanceof InvalidEventError)) throw error;
      throw new ValidationError(
        error.issues.map((issue) => ({
          in: 'body',
          path: issue.path.replace(/^data\./, 'properties.'),
          message: issue.message,
          code: 'invalid_event',
        })),
      );
    }
  });
  return router;
}

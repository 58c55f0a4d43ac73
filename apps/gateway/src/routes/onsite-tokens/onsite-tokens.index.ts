import type { Repositories } from '@cartwire/storage';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AuthedEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import { NotFoundError } from '../../http/problem';
import type { CustomerTokens } from '../../track/customer-tokens';
import { createOnsiteTokenRoute } from './onsite-tokens.routes';

/** `POST /v1/stores/{storeId}/onsite-tokens`: signed customer tokens for the storefront routes. */
export function createOnsiteTokensRouter(deps: {
  stores: Pick<Repositories['stores'], 'getStore'>;
  tokens: CustomerTokens;
}) {
  const issue: RouteHandler<typeof createOnsiteTokenRoute, AuthedEnv> = async (c) => {
    const { storeId } = c.req.valid('param');
    const { customerId, ttlSeconds } = c.req.valid('json');
    const store = await deps.stores.getStore(c.var.auth.tenantId, storeId);
    if (!store) throw new NotFoundError(`No store ${storeId}.`);
    const issued = deps.tokens.issue(store.id, customerId, ttlSeconds);
    return c.json(
      {
        object: 'onsite_token' as const,
        token: issued.token,
        storeId: store.id,
        customerId,
        expiresAt: issued.expiresAt.toISOString(),
      },
      201,
    );
  };
  return createRouter<AuthedEnv>().openapi(createOnsiteTokenRoute, issue);
}

import type { IdempotencyStore } from '@cartwire/storage';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AuthedEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import type { WriteService } from '../../services/write-service';
import { idempotent } from '../shared/idempotency';
import { setInventoryLevelRoute } from './inventory-level-writes.routes';

/** `PUT /v1/stores/{storeId}/inventory-levels`, honouring `Idempotency-Key`. */
export function createInventoryLevelWritesRouter(writes: WriteService, idempotency: IdempotencyStore) {
  const set: RouteHandler<typeof setInventoryLevelRoute, AuthedEnv> = async (c) => {
    const level = await writes.setInventoryLevel(
      c.var.auth.tenantId,
      c.req.valid('param').storeId,
      c.req.valid('json'),
    );
    return c.json(level, 200);
  };
  const router = createRouter<AuthedEnv>();
  router.use('/v1/stores/:storeId/inventory-levels', idempotent(idempotency));
  return router.openapi(setInventoryLevelRoute, set);
}

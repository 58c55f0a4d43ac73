import { createTemplateStore } from '@cartwire/automation-sdk';
import type { Database, IdempotencyStore } from '@cartwire/storage';
import type { AuthedEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import { idempotent } from '../shared/idempotency';
import { createContentBlockHandlers } from './content-blocks.handlers';
import {
  createBlockRoute,
  deleteBlockRoute,
  getBlockRoute,
  listBlocksRoute,
  updateBlockRoute,
} from './content-blocks.routes';

export interface ContentBlocksRouterDeps {
  database: Database;
  idempotency: IdempotencyStore;
  now: () => Date;
}

/** `/v1/content-blocks`: reusable Liquid blocks shared by every template of the tenant. */
export function createContentBlocksRouter(deps: ContentBlocksRouterDeps) {
  const handlers = createContentBlockHandlers(createTemplateStore({ db: deps.database.db, now: deps.now }));
  const router = createRouter<AuthedEnv>();
  router.use('/v1/content-blocks', idempotent(deps.idempotency));
  router.use('/v1/content-blocks/:name', idempotent(deps.idempotency));
  return router
    .openapi(createBlockRoute, handlers.create)
    .openapi(listBlocksRoute, handlers.list)
    .openapi(getBlockRoute, handlers.get)
    .openapi(updateBlockRoute, handlers.update)
    .openapi(deleteBlockRoute, handlers.remove);
}

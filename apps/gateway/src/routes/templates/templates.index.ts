import { createTemplateStore } from '@cartwire/automation-sdk';
import type { Database, EntityRepository, IdempotencyStore } from '@cartwire/storage';
import type { AuthedEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import { idempotent } from '../shared/idempotency';
import { createTemplateHandlers } from './templates.handlers';
import {
  createTemplateRoute,
  deleteTemplateRoute,
  getSettingsRoute,
  getTemplateRoute,
  listTemplatesRoute,
  previewTemplateRoute,
  previewUnsavedRoute,
  putEmailSettingsRoute,
  putUtmStandardRoute,
  updateTemplateRoute,
} from './templates.routes';

export interface TemplatesRouterDeps {
  database: Database;
  entities: EntityRepository;
  idempotency: IdempotencyStore;
  now: () => Date;
}

/**
 * `/v1/templates`: Liquid template CRUD (checked at save time) and previews for a stored customer; and
 * `/v1/messaging-settings`: the email sender, unsubscribe addresses and UTM standard templates render with.
 */
export function createTemplatesRouter(deps: TemplatesRouterDeps) {
  const templates = createTemplateStore({ db: deps.database.db, now: deps.now });
  const handlers = createTemplateHandlers({ templates, entities: deps.entities });
  const router = createRouter<AuthedEnv>();
  router.use('/v1/templates', idempotent(deps.idempotency));
  router.use('/v1/templates/:templateId', idempotent(deps.idempotency));
  return router
    .openapi(createTemplateRoute, handlers.create)
    .openapi(listTemplatesRoute, handlers.list)
    .openapi(previewUnsavedRoute, handlers.previewUnsaved)
    .openapi(getTemplateRoute, handlers.get)
    .openapi(updateTemplateRoute, handlers.update)
    .openapi(deleteTemplateRoute, handlers.remove)
    .openapi(previewTemplateRoute, handlers.preview)
    .openapi(getSettingsRoute, handlers.getSettings)
    .openapi(putEmailSettingsRoute, handlers.putEmailSettings)
    .openapi(putUtmStandardRoute, handlers.putUtmStandard);
}

import {
  InvalidTemplateError,
  type MessagingSettings,
  type PreviewInput,
  previewTemplate,
  type TemplateStore,
} from '@cartwire/automation-sdk';
import type { EntityRepository } from '@cartwire/storage';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AuthedEnv } from '../../http/app-env';
import { NotFoundError } from '../../http/problem';
import { toPreview, toTemplate } from './templates.mappers';
import { guarded } from './templates.problems';
import type {
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

export interface TemplateHandlerDeps {
  templates: TemplateStore;
  entities: EntityRepository;
}

function previewInput(body: {
  customerId: string;
  cartId?: string | undefined;
  orderId?: string | undefined;
  productId?: string | undefined;
  offer?: PreviewInput['offer'] | undefined;
  offerCode?: string | undefined;
}): PreviewInput {
  return {
    customerId: body.customerId,
    ...(body.cartId ? { cartId: body.cartId } : {}),
    ...(body.orderId ? { orderId: body.orderId } : {}),
    ...(body.productId ? { productId: body.productId } : {}),
    ...(body.offer ? { offer: body.offer } : {}),
    ...(body.offerCode ? { offerCode: body.offerCode } : {}),
  };
}

export function createTemplateHandlers({ templates, entities }: TemplateHandlerDeps) {
  const create: RouteHandler<typeof createTemplateRoute, AuthedEnv> = async (c) => {
    const created = await guarded(() => templates.createTemplate(c.var.auth.tenantId, c.req.valid('json')));
    return c.json(toTemplate(created), 201);
  };

  const list: RouteHandler<typeof listTemplatesRoute, AuthedEnv> = async (c) => {
    const all = await templates.listTemplates(c.var.auth.tenantId);
    return c.json(
      { object: 'list' as const, data: all.map(toTemplate), has_more: false, next_cursor: null },
      200,
    );
  };

  const get: RouteHandler<typeof getTemplateRoute, AuthedEnv> = async (c) => {
    const { templateId } = c.req.valid('param');
    const found = await templates.getTemplate(c.var.auth.tenantId, templateId);
    if (!found) throw new NotFoundError(`Template ${templateId} not found`);
    return c.json(toTemplate(found), 200);
  };

  const update: RouteHandler<typeof updateTemplateRoute, AuthedEnv> = async (c) => {
    const { templateId } = c.req.valid('param');
    const updated = await guarded(() =>
      templates.updateTemplate(c.var.auth.tenantId, templateId, c.req.valid('json')),
    );
    return c.json(toTemplate(updated), 200);
  };

  const remove: RouteHandler<typeof deleteTemplateRoute, AuthedEnv> = async (c) => {
    const { templateId } = c.req.valid('param');
    if (!(await templates.deleteTemplate(c.var.auth.tenantId, templateId))) {
      throw new NotFoundError(`Template ${templateId} not found`);
    }
    return c.body(null, 204);
  };

  const preview: RouteHandler<typeof previewTemplateRoute, AuthedEnv> = async (c) => {
    const tenantId = c.var.auth.tenantId;
    const { templateId } = c.req.valid('param');
    const template = await templates.getTemplate(tenantId, templateId);
    if (!template) throw new NotFoundError(`Template ${templateId} not found`);
    const rendered = await guarded(() =>
      previewTemplate({ templates, entities }, tenantId, template, previewInput(c.req.valid('json'))),
    );
    return c.json(toPreview(rendered), 200);
  };

  const previewUnsaved: RouteHandler<typeof previewUnsavedRoute, AuthedEnv> = async (c) => {
    const tenantId = c.var.auth.tenantId;
    const body = c.req.valid('json');
    const rendered = await guarded(async () => {
      const { template, problems } = await templates.checkTemplate(tenantId, body.template);
      if (problems.length > 0) throw new InvalidTemplateError(problems);
      return previewTemplate(
        { templates, entities },
        tenantId,
        { ...template, key: body.template.key },
        previewInput(body),
      );
    }, 'template.');
    return c.json(toPreview(rendered), 200);
  };

  const settingsBody = (settings: MessagingSettings) => ({
    object: 'messaging_settings' as const,
    ...settings,
  });

  const getSettings: RouteHandler<typeof getSettingsRoute, AuthedEnv> = async (c) => {
    return c.json(settingsBody(await templates.getSettings(c.var.auth.tenantId)), 200);
  };

  const putEmailSettings: RouteHandler<typeof putEmailSettingsRoute, AuthedEnv> = async (c) => {
    const tenantId = c.var.auth.tenantId;
    await guarded(() => templates.setEmailSettings(tenantId, c.req.valid('json')));
    return c.json(settingsBody(await templates.getSettings(tenantId)), 200);
  };

  const putUtmStandard: RouteHandler<typeof putUtmStandardRoute, AuthedEnv> = async (c) => {
    const tenantId = c.var.auth.tenantId;
    await guarded(() => templates.setUtmStandard(tenantId, c.req.valid('json')));
    return c.json(settingsBody(await templates.getSettings(tenantId)), 200);
  };

  return {
    create,
    list,
    get,
    update,
    remove,
    preview,
    previewUnsaved,
    getSettings,
    putEmailSettings,
    putUtmStandard,
  };
}

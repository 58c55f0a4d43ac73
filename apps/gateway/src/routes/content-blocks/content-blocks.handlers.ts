import type { TemplateStore } from '@cartwire/automation-sdk';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AuthedEnv } from '../../http/app-env';
import { NotFoundError } from '../../http/problem';
import { toContentBlock } from '../templates/templates.mappers';
import { guarded } from '../templates/templates.problems';
import type {
  createBlockRoute,
  deleteBlockRoute,
  getBlockRoute,
  listBlocksRoute,
  updateBlockRoute,
} from './content-blocks.routes';

export function createContentBlockHandlers(templates: TemplateStore) {
  const create: RouteHandler<typeof createBlockRoute, AuthedEnv> = async (c) => {
    const created = await guarded(() => templates.createBlock(c.var.auth.tenantId, c.req.valid('json')));
    return c.json(toContentBlock(created), 201);
  };

  const list: RouteHandler<typeof listBlocksRoute, AuthedEnv> = async (c) => {
    const all = await templates.listBlocks(c.var.auth.tenantId);
    return c.json(
      { object: 'list' as const, data: all.map(toContentBlock), has_more: false, next_cursor: null },
      200,
    );
  };

  const get: RouteHandler<typeof getBlockRoute, AuthedEnv> = async (c) => {
    const { name } = c.req.valid('param');
    const found = await templates.getBlock(c.var.auth.tenantId, name);
    if (!found) throw new NotFoundError(`Content block ${name} not found`);
    return c.json(toContentBlock(found), 200);
  };

  const update: RouteHandler<typeof updateBlockRoute, AuthedEnv> = async (c) => {
    const { name } = c.req.valid('param');
    const updated = await guarded(() =>
      templates.updateBlock(c.var.auth.tenantId, name, c.req.valid('json')),
    );
    return c.json(toContentBlock(updated), 200);
  };

  const remove: RouteHandler<typeof deleteBlockRoute, AuthedEnv> = async (c) => {
    const { name } = c.req.valid('param');
    const deleted = await guarded(() => templates.deleteBlock(c.var.auth.tenantId, name));
    if (!deleted) throw new NotFoundError(`Content block ${name} not found`);
    return c.body(null, 204);
  };

  return { create, list, get, update, remove };
}

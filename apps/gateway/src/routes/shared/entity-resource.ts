import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AuthedEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import type { EntityFilters, EntityService, ResourceType } from '../../services/entity-service';
import { AUTHED_ERRORS, BEARER, Count, json, listOf, problem, StoreIdParam } from './responses';

/** Filters a resource may offer beyond paging and time; each maps onto one storage filter. */
export type ResourceFilter = 'status' | 'email' | 'sku' | 'q';

/**
 * One read-only resource of the API (orders, products, …): list and count per store and across the
 * tenant, get by id (optionally live). Each resource folder declares one and wires it.
 */
export interface EntityResource {
  readonly type: ResourceType;
  /** Path segment, e.g. `orders`, `inventory-levels`. */
  readonly path: string;
  /** Singular component name, e.g. `Order`. */
  readonly name: string;
  readonly tag: string;
  /** The @cartwire/model schema of one record (registered for OpenAPI once, by the model). */
  readonly schema: z.ZodType;
  readonly filters: Partial<Record<ResourceFilter, z.ZodType<string>>>;
}

const FILTER_DESCRIPTIONS: Record<ResourceFilter, string> = {
  status: 'Only records in this status.',
  email: 'Only records with exactly this email address.',
  sku: 'Only records with (a variant or line of) this SKU.',
  q: 'Case-insensitive text search over names, titles or emails.',
};

const since = (what: string) =>
  z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: `Only records ${what} at or after this time.` });

function listQuery(resource: EntityResource) {
  const filters: Record<string, z.ZodType> = {};
  for (const [key, schema] of Object.entries(resource.filters) as [ResourceFilter, z.ZodType<string>][]) {
    filters[key] = schema.optional().openapi({ description: FILTER_DESCRIPTIONS[key] });
  }
  return z.object({
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(250)
      .default(50)
      .openapi({ description: 'Page size, at most 250.' }),
    cursor: z.string().min(1).optional().openapi({ description: '`next_cursor` of the previous page.' }),
    created_since: since('created'),
    updated_since: since('updated'),
    include: z
      .enum(['raw'])
      .optional()
      .openapi({ description: '`raw` adds the platform payload to each record.' }),
    store_id: z.string().min(1).optional().openapi({ description: 'Only this store.' }),
    ...filters,
  });
}

/** Under `/v1/stores/{storeId}/…` the store is in the path. */
function storeListQuery(resource: EntityResource) {
  return listQuery(resource).omit({ store_id: true });
}

function countQuery(resource: EntityResource) {
  return listQuery(resource).omit({ limit: true, cursor: true, include: true });
}

function storeCountQuery(resource: EntityResource) {
  return countQuery(resource).omit({ store_id: true });
}

const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'ord_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
});

export function entityResourceRoutes(resource: EntityResource) {
  const List = listOf(resource.schema, `${resource.name}List`);
  const tags = [resource.tag];
  const plural = resource.path.replace(/-/g, ' ');
  const storeNotFound = { 404: problem('No such store for this tenant') };
  return {
    list: createRoute({
      method: 'get',
      path: `/v1/${resource.path}`,
      tags,
      summary: `List ${plural} across the tenant’s stores`,
      description: 'Newest first (by creation time), from the synced store; no platform quota is spent.',
      security: BEARER,
      request: { query: listQuery(resource) },
      responses: { 200: json(List, 'One page'), ...AUTHED_ERRORS, ...storeNotFound },
    }),
    count: createRoute({
      method: 'get',
      path: `/v1/${resource.path}/count`,
      tags,
      summary: `Count ${plural} across the tenant’s stores`,
      security: BEARER,
      request: { query: countQuery(resource) },
      responses: { 200: json(Count, 'How many match'), ...AUTHED_ERRORS, ...storeNotFound },
    }),
    listInStore: createRoute({
      method: 'get',
      path: `/v1/stores/{storeId}/${resource.path}`,
      tags,
      summary: `List ${plural} of one store`,
      security: BEARER,
      request: { params: StoreIdParam, query: storeListQuery(resource) },
      responses: { 200: json(List, 'One page'), ...AUTHED_ERRORS, ...storeNotFound },
    }),
    countInStore: createRoute({
      method: 'get',
      path: `/v1/stores/{storeId}/${resource.path}/count`,
      tags,
      summary: `Count ${plural} of one store`,
      security: BEARER,
      request: { params: StoreIdParam, query: storeCountQuery(resource) },
      responses: { 200: json(Count, 'How many match'), ...AUTHED_ERRORS, ...storeNotFound },
    }),
    get: createRoute({
      method: 'get',
      path: `/v1/${resource.path}/{id}`,
      tags,
      summary: `Get one ${resource.name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`,
      security: BEARER,
      request: {
        params: IdParam,
        query: z.object({
          include: z.enum(['raw']).optional().openapi({ description: '`raw` adds the platform payload.' }),
          fresh: z
            .enum(['true', 'false'])
            .default('false')
            .openapi({
              description:
                '`true` reads it live from the platform, records it as a sync would and returns it: a ' +
                'changed record is stored and its events (`*.updated`, transitions such as `order.cancelled`) ' +
                'are appended once; an unchanged one announces nothing.',
            }),
        }),
      },
      responses: {
        200: json(resource.schema, 'The record'),
        ...AUTHED_ERRORS,
        404: problem('No such record for this tenant'),
        422: problem('The platform refused the live read (`connector_error`)'),
        502: problem('The platform did not answer the live read'),
      },
    }),
  };
}

interface ParsedListQuery {
  limit?: number;
  cursor?: string | undefined;
  created_since?: string | undefined;
  updated_since?: string | undefined;
  include?: 'raw' | undefined;
  store_id?: string | undefined;
  status?: string | undefined;
  email?: string | undefined;
  sku?: string | undefined;
  q?: string | undefined;
}

function toFilters(query: ParsedListQuery, storeId: string | undefined): EntityFilters {
  const date = (value: string | undefined) => (value === undefined ? undefined : new Date(value));
  return {
    storeId,
    createdSince: date(query.created_since),
    updatedSince: date(query.updated_since),
    status: query.status,
    email: query.email,
    sku: query.sku,
    q: query.q,
  };
}

/** Routes of one resource with thin handlers: validated input → service → list envelope → c.json. */
export function createEntityResourceRouter(resource: EntityResource, entities: EntityService) {
  const routes = entityResourceRoutes(resource);
  const page = async (tenantId: string, query: ParsedListQuery, storeId: string | undefined) => {
    const result = await entities.list(tenantId, resource.type, {
      ...toFilters(query, storeId),
      limit: query.limit ?? 50,
      cursor: query.cursor,
      includeRaw: query.include === 'raw',
    });
    return {
      object: 'list' as const,
      data: result.items,
      has_more: result.nextCursor !== null,
      next_cursor: result.nextCursor,
    };
  };
  const count = async (tenantId: string, query: ParsedListQuery, storeId: string | undefined) => ({
    object: 'count' as const,
    count: await entities.count(tenantId, resource.type, toFilters(query, storeId)),
  });

  const list: RouteHandler<typeof routes.list, AuthedEnv> = async (c) => {
    const query: ParsedListQuery = c.req.valid('query');
    return c.json(await page(c.var.auth.tenantId, query, query.store_id), 200);
  };
  const listInStore: RouteHandler<typeof routes.listInStore, AuthedEnv> = async (c) =>
    c.json(await page(c.var.auth.tenantId, c.req.valid('query'), c.req.valid('param').storeId), 200);
  const countAll: RouteHandler<typeof routes.count, AuthedEnv> = async (c) => {
    const query: ParsedListQuery = c.req.valid('query');
    return c.json(await count(c.var.auth.tenantId, query, query.store_id), 200);
  };
  const countInStore: RouteHandler<typeof routes.countInStore, AuthedEnv> = async (c) =>
    c.json(await count(c.var.auth.tenantId, c.req.valid('query'), c.req.valid('param').storeId), 200);
  const get: RouteHandler<typeof routes.get, AuthedEnv> = async (c) => {
    const query: { include?: 'raw' | undefined; fresh?: 'true' | 'false' } = c.req.valid('query');
    const entity = await entities.get(c.var.auth.tenantId, resource.type, c.req.valid('param').id, {
      includeRaw: query.include === 'raw',
      fresh: query.fresh === 'true',
    });
    return c.json(entity, 200);
  };

  // Count before get: `/v1/orders/count` must not be read as the order with id "count".
  return createRouter<AuthedEnv>()
    .openapi(routes.count, countAll)
    .openapi(routes.list, list)
    .openapi(routes.get, get)
    .openapi(routes.countInStore, countInStore)
    .openapi(routes.listInStore, listInStore);
}

import type { RouteHandler } from '@hono/zod-openapi';
import type { AuthedEnv } from '../../http/app-env';
import { NotFoundError } from '../../http/problem';
import type { getTenantRoute } from './tenant.routes';

export interface TenantRecord {
  readonly id: string;
  readonly name: string;
  readonly createdAt: Date;
}

/** Looks a tenant up by id (the authenticated one: there is no way to name another tenant here). */
export type FindTenant = (tenantId: string) => Promise<TenantRecord | null>;

export function createGetTenant(findTenant: FindTenant): RouteHandler<typeof getTenantRoute, AuthedEnv> {
  return async (c) => {
    const { tenantId, apiKeyId, mode } = c.var.auth;
    const tenant = await findTenant(tenantId);
    // The key was valid a moment ago; its tenant vanishing means it was deleted in between.
    if (tenant === null) throw new NotFoundError('This API key’s tenant no longer exists.');
    return c.json(
      {
        tenant: { id: tenant.id, name: tenant.name, createdAt: tenant.createdAt.toISOString() },
        apiKey: { id: apiKeyId, mode },
      },
      200,
    );
  };
}

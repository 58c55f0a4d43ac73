import type { AuthedEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import { createGetTenant, type FindTenant } from './tenant.handlers';
import { getTenantRoute } from './tenant.routes';

export function createTenantRouter(findTenant: FindTenant) {
  return createRouter<AuthedEnv>().openapi(getTenantRoute, createGetTenant(findTenant));
}

import type { AppEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import { createReadyz, healthz, type Pingable } from './health.handlers';
import { healthzRoute, readyzRoute } from './health.routes';

export function createHealthRouter(database: Pingable) {
  return createRouter<AppEnv>().openapi(healthzRoute, healthz).openapi(readyzRoute, createReadyz(database));
}

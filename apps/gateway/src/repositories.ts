import {
  type ApiKeyRepository,
  createApiKeyRepository,
  createJobQueue,
  createTenantRepository,
  type Database,
  type JobQueue,
  type TenantRepository,
} from '@cartwire/storage';
import type { Clock } from './clock';

/** The storage repositories the gateway's routes, CLI and shutdown use. */
export interface GatewayRepositories {
  readonly tenants: TenantRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly jobs: JobQueue;
}

export function createGatewayRepositories(database: Database, clock: Clock): GatewayRepositories {
  const now = () => clock.now();
  return {
    tenants: createTenantRepository(database.db),
    apiKeys: createApiKeyRepository(database.db, { now }),
    jobs: createJobQueue(database.db, { now }),
  };
}

import type { GatewayServices } from '../services/gateway-services';
import type { GraphqlLoaders } from './loaders';

/** What every resolver sees: the caller's tenant (from the API key), the services, per-request loaders. */
export interface GraphqlContext {
  readonly tenantId: string;
  readonly services: GatewayServices;
  readonly loaders: GraphqlLoaders;
}

import { createClvService } from '@cartwire/automation-sdk';
import type { Database, EntityRepository, StoreRepository } from '@cartwire/storage';
import type { AuthedEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import { createPredictionHandlers } from './predictions.handlers';
import { getCustomerPredictionsRoute, getStoreClvModelRoute } from './predictions.routes';

export interface PredictionsRouterDeps {
  database: Database;
  entities: EntityRepository;
  stores: StoreRepository;
}

/**
 * Predicted CLV reads: `/v1/customers/{customerId}/predictions` and `/v1/stores/{storeId}/clv-model`.
 * Fits run in the workers (predictions/clv-refits.ts), never in a request.
 */
export function createPredictionsRouter(deps: PredictionsRouterDeps) {
  const handlers = createPredictionHandlers({
    clv: createClvService({ db: deps.database.db }),
    entities: deps.entities,
    stores: deps.stores,
  });
  return createRouter<AuthedEnv>()
    .openapi(getCustomerPredictionsRoute, handlers.getCustomerPredictions)
    .openapi(getStoreClvModelRoute, handlers.getStoreClvModel);
}

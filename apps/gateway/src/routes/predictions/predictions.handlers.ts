import type { ClvService, CustomerPrediction, StoreClvModel } from '@cartwire/automation-sdk';
import type { EntityRepository, StoreRepository } from '@cartwire/storage';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AuthedEnv } from '../../http/app-env';
import { NotFoundError } from '../../http/problem';
import type { getCustomerPredictionsRoute, getStoreClvModelRoute } from './predictions.routes';

export interface PredictionHandlerDeps {
  clv: Pick<ClvService, 'getCustomerPrediction' | 'getStoreModel'>;
  entities: Pick<EntityRepository, 'getEntity'>;
  stores: Pick<StoreRepository, 'getStore'>;
}

export function createPredictionHandlers(deps: PredictionHandlerDeps) {
  const getCustomerPredictions: RouteHandler<typeof getCustomerPredictionsRoute, AuthedEnv> = async (c) => {
    const { tenantId } = c.var.auth;
    const { customerId } = c.req.valid('param');
    if (!(await deps.entities.getEntity('customer', tenantId, customerId)))
      throw new NotFoundError(`Customer ${customerId} not found.`);
    const prediction = await deps.clv.getCustomerPrediction(tenantId, customerId);
    if (!prediction)
      throw new NotFoundError(
        `No prediction for customer ${customerId} yet: its store's model has not been fitted or could not be ` +
          'fitted (see GET /v1/stores/{storeId}/clv-model), or the customer has no order in the model currency.',
      );
    return c.json(toCustomerPrediction(prediction), 200);
  };

  const getStoreClvModel: RouteHandler<typeof getStoreClvModelRoute, AuthedEnv> = async (c) => {
    const { tenantId } = c.var.auth;
    const { storeId } = c.req.valid('param');
    if (!(await deps.stores.getStore(tenantId, storeId)))
      throw new NotFoundError(`Store ${storeId} not found.`);
    const model = await deps.clv.getStoreModel(tenantId, storeId);
    if (!model) throw new NotFoundError(`Store ${storeId} has no CLV model yet: the first fit is scheduled.`);
    return c.json(toClvModel(model), 200);
  };

  return { getCustomerPredictions, getStoreClvModel };
}

export function toCustomerPrediction(p: CustomerPrediction) {
  return {
    object: 'customer_prediction' as const,
    customerId: p.customerId,
    storeId: p.storeId,
    repeatPurchases: p.repeatPurchases,
    recencyDays: p.recencyDays,
    ageDays: p.ageDays,
    expectedPurchases: p.expectedPurchases,
    pAlive: p.pAlive,
    expectedAverageSpend: p.expectedAvgSpend,
    predictedClv: p.predictedClv,
    modelFittedAt: p.modelFittedAt.toISOString(),
  };
}

export function toClvModel(m: StoreClvModel) {
  return {
    object: 'clv_model' as const,
    storeId: m.storeId,
    currency: m.currency,
    timeUnit: m.timeUnit,
    observationEnd: m.observationEnd.toISOString(),
    fittedAt: m.fittedAt.toISOString(),
    durationMs: m.durationMs,
    customers: m.customers,
    repeatCustomers: m.repeatCustomers,
    purchaseModel: {
      model: 'bg_nbd' as const,
      status: m.purchaseModel.status,
      params: m.purchaseModel.params,
      logLikelihood: m.purchaseModel.logLikelihood,
    },
    spendModel: {
      model: 'gamma_gamma' as const,
      status: m.spendModel.status,
      params: m.spendModel.params,
      logLikelihood: m.spendModel.logLikelihood,
    },
    fitQuality: {
      observedRepeatPurchases: m.observedRepeatPurchases,
      expectedRepeatPurchases: m.expectedRepeatPurchases,
      frequencySpendCorrelation: m.spendModel.frequencySpendCorrelation,
    },
    statusDetail: m.statusDetail,
    assumptions: m.settings,
  };
}

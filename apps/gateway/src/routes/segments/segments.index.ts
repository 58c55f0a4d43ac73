import { createCustomerMetrics, createSegmentStore } from '@cartwire/automation-sdk';
import type { Database, EntityRepository, IdempotencyStore, StoreRepository } from '@cartwire/storage';
import type { AuthedEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import { idempotent } from '../shared/idempotency';
import { createSegmentHandlers } from './segments.handlers';
import {
  createSegmentRoute,
  customerMetricsRoute,
  customerSegmentsRoute,
  deleteSegmentRoute,
  getSegmentRoute,
  listMembersRoute,
  listSegmentsRoute,
  previewSegmentRoute,
  updateSegmentRoute,
} from './segments.routes';

export interface SegmentsRouterDeps {
  database: Database;
  entities: EntityRepository;
  stores: Pick<StoreRepository, 'getStore'>;
  idempotency: IdempotencyStore;
  now: () => Date;
}

/**
 * `/v1/segments` (CRUD, preview of an unsaved rule, members) and a customer's segments and metrics.
 * Memberships follow metric refreshes in the segment refresher the server starts; create and rule
 * updates materialize at once.
 */
export function createSegmentsRouter(deps: SegmentsRouterDeps) {
  const handlers = createSegmentHandlers({
    segments: createSegmentStore(deps.database.db, { now: deps.now }),
    metrics: createCustomerMetrics(deps.database.db, { now: deps.now }),
    entities: deps.entities,
    stores: deps.stores,
  });
  const router = createRouter<AuthedEnv>();
  router.use('/v1/segments', idempotent(deps.idempotency));
  router.use('/v1/segments/:segmentId', idempotent(deps.idempotency));
  return router
    .openapi(createSegmentRoute, handlers.create)
    .openapi(listSegmentsRoute, handlers.list)
    .openapi(previewSegmentRoute, handlers.preview)
    .openapi(getSegmentRoute, handlers.get)
    .openapi(updateSegmentRoute, handlers.update)
    .openapi(deleteSegmentRoute, handlers.remove)
    .openapi(listMembersRoute, handlers.members)
    .openapi(customerSegmentsRoute, handlers.customerSegments)
    .openapi(customerMetricsRoute, handlers.customerMetrics);
}

import {
  createClvService,
  createEntityLiveData,
  createSegmentStore,
  createWorkflowRuntime,
} from '@cartwire/automation-sdk';
import type { Database, EntityRepository, EventLookup, IdempotencyStore } from '@cartwire/storage';
import type { AuthedEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import { idempotent } from '../shared/idempotency';
import { createWorkflowHandlers } from './workflows.handlers';
import {
  activateRoute,
  addVersionRoute,
  approveVersionRoute,
  cancelRunRoute,
  createWorkflowRoute,
  dryRunRoute,
  getRunRoute,
  getVersionRoute,
  getWorkflowRoute,
  listRunsRoute,
  listVersionsRoute,
  listWorkflowsRoute,
  pauseRoute,
  workflowStatsRoute,
} from './workflows.routes';

export interface WorkflowsRouterDeps {
  database: Database;
  entities: EntityRepository;
  eventLookup: EventLookup;
  idempotency: IdempotencyStore;
  now: () => Date;
}

/**
 * `/v1/workflows`: CRUD with versions, approve-then-activate, pause, runs with step history, cancel,
 * per-node stats and dry runs. Steps run in the workflow workers, not here: this runtime only reads and manages runs.
 */
export function createWorkflowsRouter(deps: WorkflowsRouterDeps) {
  const liveData = createEntityLiveData(deps.entities, {
    predictions: createClvService({ db: deps.database.db, now: deps.now }),
  });
  const runtime = createWorkflowRuntime({
    db: deps.database.db,
    liveData,
    channels: [],
    now: deps.now,
    segments: createSegmentStore(deps.database.db, { now: deps.now }).membership,
  });
  const handlers = createWorkflowHandlers({
    runtime,
    liveData,
    eventLookup: deps.eventLookup,
    db: deps.database.db,
    now: deps.now,
  });
  const router = createRouter<AuthedEnv>();
  router.use('/v1/workflows', idempotent(deps.idempotency));
  router.use('/v1/workflows/:workflowId/versions', idempotent(deps.idempotency));
  return router
    .openapi(createWorkflowRoute, handlers.create)
    .openapi(listWorkflowsRoute, handlers.list)
    .openapi(dryRunRoute, handlers.dryRun)
    .openapi(getWorkflowRoute, handlers.get)
    .openapi(addVersionRoute, handlers.addVersion)
    .openapi(listVersionsRoute, handlers.listVersions)
    .openapi(getVersionRoute, handlers.getVersion)
    .openapi(approveVersionRoute, handlers.approve)
    .openapi(activateRoute, handlers.activate)
    .openapi(pauseRoute, handlers.pause)
    .openapi(listRunsRoute, handlers.listRuns)
    .openapi(getRunRoute, handlers.getRun)
    .openapi(cancelRunRoute, handlers.cancelRun)
    .openapi(workflowStatsRoute, handlers.stats);
}

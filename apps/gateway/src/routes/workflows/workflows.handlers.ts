import {
  dryRunLive,
  InvalidWorkflowError,
  type LiveData,
  parseWorkflow,
  RunNotFoundError,
  WorkflowKeyConflictError,
  WorkflowKeyMismatchError,
  WorkflowNotFoundError,
  type WorkflowRuntime,
  WorkflowVersionNotApprovedError,
  WorkflowVersionNotFoundError,
} from '@cartwire/automation-sdk';
import { InvalidEventError } from '@cartwire/model';
import type { Db, EventLookup } from '@cartwire/storage';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AuthedEnv } from '../../http/app-env';
import { type FieldError, NotFoundError, ProblemError } from '../../http/problem';
import { readWorkflowStats } from './workflow-stats';
import { toDryRun, toWorkflow, toWorkflowRun, toWorkflowStep, toWorkflowVersion } from './workflows.mappers';
import type {
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

export interface WorkflowHandlerDeps {
  runtime: WorkflowRuntime;
  liveData: LiveData;
  eventLookup: EventLookup;
  /** Read for reports (stats). */
  db: Db;
  now: () => Date;
}

/** SDK errors → problem+json; an invalid definition lists every problem (`problems`, and `errors` per path). */
function asProblem(error: unknown): never {
  if (error instanceof InvalidWorkflowError) {
    const errors: FieldError[] = error.problems.map((p) => ({
      in: 'body',
      path: p.path ? `definition.${p.path}` : 'definition',
      message: p.message,
      code: p.code,
    }));
    throw new ProblemError('validation_failed', {
      detail: `The workflow definition has ${error.problems.length} problem(s).`,
      extensions: { errors, problems: error.problems },
    });
  }
  if (error instanceof WorkflowKeyMismatchError) {
    throw new ProblemError('validation_failed', {
      detail: error.message,
      extensions: {
        errors: [{ in: 'body', path: 'definition.key', message: error.message, code: error.code }],
      },
    });
  }
  if (error instanceof InvalidEventError) {
    throw new ProblemError('validation_failed', {
      detail: error.message,
      extensions: {
        errors: error.issues.map((i) => ({
          in: 'body',
          path: `event.${i.path}`,
          message: i.message,
          code: error.code,
        })),
      },
    });
  }
  if (
    error instanceof WorkflowNotFoundError ||
    error instanceof WorkflowVersionNotFoundError ||
    error instanceof RunNotFoundError
  ) {
    throw new NotFoundError(error.message);
  }
  if (error instanceof WorkflowVersionNotApprovedError || error instanceof WorkflowKeyConflictError) {
    throw new ProblemError('conflict', { detail: error.message });
  }
  throw error;
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    return asProblem(error);
  }
}

export function createWorkflowHandlers({ runtime, liveData, eventLookup, db, now }: WorkflowHandlerDeps) {
  const { store } = runtime;

  const requireWorkflow = async (tenantId: string, workflowId: string) => {
    const workflow = await store.get(tenantId, workflowId);
    if (!workflow) throw new NotFoundError(`Workflow ${workflowId} not found`);
    return workflow;
  };

  const create: RouteHandler<typeof createWorkflowRoute, AuthedEnv> = async (c) => {
    const { version } = await guarded(() =>
      store.create(c.var.auth.tenantId, c.req.valid('json').definition),
    );
    return c.json(toWorkflowVersion(version), 201);
  };

  const list: RouteHandler<typeof listWorkflowsRoute, AuthedEnv> = async (c) => {
    const all = await store.list(c.var.auth.tenantId);
    return c.json(
      { object: 'list' as const, data: all.map(toWorkflow), has_more: false, next_cursor: null },
      200,
    );
  };

  const get: RouteHandler<typeof getWorkflowRoute, AuthedEnv> = async (c) => {
    const workflow = await requireWorkflow(c.var.auth.tenantId, c.req.valid('param').workflowId);
    return c.json(toWorkflow(workflow), 200);
  };

  const addVersion: RouteHandler<typeof addVersionRoute, AuthedEnv> = async (c) => {
    const version = await guarded(() =>
      store.addVersion(c.var.auth.tenantId, c.req.valid('param').workflowId, c.req.valid('json').definition),
    );
    return c.json(toWorkflowVersion(version), 201);
  };

  const listVersions: RouteHandler<typeof listVersionsRoute, AuthedEnv> = async (c) => {
    const { workflowId } = c.req.valid('param');
    await requireWorkflow(c.var.auth.tenantId, workflowId);
    const versions = await store.listVersions(c.var.auth.tenantId, workflowId);
    return c.json(
      { object: 'list' as const, data: versions.map(toWorkflowVersion), has_more: false, next_cursor: null },
      200,
    );
  };

  const getVersion: RouteHandler<typeof getVersionRoute, AuthedEnv> = async (c) => {
    const { workflowId, version } = c.req.valid('param');
    const found = await store.getVersion(c.var.auth.tenantId, workflowId, version);
    if (!found) throw new NotFoundError(`Workflow ${workflowId} has no version ${version}`);
    return c.json(toWorkflowVersion(found), 200);
  };

  const approve: RouteHandler<typeof approveVersionRoute, AuthedEnv> = async (c) => {
    const { workflowId, version } = c.req.valid('param');
    const approved = await guarded(() => store.approve(c.var.auth.tenantId, workflowId, version));
    return c.json(toWorkflowVersion(approved), 200);
  };

  const activate: RouteHandler<typeof activateRoute, AuthedEnv> = async (c) => {
    const { workflowId } = c.req.valid('param');
    const workflow = await guarded(() =>
      store.activate(c.var.auth.tenantId, workflowId, c.req.valid('json').version),
    );
    return c.json(toWorkflow(workflow), 200);
  };

  const pause: RouteHandler<typeof pauseRoute, AuthedEnv> = async (c) => {
    const workflow = await guarded(() => store.pause(c.var.auth.tenantId, c.req.valid('param').workflowId));
    return c.json(toWorkflow(workflow), 200);
  };

  const listRuns: RouteHandler<typeof listRunsRoute, AuthedEnv> = async (c) => {
    const { workflowId } = c.req.valid('param');
    const { status, limit } = c.req.valid('query');
    await requireWorkflow(c.var.auth.tenantId, workflowId);
    const runs = await runtime.listRuns(c.var.auth.tenantId, workflowId, {
      limit,
      ...(status ? { status } : {}),
    });
    return c.json(
      { object: 'list' as const, data: runs.map(toWorkflowRun), has_more: false, next_cursor: null },
      200,
    );
  };

  const getRun: RouteHandler<typeof getRunRoute, AuthedEnv> = async (c) => {
    const { workflowId, runId } = c.req.valid('param');
    const found = await runtime.getRun(c.var.auth.tenantId, runId);
    if (!found || found.run.workflowId !== workflowId) throw new NotFoundError(`Run ${runId} not found`);
    return c.json({ ...toWorkflowRun(found.run), steps: found.steps.map(toWorkflowStep) }, 200);
  };

  const cancelRun: RouteHandler<typeof cancelRunRoute, AuthedEnv> = async (c) => {
    const { workflowId, runId } = c.req.valid('param');
    const found = await runtime.getRun(c.var.auth.tenantId, runId);
    if (!found || found.run.workflowId !== workflowId) throw new NotFoundError(`Run ${runId} not found`);
    const run = await guarded(() => runtime.cancelRun(c.var.auth.tenantId, runId));
    return c.json(toWorkflowRun(run), 200);
  };

  const stats: RouteHandler<typeof workflowStatsRoute, AuthedEnv> = async (c) => {
    const tenantId = c.var.auth.tenantId;
    const { workflowId } = c.req.valid('param');
    const workflow = await requireWorkflow(tenantId, workflowId);
    const version = c.req.valid('query').version ?? workflow.activeVersion ?? workflow.latestVersion;
    const found = await store.getVersion(tenantId, workflowId, version);
    if (!found) throw new NotFoundError(`Workflow ${workflowId} has no version ${version}`);
    const body = await readWorkflowStats(db, { tenantId, workflowId, version, definition: found.definition });
    return c.json(body, 200);
  };

  const dryRun: RouteHandler<typeof dryRunRoute, AuthedEnv> = async (c) => {
    const tenantId = c.var.auth.tenantId;
    const body = c.req.valid('json');
    const definition = await guarded(async () => parseWorkflow(body.definition));
    let event: unknown;
    if (body.eventId !== undefined) {
      const stored = await eventLookup.getEvent(tenantId, body.eventId);
      if (!stored) throw new NotFoundError(`Event ${body.eventId} not found`);
      const { seq: _seq, ...envelope } = stored;
      event = envelope;
    } else {
      // Records are read under the caller's tenant whatever the pasted event says.
      event = { ...body.event, tenantId };
    }
    const result = await guarded(() =>
      dryRunLive(
        definition,
        { event, now: now(), ...(body.customerId ? { customerId: body.customerId } : {}) },
        liveData,
        body.waits ? { waits: body.waits } : {},
      ),
    );
    return c.json(toDryRun(result), 200);
  };

  return {
    create,
    list,
    get,
    addVersion,
    listVersions,
    getVersion,
    approve,
    activate,
    pause,
    listRuns,
    getRun,
    cancelRun,
    stats,
    dryRun,
  };
}

import { EventType, IsoDateTime } from '@cartwire/model';
import { createRoute, z } from '@hono/zod-openapi';
import { IDEMPOTENCY_KEY_HEADER_DOC } from '../shared/idempotency';
import { AUTHED_ERRORS, BEARER, json, listOf, problem } from '../shared/responses';

const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(255).optional().openapi(IDEMPOTENCY_KEY_HEADER_DOC),
});

// The definition is validated by the SDK's validator, which lists every problem of the graph at once
// (unreachable nodes, missing branches, unknown fields, loops without a wait), not by the route schema.
const Definition = z.record(z.string(), z.unknown()).openapi({
  description:
    'A workflow definition (`schemaVersion: 1`): nodes linked by id starting at one trigger, plus goals, ' +
    'exit events and a flow filter. See the automation SDK README. A 400 lists every problem in `problems`.',
  example: {
    schemaVersion: 1,
    key: 'cart-reminder',
    name: 'Cart reminder',
    nodes: [
      { id: 'trigger', type: 'trigger', event: 'cart.abandoned', next: 'wait' },
      { id: 'wait', type: 'wait', until: { kind: 'duration', duration: 'PT1H' }, next: 'send' },
      { id: 'send', type: 'send', channel: 'webhook', template: 'cart-1', next: 'end' },
      { id: 'end', type: 'exit' },
    ],
  },
});

export const Workflow = z
  .object({
    object: z.literal('workflow'),
    id: z.string().openapi({ example: 'wf_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
    key: z.string().openapi({ example: 'abandoned-cart' }),
    name: z.string(),
    status: z.enum(['draft', 'active', 'paused']).openapi({
      description:
        '`draft`: never activated; `active`: events start runs of `activeVersion`; `paused`: no new runs.',
    }),
    activeVersion: z.number().int().nullable(),
    latestVersion: z.number().int(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .openapi('Workflow');

export const WorkflowVersion = z
  .object({
    object: z.literal('workflow_version'),
    workflowId: z.string(),
    version: z.number().int(),
    approved: z.boolean().openapi({ description: 'Only approved versions can be activated.' }),
    approvedAt: IsoDateTime.nullable(),
    createdAt: IsoDateTime,
    definition: Definition,
    mermaid: z.string().openapi({ description: 'The graph as Mermaid flowchart text, for consoles.' }),
  })
  .openapi('WorkflowVersion');

export const WorkflowRun = z
  .object({
    object: z.literal('workflow_run'),
    id: z.string().openapi({ example: 'run_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
    workflowId: z.string(),
    version: z.number().int().openapi({ description: 'The version the run started on and stays on.' }),
    storeId: z.string(),
    triggerEventId: z.string(),
    correlationKey: z.string().openapi({ description: 'The cart, order or variant id the run follows.' }),
    customerKey: z.string().nullable(),
    arm: z.enum(['holdout', 'treatment']).openapi({
      description:
        '`holdout` when the workflow’s holdout drew this customer: its sends are recorded, not delivered.',
    }),
    status: z.enum(['active', 'waiting', 'completed', 'converted', 'exited', 'parked', 'cancelled']),
    currentNode: z.string().nullable(),
    waitingEventType: z.string().nullable(),
    wakeAt: IsoDateTime.nullable(),
    endReason: z.string().nullable(),
    variants: z
      .record(z.string(), z.string())
      .openapi({ description: 'Split arms taken, by split node id.' }),
    enteredAt: IsoDateTime,
    updatedAt: IsoDateTime,
    finishedAt: IsoDateTime.nullable(),
  })
  .openapi('WorkflowRun');

export const WorkflowStep = z
  .object({
    seq: z.number().int(),
    version: z.number().int(),
    nodeId: z.string().nullable(),
    nodeType: z.string().nullable(),
    outcome: z.string().openapi({ example: 'sent' }),
    branch: z.string().nullable(),
    variant: z.string().nullable(),
    reason: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
    at: IsoDateTime,
  })
  .openapi('WorkflowStep');

export const WorkflowRunWithSteps = WorkflowRun.extend({
  steps: z.array(WorkflowStep).openapi({ description: 'Every step event, oldest first.' }),
}).openapi('WorkflowRunWithSteps');

export const DryRunResult = z
  .object({
    object: z.literal('workflow_dry_run'),
    entered: z.boolean(),
    notEnteredReason: z.string().nullable(),
    correlationKey: z.string().nullable(),
    outcome: z.enum(['not_entered', 'completed', 'exited', 'step_limit']),
    steps: z.array(
      z.object({
        nodeId: z.string(),
        type: z.string(),
        label: z.string(),
        at: IsoDateTime.describe('Virtual time: waits move it forward.'),
        taken: z.string().nullable().openapi({ description: 'Branch, split arm, or `event`/`timeout`.' }),
        message: z
          .record(z.string(), z.unknown())
          .nullable()
          .openapi({ description: 'What a send would send.' }),
        action: z.record(z.string(), z.unknown()).nullable(),
        endReason: z.string().nullable(),
      }),
    ),
  })
  .openapi('WorkflowDryRun');

const counts = (description: string) => z.record(z.string(), z.number().int()).openapi({ description });

export const WorkflowNodeStats = z
  .object({
    id: z.string().openapi({ example: 'split' }),
    type: z.string().openapi({ example: 'split' }),
    label: z.string().openapi({ description: 'A short description of the node, for graph boxes.' }),
    reached: z.number().int().openapi({
      description: 'Runs with at least one step at this node (a retried step counts once).',
    }),
    outcomes: counts(
      'Step events by outcome: `entered` (trigger), `passed`, `sent`, `acted`, `waiting`, `event_received`, ' +
        '`timed_out`, `branched`, `assigned`, `blocked`, `refused` (the governance gate said no; the run goes on), ' +
        '`completed` (exit), `failed` (a retried attempt), `parked`.',
    ).openapi({ example: { sent: 41, blocked: 3 } }),
    branches: counts('Condition nodes: runs per branch key, `otherwise` included.'),
    variants: counts('Split nodes: runs assigned to each arm.'),
    reasons: counts(
      'Why runs were blocked, refused, parked, failed or completed here (`flow_filter`, `items_in_stock`, ' +
        '`smart_sending`, …).',
    ),
  })
  .openapi('WorkflowNodeStats');

export const WorkflowStats = z
  .object({
    object: z.literal('workflow_stats'),
    workflowId: z.string(),
    version: z.number().int().openapi({ description: 'The version counted.' }),
    runs: z.object({
      total: z.number().int(),
      byStatus: z
        .record(z.string(), z.number().int())
        .openapi({ description: 'Every run status, zero included.', example: { active: 0, converted: 4 } }),
      endReasons: counts('Finished runs by end reason (`goal:ordered`, `exit:added_to_cart`, …).'),
    }),
    nodes: z
      .array(WorkflowNodeStats)
      .openapi({ description: 'Every node of the version, in definition order.' }),
    edges: z
      .array(
        z.object({
          from: z.string(),
          to: z.string(),
          label: z
            .string()
            .nullable()
            .openapi({ description: 'Branch key, split arm and weight, `timeout`…' }),
          key: z
            .string()
            .nullable()
            .openapi({ description: 'The branch key, split arm, event or `timeout`.' }),
          count: z.number().int().nullable().openapi({
            description:
              'Runs that took this edge, where a step event records it (branches, arms, event waits).',
          }),
        }),
      )
      .openapi({ description: 'The graph’s edges, labelled as in the definition.' }),
  })
  .openapi('WorkflowStats');

export const WorkflowList = listOf(Workflow, 'WorkflowList');
export const WorkflowVersionList = listOf(WorkflowVersion, 'WorkflowVersionList');
export const WorkflowRunList = listOf(WorkflowRun, 'WorkflowRunList');

export const DefinitionBody = z.object({ definition: Definition }).openapi('WorkflowDefinitionBody');
export const ActivateBody = z.object({ version: z.number().int().min(1) }).openapi('ActivateWorkflow');
export const DryRunBody = z
  .object({
    definition: Definition,
    event: z
      .object({ type: EventType })
      .catchall(z.unknown())
      .optional()
      .openapi({ description: 'An event envelope to start from; give this or `eventId`.' }),
    eventId: z
      .string()
      .min(1)
      .optional()
      .openapi({ description: 'An event of the event log to start from.' }),
    customerId: z.string().min(1).optional().openapi({ description: 'Evaluate for this customer instead.' }),
    waits: z
      .record(z.string(), z.enum(['event', 'timeout']))
      .optional()
      .openapi({ description: 'How each event wait ends, by node id (default `timeout`).' }),
  })
  .refine(
    (body) => (body.event === undefined) !== (body.eventId === undefined),
    'give exactly one of event, eventId',
  )
  .openapi('WorkflowDryRunRequest');

const id = (name: string, example: string) =>
  z
    .string()
    .min(1)
    .openapi({ param: { name, in: 'path' }, example });
export const WorkflowIdParam = z.object({ workflowId: id('workflowId', 'wf_01jc9q3m2v8x7k4d5f6g7h8j9k') });
export const VersionParam = WorkflowIdParam.extend({
  version: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name: 'version', in: 'path' }, example: 1 }),
});
export const StatsQuery = z.object({
  version: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .openapi({ description: 'Default: the active version, else the latest.', example: 1 }),
});
export const RunParam = WorkflowIdParam.extend({ runId: id('runId', 'run_01jc9q3m2v8x7k4d5f6g7h8j9k') });
export const RunsQuery = z.object({
  status: z.enum(['active', 'waiting', 'completed', 'converted', 'exited', 'parked', 'cancelled']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const tags = ['Workflows'];
const notFound = { 404: problem('No such workflow, version or run for this tenant') };

export const createWorkflowRoute = createRoute({
  method: 'post',
  path: '/v1/workflows',
  tags,
  summary: 'Create a workflow',
  description:
    'Stores the definition as version 1 of a new draft workflow. It runs only once approved and activated.',
  security: BEARER,
  request: {
    headers: IdempotencyHeaders,
    body: { content: { 'application/json': { schema: DefinitionBody } }, required: true },
  },
  responses: {
    201: json(WorkflowVersion, 'Created: version 1'),
    ...AUTHED_ERRORS,
    409: problem('A workflow with this key exists'),
    422: problem('The Idempotency-Key was used for another request'),
  },
});

export const listWorkflowsRoute = createRoute({
  method: 'get',
  path: '/v1/workflows',
  tags,
  summary: 'List workflows',
  security: BEARER,
  responses: { 200: json(WorkflowList, 'Every workflow of the tenant, oldest first'), ...AUTHED_ERRORS },
});

export const getWorkflowRoute = createRoute({
  method: 'get',
  path: '/v1/workflows/{workflowId}',
  tags,
  summary: 'Get a workflow',
  security: BEARER,
  request: { params: WorkflowIdParam },
  responses: { 200: json(Workflow, 'The workflow'), ...AUTHED_ERRORS, ...notFound },
});

export const addVersionRoute = createRoute({
  method: 'post',
  path: '/v1/workflows/{workflowId}/versions',
  tags,
  summary: 'Add a version',
  description: 'Runs already started stay on their version; new runs take a version once it is activated.',
  security: BEARER,
  request: {
    params: WorkflowIdParam,
    headers: IdempotencyHeaders,
    body: { content: { 'application/json': { schema: DefinitionBody } }, required: true },
  },
  responses: {
    201: json(WorkflowVersion, 'The new version (not approved)'),
    ...AUTHED_ERRORS,
    ...notFound,
    422: problem('The Idempotency-Key was used for another request'),
  },
});

export const listVersionsRoute = createRoute({
  method: 'get',
  path: '/v1/workflows/{workflowId}/versions',
  tags,
  summary: 'List versions',
  security: BEARER,
  request: { params: WorkflowIdParam },
  responses: { 200: json(WorkflowVersionList, 'Newest first'), ...AUTHED_ERRORS, ...notFound },
});

export const getVersionRoute = createRoute({
  method: 'get',
  path: '/v1/workflows/{workflowId}/versions/{version}',
  tags,
  summary: 'Get a version',
  security: BEARER,
  request: { params: VersionParam },
  responses: { 200: json(WorkflowVersion, 'The version with its graph'), ...AUTHED_ERRORS, ...notFound },
});

export const approveVersionRoute = createRoute({
  method: 'post',
  path: '/v1/workflows/{workflowId}/versions/{version}/approve',
  tags,
  summary: 'Approve a version',
  description: 'A separate call from creating it, so a second person (or key) can review before activation.',
  security: BEARER,
  request: { params: VersionParam },
  responses: { 200: json(WorkflowVersion, 'Approved'), ...AUTHED_ERRORS, ...notFound },
});

export const activateRoute = createRoute({
  method: 'post',
  path: '/v1/workflows/{workflowId}/activate',
  tags,
  summary: 'Activate a version',
  security: BEARER,
  request: {
    params: WorkflowIdParam,
    body: { content: { 'application/json': { schema: ActivateBody } }, required: true },
  },
  responses: {
    200: json(Workflow, 'Active: new events start runs of this version'),
    ...AUTHED_ERRORS,
    ...notFound,
    409: problem('The version is not approved'),
  },
});

export const pauseRoute = createRoute({
  method: 'post',
  path: '/v1/workflows/{workflowId}/pause',
  tags,
  summary: 'Pause a workflow',
  description: 'No new runs start; running ones finish.',
  security: BEARER,
  request: { params: WorkflowIdParam },
  responses: { 200: json(Workflow, 'Paused'), ...AUTHED_ERRORS, ...notFound },
});

export const listRunsRoute = createRoute({
  method: 'get',
  path: '/v1/workflows/{workflowId}/runs',
  tags,
  summary: 'List runs',
  security: BEARER,
  request: { params: WorkflowIdParam, query: RunsQuery },
  responses: { 200: json(WorkflowRunList, 'Newest first'), ...AUTHED_ERRORS, ...notFound },
});

export const getRunRoute = createRoute({
  method: 'get',
  path: '/v1/workflows/{workflowId}/runs/{runId}',
  tags,
  summary: 'Get a run with its step history',
  security: BEARER,
  request: { params: RunParam },
  responses: { 200: json(WorkflowRunWithSteps, 'The run and every step'), ...AUTHED_ERRORS, ...notFound },
});

export const cancelRunRoute = createRoute({
  method: 'post',
  path: '/v1/workflows/{workflowId}/runs/{runId}/cancel',
  tags,
  summary: 'Cancel a run',
  description: 'Its pending timer then does nothing. Cancelling a finished run returns it unchanged.',
  security: BEARER,
  request: { params: RunParam },
  responses: { 200: json(WorkflowRun, 'The run'), ...AUTHED_ERRORS, ...notFound },
});

export const dryRunRoute = createRoute({
  method: 'post',
  path: '/v1/workflows/dry-run',
  tags,
  summary: 'Dry-run a definition',
  description:
    'The path a definition would take for an event (inline or from the event log) with the current customer, ' +
    'cart/order and stock: branches, split arm, offers, waits on a virtual clock. Nothing is sent or stored.',
  security: BEARER,
  request: { body: { content: { 'application/json': { schema: DryRunBody } }, required: true } },
  responses: {
    200: json(DryRunResult, 'The path'),
    ...AUTHED_ERRORS,
    404: problem('No such event for this tenant'),
  },
});

export const workflowStatsRoute = createRoute({
  method: 'get',
  path: '/v1/workflows/{workflowId}/stats',
  tags,
  summary: 'Per-node counts of a version',
  description:
    'How runs of one version went, node by node: step outcomes, runs per branch and split arm, why runs ' +
    'were blocked or parked, and runs by status. What the console draws on the workflow graph.',
  security: BEARER,
  request: { params: WorkflowIdParam, query: StatsQuery },
  responses: { 200: json(WorkflowStats, 'The counts'), ...AUTHED_ERRORS, ...notFound },
});

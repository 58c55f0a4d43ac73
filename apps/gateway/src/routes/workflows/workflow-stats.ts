import { edgesOf, nodeLabel, type WorkflowDefinition } from '@cartwire/automation-sdk';
import { type Db, workflowRuns, workflowStepEvents } from '@cartwire/storage';
import { and, count, countDistinct, eq, isNotNull } from 'drizzle-orm';

export const RUN_STATUSES = [
  'active',
  'waiting',
  'completed',
  'converted',
  'exited',
  'parked',
  'cancelled',
] as const;
type RunStatus = (typeof RUN_STATUSES)[number];

export interface NodeStats {
  id: string;
  type: string;
  label: string;
  /** Distinct runs with at least one step event at the node (retries of a step count once). */
  reached: number;
  outcomes: Record<string, number>;
  branches: Record<string, number>;
  variants: Record<string, number>;
  reasons: Record<string, number>;
}

export interface WorkflowStats {
  object: 'workflow_stats';
  workflowId: string;
  version: number;
  runs: { total: number; byStatus: Record<RunStatus, number>; endReasons: Record<string, number> };
  nodes: NodeStats[];
  edges: { from: string; to: string; label: string | null; key: string | null; count: number | null }[];
}

const bump = (record: Record<string, number>, key: string, by: number) => {
  record[key] = (record[key] ?? 0) + by;
};

/**
 * Which step outcome counts the runs that left a node along an edge, when the step events say it: a
 * condition's branch, a split's arm, an event wait's event or timeout. Other edges (a plain `next`) have
 * no outcome of their own: a duration wait's wake-up is recorded on the run, not the node.
 */
function edgeKey(definitionNode: WorkflowDefinition['nodes'][number], slot: string, label: string | null) {
  if (definitionNode.type === 'condition') {
    const branch = /^branches\.(\d+)\.next$/.exec(slot);
    return branch ? (definitionNode.branches[Number(branch[1])]?.key ?? null) : 'otherwise';
  }
  if (definitionNode.type === 'split') {
    const arm = /^variants\.(\d+)\.next$/.exec(slot);
    return arm ? (definitionNode.variants[Number(arm[1])]?.key ?? null) : null;
  }
  if (definitionNode.type === 'wait' && label !== null) return slot === 'timeoutNext' ? 'timeout' : label;
  return null;
}

/**
 * Per-node counts of a workflow version's step events (outcomes, branches, split arms, block and end
 * reasons) and its runs by status: what a console draws on the graph. Two grouped reads on the
 * step-event reporting index and one on the runs, all scoped by tenant, workflow and version.
 */
export async function readWorkflowStats(
  db: Db,
  scope: { tenantId: string; workflowId: string; version: number; definition: WorkflowDefinition },
): Promise<WorkflowStats> {
  const { tenantId, workflowId, version, definition } = scope;
  const stepScope = and(
    eq(workflowStepEvents.tenantId, tenantId),
    eq(workflowStepEvents.workflowId, workflowId),
    eq(workflowStepEvents.version, version),
    isNotNull(workflowStepEvents.nodeId),
  );
  const [grouped, reached, runs] = await Promise.all([
    db
      .select({
        nodeId: workflowStepEvents.nodeId,
        outcome: workflowStepEvents.outcome,
        branch: workflowStepEvents.branch,
        variant: workflowStepEvents.variant,
        reason: workflowStepEvents.reason,
        n: count(),
      })
      .from(workflowStepEvents)
      .where(stepScope)
      .groupBy(
        workflowStepEvents.nodeId,
        workflowStepEvents.outcome,
        workflowStepEvents.branch,
        workflowStepEvents.variant,
        workflowStepEvents.reason,
      ),
    db
      .select({ nodeId: workflowStepEvents.nodeId, n: countDistinct(workflowStepEvents.runId) })
      .from(workflowStepEvents)
      .where(stepScope)
      .groupBy(workflowStepEvents.nodeId),
    db
      .select({ status: workflowRuns.status, endReason: workflowRuns.endReason, n: count() })
      .from(workflowRuns)
      .where(
        and(
          eq(workflowRuns.tenantId, tenantId),
          eq(workflowRuns.workflowId, workflowId),
          eq(workflowRuns.version, version),
        ),
      )
      .groupBy(workflowRuns.status, workflowRuns.endReason),
  ]);

  const nodes = new Map<string, NodeStats>(
    definition.nodes.map((node) => [
      node.id,
      {
        id: node.id,
        type: node.type,
        label: nodeLabel(node),
        reached: 0,
        outcomes: {},
        branches: {},
        variants: {},
        reasons: {},
      },
    ]),
  );
  for (const row of grouped) {
    const node = row.nodeId === null ? undefined : nodes.get(row.nodeId);
    if (!node) continue;
    const n = Number(row.n);
    bump(node.outcomes, row.outcome, n);
    if (row.branch !== null) bump(node.branches, row.branch, n);
    if (row.variant !== null) bump(node.variants, row.variant, n);
    if (row.reason !== null) bump(node.reasons, row.reason, n);
  }
  for (const row of reached) {
    const node = row.nodeId === null ? undefined : nodes.get(row.nodeId);
    if (node) node.reached = Number(row.n);
  }

  const byStatus = Object.fromEntries(RUN_STATUSES.map((status) => [status, 0])) as Record<RunStatus, number>;
  const endReasons: Record<string, number> = {};
  let total = 0;
  for (const row of runs) {
    const n = Number(row.n);
    total += n;
    byStatus[row.status] += n;
    if (row.endReason !== null) bump(endReasons, row.endReason, n);
  }

  const edges = definition.nodes.flatMap((node) => {
    const stats = nodes.get(node.id);
    return edgesOf(node).flatMap((edge) => {
      if (edge.to === undefined) return [];
      const key = edgeKey(node, edge.slot, edge.label);
      let edgeCount: number | null = null;
      if (key !== null && stats) {
        if (node.type === 'condition') edgeCount = stats.branches[key] ?? 0;
        else if (node.type === 'split') edgeCount = stats.variants[key] ?? 0;
        else if (node.type === 'wait')
          edgeCount = stats.outcomes[key === 'timeout' ? 'timed_out' : 'event_received'] ?? 0;
      }
      return [{ from: node.id, to: edge.to, label: edge.label, key, count: edgeCount }];
    });
  });

  return {
    object: 'workflow_stats',
    workflowId,
    version,
    runs: { total, byStatus, endReasons },
    nodes: [...nodes.values()],
    edges,
  };
}

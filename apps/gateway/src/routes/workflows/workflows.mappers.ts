import {
  type DryRunResult,
  type RunRecord,
  type StepEventRecord,
  toMermaid,
  type WorkflowRecord,
  type WorkflowVersionRecord,
} from '@cartwire/automation-sdk';

const iso = (date: Date) => date.toISOString();
const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

export function toWorkflow(record: WorkflowRecord) {
  return {
    object: 'workflow' as const,
    id: record.id,
    key: record.key,
    name: record.name,
    status: record.status,
    activeVersion: record.activeVersion,
    latestVersion: record.latestVersion,
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
  };
}

export function toWorkflowVersion(record: WorkflowVersionRecord) {
  return {
    object: 'workflow_version' as const,
    workflowId: record.workflowId,
    version: record.version,
    approved: record.approved,
    approvedAt: isoOrNull(record.approvedAt),
    createdAt: iso(record.createdAt),
    definition: record.definition as unknown as Record<string, unknown>,
    mermaid: toMermaid(record.definition),
  };
}

export function toWorkflowRun(record: RunRecord) {
  return {
    object: 'workflow_run' as const,
    id: record.id,
    workflowId: record.workflowId,
    version: record.version,
    storeId: record.storeId,
    triggerEventId: record.triggerEventId,
    correlationKey: record.correlationKey,
    customerKey: record.customerKey,
    arm: record.arm,
    status: record.status,
    currentNode: record.currentNode,
    waitingEventType: record.waitingEventType,
    wakeAt: isoOrNull(record.wakeAt),
    endReason: record.endReason,
    variants: record.variants,
    enteredAt: iso(record.enteredAt),
    updatedAt: iso(record.updatedAt),
    finishedAt: isoOrNull(record.finishedAt),
  };
}

export function toWorkflowStep(step: StepEventRecord) {
  return {
    seq: step.seq,
    version: step.version,
    nodeId: step.nodeId,
    nodeType: step.nodeType,
    outcome: step.outcome,
    branch: step.branch,
    variant: step.variant,
    reason: step.reason,
    detail: step.detail,
    at: iso(step.at),
  };
}

export function toDryRun(result: DryRunResult) {
  return {
    object: 'workflow_dry_run' as const,
    entered: result.entered,
    notEnteredReason: result.notEnteredReason,
    correlationKey: result.correlationKey,
    outcome: result.outcome,
    steps: result.steps.map((step) => ({
      ...step,
      message: step.message as unknown as Record<string, unknown> | null,
      action: step.action as unknown as Record<string, unknown> | null,
    })),
  };
}

import { nodeLabel } from './definition/render';
import type { Action, WorkflowDefinition } from './definition/workflow-definition';
import { createEvaluationContext, type EvaluationContext, type EvaluationInput } from './evaluate/context';
import { decideEntry } from './evaluate/entry';
import { evaluateCondition } from './evaluate/evaluate-condition';
import { liveCheckFailure, priceSnapshot } from './evaluate/live-checks';
import { decideStep, type MessageDraft } from './evaluate/plan';

export interface DryRunOptions {
  /**
   * How each event wait ends, by node id: `event` (the awaited event arrives right away) or `timeout`.
   * @default 'timeout' for every wait
   */
  waits?: Record<string, 'event' | 'timeout'>;
  /**
   * Steps after which a looping workflow is cut off.
   * @default 100
   */
  maxSteps?: number;
}

export interface DryRunStep {
  nodeId: string;
  type: string;
  label: string;
  /** Virtual time the step would run at (waits move it forward). */
  at: string;
  /** Branch key, split variant, `event`/`timeout` for event waits, or null. */
  taken: string | null;
  /** What a send would have sent (nothing is sent). */
  message: MessageDraft | null;
  /** What an action would have done (nothing is done). */
  action: Action | null;
  /** Why the run would end here (exit reason, failed flow filter or live check), else null. */
  endReason: string | null;
}

export interface DryRunResult {
  entered: boolean;
  /** Why the event would not start a run. */
  notEnteredReason: string | null;
  correlationKey: string | null;
  steps: DryRunStep[];
  outcome: 'not_entered' | 'completed' | 'exited' | 'step_limit';
}

/**
 * The path a definition would take for an event and customer/cart/order context, without sending
 * anything. Waits advance a virtual clock; event waits end as `options.waits` says (default timeout);
 * flow filters and live checks are evaluated on the context given.
 * @example dryRun(definition, { event, customer }) // { entered: true, steps: [...], outcome: 'completed' }
 * @throws InvalidEvaluationInputError when the input does not have the expected shape.
 */
export function dryRun(
  definition: WorkflowDefinition,
  input: EvaluationInput,
  options: DryRunOptions = {},
): DryRunResult {
  const start = createEvaluationContext(input);
  const entry = decideEntry(definition, start);
  if (!entry.entered) {
    return {
      entered: false,
      notEnteredReason: entry.reason,
      correlationKey: null,
      steps: [],
      outcome: 'not_entered',
    };
  }
  const byId = new Map(definition.nodes.map((node) => [node.id, node]));
  const prices = priceSnapshot(start);
  const maxSteps = options.maxSteps ?? 100;
  let context: EvaluationContext = start;
  let nodeId: string | undefined = definition.nodes.find((node) => node.type === 'trigger')?.id;
  const steps: DryRunStep[] = [];
  while (nodeId !== undefined) {
    if (steps.length >= maxSteps)
      return {
        entered: true,
        notEnteredReason: null,
        correlationKey: entry.correlationKey,
        steps,
        outcome: 'step_limit',
      };
    const node = byId.get(nodeId);
    if (!node) break;
    const step: DryRunStep = {
      nodeId: node.id,
      type: node.type,
      label: nodeLabel(node),
      at: context.now.toISOString(),
      taken: null,
      message: null,
      action: null,
      endReason: null,
    };
    steps.push(step);
    if (node.type === 'send' || node.type === 'action') {
      const blocked =
        definition.flowFilter && !evaluateCondition(definition.flowFilter, context)
          ? 'flow_filter'
          : (node.checks.map((check) => liveCheckFailure(check, context, prices)).find((f) => f !== null) ??
            null);
      if (blocked) {
        step.endReason = blocked;
        return {
          entered: true,
          notEnteredReason: null,
          correlationKey: entry.correlationKey,
          steps,
          outcome: 'exited',
        };
      }
    }
    const decision = decideStep(node, context, {
      workflowKey: definition.key,
      assignmentKey: entry.customerKey ?? entry.correlationKey,
    });
    switch (decision.kind) {
      case 'continue':
        nodeId = decision.next;
        break;
      case 'wait':
        context = { ...context, now: decision.until };
        nodeId = decision.next;
        break;
      case 'wait_event': {
        const ending = options.waits?.[node.id] ?? 'timeout';
        step.taken = ending;
        if (ending === 'timeout') context = { ...context, now: decision.deadline };
        nodeId = ending === 'event' ? decision.next : decision.timeoutNext;
        break;
      }
      case 'branch':
        step.taken = decision.branch;
        nodeId = decision.next;
        break;
      case 'variant':
        step.taken = decision.variant;
        nodeId = decision.next;
        break;
      case 'send':
        step.message = decision.message;
        nodeId = decision.next;
        break;
      case 'action':
        step.action = decision.action;
        nodeId = decision.next;
        break;
      case 'exit':
        step.endReason = decision.reason;
        nodeId = undefined;
        break;
    }
  }
  return {
    entered: true,
    notEnteredReason: null,
    correlationKey: entry.correlationKey,
    steps,
    outcome: 'completed',
  };
}

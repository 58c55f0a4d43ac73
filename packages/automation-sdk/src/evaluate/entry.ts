import type { NodeOf, WorkflowDefinition } from '../definition/workflow-definition';
import { customerOfEvent, type EvaluationContext } from './context';
import { evaluateCondition, resolveKey } from './evaluate-condition';

export type EntryDecision =
  | {
      entered: true;
      correlationKey: string;
      /** Customer id, else email, else null (guest without contact). */
      customerKey: string | null;
    }
  | { entered: false; reason: 'event_type' | 'filter' | 'no_correlation_key' };

export function triggerOf(definition: WorkflowDefinition): NodeOf<'trigger'> {
  const trigger = definition.nodes.find((node): node is NodeOf<'trigger'> => node.type === 'trigger');
  if (!trigger) throw new TypeError('Workflow without a trigger: validate the definition first');
  return trigger;
}

/** Whether an event starts a run (type, trigger filter, a correlation key); re-entry is the runtime's. */
export function decideEntry(definition: WorkflowDefinition, context: EvaluationContext): EntryDecision {
  const trigger = triggerOf(definition);
  if (context.event.type !== trigger.event && !trigger.alsoOn?.includes(context.event.type))
    return { entered: false, reason: 'event_type' };
  if (trigger.filter && !evaluateCondition(trigger.filter, context))
    return { entered: false, reason: 'filter' };
  const correlationKey = resolveKey(context, trigger.correlateBy);
  if (correlationKey === null) return { entered: false, reason: 'no_correlation_key' };
  const who = customerOfEvent(context.event);
  return {
    entered: true,
    correlationKey,
    customerKey: context.customer?.id ?? who.customerId ?? who.email,
  };
}

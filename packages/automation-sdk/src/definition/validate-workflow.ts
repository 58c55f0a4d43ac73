import type { EventType } from '@cartwire/model';
import { z } from 'zod';
import { InvalidWorkflowError } from '../errors';
import { type FieldScope, fieldPathProblem } from '../evaluate/fields';
import { type Condition, fieldRulesOf } from './condition';
import {
  edgesOf,
  type NodeOf,
  WorkflowDefinition,
  type WorkflowEventRule,
  WorkflowNode,
} from './workflow-definition';
import type { WorkflowProblem } from './workflow-problem';

export type ValidationResult =
  | { ok: true; definition: WorkflowDefinition; problems: [] }
  | { ok: false; problems: WorkflowProblem[] };

const Envelope = WorkflowDefinition.omit({ nodes: true }).extend({ nodes: z.array(z.unknown()).min(1) });

/**
 * Checks a workflow definition (from the builder, REST or a visual builder) and lists every problem:
 * schema errors per node, duplicate or unknown node ids, a missing or second trigger, missing branches,
 * unreachable nodes, cycles that pass no wait (they would spin forever), split weights, branch keys,
 * fields that the event or the run's records do not have, and unknown time zones.
 */
export function validateWorkflow(input: unknown): ValidationResult {
  const problems: WorkflowProblem[] = [];
  const envelope = Envelope.safeParse(input);
  if (!envelope.success) {
    problems.push(...schemaProblems(envelope.error, '', null));
    // Still check the nodes when the envelope is broken elsewhere, so one round lists everything.
    const rawNodes = (input as { nodes?: unknown } | null)?.nodes;
    if (!Array.isArray(rawNodes)) return { ok: false, problems };
    checkNodes(rawNodes, null, problems);
    return { ok: false, problems };
  }
  const nodes = checkNodes(envelope.data.nodes, envelope.data, problems);
  if (problems.length > 0 || nodes === null) return { ok: false, problems };
  return { ok: true, definition: { ...envelope.data, nodes }, problems: [] };
}

/** Like `validateWorkflow`, for callers that want an exception. @throws InvalidWorkflowError */
export function parseWorkflow(input: unknown): WorkflowDefinition {
  const result = validateWorkflow(input);
  if (!result.ok) throw new InvalidWorkflowError(result.problems);
  return result.definition;
}

function checkNodes(
  rawNodes: readonly unknown[],
  envelope: Omit<WorkflowDefinition, 'nodes'> | null,
  problems: WorkflowProblem[],
): WorkflowNode[] | null {
  const nodes: WorkflowNode[] = [];
  const indexById = new Map<string, number>();
  let allParsed = true;
  rawNodes.forEach((raw, index) => {
    const rawId = (raw as { id?: unknown } | null)?.id;
    const id = typeof rawId === 'string' ? rawId : null;
    if (id !== null) {
      if (indexById.has(id)) {
        problems.push({
          code: 'duplicate_node_id',
          message: `Node id "${id}" is used more than once`,
          path: `nodes.${index}.id`,
          nodeId: id,
        });
      } else {
        indexById.set(id, index);
      }
    }
    const parsed = WorkflowNode.safeParse(raw);
    if (parsed.success) nodes.push(parsed.data);
    else {
      allParsed = false;
      problems.push(...schemaProblems(parsed.error, `nodes.${index}`, id));
    }
  });

  const triggers = nodes.filter((node): node is NodeOf<'trigger'> => node.type === 'trigger');
  if (triggers.length === 0 && allParsed) {
    problems.push({
      code: 'missing_trigger',
      message: 'The workflow has no trigger node',
      path: 'nodes',
      nodeId: null,
    });
  }
  for (const extra of triggers.slice(1)) {
    problems.push({
      code: 'multiple_triggers',
      message: `Only one trigger per workflow; "${extra.id}" is another`,
      path: `nodes.${indexById.get(extra.id)}`,
      nodeId: extra.id,
    });
  }

  checkEdges(nodes, indexById, problems);
  const trigger = triggers[0];
  if (trigger) {
    if (allParsed) checkReachable(nodes, trigger.id, indexById, problems);
    checkFields(nodes, trigger.event, envelope, indexById, problems);
    // Every other trigger type must offer the same fields; a problem shared by several is reported once.
    for (const other of new Set(trigger.alsoOn ?? [])) {
      const found: WorkflowProblem[] = [];
      checkFields(nodes, other, envelope, indexById, found);
      for (const problem of found) {
        if (!problems.some((p) => p.path === problem.path && p.message === problem.message))
          problems.push(problem);
      }
    }
  }
  checkCycles(nodes, indexById, problems);
  checkSplitsAndBranches(nodes, indexById, problems);
  return allParsed ? nodes : null;
}

function schemaProblems(error: z.ZodError, prefix: string, nodeId: string | null): WorkflowProblem[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.');
    return { code: 'schema', message: `${path || '(root)'}: ${issue.message}`, path, nodeId };
  });
}

function checkEdges(
  nodes: readonly WorkflowNode[],
  indexById: Map<string, number>,
  problems: WorkflowProblem[],
) {
  for (const node of nodes) {
    const at = `nodes.${indexById.get(node.id)}`;
    for (const edge of edgesOf(node)) {
      if (edge.to === undefined) {
        problems.push({
          code: 'missing_branch',
          message: `Node "${node.id}" has no ${edge.slot === 'next' ? 'next node' : edge.slot}${edge.label ? ` (${edge.label})` : ''}`,
          path: `${at}.${edge.slot}`,
          nodeId: node.id,
        });
      } else if (!indexById.has(edge.to)) {
        problems.push({
          code: 'unknown_node_ref',
          message: `Node "${node.id}" points to "${edge.to}", which does not exist`,
          path: `${at}.${edge.slot}`,
          nodeId: node.id,
        });
      }
    }
    if (node.type === 'wait' && node.until.kind !== 'event' && node.timeoutNext !== undefined) {
      problems.push({
        code: 'schema',
        message: `Node "${node.id}": timeoutNext is only for waits on an event`,
        path: `${at}.timeoutNext`,
        nodeId: node.id,
      });
    }
  }
}

function successors(node: WorkflowNode): string[] {
  return edgesOf(node)
    .map((edge) => edge.to)
    .filter((to): to is string => to !== undefined);
}

function checkReachable(
  nodes: readonly WorkflowNode[],
  start: string,
  indexById: Map<string, number>,
  problems: WorkflowProblem[],
) {
  const byId = firstById(nodes);
  const seen = new Set([start]);
  const queue = [start];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    const node = byId.get(id);
    if (!node) continue;
    for (const to of successors(node)) {
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  for (const node of nodes) {
    if (!seen.has(node.id)) {
      problems.push({
        code: 'unreachable_node',
        message: `Node "${node.id}" cannot be reached from the trigger`,
        path: `nodes.${indexById.get(node.id)}`,
        nodeId: node.id,
      });
    }
  }
}

/**
 * A loop is fine when it passes a wait (a reminder every week); without one the run would spin. Such a
 * cycle exists exactly when the graph minus its wait nodes still has one: Tarjan's strongly connected
 * components over the non-wait nodes, each component with more than one node (or a self-loop) is reported.
 */
function checkCycles(
  nodes: readonly WorkflowNode[],
  indexById: Map<string, number>,
  problems: WorkflowProblem[],
) {
  const active = firstById(nodes.filter((node) => node.type !== 'wait'));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  let counter = 0;
  const components: string[][] = [];

  function connect(id: string) {
    index.set(id, counter);
    low.set(id, counter);
    counter++;
    stack.push(id);
    onStack.add(id);
    for (const to of successors(active.get(id) as WorkflowNode)) {
      if (!active.has(to)) continue;
      if (!index.has(to)) {
        connect(to);
        low.set(id, Math.min(low.get(id) as number, low.get(to) as number));
      } else if (onStack.has(to)) {
        low.set(id, Math.min(low.get(id) as number, index.get(to) as number));
      }
    }
    if (low.get(id) === index.get(id)) {
      const component: string[] = [];
      for (;;) {
        const member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
        if (member === id) break;
      }
      components.push(component);
    }
  }
  for (const id of active.keys()) if (!index.has(id)) connect(id);

  for (const component of components) {
    const [only] = component;
    const selfLoop =
      component.length === 1 &&
      only !== undefined &&
      successors(active.get(only) as WorkflowNode).includes(only);
    if (component.length < 2 && !selfLoop) continue;
    const ids = component.sort((a, b) => (indexById.get(a) ?? 0) - (indexById.get(b) ?? 0));
    problems.push({
      code: 'cycle_without_wait',
      message: `Nodes ${ids.map((id) => `"${id}"`).join(' → ')} form a loop with no wait node in it`,
      path: `nodes.${indexById.get(ids[0] as string)}`,
      nodeId: ids[0] as string,
    });
  }
}

function checkSplitsAndBranches(
  nodes: readonly WorkflowNode[],
  indexById: Map<string, number>,
  problems: WorkflowProblem[],
) {
  for (const node of nodes) {
    const at = `nodes.${indexById.get(node.id)}`;
    if (node.type === 'split') {
      if (node.variants.length < 2) {
        problems.push({
          code: 'invalid_weights',
          message: `Split "${node.id}" needs at least two variants`,
          path: `${at}.variants`,
          nodeId: node.id,
        });
      }
      if (node.variants.reduce((sum, v) => sum + v.weight, 0) <= 0) {
        problems.push({
          code: 'invalid_weights',
          message: `Split "${node.id}": the weights add up to zero, so no variant can be chosen`,
          path: `${at}.variants`,
          nodeId: node.id,
        });
      }
      duplicateKeys(
        node.variants.map((v) => v.key),
        node.id,
        `${at}.variants`,
        problems,
      );
    }
    if (node.type === 'condition') {
      duplicateKeys(
        node.branches.map((b) => b.key),
        node.id,
        `${at}.branches`,
        problems,
      );
    }
    if (
      node.type === 'wait' &&
      node.until.kind === 'time_of_day' &&
      !isTimeZone(node.until.fallbackTimeZone)
    ) {
      problems.push({
        code: 'invalid_time_zone',
        message: `Node "${node.id}": "${node.until.fallbackTimeZone}" is not an IANA time zone`,
        path: `${at}.until.fallbackTimeZone`,
        nodeId: node.id,
      });
    }
  }
}

function duplicateKeys(keys: string[], nodeId: string, path: string, problems: WorkflowProblem[]) {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) {
      problems.push({
        code: 'duplicate_branch_key',
        message: `Node "${nodeId}" uses the key "${key}" twice`,
        path,
        nodeId,
      });
    }
    seen.add(key);
  }
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function checkFields(
  nodes: readonly WorkflowNode[],
  trigger: EventType,
  envelope: Omit<WorkflowDefinition, 'nodes'> | null,
  indexById: Map<string, number>,
  problems: WorkflowProblem[],
) {
  const triggerScope: FieldScope = { event: trigger, trigger };
  function check(condition: Condition | undefined, scope: FieldScope, path: string, nodeId: string | null) {
    if (!condition) return;
    for (const { rule, path: rulePath } of fieldRulesOf(condition)) {
      const problem = fieldPathProblem(rule.field, scope);
      if (problem) {
        problems.push({
          code: 'unknown_field',
          message: `${rule.field}: ${problem}`,
          path: `${path}${rulePath}.field`,
          nodeId,
        });
      }
    }
  }
  function checkPath(field: string, scope: FieldScope, path: string, nodeId: string | null) {
    const problem = fieldPathProblem(field, scope);
    if (problem) problems.push({ code: 'unknown_field', message: `${field}: ${problem}`, path, nodeId });
  }
  function checkRule(rule: WorkflowEventRule, path: string) {
    const scope = { event: rule.event, trigger };
    check(rule.filter, scope, `${path}.filter`, null);
    if (rule.match.by === 'correlation') checkPath(rule.match.field, scope, `${path}.match.field`, null);
  }

  for (const node of nodes) {
    const at = `nodes.${indexById.get(node.id)}`;
    switch (node.type) {
      case 'trigger':
        check(node.filter, triggerScope, `${at}.filter`, node.id);
        checkPath(node.correlateBy, triggerScope, `${at}.correlateBy`, node.id);
        break;
      case 'wait':
        if (node.until.kind === 'event') {
          const scope = { event: node.until.event, trigger };
          check(node.until.filter, scope, `${at}.until.filter`, node.id);
          if (node.until.match.by === 'correlation') {
            checkPath(node.until.match.field, scope, `${at}.until.match.field`, node.id);
          }
        }
        break;
      case 'condition':
        node.branches.forEach((branch, i) => {
          check(branch.when, triggerScope, `${at}.branches.${i}.when`, node.id);
        });
        break;
      default:
        break;
    }
  }
  if (envelope) {
    check(envelope.flowFilter, triggerScope, 'flowFilter', null);
    envelope.goals.forEach((rule, i) => {
      checkRule(rule, `goals.${i}`);
    });
    envelope.exitOn.forEach((rule, i) => {
      checkRule(rule, `exitOn.${i}`);
    });
  }
}

/** Nodes by id; with a duplicate id (reported separately) the first node wins, as the references meant it. */
function firstById(nodes: readonly WorkflowNode[]): Map<string, WorkflowNode> {
  const byId = new Map<string, WorkflowNode>();
  for (const node of nodes) if (!byId.has(node.id)) byId.set(node.id, node);
  return byId;
}

import type { Condition } from './condition';
import { edgesOf, type WorkflowDefinition, type WorkflowNode } from './workflow-definition';

export interface WorkflowGraph {
  nodes: { id: string; type: WorkflowNode['type']; label: string }[];
  edges: { from: string; to: string; label: string | null }[];
}

/** Nodes and labelled edges of a definition, for consoles and visual builders. */
export function workflowGraph(definition: WorkflowDefinition): WorkflowGraph {
  return {
    nodes: definition.nodes.map((node) => ({
      id: node.id,
      type: node.type,
      // The holdout applies from entry on, so the trigger says who is held out.
      label:
        node.type === 'trigger' && definition.holdout
          ? `${nodeLabel(node)} (holdout ${formatShare(definition.holdout.share)})`
          : nodeLabel(node),
    })),
    edges: definition.nodes.flatMap((node) =>
      edgesOf(node)
        .filter((edge): edge is typeof edge & { to: string } => edge.to !== undefined)
        .map((edge) => ({ from: node.id, to: edge.to, label: edge.label })),
    ),
  };
}

/** The definition as Mermaid flowchart text. */
export function toMermaid(definition: WorkflowDefinition): string {
  const graph = workflowGraph(definition);
  const lines = ['flowchart TD'];
  for (const node of graph.nodes) {
    const text = quoteLabel(node.label);
    const shape =
      node.type === 'trigger'
        ? `([${text}])`
        : node.type === 'condition' || node.type === 'split'
          ? `{${text}}`
          : node.type === 'exit'
            ? `((${text}))`
            : `[${text}]`;
    lines.push(`  ${mermaidId(node.id)}${shape}`);
  }
  for (const edge of graph.edges) {
    const label = edge.label ? `|${quoteLabel(edge.label)}|` : '';
    lines.push(`  ${mermaidId(edge.from)} -->${label} ${mermaidId(edge.to)}`);
  }
  return `${lines.join('\n')}\n`;
}

function mermaidId(id: string): string {
  return `n_${id.replace(/-/g, '_')}`;
}

function quoteLabel(text: string): string {
  return `"${text.replace(/"/g, '#quot;')}"`;
}

export function nodeLabel(node: WorkflowNode): string {
  switch (node.type) {
    case 'trigger':
      return `on ${[node.event, ...(node.alsoOn ?? [])].join(' or ')}${node.filter ? ` if ${describeCondition(node.filter)}` : ''}`;
    case 'wait':
      switch (node.until.kind) {
        case 'duration':
          return `wait ${node.until.duration}`;
        case 'time_of_day':
          return `wait until ${node.until.at} local${node.until.days ? ` (${node.until.days.join(',')})` : ''}`;
        case 'event':
          return `wait for ${node.until.event} (max ${node.until.timeout})`;
      }
      return 'wait';
    case 'condition':
      return node.branches.map((b) => `${b.key}: ${describeCondition(b.when)}`).join(' / ');
    case 'split':
      return `split ${node.variants.map((v) => `${v.key}=${v.weight}`).join(' ')}`;
    case 'send':
      return `send ${node.template} via ${node.channel}${node.offer.kind === 'none' ? '' : ` + ${node.offer.kind}`}`;
    case 'action':
      return `action ${node.action.kind}`;
    case 'exit':
      return `exit: ${node.reason}`;
  }
}

/** A short human-readable form of a rule tree. */
export function describeCondition(condition: Condition): string {
  if ('all' in condition) return condition.all.map(describeCondition).join(' and ');
  if ('any' in condition) return `(${condition.any.map(describeCondition).join(' or ')})`;
  if ('not' in condition) return `not (${describeCondition(condition.not)})`;
  if ('segment' in condition) return `${condition.member ? 'in' : 'not in'} segment ${condition.segment}`;
  return condition.value === undefined
    ? `${condition.field} ${condition.op}`
    : `${condition.field} ${condition.op} ${JSON.stringify(condition.value)}`;
}

function formatShare(share: number): string {
  return `${Number((share * 100).toFixed(2))}%`;
}

import type { Cart, Customer, EventType, Order, Product, Variant } from '@cartwire/model';
import type { MetricName } from '../evaluate/metrics';
import type { CompareOp, Condition, FieldRule, RuleValue, SegmentRule } from './condition';
import { parseWorkflow } from './validate-workflow';
import {
  type Action,
  type EventMatch,
  type Holdout,
  type LiveCheck,
  type Offer,
  type Recommendations,
  type Reentry,
  WORKFLOW_SCHEMA_VERSION,
  type WorkflowDefinition,
  type WorkflowEventRule,
  type WorkflowNodeInput,
} from './workflow-definition';

type Scalar = string | number | boolean | null | undefined;
type Depth = [unknown, unknown, unknown, unknown];
/** Dotted paths of an entity type (arrays traversed), four levels deep; used to type `field()`. */
export type PathsOf<T, D extends unknown[] = []> = D['length'] extends Depth['length']
  ? never
  : T extends readonly (infer E)[]
    ? PathsOf<E, D>
    : T extends Scalar
      ? never
      : T extends object
        ? { [K in keyof T & string]: K | `${K}.${PathsOf<NonNullable<T[K]>, [...D, unknown]>}` }[keyof T &
            string]
        : never;

/** A field path the builder accepts; entity and metric paths are checked by the compiler as you type. */
export type TypedFieldPath =
  | `customer.${PathsOf<Customer>}`
  | `cart.${PathsOf<Cart>}`
  | `order.${PathsOf<Order>}`
  | `variant.${PathsOf<Variant>}`
  | `product.${PathsOf<Product>}`
  | `metrics.${MetricName}`
  | `event.${string}`;

/** Comparisons on one field: `field('cart.total.amount').gte('100')`. */
export function field(path: TypedFieldPath) {
  const rule = (op: CompareOp, value?: RuleValue): FieldRule =>
    value === undefined ? { field: path, op } : { field: path, op, value };
  return {
    eq: (value: RuleValue) => rule('eq', value),
    neq: (value: RuleValue) => rule('neq', value),
    gt: (value: number | string) => rule('gt', value),
    gte: (value: number | string) => rule('gte', value),
    lt: (value: number | string) => rule('lt', value),
    lte: (value: number | string) => rule('lte', value),
    in: (values: (string | number | boolean | null)[]) => rule('in', values),
    notIn: (values: (string | number | boolean | null)[]) => rule('not_in', values),
    contains: (value: string | number | boolean) => rule('contains', value),
    notContains: (value: string | number | boolean) => rule('not_contains', value),
    startsWith: (value: string) => rule('starts_with', value),
    exists: () => rule('exists'),
    notExists: () => rule('not_exists'),
    /** The timestamp lies within the last `duration` (ISO-8601) before the evaluation time. */
    withinLast: (duration: string) => rule('within_last', duration),
    /** The timestamp is older than `duration` (ISO-8601) before the evaluation time. */
    olderThan: (duration: string) => rule('older_than', duration),
  };
}

export const all = (...conditions: Condition[]): Condition => ({ all: conditions });
export const any = (...conditions: Condition[]): Condition => ({ any: conditions });
export const not = (condition: Condition): Condition => ({ not: condition });
export const inSegment = (segment: string, member = true): SegmentRule => ({ segment, member });

/** A step of the builder; sequences compile to nodes linked by `next`, branches rejoin after themselves. */
export type Step =
  | { kind: 'wait'; id?: string; until: Extract<WorkflowNodeInput, { type: 'wait' }>['until'] }
  | {
      kind: 'wait_event';
      id?: string;
      event: EventType;
      match: EventMatch;
      filter?: Condition;
      timeout: string;
      onEvent: Step[];
      onTimeout: Step[];
    }
  | { kind: 'branch'; id?: string; cases: BranchCase[]; otherwise: Step[] }
  | { kind: 'split'; id?: string; variants: SplitVariant[] }
  | {
      kind: 'send';
      id?: string;
      channel: string;
      template: string;
      offer?: Offer;
      recommendations?: Partial<Recommendations> & Pick<Recommendations, 'strategy'>;
      checks?: LiveCheck[];
    }
  | { kind: 'action'; id?: string; action: Action; checks?: LiveCheck[] }
  | { kind: 'exit'; id?: string; reason?: string }
  | { kind: 'go_to'; target: string };

export interface BranchCase {
  key: string;
  when: Condition;
  steps: Step[];
}
export interface SplitVariant {
  key: string;
  weight: number;
  steps: Step[];
}

interface IdOption {
  /** Node id; generated from the step's position when omitted (stable while the shape stays the same). */
  id?: string;
}

export const wait = {
  /** Waits a fixed ISO-8601 duration. @example wait.for('PT1H') */
  for: (duration: string, options: IdOption = {}): Step => ({
    kind: 'wait',
    ...options,
    until: { kind: 'duration', duration },
  }),
  /**
   * Waits until the customer's local clock shows `at` (HH:MM).
   * @example wait.untilTimeOfDay('09:00', { days: ['mon', 'tue', 'wed', 'thu', 'fri'] })
   */
  untilTimeOfDay: (
    at: string,
    options: IdOption & {
      days?: ('mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun')[];
      /** @default 'UTC' */
      fallbackTimeZone?: string;
    } = {},
  ): Step => {
    const { id, ...rest } = options;
    return { kind: 'wait', ...(id ? { id } : {}), until: { kind: 'time_of_day', at, ...rest } };
  },
  /**
   * Waits for a matching event at most `timeout`; `onEvent` runs when it arrives, `onTimeout` otherwise, and
   * both continue with the next step unless they exit.
   * @example wait.forEvent('cart.converted', { match: byCorrelation('event.entityId'), timeout: 'PT24H', onEvent: [exit('converted')] })
   */
  forEvent: (
    event: EventType,
    options: IdOption & {
      match: EventMatch;
      timeout: string;
      filter?: Condition;
      onEvent?: Step[];
      onTimeout?: Step[];
    },
  ): Step => ({
    kind: 'wait_event',
    ...(options.id ? { id: options.id } : {}),
    event,
    match: options.match,
    ...(options.filter ? { filter: options.filter } : {}),
    timeout: options.timeout,
    onEvent: options.onEvent ?? [],
    onTimeout: options.onTimeout ?? [],
  }),
};

/** The incoming event belongs to the run when its `field` equals the run's correlation key. */
export const byCorrelation = (fieldPath: `event.${string}`): EventMatch => ({
  by: 'correlation',
  field: fieldPath,
});
/** The incoming event belongs to the run when it is about the same customer. */
export const byCustomer: EventMatch = { by: 'customer' };

export const when = (key: string, condition: Condition, steps: Step[]): BranchCase => ({
  key,
  when: condition,
  steps,
});
/** First case that holds wins; `otherwise` runs when none does. */
export const branch = (cases: BranchCase[], otherwise: Step[], options: IdOption = {}): Step => ({
  kind: 'branch',
  ...options,
  cases,
  otherwise,
});
export const variant = (key: string, weight: number, steps: Step[]): SplitVariant => ({ key, weight, steps });
export const split = (variants: SplitVariant[], options: IdOption = {}): Step => ({
  kind: 'split',
  ...options,
  variants,
});
export const send = (options: Omit<Extract<Step, { kind: 'send' }>, 'kind'>): Step => ({
  kind: 'send',
  ...options,
});
export const action = (act: Action, options: IdOption & { checks?: LiveCheck[] } = {}): Step => ({
  kind: 'action',
  ...options,
  action: act,
});
export const exit = (reason = 'completed', options: IdOption = {}): Step => ({
  kind: 'exit',
  ...options,
  reason,
});
/** Continues at another node (a loop must pass a wait). */
export const goTo = (target: string): Step => ({ kind: 'go_to', target });

const END = 'end';

export interface TriggerSpec {
  event: EventType;
  /** Other event types that start a run the same way (their `event.*` fields must match). */
  alsoOn?: EventType[];
  filter?: Condition;
  /** @default { policy: 'once_per', days: 1 } */
  reentry?: Reentry;
  /** @default 'event.entityId' */
  correlateBy?: string;
  /** @default 'trigger' */
  id?: string;
}

export interface WorkflowSpec {
  key: string;
  name: string;
  description?: string;
  trigger: TriggerSpec;
  steps: Step[];
  goals?: WorkflowEventRule[];
  exitOn?: WorkflowEventRule[];
  flowFilter?: Condition;
  /**
   * Holds out a share of entering customers: same path, sends recorded as `held_out`, never delivered.
   * @default no holdout
   * @example { share: 0.1 }
   */
  holdout?: Holdout;
}

/**
 * Compiles builder steps to a validated JSON workflow definition (the same JSON REST and visual builders
 * send). Ids not given are derived from the node type and position.
 * @throws InvalidWorkflowError listing every problem.
 * @example
 * defineWorkflow({
 *   key: 'welcome', name: 'Welcome series',
 *   trigger: { event: 'customer.created', reentry: { policy: 'once' } },
 *   steps: [send({ channel: 'webhook', template: 'welcome-1' }), wait.for('P2D'), send({ channel: 'webhook', template: 'welcome-2' })],
 * })
 */
export function defineWorkflow(spec: WorkflowSpec): WorkflowDefinition {
  const counters = new Map<string, number>();
  const ids = new Map<Step, string>();
  const assign = (steps: Step[]) => {
    for (const step of steps) {
      if (step.kind === 'go_to') continue;
      const base = step.kind === 'wait_event' ? 'wait' : step.kind;
      const n = (counters.get(base) ?? 0) + 1;
      counters.set(base, n);
      ids.set(step, step.id ?? `${base}-${n}`);
      if (step.kind === 'wait_event') {
        assign(step.onEvent);
        assign(step.onTimeout);
      }
      if (step.kind === 'branch') {
        for (const c of step.cases) assign(c.steps);
        assign(step.otherwise);
      }
      if (step.kind === 'split') for (const v of step.variants) assign(v.steps);
    }
  };
  assign(spec.steps);

  const nodes: WorkflowNodeInput[] = [];
  // Compiled back to front so each node knows its continuation; nodes are then emitted front to back.
  const compile = (steps: Step[], continuation: string | undefined): string | undefined => {
    let nextId = continuation;
    const emitted: WorkflowNodeInput[][] = [];
    for (let i = steps.length - 1; i >= 0; i--) {
      const step = steps[i] as Step;
      if (step.kind === 'go_to') {
        nextId = step.target;
        continue;
      }
      const id = ids.get(step) as string;
      const own: WorkflowNodeInput[] = [];
      const children: WorkflowNodeInput[] = [];
      const sub = (list: Step[], cont: string | undefined) => {
        const before = nodes.length;
        const first = compile(list, cont);
        children.push(...nodes.splice(before));
        return first;
      };
      switch (step.kind) {
        case 'wait':
          own.push({ id, type: 'wait', until: step.until, next: nextId });
          break;
        case 'wait_event': {
          const onEvent = sub(step.onEvent, nextId);
          const onTimeout = sub(step.onTimeout, nextId);
          own.push({
            id,
            type: 'wait',
            until: {
              kind: 'event',
              event: step.event,
              match: step.match,
              timeout: step.timeout,
              ...(step.filter ? { filter: step.filter } : {}),
            },
            next: onEvent,
            timeoutNext: onTimeout,
          });
          break;
        }
        case 'branch': {
          const branches = step.cases.map((c) => ({ key: c.key, when: c.when, next: sub(c.steps, nextId) }));
          own.push({ id, type: 'condition', branches, otherwise: sub(step.otherwise, nextId) });
          break;
        }
        case 'split': {
          const variants = step.variants.map((v) => ({
            key: v.key,
            weight: v.weight,
            next: sub(v.steps, nextId),
          }));
          own.push({ id, type: 'split', variants });
          break;
        }
        case 'send': {
          const { kind: _kind, id: _id, ...rest } = step;
          own.push({ id, type: 'send', ...rest, next: nextId });
          break;
        }
        case 'action':
          own.push({ id, type: 'action', action: step.action, checks: step.checks ?? [], next: nextId });
          break;
        case 'exit':
          own.push({ id, type: 'exit', reason: step.reason ?? 'completed' });
          break;
      }
      emitted.unshift([...own, ...children]);
      nextId = id;
    }
    nodes.push(...emitted.flat());
    return nextId;
  };
  // A sequence that runs off its end finishes the run: it continues at one shared exit node.
  const first = compile(spec.steps, END);
  const endUsed = first === END || nodes.some((node) => targetsOf(node).includes(END));
  if (endUsed && !nodes.some((node) => node.id === END))
    nodes.push({ id: END, type: 'exit', reason: 'completed' });
  const triggerNode: WorkflowNodeInput = {
    id: spec.trigger.id ?? 'trigger',
    type: 'trigger',
    event: spec.trigger.event,
    ...(spec.trigger.alsoOn?.length ? { alsoOn: spec.trigger.alsoOn } : {}),
    ...(spec.trigger.filter ? { filter: spec.trigger.filter } : {}),
    reentry: spec.trigger.reentry ?? { policy: 'once_per', days: 1 },
    correlateBy: spec.trigger.correlateBy ?? 'event.entityId',
    next: first,
  };
  return parseWorkflow({
    schemaVersion: WORKFLOW_SCHEMA_VERSION,
    key: spec.key,
    name: spec.name,
    ...(spec.description ? { description: spec.description } : {}),
    goals: spec.goals ?? [],
    exitOn: spec.exitOn ?? [],
    ...(spec.flowFilter ? { flowFilter: spec.flowFilter } : {}),
    ...(spec.holdout ? { holdout: spec.holdout } : {}),
    nodes: [triggerNode, ...nodes],
  });
}

function targetsOf(node: WorkflowNodeInput): (string | undefined)[] {
  switch (node.type) {
    case 'wait':
      return [node.next, node.timeoutNext];
    case 'condition':
      return [...node.branches.map((b) => b.next), node.otherwise];
    case 'split':
      return node.variants.map((v) => v.next);
    case 'exit':
      return [];
    default:
      return [node.next];
  }
}

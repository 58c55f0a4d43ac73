import {
  Cart,
  Customer,
  EVENT_ENTITY_TYPE,
  EVENT_SCHEMAS,
  type EventType,
  Order,
  Product,
  Variant,
} from '@cartwire/model';
import { z } from 'zod';
import type { FieldRoot } from '../definition/condition';
import { isMetricName, METRICS, type MetricSource } from './metrics';

/** Entity roots a workflow can read, besides `event` and `metrics`. */
export type EntityRoot = Exclude<FieldRoot, 'event' | 'metrics'>;

const ENTITY_ROOT_SCHEMAS: Record<EntityRoot, z.ZodType> = {
  customer: Customer,
  cart: Cart,
  order: Order,
  variant: Variant,
  product: Product,
};

/** Events that name a variant in their data (`variantId`), whose variant the runtime loads. */
const VARIANT_BEHAVIOUR: ReadonlySet<EventType> = new Set([
  'product.viewed',
  'cart.item_added',
  'inventory.changed',
]);

/**
 * The records a run triggered by `event` has: its customer (when known) always; the cart, order,
 * variant or product the event is about; a variant's product.
 */
export function availableRoots(trigger: EventType): ReadonlySet<EntityRoot> {
  const roots = new Set<EntityRoot>(['customer']);
  const entity = EVENT_ENTITY_TYPE[trigger];
  if (entity === 'cart') roots.add('cart');
  if (entity === 'order') roots.add('order');
  if (entity === 'product') roots.add('product');
  if (entity === 'variant' || VARIANT_BEHAVIOUR.has(trigger)) {
    roots.add('variant');
    roots.add('product');
  }
  if (trigger === 'product.viewed') roots.add('product');
  return roots;
}

/** The schema found at a path below `schema`, or null when there is no such field. Arrays are traversed. */
function schemaAt(schema: z.ZodType, segments: readonly string[]): z.ZodType | null {
  let current: z.ZodType = schema;
  for (const segment of segments) {
    const found = childOf(current, segment);
    if (found === null) return null;
    current = found;
  }
  return current;
}

function childOf(schema: z.ZodType, segment: string): z.ZodType | null {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodUnknown || inner instanceof z.ZodAny) return inner;
  if (inner instanceof z.ZodObject) {
    const shape = inner.shape as Record<string, z.ZodType>;
    return Object.hasOwn(shape, segment) ? (shape[segment] ?? null) : null;
  }
  if (inner instanceof z.ZodRecord) return inner.valueType as z.ZodType;
  if (inner instanceof z.ZodUnion) {
    for (const option of inner.options as readonly z.ZodType[]) {
      const found = childOf(option, segment);
      if (found) return found;
    }
  }
  return null;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodReadonly
    ) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodArray) {
      current = current.element as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else if (current instanceof z.ZodLazy) {
      current = current.unwrap() as z.ZodType;
    } else {
      return current;
    }
  }
}

/** Where a field path is evaluated: which event `event.*` is, and which records the run has. */
export interface FieldScope {
  /** Type of the event `event.*` refers to. */
  event: EventType;
  /** Type of the event that started the run (decides which records exist). */
  trigger: EventType;
}

/** Why a field path cannot be read in a scope, or null when it can. */
export function fieldPathProblem(path: string, scope: FieldScope): string | null {
  const [root, ...rest] = path.split('.');
  if (root === 'event') {
    if (schemaAt(EVENT_SCHEMAS[scope.event], rest) === null) {
      return `${scope.event} events have no field "${rest.join('.')}"`;
    }
    return null;
  }
  if (root === 'metrics') {
    const [name, ...below] = rest;
    if (name === undefined || !isMetricName(name)) {
      return `unknown metric "${name ?? ''}" (known: ${Object.keys(METRICS).join(', ')})`;
    }
    if (below.length > 0) return `metric "${name}" is a single value`;
    const source: MetricSource = METRICS[name].source;
    if (source !== 'customer' && !availableRoots(scope.trigger).has(source)) {
      return `metric "${name}" needs a ${source}, which a run started by ${scope.trigger} does not have`;
    }
    return null;
  }
  if (root !== undefined && Object.hasOwn(ENTITY_ROOT_SCHEMAS, root)) {
    const entityRoot = root as EntityRoot;
    if (!availableRoots(scope.trigger).has(entityRoot)) {
      return `a run started by ${scope.trigger} has no ${entityRoot}`;
    }
    if (schemaAt(ENTITY_ROOT_SCHEMAS[entityRoot], rest) === null) {
      return `${entityRoot} has no field "${rest.join('.')}"`;
    }
    return null;
  }
  return `unknown root "${root ?? ''}"`;
}

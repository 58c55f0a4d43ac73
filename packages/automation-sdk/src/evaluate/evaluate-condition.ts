import type { Condition, FieldRule, RuleValue } from '../definition/condition';
import { durationMs } from '../definition/duration';
import { SegmentsUnavailableError } from '../errors';
import type { EvaluationContext } from './context';
import { computeMetric, isMetricName } from './metrics';

interface Resolved {
  /** Leaf values found at the path (arrays traversed, missing fields left out). */
  values: unknown[];
  /** Whether the path went through an array (then `contains` means "one element equals"). */
  throughArray: boolean;
}

/** Values at a dotted path of the context; arrays on the way are traversed. */
export function resolveField(context: EvaluationContext, path: string): Resolved {
  const [root, ...rest] = path.split('.');
  if (root === 'metrics') {
    const name = rest[0] ?? '';
    if (!isMetricName(name)) return { values: [], throughArray: false };
    const value = computeMetric(name, context);
    return { values: value === null ? [] : [value], throughArray: false };
  }
  const start: unknown =
    root === 'event'
      ? context.event
      : root === 'customer' || root === 'cart' || root === 'order' || root === 'variant' || root === 'product'
        ? context[root]
        : undefined;
  let current: unknown[] = start === undefined || start === null ? [] : [start];
  let throughArray = false;
  for (const segment of rest) {
    const next: unknown[] = [];
    for (const value of current) {
      const child =
        typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[segment] : undefined;
      if (Array.isArray(child)) {
        throughArray = true;
        next.push(...child);
      } else if (child !== undefined) {
        next.push(child);
      }
    }
    current = next;
  }
  return { values: current, throughArray };
}

/** The first scalar at a path as a string (correlation keys), or null. */
export function resolveKey(context: EvaluationContext, path: string): string | null {
  const [first] = resolveField(context, path).values;
  return typeof first === 'string' || typeof first === 'number' ? String(first) : null;
}

/**
 * Evaluates a rule tree. Pure: the same context gives the same answer.
 * @throws SegmentsUnavailableError when a segment rule is met and the context has no segment list.
 */
export function evaluateCondition(condition: Condition, context: EvaluationContext): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, context));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, context));
  if ('not' in condition) return !evaluateCondition(condition.not, context);
  if ('segment' in condition) {
    if (!context.segments) throw new SegmentsUnavailableError(condition.segment);
    return context.segments.has(condition.segment) === condition.member;
  }
  return evaluateRule(condition, context);
}

function evaluateRule(rule: FieldRule, context: EvaluationContext): boolean {
  const { values, throughArray } = resolveField(context, rule.field);
  const present = values.filter((v) => v !== null);
  const value = rule.value;
  switch (rule.op) {
    case 'exists':
      return present.length > 0;
    case 'not_exists':
      return present.length === 0;
    case 'eq':
      return value === null ? present.length === 0 : present.some((v) => matchesAny(v, value));
    case 'neq':
      return value === null ? present.length > 0 : !present.some((v) => matchesAny(v, value));
    case 'in':
      return present.some((v) => matchesAny(v, value));
    case 'not_in':
      return !present.some((v) => matchesAny(v, value));
    case 'gt':
      return present.some((v) => order(v, value) === 1);
    case 'gte':
      return present.some((v) => [0, 1].includes(order(v, value) ?? -2));
    case 'lt':
      return present.some((v) => order(v, value) === -1);
    case 'lte':
      return present.some((v) => [0, -1].includes(order(v, value) ?? 2));
    case 'contains':
      return contains(present, value, throughArray);
    case 'not_contains':
      return !contains(present, value, throughArray);
    case 'starts_with':
      return typeof value === 'string' && present.some((v) => typeof v === 'string' && v.startsWith(value));
    case 'within_last':
    case 'older_than': {
      if (typeof value !== 'string') return false;
      const span = durationMs(value);
      return present.some((v) => {
        const at = typeof v === 'string' ? Date.parse(v) : Number.NaN;
        if (Number.isNaN(at)) return false;
        const age = context.now.getTime() - at;
        return rule.op === 'within_last' ? age >= 0 && age <= span : age > span;
      });
    }
  }
}

function contains(values: unknown[], value: RuleValue | undefined, throughArray: boolean): boolean {
  if (value === undefined || value === null || Array.isArray(value)) return false;
  if (throughArray) return values.some((v) => equal(v, value));
  return values.some((v) => typeof v === 'string' && typeof value === 'string' && v.includes(value));
}

function matchesAny(actual: unknown, expected: RuleValue | undefined): boolean {
  if (expected === undefined) return false;
  return Array.isArray(expected) ? expected.some((e) => equal(actual, e)) : equal(actual, expected);
}

function equal(actual: unknown, expected: unknown): boolean {
  const ordered = order(actual, expected);
  if (ordered !== null) return ordered === 0;
  return actual === expected;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T/;

/** -1/0/1 for numbers and decimal strings (exact), or for two ISO timestamps; null when not comparable. */
function order(a: unknown, b: unknown): -1 | 0 | 1 | null {
  const left = asDecimal(a);
  const right = asDecimal(b);
  if (left !== null && right !== null) return compareDecimals(left, right);
  if (typeof a === 'string' && typeof b === 'string' && TIMESTAMP.test(a) && TIMESTAMP.test(b)) {
    const x = Date.parse(a);
    const y = Date.parse(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return null;
    return x === y ? 0 : x < y ? -1 : 1;
  }
  return null;
}

function asDecimal(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    const text = String(value);
    return DECIMAL.test(text) ? text : value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
  }
  if (typeof value === 'string' && DECIMAL.test(value)) return value;
  return null;
}

/** Compares two decimal strings exactly (money amounts are never turned into floats to compare). */
function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const [ai = '0', af = ''] = a.split('.');
  const [bi = '0', bf = ''] = b.split('.');
  const scale = Math.max(af.length, bf.length);
  const x = BigInt(ai + af.padEnd(scale, '0'));
  const y = BigInt(bi + bf.padEnd(scale, '0'));
  return x === y ? 0 : x < y ? -1 : 1;
}

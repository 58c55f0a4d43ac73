import { EVENT_ENTITY_TYPE, type EventType } from '@cartwire/model';
import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { CompareOp, RuleValue } from '../definition/condition';
import { durationMs } from '../definition/duration';
import { InvalidSegmentError } from '../errors';
import { fieldPathProblem } from '../evaluate/fields';
import {
  type FieldSqlContext,
  SEGMENT_FIELDS,
  type SegmentField,
  type SegmentFieldType,
} from './segment-fields';
import {
  type EventFilter,
  SegmentEventRule,
  SegmentFieldRule,
  type SegmentProblem,
  type SegmentRuleTree,
} from './segment-rule';

const MAX_DEPTH = 20;

const OPS_BY_TYPE: Record<SegmentFieldType, readonly CompareOp[]> = {
  text: ['eq', 'neq', 'in', 'not_in', 'contains', 'not_contains', 'starts_with', 'exists', 'not_exists'],
  decimal: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'exists', 'not_exists'],
  integer: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'exists', 'not_exists'],
  timestamp: ['gt', 'gte', 'lt', 'lte', 'within_last', 'older_than', 'exists', 'not_exists'],
  text_array: ['contains', 'not_contains', 'in', 'not_in', 'exists', 'not_exists'],
};

const DECIMAL = /^-?\d+(\.\d+)?$/;

export interface SegmentCompileOptions {
  /** Field registry. @default SEGMENT_FIELDS */
  fields?: Readonly<Record<string, SegmentField>>;
}

/**
 * Every problem of a rule tree (shape, unknown fields, operators a field's type does not take, values of
 * the wrong type, event paths the event type does not have), each with its JSON path.
 */
export function validateSegmentRule(input: unknown, options: SegmentCompileOptions = {}): SegmentProblem[] {
  const fields = options.fields ?? SEGMENT_FIELDS;
  const problems: SegmentProblem[] = [];
  const at = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));
  const visit = (node: unknown, path: string, depth: number) => {
    if (depth > MAX_DEPTH) {
      problems.push({ code: 'too_deep', path, message: `rules nest at most ${MAX_DEPTH} levels` });
      return;
    }
    if (typeof node !== 'object' || node === null || Array.isArray(node)) {
      problems.push({ code: 'schema', path, message: 'expected a rule object' });
      return;
    }
    const keys = Object.keys(node);
    const record = node as Record<string, unknown>;
    for (const group of ['all', 'any'] as const) {
      if (group in record) {
        if (keys.length !== 1) problems.push(extraKeys(path, group, keys));
        const list = record[group];
        if (!Array.isArray(list) || list.length === 0) {
          problems.push({
            code: 'schema',
            path: at(path, group),
            message: `"${group}" takes a non-empty array of rules`,
          });
          return;
        }
        for (const [i, child] of list.entries()) visit(child, at(at(path, group), i), depth + 1);
        return;
      }
    }
    if ('not' in record) {
      if (keys.length !== 1) problems.push(extraKeys(path, 'not', keys));
      visit(record.not, at(path, 'not'), depth + 1);
      return;
    }
    if ('event' in record) {
      const parsed = SegmentEventRule.safeParse(node);
      if (!parsed.success) {
        problems.push(...zodProblems(parsed.error, path));
        return;
      }
      const { type, where = [] } = parsed.data.event;
      where.forEach((filter, i) => {
        const filterPath = at(at(at(at(path, 'event'), 'where'), i), 'path');
        const problem = fieldPathProblem(`event.data.${filter.path}`, { event: type, trigger: type });
        if (problem) problems.push({ code: 'unknown_event_path', path: filterPath, message: problem });
        const valueProblem = filterValueProblem(filter);
        if (valueProblem)
          problems.push({
            code: 'invalid_value',
            path: at(at(at(at(path, 'event'), 'where'), i), 'value'),
            message: valueProblem,
          });
      });
      return;
    }
    if ('field' in record) {
      const parsed = SegmentFieldRule.safeParse(node);
      if (!parsed.success) {
        problems.push(...zodProblems(parsed.error, path));
        return;
      }
      const rule = parsed.data;
      const field = Object.hasOwn(fields, rule.field) ? fields[rule.field] : undefined;
      if (!field) {
        problems.push({
          code: 'unknown_field',
          path: at(path, 'field'),
          message: `unknown field "${rule.field}" (known: ${Object.keys(fields).join(', ')})`,
        });
        return;
      }
      if (!OPS_BY_TYPE[field.type].includes(rule.op)) {
        problems.push({
          code: 'unsupported_op',
          path: at(path, 'op'),
          message: `"${rule.op}" does not apply to ${field.type} field "${rule.field}" (use ${OPS_BY_TYPE[field.type].join(', ')})`,
        });
        return;
      }
      const valueProblem = fieldValueProblem(field.type, rule.op, rule.value);
      if (valueProblem)
        problems.push({ code: 'invalid_value', path: at(path, 'value'), message: valueProblem });
      return;
    }
    problems.push({
      code: 'schema',
      path,
      message: 'expected one of {all: […]}, {any: […]}, {not: …}, {field, op, value} or {event: {…}}',
    });
  };
  visit(input, '', 0);
  return problems;
}

/**
 * Validates a rule tree and returns it typed.
 * @throws InvalidSegmentError listing every problem.
 */
export function parseSegmentRule(input: unknown, options: SegmentCompileOptions = {}): SegmentRuleTree {
  const problems = validateSegmentRule(input, options);
  if (problems.length > 0) throw new InvalidSegmentError(problems);
  return input as SegmentRuleTree;
}

export interface SegmentScope {
  tenantId: string;
  /** Only customers of this store. */
  storeId?: string | null;
  /** Evaluation time (windows, days since the last order). */
  now: Date;
  /** Start of the promo-pressure window. @default now − 7 days */
  promoPressureSince?: Date;
  /** Only these customers (incremental re-materialization). */
  customerIds?: readonly string[];
}

/**
 * Compiles a rule to ONE parameterized query selecting `customer_id, store_id` of the tenant's live
 * customers who match. Every value is a bound parameter; field names and event paths come from the
 * registry and the validated rule, never from string concatenation of values.
 * @throws InvalidSegmentError
 */
export function compileSegment(rule: unknown, scope: SegmentScope, options: SegmentCompileOptions = {}): SQL {
  const fields = options.fields ?? SEGMENT_FIELDS;
  const valid = parseSegmentRule(rule, options);
  const context: FieldSqlContext = {
    tenantId: scope.tenantId,
    now: scope.now,
    promoPressureSince: scope.promoPressureSince ?? new Date(scope.now.getTime() - 7 * 86_400_000),
  };
  const predicate = compileNode(valid, context, fields);
  const store = scope.storeId ? sql` and c.store_id = ${scope.storeId}` : sql``;
  const only = scope.customerIds
    ? sql` and c.id in (select jsonb_array_elements_text(${JSON.stringify(scope.customerIds)}::jsonb))`
    : sql``;
  return sql`select c.id as customer_id, c.store_id as store_id
    from customers c
    left join customer_metrics m on m.tenant_id = c.tenant_id and m.customer_id = c.id
    where c.tenant_id = ${scope.tenantId} and c.deleted_at is null${store}${only} and (${predicate})`;
}

/**
 * `positive`: under an even number of `not`s. There a comparison may yield NULL for "no" (WHERE drops it,
 * and AND/OR keep that meaning), so it is emitted bare and the planner can use plain joins; under a `not`
 * every comparison is made NULL-safe so the negation is exact.
 */
function compileNode(
  rule: SegmentRuleTree,
  context: FieldSqlContext,
  fields: Readonly<Record<string, SegmentField>>,
  positive = true,
  conjunct = true,
): SQL {
  if ('all' in rule)
    return sql`(${sql.join(
      rule.all.map((r) => compileNode(r, context, fields, positive, conjunct && positive)),
      sql` and `,
    )})`;
  if ('any' in rule)
    return sql`(${sql.join(
      rule.any.map((r) => compileNode(r, context, fields, positive, false)),
      sql` or `,
    )})`;
  if ('not' in rule) {
    // "Never did it" as a top-level conjunct: NOT EXISTS, which the planner runs as an anti-join.
    if (conjunct && positive && 'event' in rule.not && isOnce(rule.not)) {
      return sql`not ${compileEventExists(rule.not, context)}`;
    }
    return sql`(not ${compileNode(rule.not, context, fields, !positive, false)})`;
  }
  if ('event' in rule) {
    // A top-level conjunct becomes a semi-join the planner may drive from either side; elsewhere (under
    // or/not) a hashed IN list, evaluated once instead of per customer.
    return conjunct && positive && isOnce(rule)
      ? compileEventExists(rule, context)
      : compileEvent(rule, context);
  }
  const field = fields[rule.field] as SegmentField;
  if (rule.op === 'contains' && field.contains && typeof rule.value === 'string') {
    return field.contains(rule.value);
  }
  const bare =
    positive && field.withDefault && !defaultSatisfies(field.withDefault.value, rule.op, rule.value)
      ? field.withDefault.column
      : null;
  const comparison = compileComparison(
    field.type,
    bare ?? field.sql(context),
    rule.op,
    rule.value,
    context.now,
  );
  return positive ? comparison : sql`coalesce(${comparison}, false)`;
}

/** Whether a customer without metrics (reading the default) would match: then the default must be read. */
function defaultSatisfies(fallback: string, op: CompareOp, value: RuleValue | undefined): boolean {
  const order = (v: unknown) =>
    typeof v === 'number' || typeof v === 'string' ? compareDecimal(fallback, String(v)) : null;
  const first = Array.isArray(value) ? value[0] : value;
  switch (op) {
    case 'eq':
      return order(first) === 0;
    case 'gt':
      return order(first) === 1;
    case 'gte':
      return (order(first) ?? -1) >= 0;
    case 'lt':
      return order(first) === -1;
    case 'lte':
      return (order(first) ?? 1) <= 0;
    case 'in':
      return Array.isArray(value) && value.some((v) => order(v) === 0);
    default:
      // neq, not_in, exists, not_exists: the default (a value) can satisfy them.
      return true;
  }
}

/** -1/0/1 of two decimal strings, exactly. */
function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const [ai = '0', af = ''] = a.split('.');
  const [bi = '0', bf = ''] = b.split('.');
  const scale = Math.max(af.length, bf.length);
  const x = BigInt(ai + af.padEnd(scale, '0'));
  const y = BigInt(bi + bf.padEnd(scale, '0'));
  return x === y ? 0 : x < y ? -1 : 1;
}

/**
 * The customer an event is about, as the runtime's customerOfEvent reads it, specialized per event type
 * (customer and segment events: the entity; behaviour: the identified shopper; orders, carts: customerId).
 */
function eventCustomer(type: EventType): SQL {
  const entity = EVENT_ENTITY_TYPE[type];
  if (entity === 'customer') return sql`e.entity_id`;
  // Waitlist subscriptions name their subscriber the way storefront behaviour does.
  if (entity === 'behavior' || type === 'waitlist.subscribed') return sql`(e.data->'shopper'->>'customerId')`;
  return sql`(e.data->>'customerId')`;
}

/** "At least once": the default count. */
function isOnce(rule: SegmentEventRule): boolean {
  return (rule.event.count?.op ?? 'gte') === 'gte' && (rule.event.count?.value ?? 1) === 1;
}

function eventScope(rule: SegmentEventRule, context: FieldSqlContext): SQL {
  const { type, within, where = [] } = rule.event;
  const since = within
    ? sql` and e.occurred_at >= ${new Date(context.now.getTime() - durationMs(within)).toISOString()}::timestamptz`
    : sql``;
  const filters = where.map((filter) => sql` and ${compileFilter(filter)}`);
  return sql`e.tenant_id = ${context.tenantId} and e.type = ${type}${since}${sql.join(filters, sql``)}`;
}

function compileEventExists(rule: SegmentEventRule, context: FieldSqlContext): SQL {
  return sql`exists (select 1 from events e where ${eventScope(rule, context)} and ${eventCustomer(rule.event.type)} = c.id)`;
}

function compileEvent(rule: SegmentEventRule, context: FieldSqlContext): SQL {
  const { type, within, where = [], count } = rule.event;
  const customer = eventCustomer(type);
  const since = within
    ? sql` and e.occurred_at >= ${new Date(context.now.getTime() - durationMs(within)).toISOString()}::timestamptz`
    : sql``;
  const filters = where.map((filter) => sql` and ${compileFilter(filter)}`);
  const matching = (having: SQL) => sql`(select ${customer} from events e
    where e.tenant_id = ${context.tenantId} and e.type = ${type}${since}${sql.join(filters, sql``)}
      and ${customer} is not null
    group by 1 having ${having})`;
  const op = count?.op ?? 'gte';
  const n = count?.value ?? 1;
  if (op === 'gte' && n === 1) {
    // "Did it at least once": a plain semi-join, no grouping.
    return sql`c.id in (select ${customer} from events e
      where e.tenant_id = ${context.tenantId} and e.type = ${type}${since}${sql.join(filters, sql``)}
        and ${customer} is not null)`;
  }
  if (op === 'gte') return n <= 0 ? sql`true` : sql`c.id in ${matching(sql`count(*) >= ${n}`)}`;
  if (op === 'lte') return sql`c.id not in ${matching(sql`count(*) > ${n}`)}`;
  return n === 0
    ? sql`c.id not in ${matching(sql`count(*) > 0`)}`
    : sql`c.id in ${matching(sql`count(*) = ${n}`)}`;
}

function compileFilter(filter: EventFilter): SQL {
  // Lax-mode jsonpath unwraps arrays on the way ("lineItems.productId" is every line's product); the
  // path is built from validated identifiers and still bound as a parameter.
  const path = `$${filter.path
    .split('.')
    .map((segment) => `."${segment}"`)
    .join('')}`;
  const values = sql`jsonb_path_query(e.data, ${path}::jsonpath)`;
  const text = sql`(v #>> '{}')`;
  const number = sql`(case when ${text} ~ '^-?[0-9]+(\\.[0-9]+)?$' then ${text}::numeric end)`;
  const any = (condition: SQL) => sql`exists (select 1 from ${values} as v where ${condition})`;
  const value = filter.value;
  switch (filter.op) {
    case 'exists':
      return any(sql`jsonb_typeof(v) <> 'null'`);
    case 'not_exists':
      return sql`not ${any(sql`jsonb_typeof(v) <> 'null'`)}`;
    case 'eq':
    case 'in':
      return any(equalsAny(text, number, listOf(value)));
    case 'neq':
    case 'not_in':
      return sql`not ${any(equalsAny(text, number, listOf(value)))}`;
    case 'gt':
      return any(sql`${number} > ${String(value)}::numeric`);
    case 'gte':
      return any(sql`${number} >= ${String(value)}::numeric`);
    case 'lt':
      return any(sql`${number} < ${String(value)}::numeric`);
    case 'lte':
      return any(sql`${number} <= ${String(value)}::numeric`);
    case 'contains':
      return any(sql`strpos(${text}, ${String(value)}) > 0`);
    case 'starts_with':
      return any(sql`starts_with(${text}, ${String(value)})`);
  }
}

function listOf(value: RuleValue | undefined): (string | number | boolean | null)[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Numbers compare as exact decimals, everything else as text. */
function equalsAny(text: SQL, number: SQL, values: (string | number | boolean | null)[]): SQL {
  const parts = values
    .filter((v) => v !== null)
    .map((v) =>
      typeof v === 'number' ? sql`${number} = ${String(v)}::numeric` : sql`${text} = ${String(v)}`,
    );
  return parts.length === 0 ? sql`false` : sql`(${sql.join(parts, sql` or `)})`;
}

function compileComparison(
  type: SegmentFieldType,
  expression: SQL,
  op: CompareOp,
  value: RuleValue | undefined,
  now: Date,
): SQL {
  const x = sql`(${expression})`;
  if (type === 'text_array') {
    const list = listOf(value).map(String);
    switch (op) {
      case 'exists':
        return sql`coalesce(cardinality(${x}), 0) > 0`;
      case 'not_exists':
        return sql`coalesce(cardinality(${x}), 0) = 0`;
      case 'contains':
        return sql`coalesce(${String(value)} = any(${x}), false)`;
      case 'not_contains':
        return sql`not coalesce(${String(value)} = any(${x}), false)`;
      case 'in':
        return sql`coalesce(${x} && array(select jsonb_array_elements_text(${JSON.stringify(list)}::jsonb)), false)`;
      case 'not_in':
        return sql`not coalesce(${x} && array(select jsonb_array_elements_text(${JSON.stringify(list)}::jsonb)), false)`;
      default:
        throw new TypeError(`unvalidated op ${op}`);
    }
  }
  if (op === 'exists') return sql`${x} is not null`;
  if (op === 'not_exists') return sql`${x} is null`;
  const cast = (v: string | number | boolean | null): SQL => {
    if (type === 'decimal') return sql`${String(v)}::numeric`;
    if (type === 'integer') return sql`${String(v)}::bigint`;
    if (type === 'timestamp') return sql`${new Date(String(v)).toISOString()}::timestamptz`;
    return sql`${String(v)}`;
  };
  const first = listOf(value)[0] ?? null;
  switch (op) {
    case 'eq':
      return value === null ? sql`${x} is null` : sql`${x} = ${cast(first)}`;
    case 'neq':
      return value === null ? sql`${x} is not null` : sql`${x} is distinct from ${cast(first)}`;
    case 'in':
      return sql`${x} in (${sql.join(listOf(value).map(cast), sql`, `)})`;
    case 'not_in':
      return sql`not coalesce(${x} in (${sql.join(listOf(value).map(cast), sql`, `)}), false)`;
    case 'gt':
      return sql`${x} > ${cast(first)}`;
    case 'gte':
      return sql`${x} >= ${cast(first)}`;
    case 'lt':
      return sql`${x} < ${cast(first)}`;
    case 'lte':
      return sql`${x} <= ${cast(first)}`;
    case 'contains':
      return sql`strpos(${x}, ${String(first)}) > 0`;
    case 'not_contains':
      return sql`not coalesce(strpos(${x}, ${String(first)}) > 0, false)`;
    case 'starts_with':
      return sql`starts_with(${x}, ${String(first)})`;
    case 'within_last': {
      const since = new Date(now.getTime() - durationMs(String(first))).toISOString();
      return sql`(${x} >= ${since}::timestamptz and ${x} <= ${now.toISOString()}::timestamptz)`;
    }
    case 'older_than': {
      const before = new Date(now.getTime() - durationMs(String(first))).toISOString();
      return sql`${x} < ${before}::timestamptz`;
    }
  }
}

function fieldValueProblem(
  type: SegmentFieldType,
  op: CompareOp,
  value: RuleValue | undefined,
): string | null {
  if (op === 'exists' || op === 'not_exists') return value === undefined ? null : `"${op}" takes no value`;
  if (value === undefined) return `"${op}" needs a value`;
  if (op === 'in' || op === 'not_in') {
    if (!Array.isArray(value) || value.length === 0) return `"${op}" takes a non-empty array`;
    for (const item of value) {
      const problem = scalarProblem(type, item);
      if (problem) return problem;
    }
    return null;
  }
  if (Array.isArray(value)) return `"${op}" takes a single value`;
  if (op === 'within_last' || op === 'older_than') {
    if (typeof value !== 'string') return 'expected an ISO-8601 duration such as "P30D"';
    try {
      durationMs(value);
      return null;
    } catch {
      return `not an ISO-8601 duration such as "P30D": ${JSON.stringify(value)}`;
    }
  }
  if (value === null) return op === 'eq' || op === 'neq' ? null : `"${op}" does not take null`;
  if (type === 'text_array') return typeof value === 'string' ? null : 'expected a string';
  return scalarProblem(type, value);
}

function scalarProblem(type: SegmentFieldType, value: string | number | boolean | null): string | null {
  if (value === null) return 'null is not a value here';
  switch (type) {
    case 'decimal':
      return (typeof value === 'number' && Number.isFinite(value)) ||
        (typeof value === 'string' && DECIMAL.test(value))
        ? null
        : `expected a number or decimal string, got ${JSON.stringify(value)}`;
    case 'integer':
      return (typeof value === 'number' && Number.isInteger(value)) ||
        (typeof value === 'string' && /^-?\d+$/.test(value))
        ? null
        : `expected an integer, got ${JSON.stringify(value)}`;
    case 'timestamp':
      return typeof value === 'string' &&
        /^\d{4}-\d{2}-\d{2}T/.test(value) &&
        !Number.isNaN(Date.parse(value))
        ? null
        : `expected an ISO-8601 timestamp, got ${JSON.stringify(value)}`;
    case 'text':
    case 'text_array':
      return typeof value === 'string' ? null : `expected a string, got ${JSON.stringify(value)}`;
  }
}

function filterValueProblem(filter: EventFilter): string | null {
  const { op, value } = filter;
  if (op === 'exists' || op === 'not_exists') return value === undefined ? null : `"${op}" takes no value`;
  if (value === undefined || value === null) return `"${op}" needs a value`;
  if (op === 'in' || op === 'not_in')
    return Array.isArray(value) && value.length > 0 ? null : `"${op}" takes a non-empty array`;
  if (Array.isArray(value)) return `"${op}" takes a single value`;
  if (op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') {
    return (typeof value === 'number' && Number.isFinite(value)) ||
      (typeof value === 'string' && DECIMAL.test(value))
      ? null
      : `"${op}" compares decimals: expected a number or decimal string, got ${JSON.stringify(value)}`;
  }
  if ((op === 'contains' || op === 'starts_with') && typeof value !== 'string')
    return `"${op}" takes a string`;
  return null;
}

function extraKeys(path: string, key: string, keys: string[]): SegmentProblem {
  return {
    code: 'schema',
    path,
    message: `a "${key}" rule has no other keys (found ${keys.filter((k) => k !== key).join(', ')})`,
  };
}

function zodProblems(error: z.ZodError, base: string): SegmentProblem[] {
  return error.issues.map((issue) => {
    const rest = issue.path.map(String).join('.');
    return {
      code: 'schema' as const,
      path: base && rest ? `${base}.${rest}` : base || rest,
      message: issue.message,
    };
  });
}

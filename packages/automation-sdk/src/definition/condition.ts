import { z } from 'zod';

/**
 * Roots a field path starts from. `event` is the event being evaluated (the trigger event, or the event a
 * wait/goal/exit is matching); the entity roots are the live records of the run; `metrics` are computed.
 */
export const FIELD_ROOTS = ['event', 'customer', 'cart', 'order', 'variant', 'product', 'metrics'] as const;
export type FieldRoot = (typeof FIELD_ROOTS)[number];

/** A dotted path into the evaluation context; arrays are traversed (`cart.lines.sku` is every line's SKU). */
export const FieldPath = z
  .string()
  .regex(
    new RegExp(`^(${FIELD_ROOTS.join('|')})(\\.[A-Za-z_][A-Za-z0-9_]*)+$`),
    `expected a dotted path starting with one of ${FIELD_ROOTS.join(', ')}`,
  )
  .describe(
    'Dotted path into the evaluation context, e.g. "cart.total.amount", "event.data.variant.sku", ' +
      '"metrics.cartMarginPercent". Arrays are traversed: "cart.lines.sku" is the SKU of every line.',
  );
export type FieldPath = z.infer<typeof FieldPath>;

export const CompareOp = z
  .enum([
    'eq',
    'neq',
    'gt',
    'gte',
    'lt',
    'lte',
    'in',
    'not_in',
    'contains',
    'not_contains',
    'starts_with',
    'exists',
    'not_exists',
    'within_last',
    'older_than',
  ])
  .describe(
    'Comparison. On a path through arrays a positive operator holds when any element matches; `neq`, ' +
      '`not_in`, `not_contains` and `not_exists` are the negations (no element matches). Numbers and ' +
      'decimal strings compare exactly as numbers; `within_last`/`older_than` take an ISO-8601 duration ' +
      'and compare a timestamp with the evaluation time; `contains` tests array membership or a substring.',
  );
export type CompareOp = z.infer<typeof CompareOp>;

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const RuleValue = z.union([Scalar, z.array(Scalar)]).describe('Value compared against.');
export type RuleValue = z.infer<typeof RuleValue>;

export const FieldRule = z
  .object({
    field: FieldPath,
    op: CompareOp,
    value: RuleValue.optional().describe('Compared value; omitted for `exists`/`not_exists`.'),
  })
  .strict()
  .describe('Compares one field of the context with a value.');
export type FieldRule = z.infer<typeof FieldRule>;

export const SegmentRule = z
  .object({
    segment: z.string().min(1).describe('Segment id.'),
    member: z.boolean().describe('True: the customer must be in the segment; false: must not be.'),
  })
  .strict()
  .describe('Segment membership of the run’s customer (needs a segment resolver).');
export type SegmentRule = z.infer<typeof SegmentRule>;

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | FieldRule
  | SegmentRule;

/** A rule tree: `all` / `any` / `not` over field comparisons and segment membership. */
export const Condition: z.ZodType<Condition> = z
  .lazy(() =>
    z.union([
      z.object({ all: z.array(Condition).min(1) }).strict(),
      z.object({ any: z.array(Condition).min(1) }).strict(),
      z.object({ not: Condition }).strict(),
      FieldRule,
      SegmentRule,
    ]),
  )
  .describe('A rule tree: {all: […]}, {any: […]}, {not: …}, {field, op, value} or {segment, member}.');

/** Every field rule in a condition tree, with its JSON path below the condition. */
export function fieldRulesOf(condition: Condition, path = ''): { rule: FieldRule; path: string }[] {
  if ('all' in condition) return condition.all.flatMap((c, i) => fieldRulesOf(c, `${path}.all.${i}`));
  if ('any' in condition) return condition.any.flatMap((c, i) => fieldRulesOf(c, `${path}.any.${i}`));
  if ('not' in condition) return fieldRulesOf(condition.not, `${path}.not`);
  if ('field' in condition) return [{ rule: condition, path }];
  return [];
}

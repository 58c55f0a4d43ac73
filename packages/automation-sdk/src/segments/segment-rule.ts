import { EventType } from '@cartwire/model';
import { z } from 'zod';
import { CompareOp, RuleValue } from '../definition/condition';
import { Duration } from '../definition/duration';

/** A comparison on a customer field or metric (`customer.tags`, `metrics.totalSpent`, …). */
export const SegmentFieldRule = z
  .object({
    field: z
      .string()
      .min(1)
      .describe(
        'A registered segment field such as "metrics.totalSpent", "metrics.daysSinceLastOrder", ' +
          '"customer.tags" (see SEGMENT_FIELDS).',
      ),
    op: CompareOp,
    value: RuleValue.optional().describe('Compared value; omitted for `exists`/`not_exists`.'),
  })
  .strict()
  .describe('Compares one customer field or metric with a value.');
export type SegmentFieldRule = z.infer<typeof SegmentFieldRule>;

export const EventFilterOp = z
  .enum([
    'eq',
    'neq',
    'in',
    'not_in',
    'gt',
    'gte',
    'lt',
    'lte',
    'contains',
    'starts_with',
    'exists',
    'not_exists',
  ])
  .describe(
    'Comparison on the values at `path`; arrays are traversed and a positive operator holds when any ' +
      'value matches (`neq`/`not_in`/`not_exists`: none does). `gt`…`lte` compare exact decimals.',
  );
export type EventFilterOp = z.infer<typeof EventFilterOp>;

export const EventFilter = z
  .object({
    path: z
      .string()
      .regex(
        /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/,
        'expected a dotted path such as "total.amount"',
      )
      .describe(
        'Dotted path into the event `data`, e.g. "total.amount", "lineItems.productId", "collectionId".',
      ),
    op: EventFilterOp,
    value: RuleValue.optional().describe('Compared value; omitted for `exists`/`not_exists`.'),
  })
  .strict()
  .describe('A condition on the data of an event.');
export type EventFilter = z.infer<typeof EventFilter>;

export const EventCount = z
  .object({
    op: z.enum(['gte', 'lte', 'eq']).describe('At least, at most, or exactly `value` events.'),
    value: z.number().int().min(0),
  })
  .strict()
  .describe('How many matching events the customer must have.');
export type EventCount = z.infer<typeof EventCount>;

export const SegmentEventRule = z
  .object({
    event: z
      .object({
        type: EventType.describe('Event type, e.g. "order.created", "category.viewed", "cart.abandoned".'),
        within: Duration.optional().describe(
          'Only events that happened within this span before now; all time when omitted.',
        ),
        where: z.array(EventFilter).optional().describe('Conditions on the event data; all must hold.'),
        count: EventCount.optional().describe('Default: at least one matching event.'),
      })
      .strict(),
  })
  .strict()
  .describe(
    'The customer did something: matching events in the log (the customer is the event’s customer, cart or ' +
      'order customer, or the identified shopper). Negate with `not` for "did not".',
  );
export type SegmentEventRule = z.infer<typeof SegmentEventRule>;

export type SegmentRuleTree =
  | { all: SegmentRuleTree[] }
  | { any: SegmentRuleTree[] }
  | { not: SegmentRuleTree }
  | SegmentFieldRule
  | SegmentEventRule;

/** The JSON rule tree of a segment (for documents and typing; `validateSegmentRule` lists every problem). */
export const SegmentRuleTree: z.ZodType<SegmentRuleTree> = z
  .lazy(() =>
    z.union([
      z.object({ all: z.array(SegmentRuleTree).min(1) }).strict(),
      z.object({ any: z.array(SegmentRuleTree).min(1) }).strict(),
      z.object({ not: SegmentRuleTree }).strict(),
      SegmentFieldRule,
      SegmentEventRule,
    ]),
  )
  .describe(
    'A rule tree: {all: […]}, {any: […]}, {not: …}, {field, op, value} on customer fields and metrics, or ' +
      '{event: {type, within, where, count}} on the event log.',
  );

/** Kinds of problem `validateSegmentRule` reports; every one found is listed. */
export type SegmentProblemCode =
  | 'schema'
  | 'unknown_field'
  | 'unsupported_op'
  | 'invalid_value'
  | 'unknown_event_path'
  | 'too_deep';

export interface SegmentProblem {
  code: SegmentProblemCode;
  message: string;
  /** JSON path in the rule, e.g. `all.1.event.where.0.path`. */
  path: string;
}

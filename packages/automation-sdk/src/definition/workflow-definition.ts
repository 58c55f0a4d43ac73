import { EventType, Money } from '@cartwire/model';
import { z } from 'zod';
import { Condition, FieldPath } from './condition';
import { Duration } from './duration';

export const WORKFLOW_SCHEMA_VERSION = 1;

export const NodeId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, "-" and "_", at most 64')
  .describe('Id of a node, unique within the workflow.');
export type NodeId = z.infer<typeof NodeId>;

// `next` is optional in the schema so a visual builder's half-wired graph parses and the validator can
// report every missing branch at once (as `missing_branch`) instead of failing on the first.
const next = NodeId.optional().describe('The node that follows; required (validation reports it missing).');

const ReentryPer = z
  .enum(['customer', 'customer_and_correlation'])
  .describe(
    'What counts as the same entry: the customer (`customer`, the default), or the customer with the same correlation ' +
      'key (`customer_and_correlation`: e.g. one back-in-stock run per shopper and variant).',
  );

export const Reentry = z
  .discriminatedUnion('policy', [
    z
      .object({ policy: z.literal('once'), per: ReentryPer.optional() })
      .describe('A customer enters at most once, ever.'),
    z
      .object({
        policy: z.literal('once_per'),
        days: z.number().int().min(1).max(3650),
        per: ReentryPer.optional(),
      })
      .describe('A customer enters again only `days` after their previous entry.'),
    z.object({ policy: z.literal('always') }).describe('Every matching event starts a run.'),
  ])
  .describe(
    'Re-entry policy, per customer (per correlation key when the event has no customer; with `per: ' +
      '"customer_and_correlation"` per customer and correlation key). One run per trigger event holds ' +
      'whatever the policy: a redelivered event never starts a second run.',
  );
export type Reentry = z.infer<typeof Reentry>;

export const EventMatch = z
  .discriminatedUnion('by', [
    z
      .object({
        by: z.literal('correlation'),
        field: FieldPath.describe(
          'Path in the incoming event whose value must equal the run’s correlation key.',
        ),
      })
      .describe('The event belongs to the run when `field` equals the run’s correlation key.'),
    z
      .object({ by: z.literal('customer') })
      .describe('The event belongs to the run when it is the same customer.'),
  ])
  .describe('How an incoming event is matched to a waiting run.');
export type EventMatch = z.infer<typeof EventMatch>;

export const TriggerNode = z
  .object({
    id: NodeId,
    type: z.literal('trigger'),
    event: EventType.describe('Event type that starts a run.'),
    alsoOn: z
      .array(EventType)
      .max(10)
      .optional()
      .describe(
        'Other event types that start a run the same way (e.g. a waitlist subscription, an add to cart and a ' +
          'product view all starting a back-in-stock run). `filter`, `correlateBy` and every `event.*` field ' +
          'the workflow reads must exist on each of them; conditions tell them apart with `event.type`.',
      ),
    filter: Condition.optional().describe('Checked once, at entry; the run starts only when it holds.'),
    reentry: Reentry.default({ policy: 'once_per', days: 1 }),
    correlateBy: FieldPath.default('event.entityId').describe(
      'Path in the trigger event whose value is the run’s correlation key (the cart, order or variant id).',
    ),
    next,
  })
  .strict()
  .describe('Where the workflow starts: exactly one per workflow.');

export const WaitUntil = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('duration'), duration: Duration }).describe('Waits a fixed time.'),
    z
      .object({
        kind: z.literal('time_of_day'),
        at: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24 h)')
          .describe('Local time, HH:MM.'),
        days: z
          .array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']))
          .min(1)
          .optional()
          .describe('Allowed weekdays; every day when omitted.'),
        fallbackTimeZone: z.string().default('UTC').describe('IANA time zone when the customer has none.'),
      })
      .describe('Waits until the next time the customer’s clock shows `at` (on an allowed day).'),
    z
      .object({
        kind: z.literal('event'),
        event: EventType.describe('Event type waited for.'),
        match: EventMatch,
        filter: Condition.optional().describe(
          'The event must also satisfy this (`event.*` is the awaited event).',
        ),
        timeout: Duration.describe('How long to wait before taking `timeoutNext`.'),
      })
      .describe('Waits for a matching event, at most `timeout`.'),
  ])
  .describe('What the wait waits for.');
export type WaitUntil = z.infer<typeof WaitUntil>;

export const WaitNode = z
  .object({
    id: NodeId,
    type: z.literal('wait'),
    until: WaitUntil,
    next: next.describe('After the wait (for an event wait: when the event arrived).'),
    timeoutNext: NodeId.optional().describe('Event waits only: where the run goes when the timeout passes.'),
  })
  .strict()
  .describe('Pauses the run (durable timer, survives restarts).');

export const ConditionNode = z
  .object({
    id: NodeId,
    type: z.literal('condition'),
    branches: z
      .array(
        z
          .object({
            key: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/),
            when: Condition,
            next,
          })
          .strict(),
      )
      .min(1)
      .describe('Checked in order; the first that holds is taken.'),
    otherwise: NodeId.optional().describe('Taken when no branch holds (required).'),
  })
  .strict()
  .describe('Branches on rules over the event, customer, cart/order and computed metrics.');

export const SplitNode = z
  .object({
    id: NodeId,
    type: z.literal('split'),
    variants: z
      .array(
        z
          .object({
            key: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/),
            weight: z.number().int().min(0).describe('Relative weight; weights need not add up to 100.'),
            next,
          })
          .strict(),
      )
      .min(1),
  })
  .strict()
  .describe('Random A/B/n split, deterministic per customer (the same customer always gets the same arm).');

export const LiveCheck = z
  .enum(['cart_not_converted', 'items_in_stock', 'price_not_increased', 'order_not_cancelled'])
  .describe(
    'Re-read from stored entities right before the step: `cart_not_converted` (the run’s cart is still ' +
      'open or abandoned), `items_in_stock` (every cart/order/variant item still has stock), ' +
      '`price_not_increased` (no item costs more than when the run started), `order_not_cancelled` (the ' +
      'run’s order is not cancelled or fully refunded). A failing check ends the run with its reason.',
  );
export type LiveCheck = z.infer<typeof LiveCheck>;

export const Offer = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('none') }),
    z.object({ kind: z.literal('free_shipping') }),
    z.object({
      kind: z.literal('percent_off'),
      percent: z.number().gt(0).max(100),
      minItemMarginPercent: z
        .number()
        .min(0)
        .max(100)
        .optional()
        .describe('Only items whose margin is at least this get the discount (needs unit costs).'),
    }),
    z.object({ kind: z.literal('amount_off'), amount: Money }),
  ])
  .describe('Incentive carried by a message.');
export type Offer = z.infer<typeof Offer>;

export const Recommendations = z
  .object({
    strategy: z
      .enum(['cart_items', 'cross_sell'])
      .describe('`cart_items`: the products in the cart/order; `cross_sell`: in-stock related products.'),
    limit: z.number().int().min(1).max(24).default(4),
  })
  .describe('Products to show in the message.');
export type Recommendations = z.infer<typeof Recommendations>;

export const SendNode = z
  .object({
    id: NodeId,
    type: z.literal('send'),
    channel: z.string().min(1).describe('Channel name, e.g. "webhook" (the channels issue adds email/SMS).'),
    template: z.string().min(1).describe('Template id.'),
    offer: Offer.default({ kind: 'none' }),
    recommendations: Recommendations.optional(),
    checks: z.array(LiveCheck).default([]),
    next,
  })
  .strict()
  .describe('Sends a message through a channel.');

export const Action = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('webhook'), url: z.url(), label: z.string().optional() }),
    z.object({
      kind: z.literal('audience'),
      operation: z.enum(['add', 'remove']),
      audience: z.string().min(1).describe('Ads audience id.'),
      subject: z
        .enum(['customer', 'items'])
        .default('customer')
        .describe(
          '`customer`: the run’s customer; `items`: the run’s variants (e.g. pause out-of-stock SKUs).',
        ),
    }),
    z.object({
      kind: z.literal('tag_customer'),
      operation: z.enum(['add', 'remove']).default('add'),
      tags: z.array(z.string().min(1)).min(1),
    }),
    z
      .object({
        kind: z.literal('waitlist'),
        operation: z
          .literal('mark_notified')
          .describe('Marks the shopper’s waitlist subscription for the run’s variant notified.'),
      })
      .describe('Takes the run’s shopper off the variant’s waitlist once an alert reached them.'),
    z.object({
      kind: z.literal('support_task'),
      subject: z.string().min(1),
      priority: z.enum(['low', 'normal', 'high']).default('normal'),
    }),
  ])
  .describe('Side effect of an action node.');
export type Action = z.infer<typeof Action>;

export const ActionNode = z
  .object({
    id: NodeId,
    type: z.literal('action'),
    action: Action,
    checks: z.array(LiveCheck).default([]),
    next,
  })
  .strict()
  .describe(
    'Calls a webhook, changes an ads audience, tags the customer, marks a waitlist subscription notified or ' +
      'opens a support task.',
  );

export const ExitNode = z
  .object({
    id: NodeId,
    type: z.literal('exit'),
    reason: z.string().min(1).default('completed'),
  })
  .strict()
  .describe('Ends the run.');

export const WorkflowNode = z.discriminatedUnion('type', [
  TriggerNode,
  WaitNode,
  ConditionNode,
  SplitNode,
  SendNode,
  ActionNode,
  ExitNode,
]);
export type WorkflowNode = z.infer<typeof WorkflowNode>;
export type WorkflowNodeInput = z.input<typeof WorkflowNode>;
export type NodeType = WorkflowNode['type'];
export type NodeOf<T extends NodeType> = Extract<WorkflowNode, { type: T }>;

export const WorkflowEventRule = z
  .object({
    name: z.string().min(1).describe('Name shown in reports, e.g. "purchased".'),
    event: EventType,
    match: EventMatch,
    filter: Condition.optional().describe('`event.*` is this event.'),
  })
  .strict();
export type WorkflowEventRule = z.infer<typeof WorkflowEventRule>;

/**
 * A holdout group: a share of the customers who enter go through the same path (waits, branches, gate
 * checks) but their sends are recorded in the message log as `held_out` and never delivered, so the
 * workflow's effect is measured against doing nothing. Assignment is deterministic per customer and
 * workflow key (`assignArm`): the same customer lands in the same arm on every entry.
 * @example { share: 0.1 }
 */
export const Holdout = z
  .object({
    share: z
      .number()
      .min(0)
      .max(0.5)
      .describe('Share of entering customers held out, 0 to 0.5 (e.g. 0.1 for 10 %).'),
  })
  .strict()
  .describe('Holdout group: enters and follows the same path; its sends are recorded, not delivered.');
export type Holdout = z.infer<typeof Holdout>;

export const WorkflowDefinition = z
  .object({
    schemaVersion: z.literal(WORKFLOW_SCHEMA_VERSION),
    key: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
      .describe('Stable slug of the workflow, e.g. "abandoned-cart".'),
    name: z.string().min(1).max(200),
    description: z.string().max(2000).optional(),
    goals: z
      .array(WorkflowEventRule)
      .default([])
      .describe('Conversion events: the run ends as `converted` as soon as one matches.'),
    exitOn: z
      .array(WorkflowEventRule)
      .default([])
      .describe('Events that end the run as `exited` as soon as one matches.'),
    flowFilter: Condition.optional().describe(
      'Re-checked from live data before every send and action (e.g. "has not ordered since entering").',
    ),
    holdout: Holdout.optional(),
    nodes: z.array(WorkflowNode).min(1),
  })
  .strict()
  .describe('A workflow definition: a graph of nodes starting at its trigger.')
  .meta({ id: 'WorkflowDefinition' });
export type WorkflowDefinition = z.infer<typeof WorkflowDefinition>;
export type WorkflowDefinitionInput = z.input<typeof WorkflowDefinition>;

/** The nodes each node can lead to, labelled (branch key, variant, `timeout`). */
export function edgesOf(
  node: WorkflowNode,
): { to: string | undefined; label: string | null; slot: string }[] {
  switch (node.type) {
    case 'trigger':
    case 'send':
    case 'action':
      return [{ to: node.next, label: null, slot: 'next' }];
    case 'wait':
      return node.until.kind === 'event'
        ? [
            { to: node.next, label: node.until.event, slot: 'next' },
            { to: node.timeoutNext, label: 'timeout', slot: 'timeoutNext' },
          ]
        : [{ to: node.next, label: null, slot: 'next' }];
    case 'condition':
      return [
        ...node.branches.map((b, i) => ({ to: b.next, label: b.key, slot: `branches.${i}.next` })),
        { to: node.otherwise, label: 'otherwise', slot: 'otherwise' },
      ];
    case 'split':
      return node.variants.map((v, i) => ({
        to: v.next,
        label: `${v.key} (${v.weight})`,
        slot: `variants.${i}.next`,
      }));
    case 'exit':
      return [];
    default:
      return assertNever(node);
  }
}

export function assertNever(value: never): never {
  throw new TypeError(`Unexpected value ${JSON.stringify(value)}`);
}

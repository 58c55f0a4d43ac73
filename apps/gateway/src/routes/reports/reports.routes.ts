import { createRoute, z } from '@hono/zod-openapi';
import { AUTHED_ERRORS, BEARER, json, listOf, problem } from '../shared/responses';
import { WorkflowIdParam } from '../workflows/workflows.routes';

const Instant = z.iso.datetime({ offset: true });

const Period = z.object({
  from: Instant.optional().openapi({
    description: 'Start of the period (inclusive, ISO 8601). Default: 30 days before `to`.',
    example: '2026-11-01T00:00:00Z',
  }),
  to: Instant.optional().openapi({
    description: 'End of the period (exclusive, ISO 8601). Default: now. At most 366 days after `from`.',
    example: '2026-12-01T00:00:00Z',
  }),
});

const ConversionWindow = z
  .string()
  .min(2)
  .max(40)
  .optional()
  .openapi({
    description:
      'A run converts when its customer places an order within this ISO-8601 duration after entering ' +
      '(weeks, days, hours, minutes, seconds; at most P90D). Default: P7D.',
    example: 'P7D',
  });

export const ReportMoney = z
  .object({
    amount: z.string().openapi({ description: 'Decimal string, never a float.', example: '129.90' }),
    currency: z.string().length(3).openapi({ example: 'EUR' }),
  })
  .openapi('ReportMoney');

export const ReportRow = z
  .object({
    key: z.string().openapi({
      description:
        'The group: a version number, `holdout`/`treatment`, a node id, `condition-node:branch`, ' +
        '`split-node:variant`, a segment id, or `all` for the totals.',
      example: 'split-1:b',
    }),
    entries: z.number().int().openapi({ description: 'Runs that entered in the period.' }),
    holdoutEntries: z.number().int().openapi({ description: 'Of which in the holdout group.' }),
    sends: z
      .number()
      .int()
      .openapi({ description: 'Messages the provider took (sent, delivered, bounced).' }),
    heldOut: z
      .number()
      .int()
      .openapi({ description: 'Messages of holdout runs the gate allowed: recorded, not delivered.' }),
    scheduled: z.number().int().openapi({ description: 'Delayed by quiet hours, not yet due.' }),
    failed: z.number().int(),
    suppressions: z.record(z.string(), z.number().int()).openapi({
      description: 'Sends the gate refused, by reason.',
      example: { no_consent: 3, frequency_cap: 1 },
    }),
    sendEligibilityRate: z
      .number()
      .nullable()
      .openapi({ description: 'Share of send attempts the gate allowed; null without attempts.' }),
    conversions: z.number().int().openapi({ description: 'Runs whose customer ordered within the window.' }),
    conversionRate: z.number().nullable(),
    recoveryRate: z.number().nullable().openapi({
      description:
        'Cart-triggered runs whose cart converted into an order after entering, over those entries.',
    }),
    revenue: z.array(ReportMoney).openapi({ description: 'Converting orders’ totals, per currency.' }),
    revenuePerRun: z.array(ReportMoney),
    incrementalRevenue: z
      .array(ReportMoney)
      .nullable()
      .openapi({
        description:
          'Treated runs’ revenue minus the holdout’s revenue per run times the treated runs, per currency; ' +
          'null when no holdout run entered in the period.',
      }),
    attributedOrders: z
      .number()
      .int()
      .openapi({
        description:
          'Orders (placed from `from` to a conversion window after `to`) that last-touch attribution credits to ' +
          'a message of these runs; grouped by node, to a message of that node.',
      }),
    attributedRevenue: z.array(ReportMoney).openapi({ description: 'Their totals, per currency.' }),
  })
  .openapi('WorkflowReportRow');

export const ReportQuery = Period.extend({
  group_by: z
    .enum(['version', 'arm', 'node', 'branch', 'variant', 'segment'])
    .default('version')
    .openapi({
      description:
        '`version`; `arm` (holdout or treatment); `node` (runs that reached each node, sends of that node); ' +
        '`branch` (condition branches taken); `variant` (split arms); `segment` (the customer’s current segments).',
    }),
  conversion_window: ConversionWindow,
});

export const WorkflowReport = z
  .object({
    object: z.literal('workflow_report'),
    workflowId: z.string(),
    from: z.string(),
    to: z.string(),
    groupBy: z.string(),
    conversionWindow: z.string(),
    totals: ReportRow,
    groups: z.array(ReportRow),
  })
  .openapi('WorkflowReport', {
    description:
      'What a workflow’s runs that entered in the period did. A conversion is an order by the run’s customer ' +
      'within `conversionWindow` after entering, measured the same way for holdout and treated runs.',
  });

export const workflowReportRoute = createRoute({
  method: 'get',
  path: '/v1/workflows/{workflowId}/report',
  tags: ['Reports'],
  summary: 'Report a workflow: entries, sends, suppressions, conversions, revenue, incremental revenue',
  security: BEARER,
  request: { params: WorkflowIdParam, query: ReportQuery },
  responses: {
    200: json(WorkflowReport, 'The report'),
    ...AUTHED_ERRORS,
    404: problem('No workflow with this id for this tenant'),
  },
});

const Interval = z.object({ low: z.number(), high: z.number() }).openapi('ConfidenceInterval', {
  description: 'Two-sided 95 % confidence interval.',
});

export const ExperimentArm = z
  .object({
    key: z
      .string()
      .openapi({ description: '`holdout`, `treatment`, or a split variant.', example: 'holdout' }),
    recipients: z.number().int().openapi({ description: 'Runs in the arm that entered in the period.' }),
    conversions: z.number().int(),
    conversionRate: z.number(),
    conversionRateInterval: Interval.openapi({ description: 'Wilson score interval.' }),
    revenue: z.number().openapi({ description: 'Converting orders in `currency`.' }),
    revenuePerRecipient: z.number(),
    revenuePerRecipientInterval: Interval.nullable(),
  })
  .openapi('ExperimentArm');

export const ExperimentComparison = z
  .object({
    key: z.string(),
    against: z.string().openapi({ description: 'The baseline arm.' }),
    conversionRateDifference: z.number(),
    conversionRateDifferenceInterval: Interval.openapi({ description: 'Newcombe hybrid score interval.' }),
    lift: z.number().nullable().openapi({ description: 'Rate over the baseline’s, minus 1; null at 0.' }),
    liftInterval: Interval.nullable(),
    pValue: z.number(),
    revenuePerRecipientDifference: z.number(),
    revenuePerRecipientDifferenceInterval: Interval.nullable(),
    incrementalRevenue: z.number(),
    verdict: z.enum(['too_small', 'not_significant', 'better', 'worse']),
    note: z.string().nullable().openapi({ description: 'Why the sample is too small to conclude.' }),
  })
  .openapi('ExperimentComparison');

export const ExperimentQuery = Period.extend({
  conversion_window: ConversionWindow,
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional()
    .openapi({ description: 'Currency of the revenue compared. Default: the one most conversions used.' }),
});

export const WorkflowExperiment = z
  .object({
    object: z.literal('workflow_experiment'),
    workflowId: z.string(),
    from: z.string(),
    to: z.string(),
    conversionWindow: z.string(),
    currency: z.string().nullable(),
    holdoutShare: z
      .number()
      .nullable()
      .openapi({ description: 'The active version’s holdout share; null without a holdout.' }),
    experiments: z.array(
      z.object({
        key: z.string().openapi({
          description: '`holdout` (treated vs held out) or `split:<node id>` (each variant vs the baseline).',
        }),
        baseline: z.string().nullable(),
        arms: z.array(ExperimentArm),
        comparisons: z.array(ExperimentComparison),
      }),
    ),
  })
  .openapi('WorkflowExperiment', {
    description:
      'Experiment results: recipients are runs; a conversion is an order by the run’s customer within the ' +
      'conversion window after entering, the same rule for every arm. Split variants are compared with the ' +
      'holdout runs that reached the same split (else with the variant whose key sorts first).',
  });

export const workflowExperimentRoute = createRoute({
  method: 'get',
  path: '/v1/workflows/{workflowId}/experiment',
  tags: ['Reports'],
  summary: 'Experiment results: holdout and split variants, conversion rate, lift, 95 % intervals',
  security: BEARER,
  request: { params: WorkflowIdParam, query: ExperimentQuery },
  responses: {
    200: json(WorkflowExperiment, 'Per arm and per comparison'),
    ...AUTHED_ERRORS,
    404: problem('No workflow with this id for this tenant'),
  },
});

export const AttributionsQuery = Period.extend({
  workflow_id: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'Only orders credited to a message of this workflow.' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).max(400).optional().openapi({ description: 'From `next_cursor`.' }),
});

export const AttributedOrder = z
  .object({
    object: z.literal('attribution'),
    orderId: z.string(),
    orderName: z.string().nullable(),
    customerId: z.string().nullable(),
    placedAt: z.string(),
    total: ReportMoney,
    message: z.object({
      id: z.string(),
      channel: z.string(),
      channelKind: z.string(),
      workflowId: z.string().nullable(),
      workflowKey: z.string().nullable(),
      runId: z.string().nullable(),
      nodeId: z.string().nullable(),
      arm: z.enum(['holdout', 'treatment']).nullable(),
      variants: z.record(z.string(), z.string()),
    }),
    interaction: z
      .enum(['received', 'opened', 'clicked'])
      .openapi({ description: 'What the customer last did with the message before ordering.' }),
    interactedAt: z.string(),
    lagSeconds: z.number().openapi({ description: 'From the interaction to the order.' }),
  })
  .openapi('Attribution', {
    description: 'An order credited (last touch) to the most recent message within its attribution window.',
  });

export const listAttributionsRoute = createRoute({
  method: 'get',
  path: '/v1/attributions',
  tags: ['Reports'],
  summary: 'List attributed orders with the crediting message, channel, interaction and lag',
  description:
    'Each order placed in the period goes to the most recent message its customer received, opened or ' +
    'clicked within that channel and interaction’s window (`/v1/messaging-settings/attribution`). Newest first.',
  security: BEARER,
  request: { query: AttributionsQuery },
  responses: {
    200: json(listOf(AttributedOrder, 'AttributionList'), 'A page of attributions'),
    ...AUTHED_ERRORS,
  },
});

const InteractionWindows = z
  .object({
    received: z.string().optional().openapi({ example: 'P1D' }),
    opened: z.string().optional().openapi({ example: 'P5D' }),
    clicked: z.string().optional().openapi({ example: 'P5D' }),
  })
  .strict();

export const AttributionSettingsBody = z
  .object({
    windows: z.record(z.string(), InteractionWindows).openapi({
      description:
        'Per channel kind (`email`, `sms`, `push`, `onsite`, `ads`, `webhook`): how long after each ' +
        'interaction an order is credited (ISO-8601, at most P90D). Left out: credits nothing.',
      example: {
        email: { opened: 'P5D', clicked: 'P5D' },
        sms: { opened: 'P1D', clicked: 'P5D' },
        push: { opened: 'PT24H' },
      },
    }),
  })
  .openapi('AttributionSettingsRequest');

export const AttributionSettings = z
  .object({
    object: z.literal('attribution_settings'),
    windows: z.record(z.string(), InteractionWindows),
    isDefault: z.boolean().openapi({ description: 'True while the documented defaults apply.' }),
    updatedAt: z.string().nullable(),
  })
  .openapi('AttributionSettings');

export const getAttributionSettingsRoute = createRoute({
  method: 'get',
  path: '/v1/messaging-settings/attribution',
  tags: ['Reports'],
  summary: 'Get the attribution windows',
  description:
    'Defaults: 5 days after an email open or click, 5 days after an SMS click, 1 day after an SMS open, ' +
    '24 hours after a push open; mere receipt credits nothing.',
  security: BEARER,
  responses: { 200: json(AttributionSettings, 'The windows in force'), ...AUTHED_ERRORS },
});

export const putAttributionSettingsRoute = createRoute({
  method: 'put',
  path: '/v1/messaging-settings/attribution',
  tags: ['Reports'],
  summary: 'Replace the attribution windows',
  security: BEARER,
  request: {
    body: { content: { 'application/json': { schema: AttributionSettingsBody } }, required: true },
  },
  responses: { 200: json(AttributionSettings, 'The windows now in force'), ...AUTHED_ERRORS },
});

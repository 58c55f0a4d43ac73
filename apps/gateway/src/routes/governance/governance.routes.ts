import { IsoDateTime } from '@cartwire/model';
import { createRoute, z } from '@hono/zod-openapi';
import { AUTHED_ERRORS, BEARER, json, listOf, problem } from '../shared/responses';

const CHANNEL_KINDS = ['email', 'sms', 'push', 'onsite', 'ads', 'webhook'] as const;
const SUPPRESSION_KINDS = ['email', 'phone', 'customer_id'] as const;

// The rules are validated by the SDK, which lists every failing field at once (400 with `errors`).
const PolicyBody = z.record(z.string(), z.unknown()).openapi('GovernancePolicy', {
  description:
    'Send-time rules: `consent`, `suppressAfter` (purchase, refund, openSupportCase), `caps` (frequency caps ' +
    'over sliding windows, per channel kinds or `all`, per customer or per workflow), `smartSending` (per ' +
    'channel kind), `quietHours` (in the customer’s time zone; sends wait, they are not dropped), ' +
    '`promoPressure` and `doubleDiscount`. Durations are ISO 8601.',
  example: {
    consent: { enabled: true },
    suppressAfter: { purchase: null, refund: 'P14D', openSupportCase: true },
    caps: [{ channels: ['sms'], max: 2, window: 'P30D', scope: 'customer', promoOnly: false }],
    smartSending: { email: 'PT16H', sms: 'PT24H', push: 'PT24H' },
    quietHours: { start: '21:00', end: '08:00', channels: ['sms', 'push'], fallbackTimeZone: 'UTC' },
    promoPressure: { window: 'P7D', max: null },
    doubleDiscount: { enabled: true, activeFor: 'P7D' },
  },
});

const OverrideBody = z.record(z.string(), z.unknown()).openapi('GovernanceOverride', {
  description:
    'Any top-level rule of the tenant policy, replaced or partly changed for one workflow; `caps` is ' +
    'replaced as a whole.',
  example: { caps: [{ channels: 'all', max: 1, window: 'PT24H', scope: 'workflow', promoOnly: true }] },
});

export const WorkflowGovernance = z
  .object({
    object: z.literal('workflow_governance'),
    workflowId: z.string(),
    workflowKey: z.string(),
    override: OverrideBody.nullable().openapi({
      description: 'Null: the workflow follows the tenant policy.',
    }),
    effective: PolicyBody.openapi({ description: 'The tenant policy with the override applied.' }),
  })
  .openapi('WorkflowGovernance');

const WorkflowIdParam = z.object({
  workflowId: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'workflowId', in: 'path' } }),
});

export const Suppression = z
  .object({
    object: z.literal('suppression'),
    kind: z.enum(SUPPRESSION_KINDS),
    value: z.string().openapi({ description: 'Normalized: lower-case email, E.164 phone or customer id.' }),
    reason: z.string().nullable(),
  })
  .openapi('Suppression');

const SuppressionEntry = z.object({
  kind: z.enum(SUPPRESSION_KINDS),
  value: z.string().min(1).max(320),
  reason: z.string().max(500).optional(),
});

export const ConsentChange = z
  .object({
    object: z.literal('consent_change'),
    action: z.enum(['unsubscribed', 'resubscribed']),
    channel: z.enum(CHANNEL_KINDS),
    customerId: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  })
  .openapi('ConsentChange');

export const SupportCase = z
  .object({
    object: z.literal('support_case'),
    caseId: z.string(),
    customerId: z.string(),
    status: z.enum(['open', 'closed']),
  })
  .openapi('SupportCase');

const CSV_CONTENT = {
  'text/csv': { schema: z.string().openapi({ example: 'kind,value,reason\nemail,a@b.c,bounced' }) },
};

export const getPolicyRoute = createRoute({
  method: 'get',
  path: '/v1/governance/policy',
  tags: ['Governance'],
  summary: 'Get the tenant’s send-time rules',
  description: 'The policy every workflow send is checked against (the defaults until one is saved).',
  security: BEARER,
  responses: { 200: json(PolicyBody, 'The tenant policy'), ...AUTHED_ERRORS },
});

export const putPolicyRoute = createRoute({
  method: 'put',
  path: '/v1/governance/policy',
  tags: ['Governance'],
  summary: 'Replace the tenant’s send-time rules',
  description: 'Rules left out take their defaults. A 400 lists every failing field.',
  security: BEARER,
  request: { body: { required: true, content: { 'application/json': { schema: PolicyBody } } } },
  responses: { 200: json(PolicyBody, 'The saved policy'), ...AUTHED_ERRORS },
});

export const getWorkflowGovernanceRoute = createRoute({
  method: 'get',
  path: '/v1/workflows/{workflowId}/governance',
  tags: ['Governance'],
  summary: 'Get a workflow’s override of the tenant rules',
  security: BEARER,
  request: { params: WorkflowIdParam },
  responses: {
    200: json(WorkflowGovernance, 'The override and the rules in effect'),
    404: problem('No such workflow'),
    ...AUTHED_ERRORS,
  },
});

export const putWorkflowGovernanceRoute = createRoute({
  method: 'put',
  path: '/v1/workflows/{workflowId}/governance',
  tags: ['Governance'],
  summary: 'Override the tenant rules for one workflow',
  security: BEARER,
  request: {
    params: WorkflowIdParam,
    body: { required: true, content: { 'application/json': { schema: OverrideBody } } },
  },
  responses: {
    200: json(WorkflowGovernance, 'The saved override and the rules in effect'),
    404: problem('No such workflow'),
    ...AUTHED_ERRORS,
  },
});

export const deleteWorkflowGovernanceRoute = createRoute({
  method: 'delete',
  path: '/v1/workflows/{workflowId}/governance',
  tags: ['Governance'],
  summary: 'Remove a workflow’s override: it follows the tenant rules again',
  security: BEARER,
  request: { params: WorkflowIdParam },
  responses: {
    200: json(WorkflowGovernance, 'The workflow without an override'),
    404: problem('No such workflow'),
    ...AUTHED_ERRORS,
  },
});

export const listSuppressionsRoute = createRoute({
  method: 'get',
  path: '/v1/suppressions',
  tags: ['Governance'],
  summary: 'List the tenant’s suppression list',
  description:
    'Emails, phones and customer ids that get no message on any channel, ordered by kind and value.',
  security: BEARER,
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      cursor: z.string().min(1).max(500).optional().openapi({ description: 'From `next_cursor`.' }),
    }),
  },
  responses: { 200: json(listOf(Suppression, 'SuppressionList'), 'A page of entries'), ...AUTHED_ERRORS },
});

export const addSuppressionsRoute = createRoute({
  method: 'post',
  path: '/v1/suppressions',
  tags: ['Governance'],
  summary: 'Add entries to the suppression list',
  description: 'Existing entries keep their place and take the new reason. Emails and phones are normalized.',
  security: BEARER,
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({ entries: z.array(SuppressionEntry).min(1).max(1000) })
            .openapi('SuppressionsInput'),
        },
      },
    },
  },
  responses: {
    200: json(
      z.object({ object: z.literal('suppression_change'), added: z.number().int() }),
      'Entries saved',
    ),
    ...AUTHED_ERRORS,
  },
});

export const removeSuppressionRoute = createRoute({
  method: 'delete',
  path: '/v1/suppressions/{kind}/{value}',
  tags: ['Governance'],
  summary: 'Remove one entry from the suppression list',
  security: BEARER,
  request: {
    params: z.object({
      kind: z.enum(SUPPRESSION_KINDS).openapi({ param: { name: 'kind', in: 'path' } }),
      value: z
        .string()
        .min(1)
        .max(320)
        .openapi({ param: { name: 'value', in: 'path' }, example: 'ada@example.com' }),
    }),
  },
  responses: {
    204: { description: 'Removed' },
    404: problem('No such entry'),
    ...AUTHED_ERRORS,
  },
});

export const importSuppressionsRoute = createRoute({
  method: 'post',
  path: '/v1/suppressions/import',
  tags: ['Governance'],
  summary: 'Import suppressions from CSV',
  description:
    'CSV `kind,value,reason` with a header line. Nothing is imported when a line is bad: the 400 lists every one.',
  security: BEARER,
  request: { body: { required: true, content: CSV_CONTENT } },
  responses: {
    200: json(
      z.object({ object: z.literal('suppression_change'), added: z.number().int() }),
      'Entries imported',
    ),
    415: problem('Not text/csv'),
    ...AUTHED_ERRORS,
  },
});

export const exportSuppressionsRoute = createRoute({
  method: 'get',
  path: '/v1/suppressions/export',
  tags: ['Governance'],
  summary: 'Export the suppression list as CSV',
  security: BEARER,
  responses: { 200: { description: 'CSV `kind,value,reason`', content: CSV_CONTENT }, ...AUTHED_ERRORS },
});

const ResubscribeInput = z.object({
  channel: z.enum(CHANNEL_KINDS),
  customerId: z.string().min(1).max(200).optional(),
  email: z.string().min(1).max(320).optional(),
  phone: z.string().min(1).max(40).optional(),
});
const UnsubscribeInput = ResubscribeInput.extend({ reason: z.string().max(500).optional() });

export const unsubscribeRoute = createRoute({
  method: 'post',
  path: '/v1/contacts/unsubscribe',
  tags: ['Governance'],
  summary: 'Unsubscribe a contact from one channel kind',
  description:
    'Every identifier given (customer id, email, phone) is unsubscribed: no message of that channel kind ' +
    'reaches it again, whatever the platform’s marketing consent says, until it is resubscribed.',
  security: BEARER,
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: UnsubscribeInput.openapi('Unsubscribe') } },
    },
  },
  responses: { 200: json(ConsentChange, 'Unsubscribed'), 404: problem('No such customer'), ...AUTHED_ERRORS },
});

export const resubscribeRoute = createRoute({
  method: 'post',
  path: '/v1/contacts/resubscribe',
  tags: ['Governance'],
  summary: 'Take back an unsubscribe',
  description: 'The contact gets messages of that channel kind again when its consent allows them.',
  security: BEARER,
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: ResubscribeInput.openapi('Resubscribe') } },
    },
  },
  responses: { 200: json(ConsentChange, 'Resubscribed'), 404: problem('No such customer'), ...AUTHED_ERRORS },
});

export const openSupportCaseRoute = createRoute({
  method: 'post',
  path: '/v1/support-cases',
  tags: ['Governance'],
  summary: 'Report an open support case',
  description:
    'While a customer has an open case, the `openSupportCase` rule keeps marketing messages from them. Opening ' +
    'a case id again reopens it.',
  security: BEARER,
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              caseId: z
                .string()
                .min(1)
                .max(200)
                .openapi({ description: 'Your help desk’s id.', example: 'zd-4711' }),
              customerId: z.string().min(1).max(200),
              openedAt: IsoDateTime.optional(),
            })
            .openapi('SupportCaseInput'),
        },
      },
    },
  },
  responses: { 201: json(SupportCase, 'Recorded'), 404: problem('No such customer'), ...AUTHED_ERRORS },
});

export const closeSupportCaseRoute = createRoute({
  method: 'post',
  path: '/v1/support-cases/{caseId}/close',
  tags: ['Governance'],
  summary: 'Close a support case',
  security: BEARER,
  request: {
    params: z.object({
      caseId: z
        .string()
        .min(1)
        .max(200)
        .openapi({ param: { name: 'caseId', in: 'path' } }),
    }),
    body: {
      required: false,
      content: { 'application/json': { schema: z.object({ closedAt: IsoDateTime.optional() }) } },
    },
  },
  responses: { 200: json(SupportCase, 'Closed'), 404: problem('No such case'), ...AUTHED_ERRORS },
});

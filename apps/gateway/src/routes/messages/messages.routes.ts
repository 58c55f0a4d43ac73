import { createRoute, z } from '@hono/zod-openapi';
import { AUTHED_ERRORS, BEARER, json, listOf } from '../shared/responses';

export const MessageStatus = z
  .enum(['allowed', 'scheduled', 'refused', 'sent', 'failed', 'delivered', 'bounced'])
  .openapi({
    description:
      'Where the send stands: refused by the gate, scheduled (quiet hours), sent, failed, and where the provider ' +
      'reports back, delivered or bounced.',
  });

export const Message = z
  .object({
    object: z.literal('message'),
    id: z.string().openapi({ example: 'msg_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
    customerKey: z.string().openapi({
      description: 'Customer id, else `email:<address>` or `phone:<number>`: what caps count by.',
    }),
    channel: z.string().openapi({ description: 'Channel the workflow step named.', example: 'email' }),
    channelKind: z.string().openapi({ description: 'Kind the governance rules apply to.', example: 'email' }),
    workflowKey: z.string().nullable(),
    runId: z.string().nullable(),
    nodeId: z.string().nullable().openapi({ description: 'Send step of the workflow.' }),
    promo: z.boolean().openapi({ description: 'Carries a discount (counts toward promo pressure).' }),
    decision: z.enum(['allow', 'refuse', 'delay']),
    reason: z.string().nullable().openapi({
      description:
        'Why the gate refused or delayed it (`no_consent`, `suppressed`, `frequency_cap`, `quiet_hours`, …).',
      example: 'frequency_cap',
    }),
    status: MessageStatus,
    deliverAt: z.string().nullable().openapi({ description: 'When a delayed message goes out (ISO 8601).' }),
    providerMessageId: z.string().nullable(),
    error: z.string().nullable().openapi({ description: 'The provider’s answer when delivery failed.' }),
    createdAt: z.string().openapi({ example: '2026-12-07T10:00:00.000Z' }),
  })
  .openapi('Message', { description: 'One send decision of the governance gate and its delivery status.' });

export const ListMessagesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(250).default(50).openapi({ example: 50 }),
  cursor: z.string().min(1).max(200).optional().openapi({ description: 'From `next_cursor`.' }),
  status: MessageStatus.optional(),
  decision: z.enum(['allow', 'refuse', 'delay']).optional(),
  workflow_key: z.string().min(1).max(200).optional(),
  run_id: z.string().min(1).max(200).optional(),
  customer: z.string().min(1).max(320).optional().openapi({ description: 'A `customerKey`.' }),
});

export const listMessagesRoute = createRoute({
  method: 'get',
  path: '/v1/messages',
  tags: ['Workflows'],
  summary: 'List workflow messages: sent, delayed and refused, with the reason',
  description:
    'Every send a workflow attempted, newest first, as the governance gate decided it: the answer to ' +
    '“why didn’t it fire?”. Filter by status, decision, workflow, run or customer.',
  security: BEARER,
  request: { query: ListMessagesQuery },
  responses: { 200: json(listOf(Message, 'MessageList'), 'A page of messages'), ...AUTHED_ERRORS },
});

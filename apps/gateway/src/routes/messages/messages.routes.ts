import { createRoute, z } from '@hono/zod-openapi';
import { IDEMPOTENCY_KEY_HEADER_DOC } from '../shared/idempotency';
import { AUTHED_ERRORS, BEARER, json, listOf, problem } from '../shared/responses';

export const MessageStatus = z
  .enum(['allowed', 'scheduled', 'refused', 'sent', 'failed', 'delivered', 'bounced', 'held_out'])
  .openapi({
    description:
      'Where the send stands: refused by the gate, scheduled (quiet hours), sent, failed, and where the provider ' +
      'reports back, delivered or bounced. `held_out`: the gate allowed it but the run is in the workflow’s ' +
      'holdout group, so it was recorded and not delivered.',
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
    arm: z
      .enum(['holdout', 'treatment'])
      .nullable()
      .openapi({ description: 'Experiment arm of the run (`holdout`: recorded, not delivered).' }),
    variants: z
      .record(z.string(), z.string())
      .openapi({ description: 'Split arms the run took before this send, by split node id.' }),
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

export const MessageIdParam = z.object({
  messageId: z
    .string()
    .min(1)
    .max(200)
    .openapi({
      param: { name: 'messageId', in: 'path' },
      description: 'The message `id` (`msg_…`), or the `messageId` a `message.requested` event carried.',
      example: 'msg_01jc9q3m2v8x7k4d5f6g7h8j9k',
    }),
});

export const RecordInteractionBody = z
  .object({
    type: z.enum(['opened', 'clicked']).openapi({ description: 'What the customer did with the message.' }),
    at: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: 'When it happened (ISO 8601); now when omitted. Not in the future.' }),
  })
  .strict()
  .openapi('RecordInteractionRequest');

export const MessageInteraction = z
  .object({
    object: z.literal('message_interaction'),
    id: z.string().openapi({ example: 'mix_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
    messageId: z.string(),
    customerKey: z.string(),
    channelKind: z.string().openapi({ example: 'push' }),
    type: z.enum(['opened', 'clicked']),
    source: z.enum(['tracking', 'api']).openapi({
      description: '`tracking`: the hosted pixel or redirect; `api`: reported through this API.',
    }),
    url: z.string().nullable().openapi({ description: 'The link followed (hosted click redirects).' }),
    at: z.string().openapi({ example: '2026-12-07T10:05:00.000Z' }),
  })
  .openapi('MessageInteraction', {
    description: 'An open or click of a sent message; attribution credits orders to the latest one.',
  });

export const recordInteractionRoute = createRoute({
  method: 'post',
  path: '/v1/messages/{messageId}/interactions',
  tags: ['Workflows'],
  summary: 'Record an open or click of a message (push, SMS and other channels without hosted links)',
  description:
    'For channels Cartwire cannot track itself: your app or provider reports that the customer opened or ' +
    'clicked a message. Opens and clicks start the attribution windows (`/v1/messaging-settings/attribution`). ' +
    'Only messages that reached the customer (`sent`, `delivered`) can be interacted with.',
  security: BEARER,
  request: {
    params: MessageIdParam,
    headers: z.object({
      'idempotency-key': z.string().min(1).max(255).optional().openapi(IDEMPOTENCY_KEY_HEADER_DOC),
    }),
    body: { content: { 'application/json': { schema: RecordInteractionBody } }, required: true },
  },
  responses: {
    201: json(MessageInteraction, 'The recorded interaction'),
    ...AUTHED_ERRORS,
    404: problem('No message with this id for this tenant'),
    409: problem('The message never reached the customer (refused, held out, failed or still scheduled)'),
  },
});

import { createRoute, z } from '@hono/zod-openapi';
import { AUTHED_ERRORS, BEARER, json, listOf, problem } from '../shared/responses';

export const SandboxEmailSummary = z
  .object({
    object: z.literal('sandbox_email'),
    id: z.string().openapi({ example: 'eml_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
    messageId: z.string().nullable().openapi({
      description: 'The Message-ID header; the message log’s `providerMessageId`.',
      example: '<3f2a9c…@acme.example>',
    }),
    receivedAt: z.string().openapi({ example: '2026-12-07T10:00:00.000Z' }),
    from: z.string().openapi({ example: 'Cartwire Sandbox <shop@sandbox.cartwire.invalid>' }),
    to: z.string(),
    subject: z.string(),
    size: z.number().int().openapi({ description: 'Bytes of the raw message.' }),
    message: z
      .object({
        id: z.string().openapi({ description: 'The message log entry (`GET /v1/messages`).' }),
        workflowKey: z.string().nullable(),
        runId: z.string().nullable(),
        nodeId: z.string().nullable(),
        customerKey: z.string(),
      })
      .openapi({ description: 'The workflow send that produced it.' }),
  })
  .openapi('SandboxEmailSummary');

export const SandboxEmail = SandboxEmailSummary.extend({
  envelope: z.object({ from: z.string(), to: z.array(z.string()) }).openapi({
    description: 'The SMTP envelope (MAIL FROM, RCPT TO).',
  }),
  headers: z
    .array(z.object({ name: z.string(), value: z.string() }))
    .openapi({ description: 'Every header line as received, in order (folded values unfolded).' }),
  text: z.string().nullable(),
  html: z.string().nullable().openapi({
    description:
      'The HTML part as sent; render it only in a sandboxed frame (it is workflow template output).',
  }),
}).openapi('SandboxEmail');

export const SandboxEmailsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
  cursor: z.string().min(1).max(200).optional().openapi({ description: 'From `next_cursor`.' }),
});

export const SandboxEmailParam = z.object({
  emailId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'emailId', in: 'path' }, example: 'eml_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
});

const tags = ['Sandbox'];
const notRunning =
  'The sandbox inbox is not running (it runs under `npm start` with the sandbox on and no `SMTP_URL`)';

export const listSandboxEmailsRoute = createRoute({
  method: 'get',
  path: '/v1/sandbox/emails',
  tags,
  summary: 'List emails the sandbox inbox captured',
  description:
    'Under `npm start` with the sandbox on and no `SMTP_URL`, the email channel submits to a local SMTP inbox ' +
    'on loopback instead of a provider; it keeps the last 200 emails in memory. Newest first, only the emails ' +
    'of this tenant’s sends.',
  security: BEARER,
  request: { query: SandboxEmailsQuery },
  responses: {
    200: json(listOf(SandboxEmailSummary, 'SandboxEmailList'), 'A page of captured emails'),
    ...AUTHED_ERRORS,
    404: problem(notRunning),
  },
});

export const getSandboxEmailRoute = createRoute({
  method: 'get',
  path: '/v1/sandbox/emails/{emailId}',
  tags,
  summary: 'Get a captured email with its headers, text and HTML',
  security: BEARER,
  request: { params: SandboxEmailParam },
  responses: {
    200: json(SandboxEmail, 'The email'),
    ...AUTHED_ERRORS,
    404: problem(`No such email for this tenant, or: ${notRunning}`),
  },
});

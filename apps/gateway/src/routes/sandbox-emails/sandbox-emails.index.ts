import { type Database, messageLog } from '@cartwire/storage';
import type { RouteHandler } from '@hono/zod-openapi';
import { and, eq, inArray } from 'drizzle-orm';
import type { AuthedEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import { NotFoundError } from '../../http/problem';
import type { CapturedEmail, SandboxInbox } from '../../sandbox/sandbox-inbox';
import { entriesAfterId, pageById } from '../shared/list-cursor';
import { getSandboxEmailRoute, listSandboxEmailsRoute } from './sandbox-emails.routes';

const NOT_RUNNING =
  'The sandbox inbox is not running: it runs under `npm start` with the sandbox on and no SMTP_URL. ' +
  'With SMTP_URL set, emails go to that server; see GET /v1/messages for what was sent.';

type LogEntry = { id: string; workflowKey: string | null; runId: string | null; nodeId: string | null };

function summary(email: CapturedEmail, entry: LogEntry & { customerKey: string }) {
  return {
    object: 'sandbox_email' as const,
    id: email.id,
    messageId: email.messageId,
    receivedAt: email.receivedAt.toISOString(),
    from: email.from,
    to: email.to,
    subject: email.subject,
    size: email.size,
    message: {
      id: entry.id,
      workflowKey: entry.workflowKey,
      runId: entry.runId,
      nodeId: entry.nodeId,
      customerKey: entry.customerKey,
    },
  };
}

/**
 * `/v1/sandbox/emails`: the sandbox inbox over the public API. The inbox is one SMTP server for the
 * process, so an email belongs to the tenant whose message log sent it (its Message-ID is the log's
 * `providerMessageId`): another tenant's emails are neither listed nor readable. Without a running
 * inbox both routes answer 404, yet stay in the OpenAPI document.
 */
export function createSandboxEmailsRouter(database: Database, inbox: SandboxInbox | null) {
  /** The tenant's log entries of these emails, by Message-ID. */
  const entriesOf = async (tenantId: string, emails: readonly CapturedEmail[]) => {
    const ids = [...new Set(emails.flatMap((email) => (email.messageId ? [email.messageId] : [])))];
    if (ids.length === 0) return new Map<string, LogEntry & { customerKey: string }>();
    const rows = await database.db
      .select({
        id: messageLog.id,
        providerMessageId: messageLog.providerMessageId,
        workflowKey: messageLog.workflowKey,
        runId: messageLog.runId,
        nodeId: messageLog.nodeId,
        customerKey: messageLog.customerKey,
      })
      .from(messageLog)
      .where(and(eq(messageLog.tenantId, tenantId), inArray(messageLog.providerMessageId, ids)));
    return new Map(rows.map((row) => [row.providerMessageId as string, row]));
  };

  const list: RouteHandler<typeof listSandboxEmailsRoute, AuthedEnv> = async (c) => {
    if (!inbox) throw new NotFoundError(NOT_RUNNING);
    const { limit, cursor } = c.req.valid('query');
    const rest = entriesAfterId(inbox.list(), cursor, 'email left the inbox (it keeps the last 200)');
    const entries = await entriesOf(c.var.auth.tenantId, rest);
    const mine = rest.flatMap((email) => {
      const entry = email.messageId ? entries.get(email.messageId) : undefined;
      return entry ? [summary(email, entry)] : [];
    });
    const { page, has_more, next_cursor } = pageById(mine, limit);
    return c.json({ object: 'list' as const, data: page, has_more, next_cursor }, 200);
  };

  const get: RouteHandler<typeof getSandboxEmailRoute, AuthedEnv> = async (c) => {
    if (!inbox) throw new NotFoundError(NOT_RUNNING);
    const { emailId } = c.req.valid('param');
    const email = inbox.get(emailId);
    const entry = email?.messageId
      ? (await entriesOf(c.var.auth.tenantId, [email])).get(email.messageId)
      : null;
    if (!email || !entry) throw new NotFoundError(`Email ${emailId} not found`);
    return c.json(
      {
        ...summary(email, entry),
        envelope: { from: email.envelope.from, to: [...email.envelope.to] },
        headers: email.headers.map((header) => ({ ...header })),
        text: email.text,
        html: email.html,
      },
      200,
    );
  };

  return createRouter<AuthedEnv>().openapi(listSandboxEmailsRoute, list).openapi(getSandboxEmailRoute, get);
}

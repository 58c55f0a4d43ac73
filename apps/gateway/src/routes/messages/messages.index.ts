import { recordInteraction } from '@cartwire/automation-sdk';
import { type Database, type IdempotencyStore, messageLog } from '@cartwire/storage';
import type { RouteHandler } from '@hono/zod-openapi';
import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { AuthedEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import { ProblemError, ValidationError } from '../../http/problem';
import { idempotent } from '../shared/idempotency';
import { opaqueCursor, TimeAndId } from '../shared/list-cursor';
import { listMessagesRoute, recordInteractionRoute } from './messages.routes';

const cursorCodec = opaqueCursor(TimeAndId);

/** Reported times may lag (queued app events) but not lead the server's clock by more than this. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * `/v1/messages`: the message log of the governance gate, tenant-scoped, newest first; and the opens and
 * clicks apps and providers report for messages without hosted tracking links.
 */
export function createMessagesRouter(database: Database, idempotency: IdempotencyStore, now: () => Date) {
  const list: RouteHandler<typeof listMessagesRoute, AuthedEnv> = async (c) => {
    const query = c.req.valid('query');
    const after = query.cursor ? cursorCodec.decode(query.cursor) : null;
    const rows = await database.db
      .select()
      .from(messageLog)
      .where(
        and(
          eq(messageLog.tenantId, c.var.auth.tenantId),
          query.status ? eq(messageLog.status, query.status) : undefined,
          query.decision ? eq(messageLog.decision, query.decision) : undefined,
          query.workflow_key ? eq(messageLog.workflowKey, query.workflow_key) : undefined,
          query.run_id ? eq(messageLog.runId, query.run_id) : undefined,
          query.customer ? eq(messageLog.customerKey, query.customer) : undefined,
          after
            ? or(
                lt(messageLog.createdAt, new Date(after.at)),
                and(eq(messageLog.createdAt, new Date(after.at)), lt(messageLog.id, after.id)),
              )
            : undefined,
        ),
      )
      .orderBy(desc(messageLog.createdAt), desc(messageLog.id))
      .limit(query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const hasMore = rows.length > query.limit;
    return c.json(
      {
        object: 'list' as const,
        data: page.map((row) => ({
          object: 'message' as const,
          id: row.id,
          customerKey: row.customerKey,
          channel: row.channelName,
          channelKind: row.channelKind,
          workflowKey: row.workflowKey,
          runId: row.runId,
          nodeId: row.nodeId,
          arm: row.arm,
          variants: row.variants,
          promo: row.promo,
          decision: row.decision,
          reason: row.reason,
          status: row.status,
          deliverAt: row.deliverAt?.toISOString() ?? null,
          providerMessageId: row.providerMessageId,
          error: row.error,
          createdAt: row.createdAt.toISOString(),
        })),
        has_more: hasMore,
        next_cursor:
          hasMore && last ? cursorCodec.encode({ at: last.createdAt.toISOString(), id: last.id }) : null,
      },
      200,
    );
  };
  const interact: RouteHandler<typeof recordInteractionRoute, AuthedEnv> = async (c) => {
    const { messageId } = c.req.valid('param');
    const body = c.req.valid('json');
    const recordedAt = now();
    const at = body.at ? new Date(body.at) : recordedAt;
    if (at.getTime() > recordedAt.getTime() + FUTURE_TOLERANCE_MS) {
      throw new ValidationError([
        { in: 'body', path: 'at', code: 'in_future', message: 'must not be in the future' },
      ]);
    }
    const result = await recordInteraction(database.db, {
      tenantId: c.var.auth.tenantId,
      messageId,
      interaction: body.type,
      source: 'api',
      at,
      recordedAt,
    });
    if (!result.recorded) {
      if (result.reason === 'message_not_found')
        throw new ProblemError('not_found', { detail: `No message ${messageId}.` });
      throw new ProblemError('conflict', {
        detail: `Message ${messageId} is ${result.status}: it never reached the customer.`,
        extensions: { messageStatus: result.status },
      });
    }
    const i = result.interaction;
    return c.json(
      {
        object: 'message_interaction' as const,
        id: i.id,
        messageId: i.messageId,
        customerKey: i.customerKey,
        channelKind: i.channelKind,
        type: i.interaction,
        source: i.source,
        url: i.url,
        at: i.at.toISOString(),
      },
      201,
    );
  };
  const router = createRouter<AuthedEnv>();
  // A provider's callback retried after a timeout must not record the open twice.
  router.use('/v1/messages/:messageId/interactions', idempotent(idempotency));
  return router.openapi(listMessagesRoute, list).openapi(recordInteractionRoute, interact);
}

import { newId } from '@cartwire/model';
import { type Db, messageInteractions, messageLog } from '@cartwire/storage';
import { and, eq, or } from 'drizzle-orm';

/** What a customer did with a delivered message. */
export type MessageInteractionType = 'opened' | 'clicked';

export interface MessageInteractionRecord {
  id: string;
  messageId: string;
  customerKey: string;
  channelKind: string;
  interaction: MessageInteractionType;
  source: 'tracking' | 'api';
  url: string | null;
  at: Date;
}

export interface RecordInteractionInput {
  tenantId: string;
  /** The message log id (`msg_…`), or the step idempotency key a `message.requested` event carried. */
  messageId: string;
  interaction: MessageInteractionType;
  source: 'tracking' | 'api';
  url?: string | null;
  /** When the customer interacted. */
  at: Date;
  /** When it is recorded (the clock's now). */
  recordedAt: Date;
}

/** Why an interaction was not recorded; callers answer 404 and 409 from it. */
export type RecordInteractionResult =
  | { recorded: true; interaction: MessageInteractionRecord }
  | { recorded: false; reason: 'message_not_found' | 'message_not_delivered'; status?: string };

/** Statuses of messages a customer can have opened or clicked: the provider took them. */
const INTERACTABLE = new Set(['sent', 'delivered']);

/**
 * Records an open or a click of a message of the tenant. A message of another tenant is not found; one
 * that never reached the customer (refused, held out for a holdout run, failed, still scheduled) cannot
 * have been opened and is refused with its status.
 */
export async function recordInteraction(
  db: Db,
  input: RecordInteractionInput,
): Promise<RecordInteractionResult> {
  const [message] = await db
    .select({
      id: messageLog.id,
      customerKey: messageLog.customerKey,
      channelKind: messageLog.channelKind,
      status: messageLog.status,
    })
    .from(messageLog)
    .where(
      and(
        eq(messageLog.tenantId, input.tenantId),
        or(eq(messageLog.id, input.messageId), eq(messageLog.idempotencyKey, input.messageId)),
      ),
    )
    .limit(1);
  if (!message) return { recorded: false, reason: 'message_not_found' };
  if (!INTERACTABLE.has(message.status))
    return { recorded: false, reason: 'message_not_delivered', status: message.status };
  const record: MessageInteractionRecord = {
    id: newId('mix_'),
    messageId: message.id,
    customerKey: message.customerKey,
    channelKind: message.channelKind,
    interaction: input.interaction,
    source: input.source,
    url: input.url ?? null,
    at: input.at,
  };
  await db
    .insert(messageInteractions)
    .values({ ...record, tenantId: input.tenantId, createdAt: input.recordedAt });
  return { recorded: true, interaction: record };
}

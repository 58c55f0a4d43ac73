import { type Db, messageLog } from '@cartwire/storage';
import { and, eq, inArray } from 'drizzle-orm';
import type { ChannelKind } from '../governance/policy';

/** Where a message is after it left Cartwire, as a provider reports it. */
export type DeliveryStatus = 'sent' | 'delivered' | 'failed' | 'bounced';

export interface DeliveryStatusUpdate {
  /** The id the provider answered the send with (stored as the message log row's provider message id). */
  providerMessageId: string;
  status: DeliveryStatus;
  /** The provider's reason for a failure (error code and text). */
  error: string | null;
}

/** A provider's HTTP callback as it arrived: the full public URL it was sent to, its headers and raw body. */
export interface StatusCallbackRequest {
  url: string;
  headers: Headers | Record<string, string | string[] | undefined>;
  body: string;
}

/** Parses and verifies a provider's delivery-status callback. @throws InvalidStatusCallbackError */
export type StatusCallbackParser = (request: StatusCallbackRequest) => DeliveryStatusUpdate | null;

export type RecordStatusOutcome =
  | { outcome: 'recorded'; messageLogId: string; status: DeliveryStatus }
  /** The status does not move the row forward (a late "sent" after "delivered", a repeated callback). */
  | { outcome: 'unchanged'; messageLogId: string }
  /** No message of this tenant and channel kind has that provider id. */
  | { outcome: 'unknown_message' }
  /** The callback reports an intermediate state (queued, sending) that the log does not track. */
  | { outcome: 'ignored' };

/** Statuses a callback may move a row from: a final status (delivered, failed, bounced) is kept. */
const OPEN_STATUSES = ['allowed', 'sent'] as const;

/**
 * Records a provider's delivery status on the message log row of the send (found by tenant, channel kind
 * and provider message id). Callbacks can arrive out of order: a final status is never overwritten.
 */
export async function recordDeliveryStatus(
  db: Db,
  tenantId: string,
  channelKind: ChannelKind,
  update: DeliveryStatusUpdate,
  now: Date = new Date(),
): Promise<RecordStatusOutcome> {
  const where = and(
    eq(messageLog.tenantId, tenantId),
    eq(messageLog.channelKind, channelKind),
    eq(messageLog.providerMessageId, update.providerMessageId),
  );
  const [updated] = await db
    .update(messageLog)
    .set({
      status: update.status,
      ...(update.error === null ? {} : { error: update.error }),
      updatedAt: now,
    })
    .where(and(where, inArray(messageLog.status, [...OPEN_STATUSES])))
    .returning({ id: messageLog.id });
  if (updated) return { outcome: 'recorded', messageLogId: updated.id, status: update.status };
  const [existing] = await db.select({ id: messageLog.id }).from(messageLog).where(where);
  return existing ? { outcome: 'unchanged', messageLogId: existing.id } : { outcome: 'unknown_message' };
}

export interface StatusCallbackHandlerOptions {
  db: Db;
  channelKind: ChannelKind;
  parse: StatusCallbackParser;
  /** @default () => new Date() */
  now?: () => Date;
}

/**
 * Verifies, parses and records a provider's status callback for one tenant (the callback URL carries the
 * tenant, e.g. `/hooks/sms/{tenantId}`). Answer `InvalidStatusCallbackError` with 401 (signature) or 400.
 *
 * @example
 * const handle = createStatusCallbackHandler({ db, channelKind: 'sms', parse: provider.parseStatusCallback });
 * await handle(tenantId, { url, headers, body });
 */
export function createStatusCallbackHandler(options: StatusCallbackHandlerOptions) {
  return async (tenantId: string, request: StatusCallbackRequest): Promise<RecordStatusOutcome> => {
    const update = options.parse(request);
    if (update === null) return { outcome: 'ignored' };
    return recordDeliveryStatus(
      options.db,
      tenantId,
      options.channelKind,
      update,
      options.now?.() ?? new Date(),
    );
  };
}

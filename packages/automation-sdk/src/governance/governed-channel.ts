import { newId } from '@cartwire/model';
import { type Db, messageLog } from '@cartwire/storage';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Channel, OutboundMessage } from '../runtime/channels';
import { GovernanceRefusedError, type RefusalReason } from './errors';
import { customerKeyOf, dueScheduledCondition, type GateDecision, type GovernanceGate } from './gate';
import { ChannelKind } from './policy';

export interface GovernedChannelOptions {
  gate: GovernanceGate;
  /** The channel that delivers allowed messages. */
  channel: Channel;
  /** @default the channel's name when it is a channel kind (email, sms, …), else `webhook` */
  kind?: ChannelKind;
}

export interface DueDelivery {
  delivered: number;
  refused: number;
  delayed: number;
  failed: number;
  /** Due messages of holdout runs the gate allowed: recorded as `held_out`, not delivered. */
  heldOut: number;
}

/** A `Channel` whose every send passes the governance gate first and is recorded in the message log. */
export interface GovernedChannel extends Channel {
  readonly kind: ChannelKind;
  /**
   * Delivers messages that quiet hours delayed and that are now due, re-checking the gate for each
   * (a customer who unsubscribed or bought meanwhile is refused then). Run it on a timer next to the
   * workflow runtime's `runDue`.
   */
  deliverDue(limit?: number): Promise<DueDelivery>;
}

type LogRow = typeof messageLog.$inferSelect;

interface StoredPayload {
  message: OutboundMessage;
  detail: string | null;
}

/** Serializes gate decisions per customer: two concurrent sends to one customer cannot both pass a cap. */
async function lockCustomer(tx: Db, tenantId: string, customerKey: string) {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`governance:${tenantId}:${customerKey}`}, 0))`,
  );
}

function statusOf(decision: GateDecision, message: OutboundMessage): LogRow['status'] {
  // A holdout run's message passes every check a treated one does, then stops here: recorded, not sent.
  if (decision.decision === 'allow') return message.origin.arm === 'holdout' ? 'held_out' : 'allowed';
  if (decision.decision === 'delay') return 'scheduled';
  return 'refused';
}

function detailOf(decision: GateDecision): string | null {
  return decision.decision === 'allow' ? null : decision.detail;
}

/**
 * Wraps a channel with the governance gate. The workflow runtime needs no change: a refusal surfaces as a
 * non-retryable `GovernanceRefusedError` (a `StepFailedError`), a quiet-hours delay is accepted and stored
 * as `scheduled` (the runtime moves on; `deliverDue` sends it at the allowed time), and an allowed message
 * goes through the wrapped channel. A retried step (same idempotency key) reuses its first decision.
 * @example createGovernedChannel({ gate, channel: createSmtpChannel(…) })
 */
export function createGovernedChannel(options: GovernedChannelOptions): GovernedChannel {
  const { gate, channel } = options;
  const parsedKind = ChannelKind.safeParse(channel.name);
  const kind: ChannelKind = options.kind ?? (parsedKind.success ? parsedKind.data : 'webhook');
  const db = gate.db;

  function refusal(row: LogRow): GovernanceRefusedError {
    const payload = row.payload as unknown as StoredPayload;
    return new GovernanceRefusedError(row.reason as RefusalReason, payload.detail ?? '', row.id);
  }

  async function deliver(row: LogRow, message: OutboundMessage): Promise<{ messageId: string }> {
    try {
      const { messageId } = await channel.send({
        ...message,
        origin: { ...message.origin, messageId: row.id },
      });
      await db
        .update(messageLog)
        .set({ status: 'sent', providerMessageId: messageId, error: null, updatedAt: gate.now() })
        .where(eq(messageLog.id, row.id));
      return { messageId: row.id };
    } catch (error) {
      await db
        .update(messageLog)
        .set({
          status: 'failed',
          error: error instanceof Error ? error.message : String(error),
          updatedAt: gate.now(),
        })
        .where(eq(messageLog.id, row.id));
      throw error;
    }
  }

  return {
    name: channel.name,
    kind,
    recordsHoldout: true,
    async send(message) {
      const { tenantId } = message.origin;
      const customerKey = customerKeyOf(message);
      const contacts = await gate.contacts(message);
      const row = await db.transaction(async (tx) => {
        await lockCustomer(tx, tenantId, customerKey);
        const [existing] = await tx
          .select()
          .from(messageLog)
          .where(
            and(
              eq(messageLog.tenantId, tenantId),
              eq(messageLog.idempotencyKey, message.origin.idempotencyKey),
            ),
          );
        if (existing) return existing;
        const decision = await gate.decide(tx, message, kind, { contacts });
        const at = gate.now();
        const payload: StoredPayload = { message, detail: detailOf(decision) };
        const [inserted] = await tx
          .insert(messageLog)
          .values({
            id: newId('msg_'),
            tenantId,
            storeId: message.origin.storeId,
            customerKey,
            customerId: message.recipient.customerId,
            channelKind: kind,
            channelName: channel.name,
            workflowId: message.origin.workflowId,
            workflowKey: message.origin.workflowKey,
            runId: message.origin.runId,
            nodeId: message.origin.nodeId,
            arm: message.origin.arm ?? 'treatment',
            variants: message.origin.variants,
            idempotencyKey: message.origin.idempotencyKey,
            template: message.template,
            promo: message.offer.kind !== 'none',
            offer: message.offer as unknown as Record<string, unknown>,
            decision: decision.decision,
            reason: decision.decision === 'allow' ? null : decision.reason,
            deliverAt: decision.decision === 'delay' ? decision.until : null,
            status: statusOf(decision, message),
            payload: payload as unknown as Record<string, unknown>,
            createdAt: at,
            updatedAt: at,
          })
          .returning();
        if (!inserted) throw new Error('message_log insert returned no row');
        return inserted;
      });
      switch (row.status) {
        case 'refused':
          throw refusal(row);
        case 'held_out':
          return { messageId: row.id, heldOut: true };
        case 'scheduled':
        case 'sent':
        case 'delivered':
        case 'bounced':
          return { messageId: row.id };
        default:
          // allowed, or failed earlier and retried by the runtime under the same idempotency key
          return deliver(row, message);
      }
    },
    async deliverDue(limit = 100) {
      const result: DueDelivery = { delivered: 0, refused: 0, delayed: 0, failed: 0, heldOut: 0 };
      const due = await db
        .select({
          id: messageLog.id,
          tenantId: messageLog.tenantId,
          customerKey: messageLog.customerKey,
          payload: messageLog.payload,
        })
        .from(messageLog)
        .where(dueScheduledCondition(channel.name, gate.now()))
        .orderBy(asc(messageLog.deliverAt))
        .limit(limit);
      for (const candidate of due) {
        const contacts = await gate.contacts((candidate.payload as unknown as StoredPayload).message);
        const claimed = await db.transaction(async (tx) => {
          await lockCustomer(tx, candidate.tenantId, candidate.customerKey);
          const [row] = await tx
            .select()
            .from(messageLog)
            .where(and(eq(messageLog.id, candidate.id), eq(messageLog.status, 'scheduled')))
            .for('update');
          if (!row) return null; // another worker took it
          const payload = row.payload as unknown as StoredPayload;
          const decision = await gate.decide(tx, payload.message, kind, { excludeLogId: row.id, contacts });
          const [updated] = await tx
            .update(messageLog)
            .set({
              status: statusOf(decision, payload.message),
              ...(decision.decision === 'allow' ? {} : { reason: decision.reason }),
              ...(decision.decision === 'delay' ? { deliverAt: decision.until } : {}),
              payload: { ...payload, detail: detailOf(decision) ?? payload.detail } as unknown as Record<
                string,
                unknown
              >,
              updatedAt: gate.now(),
            })
            .where(eq(messageLog.id, row.id))
            .returning();
          return updated ? { row: updated, message: payload.message } : null;
        });
        if (!claimed) continue;
        if (claimed.row.status === 'refused') result.refused++;
        else if (claimed.row.status === 'scheduled') result.delayed++;
        else if (claimed.row.status === 'held_out') result.heldOut++;
        else {
          try {
            await deliver(claimed.row, claimed.message);
            result.delivered++;
          } catch {
            result.failed++;
          }
        }
      }
      return result;
    },
  };
}

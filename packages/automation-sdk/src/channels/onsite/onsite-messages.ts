import { newId } from '@cartwire/model';
import { type Db, onsiteMessages } from '@cartwire/storage';
import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import { durationMs } from '../../definition/duration';
import { StepFailedError } from '../../errors';
import type { Channel, OutboundMessage } from '../../runtime/channels';
import type { MessageRenderer } from '../sms/sms-channel';

/** What the storefront shows: any JSON the renderer produces (title, body, image, call to action…). */
export type OnsiteContent = Record<string, unknown>;

export interface OnsiteMessage {
  id: string;
  storeId: string;
  customerId: string;
  template: string;
  content: OnsiteContent;
  createdAt: Date;
  expiresAt: Date | null;
  /** When the storefront first read it. */
  seenAt: Date | null;
}

/**
 * What an onsite message holds without a renderer: the send's template key (the storefront renders it its
 * own way), its offer and the recipient's code when `withOfferCodes` attached one, and the recommended
 * products and subject records by id.
 */
export function defaultOnsiteContent(message: OutboundMessage): OnsiteContent {
  const offerCode = (message as OutboundMessage & { offerCode?: { code: string; expiresAt: Date | null } })
    .offerCode;
  return {
    template: message.template,
    offer: message.offer,
    offerCode: offerCode
      ? { code: offerCode.code, expiresAt: offerCode.expiresAt?.toISOString() ?? null }
      : null,
    recommendedProductIds: message.recommendedProductIds,
    subject: message.subject,
  };
}

export interface OnsiteChannelOptions {
  db: Db;
  /** @default defaultOnsiteContent */
  render?: MessageRenderer<OnsiteContent>;
  /**
   * How long a message stays visible (ISO-8601 duration); null keeps it until dismissed.
   * @default 'P14D'
   */
  ttl?: string | null;
  /** @default () => new Date() */
  now?: () => Date;
  /** @default 'onsite' */
  name?: string;
}

/**
 * Onsite messages: a send stores the rendered content for the customer (once per step idempotency key);
 * the storefront reads it with the store's publishable key until it expires or the customer dismisses it.
 */
export function createOnsiteChannel(options: OnsiteChannelOptions): Channel {
  const now = options.now ?? (() => new Date());
  const ttl = options.ttl === undefined ? 'P14D' : options.ttl;
  const ttlMs = ttl === null ? null : durationMs(ttl);
  return {
    name: options.name ?? 'onsite',
    async send(message) {
      const customerId = message.recipient.customerId;
      if (!customerId) throw new StepFailedError('an onsite message needs a customer', false);
      const { tenantId, storeId, idempotencyKey } = message.origin;
      const content = await (options.render ?? defaultOnsiteContent)(message);
      const at = now();
      const [inserted] = await options.db
        .insert(onsiteMessages)
        .values({
          id: newId('osm_'),
          tenantId,
          storeId,
          customerId,
          idempotencyKey,
          template: message.template,
          content,
          createdAt: at,
          expiresAt: ttlMs === null ? null : new Date(at.getTime() + ttlMs),
        })
        .onConflictDoNothing({ target: [onsiteMessages.tenantId, onsiteMessages.idempotencyKey] })
        .returning({ id: onsiteMessages.id });
      if (inserted) return { messageId: inserted.id };
      const [existing] = await options.db
        .select({ id: onsiteMessages.id })
        .from(onsiteMessages)
        .where(and(eq(onsiteMessages.tenantId, tenantId), eq(onsiteMessages.idempotencyKey, idempotencyKey)));
      if (!existing) throw new Error('onsite message vanished after an idempotency conflict');
      return { messageId: existing.id };
    },
  };
}

/** A storefront's view: one store of one tenant, as resolved from its publishable key. */
export interface StorefrontScope {
  tenantId: string;
  storeId: string;
}

export interface OnsiteInboxOptions {
  db: Db;
  /** @default () => new Date() */
  now?: () => Date;
}

/** Reading and dismissing onsite messages, always within one store of one tenant. */
export function createOnsiteInbox(options: OnsiteInboxOptions) {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const inScope = (scope: StorefrontScope, customerId: string) =>
    and(
      eq(onsiteMessages.tenantId, scope.tenantId),
      eq(onsiteMessages.storeId, scope.storeId),
      eq(onsiteMessages.customerId, customerId),
    );

  return {
    /**
     * The customer's visible messages (not dismissed, not expired), newest first; the first read stamps
     * `seenAt`.
     */
    async list(scope: StorefrontScope, customerId: string, limit = 20): Promise<OnsiteMessage[]> {
      const at = now();
      const rows = await db
        .select()
        .from(onsiteMessages)
        .where(
          and(
            inScope(scope, customerId),
            isNull(onsiteMessages.dismissedAt),
            or(isNull(onsiteMessages.expiresAt), gt(onsiteMessages.expiresAt, at)),
          ),
        )
        .orderBy(desc(onsiteMessages.createdAt), desc(onsiteMessages.id))
        .limit(limit);
      const unseen = rows.filter((row) => row.seenAt === null).map((row) => row.id);
      for (const id of unseen) {
        await db
          .update(onsiteMessages)
          .set({ seenAt: at })
          .where(and(inScope(scope, customerId), eq(onsiteMessages.id, id), isNull(onsiteMessages.seenAt)));
      }
      return rows.map((row) => ({
        id: row.id,
        storeId: row.storeId,
        customerId: row.customerId,
        template: row.template,
        content: row.content,
        createdAt: row.createdAt,
        expiresAt: row.expiresAt,
        seenAt: row.seenAt ?? (unseen.includes(row.id) ? at : null),
      }));
    },

    /**
     * Dismisses one of the customer's messages. Dismissing twice is fine; a message of another customer,
     * store or tenant is `not_found`, exactly like one that does not exist.
     */
    async dismiss(
      scope: StorefrontScope,
      customerId: string,
      id: string,
    ): Promise<{ outcome: 'dismissed'; dismissedAt: Date } | { outcome: 'not_found' }> {
      const [row] = await db
        .select({ dismissedAt: onsiteMessages.dismissedAt })
        .from(onsiteMessages)
        .where(and(inScope(scope, customerId), eq(onsiteMessages.id, id)));
      if (!row) return { outcome: 'not_found' };
      if (row.dismissedAt) return { outcome: 'dismissed', dismissedAt: row.dismissedAt };
      const at = now();
      await db
        .update(onsiteMessages)
        .set({ dismissedAt: at })
        .where(
          and(inScope(scope, customerId), eq(onsiteMessages.id, id), isNull(onsiteMessages.dismissedAt)),
        );
      return { outcome: 'dismissed', dismissedAt: at };
    },
  };
}

export type OnsiteInbox = ReturnType<typeof createOnsiteInbox>;

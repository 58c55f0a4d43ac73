import { EmailAddress, ID_PREFIX, newId } from '@cartwire/model';
import { createEventLog, type Db, waitlistSubscriptions } from '@cartwire/storage';
import { and, asc, eq, gt, inArray, or } from 'drizzle-orm';
import { z } from 'zod';
import { InvalidCursorError, InvalidWaitlistSubscriptionError } from '../errors';
import type { ActionHandler } from '../runtime/channels';

export type WaitlistStatus = 'active' | 'notified';

/** A shopper waiting for a variant to come back in stock. */
export interface WaitlistSubscription {
  id: string;
  tenantId: string;
  storeId: string;
  variantId: string;
  productId: string;
  customerId: string | null;
  email: string | null;
  /** Channel the shopper asked for (`email`, `sms`, …); null: whatever the workflow sends on. */
  channel: string | null;
  /** `active` until a back-in-stock alert reached the shopper, then `notified`. */
  status: WaitlistStatus;
  createdAt: Date;
  updatedAt: Date;
  notifiedAt: Date | null;
}

export const WaitlistSubscribeInput = z
  .object({
    tenantId: z.string().min(1),
    storeId: z.string().min(1),
    variantId: z.string().min(1),
    productId: z.string().min(1),
    customerId: z.string().min(1).max(200).nullish(),
    email: EmailAddress.nullish(),
    channel: z.string().min(1).max(50).nullish(),
  })
  .refine((input) => Boolean(input.customerId || input.email), {
    message: 'a subscriber needs a customerId or an email',
    path: ['customerId'],
  });
export type WaitlistSubscribeInput = z.input<typeof WaitlistSubscribeInput>;

/** Who a waitlist alert is for: a customer id and/or an email. */
export interface WaitlistShopper {
  customerId: string | null;
  email: string | null;
}

export interface WaitlistStoreOptions {
  /** @default () => new Date() */
  now?: () => Date;
}

export interface WaitlistStore {
  /**
   * Puts a shopper on a variant's waitlist and appends a `waitlist.subscribed` event (in the same
   * transaction), so workflows can trigger on it. Idempotent per subscriber (customer id, else email):
   * subscribing again while active returns the same subscription with `created: false` and appends
   * nothing; after an alert it re-activates the subscription (a new wait, a new event).
   * @throws InvalidWaitlistSubscriptionError when neither a customer id nor a valid email is given.
   */
  subscribe(input: WaitlistSubscribeInput): Promise<{ subscription: WaitlistSubscription; created: boolean }>;
  /** Oldest first (the order shoppers joined); `cursor` continues after the last page. */
  list(
    tenantId: string,
    variantId: string,
    options?: { limit?: number; cursor?: string; status?: WaitlistStatus },
  ): Promise<{ items: WaitlistSubscription[]; nextCursor: string | null }>;
  /** @returns false when the variant's waitlist has no such subscription in this tenant. */
  unsubscribe(tenantId: string, variantId: string, subscriptionId: string): Promise<boolean>;
  /** Whether the shopper has an active subscription for the variant (by customer id or email). */
  isSubscribed(tenantId: string, variantId: string, shopper: WaitlistShopper): Promise<boolean>;
  /** Marks the shopper's active subscriptions for the variant notified. @returns how many changed */
  markNotified(tenantId: string, variantId: string, shopper: WaitlistShopper): Promise<number>;
}

function subscriberKeys(shopper: WaitlistShopper): string[] {
  const keys: string[] = [];
  if (shopper.customerId) keys.push(shopper.customerId);
  if (shopper.email) keys.push(`email:${shopper.email.toLowerCase()}`);
  return keys;
}

type Row = typeof waitlistSubscriptions.$inferSelect;

function toSubscription(row: Row): WaitlistSubscription {
  return {
    id: row.id,
    tenantId: row.tenantId,
    storeId: row.storeId,
    variantId: row.variantId,
    productId: row.productId,
    customerId: row.customerId,
    email: row.email,
    channel: row.channel,
    status: row.status,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    notifiedAt: row.notifiedAt,
  };
}

const Cursor = z.object({ createdAt: z.iso.datetime(), id: z.string().min(1) });

function encodeCursor(row: Row): string {
  return Buffer.from(JSON.stringify({ createdAt: row.createdAt.toISOString(), id: row.id })).toString(
    'base64url',
  );
}

function decodeCursor(raw: string): z.infer<typeof Cursor> {
  try {
    const parsed = Cursor.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // not base64url JSON: the same error as a well-formed foreign cursor
  }
  throw new InvalidCursorError(raw);
}

/** Variant waitlists on Postgres, tenant-scoped. */
export function createWaitlistStore(db: Db, options: WaitlistStoreOptions = {}): WaitlistStore {
  const now = options.now ?? (() => new Date());
  return {
    async subscribe(raw) {
      const parsed = WaitlistSubscribeInput.safeParse(raw);
      if (!parsed.success) {
        throw new InvalidWaitlistSubscriptionError(
          parsed.error.issues.map((issue) => ({
            path: issue.path.map(String).join('.'),
            message: issue.message,
          })),
        );
      }
      const input = parsed.data;
      const customerId = input.customerId ?? null;
      const email = input.email ?? null;
      const [subscriberKey] = subscriberKeys({ customerId, email }) as [string];
      return db.transaction(async (tx) => {
        const at = now();
        // Inserting first and reading on conflict keeps two concurrent subscribes of one shopper to one row.
        const [inserted] = await tx
          .insert(waitlistSubscriptions)
          .values({
            id: newId(ID_PREFIX.waitlist_subscription),
            tenantId: input.tenantId,
            storeId: input.storeId,
            variantId: input.variantId,
            productId: input.productId,
            subscriberKey,
            customerId,
            email,
            channel: input.channel ?? null,
            status: 'active',
            createdAt: at,
            updatedAt: at,
          })
          .onConflictDoNothing()
          .returning();
        let row = inserted;
        if (!row) {
          const [reactivated] = await tx
            .update(waitlistSubscriptions)
            .set({
              status: 'active',
              notifiedAt: null,
              updatedAt: at,
              ...(email ? { email } : {}),
              ...(input.channel ? { channel: input.channel } : {}),
            })
            .where(
              and(
                eq(waitlistSubscriptions.tenantId, input.tenantId),
                eq(waitlistSubscriptions.variantId, input.variantId),
                eq(waitlistSubscriptions.subscriberKey, subscriberKey),
                eq(waitlistSubscriptions.status, 'notified'),
              ),
            )
            .returning();
          if (!reactivated) {
            const [existing] = await tx
              .select()
              .from(waitlistSubscriptions)
              .where(
                and(
                  eq(waitlistSubscriptions.tenantId, input.tenantId),
                  eq(waitlistSubscriptions.variantId, input.variantId),
                  eq(waitlistSubscriptions.subscriberKey, subscriberKey),
                ),
              );
            return { subscription: toSubscription(existing as Row), created: false };
          }
          row = reactivated;
        }
        await createEventLog(tx).appendEvents([
          {
            id: newId(ID_PREFIX.event),
            type: 'waitlist.subscribed',
            tenantId: row.tenantId,
            storeId: row.storeId,
            occurredAt: at.toISOString(),
            receivedAt: at.toISOString(),
            source: 'api',
            entityType: 'variant',
            entityId: row.variantId,
            data: {
              subscriptionId: row.id,
              productId: row.productId,
              variantId: row.variantId,
              shopper: {
                ...(row.customerId ? { customerId: row.customerId } : {}),
                ...(row.email ? { email: row.email } : {}),
              },
              channel: row.channel,
            },
          },
        ]);
        return { subscription: toSubscription(row), created: true };
      });
    },

    async list(tenantId, variantId, listOptions = {}) {
      const limit = Math.min(Math.max(listOptions.limit ?? 50, 1), 250);
      const after = listOptions.cursor ? decodeCursor(listOptions.cursor) : null;
      const rows = await db
        .select()
        .from(waitlistSubscriptions)
        .where(
          and(
            eq(waitlistSubscriptions.tenantId, tenantId),
            eq(waitlistSubscriptions.variantId, variantId),
            listOptions.status ? eq(waitlistSubscriptions.status, listOptions.status) : undefined,
            after
              ? or(
                  gt(waitlistSubscriptions.createdAt, new Date(after.createdAt)),
                  and(
                    eq(waitlistSubscriptions.createdAt, new Date(after.createdAt)),
                    gt(waitlistSubscriptions.id, after.id),
                  ),
                )
              : undefined,
          ),
        )
        .orderBy(asc(waitlistSubscriptions.createdAt), asc(waitlistSubscriptions.id))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(toSubscription),
        nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
      };
    },

    async unsubscribe(tenantId, variantId, subscriptionId) {
      const rows = await db
        .delete(waitlistSubscriptions)
        .where(
          and(
            eq(waitlistSubscriptions.tenantId, tenantId),
            eq(waitlistSubscriptions.variantId, variantId),
            eq(waitlistSubscriptions.id, subscriptionId),
          ),
        )
        .returning({ id: waitlistSubscriptions.id });
      return rows.length === 1;
    },

    async isSubscribed(tenantId, variantId, shopper) {
      const keys = subscriberKeys(shopper);
      if (keys.length === 0) return false;
      const [row] = await db
        .select({ id: waitlistSubscriptions.id })
        .from(waitlistSubscriptions)
        .where(
          and(
            eq(waitlistSubscriptions.tenantId, tenantId),
            eq(waitlistSubscriptions.variantId, variantId),
            inArray(waitlistSubscriptions.subscriberKey, keys),
            eq(waitlistSubscriptions.status, 'active'),
          ),
        )
        .limit(1);
      return row !== undefined;
    },

    async markNotified(tenantId, variantId, shopper) {
      const keys = subscriberKeys(shopper);
      if (keys.length === 0) return 0;
      const at = now();
      const rows = await db
        .update(waitlistSubscriptions)
        .set({ status: 'notified', notifiedAt: at, updatedAt: at })
        .where(
          and(
            eq(waitlistSubscriptions.tenantId, tenantId),
            eq(waitlistSubscriptions.variantId, variantId),
            inArray(waitlistSubscriptions.subscriberKey, keys),
            eq(waitlistSubscriptions.status, 'active'),
          ),
        )
        .returning({ id: waitlistSubscriptions.id });
      return rows.length;
    },
  };
}

/**
 * The `waitlist` action (`mark_notified`): the run's shopper leaves the waitlist of each of the run's
 * variants, so a later restock does not alert them again unless they subscribe again.
 * @example createWorkflowRuntime({ …, actions: { waitlist: createWaitlistActionHandler(waitlist) } })
 */
export function createWaitlistActionHandler(
  waitlist: Pick<WaitlistStore, 'markNotified'>,
): ActionHandler<'waitlist'> {
  return async (_action, target, origin) => {
    for (const variantId of target.variantIds) {
      await waitlist.markNotified(origin.tenantId, variantId, {
        customerId: target.customerId,
        email: target.email,
      });
    }
  };
}

import { z } from 'zod';

/** Queues of the sync layer on the durable jobs table. */
export const SYNC_QUEUE = 'sync';
export const CART_CHECK_QUEUE = 'cart-check';
export const SYNC_QUEUES = [SYNC_QUEUE, CART_CHECK_QUEUE] as const;

/**
 * Lower runs first. Webhook follow-up fetches and cart re-checks are time-critical; scheduled polls
 * come next; backfills (large, not urgent once started) yield to both.
 */
export const PRIORITY = { urgent: -100, poll: 0, backfill: 100 } as const;

/** A sync job: ids only; credentials and settings are read when it runs. */
export const SyncJobPayload = z.object({
  storeId: z.string().min(1),
  stream: z.string().min(1),
  mode: z.enum(['backfill', 'incremental']),
  /** `webhook` when a partial or stale webhook asked for this fetch. */
  reason: z.enum(['connect', 'schedule', 'webhook', 'manual']).default('schedule'),
});
export type SyncJobPayload = z.infer<typeof SyncJobPayload>;

export const CartCheckPayload = z.object({
  storeId: z.string().min(1),
  cartId: z.string().min(1),
});
export type CartCheckPayload = z.infer<typeof CartCheckPayload>;

/** At most one pending poll per (store, stream): a webhook's urgent fetch and the schedule share it. */
export function syncDedupeKey(storeId: string, stream: string, mode: SyncJobPayload['mode']): string {
  return `sync:${storeId}:${stream}:${mode}`;
}

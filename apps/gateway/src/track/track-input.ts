import { z } from 'zod';

/** Behaviour the platforms do not report, sent by a storefront tracker. */
export const TRACK_EVENT_TYPES = [
  'product.viewed',
  'category.viewed',
  'cart.item_added',
  'search.performed',
] as const;

/**
 * `POST /v1/track` body: the event type, who did it, and the event's own fields.
 *
 * @example { "type": "product.viewed", "anonymousId": "a-1f3", "properties": { "productId": "prd_…" } }
 */
export const TrackRequest = z.object({
  type: z.enum(TRACK_EVENT_TYPES),
  customerId: z.string().min(1).max(100).optional(),
  email: z.string().min(3).max(320).optional(),
  anonymousId: z.string().min(1).max(200).optional(),
  /** The tracker's id for this event; a retry with the same id is stored once. */
  messageId: z.string().min(1).max(200).optional(),
  /** When it happened in the browser; defaults to when it was received. */
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  /** Fields of the event's data (productId, variantId, url, name, quantity, query, …). */
  properties: z.record(z.string(), z.unknown()).default({}),
});
export type TrackRequest = z.infer<typeof TrackRequest>;

/** Where a tracker puts the publishable key (safe to embed in a storefront). */
export const PUBLISHABLE_KEY_HEADER = 'x-cartwire-publishable-key';

import type { EntityType } from '@cartwire/model';
import { z } from 'zod';

/**
 * Magento Open Source sends no webhooks: polling on `updated_at` is the primary path. Adobe Commerce
 * adds two optional push channels, handled here:
 * - Adobe I/O Events: asynchronous CloudEvents (`com.adobe.commerce.observer.<event>`) whose
 *   `data.value` holds only the attributes the subscription selected — a change notice, not a full
 *   record, so it is classified into "re-read this record" rather than mapped directly.
 * - Adobe Commerce Webhooks: synchronous calls that expect an operation back (`success`,
 *   `exception`, `add`, `replace`, `remove`); parsed and built here.
 */
export const AdobeIoEvent = z.looseObject({
  specversion: z.string(),
  id: z.string().min(1),
  source: z.string(),
  type: z.string().regex(/^com\.adobe\.commerce\./, 'an Adobe Commerce event type'),
  time: z.iso.datetime({ offset: true }).optional(),
  event_id: z.string().optional(),
  data: z.looseObject({
    key: z.string().optional(),
    value: z.record(z.string(), z.unknown()),
    _metadata: z.looseObject({ storeId: z.string().optional(), websiteId: z.string().optional() }).optional(),
  }),
});
export type AdobeIoEvent = z.infer<typeof AdobeIoEvent>;

/** Observer events that announce a change to a record Cartwire syncs. */
const OBSERVED: Record<string, { entity: EntityType; action: 'upsert' | 'delete' }> = {
  catalog_product_save_commit_after: { entity: 'product', action: 'upsert' },
  catalog_product_save_after: { entity: 'product', action: 'upsert' },
  catalog_product_delete_commit_after: { entity: 'product', action: 'delete' },
  catalog_product_delete_after: { entity: 'product', action: 'delete' },
  sales_order_save_commit_after: { entity: 'order', action: 'upsert' },
  sales_order_save_after: { entity: 'order', action: 'upsert' },
  sales_order_place_after: { entity: 'order', action: 'upsert' },
  sales_order_creditmemo_save_after: { entity: 'refund', action: 'upsert' },
  sales_order_shipment_save_after: { entity: 'shipment', action: 'upsert' },
  customer_save_commit_after: { entity: 'customer', action: 'upsert' },
  customer_save_after: { entity: 'customer', action: 'upsert' },
  customer_delete_commit_after: { entity: 'customer', action: 'delete' },
  cataloginventory_stock_item_save_commit_after: { entity: 'inventory_level', action: 'upsert' },
  checkout_cart_save_after: { entity: 'cart', action: 'upsert' },
};

/** What to do with an I/O event. */
export type AdobeEventClassification =
  | {
      kind: 'refetch';
      entity: EntityType;
      action: 'upsert' | 'delete';
      /** Observer event name, e.g. `catalog_product_save_commit_after`. */
      observer: string;
      /** How to find the record again: `entity_id`/`id` and/or `sku`, as the payload carries them. */
      lookup: { id: string | null; sku: string | null };
      /** The record's `updated_at` as ISO UTC when the payload has it (for ordering). */
      updatedAt: string | null;
      eventId: string;
    }
  | { kind: 'unsupported'; type: string; eventId: string };

function stringOf(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

export function classifyAdobeIoEvent(event: AdobeIoEvent): AdobeEventClassification {
  const eventId = event.event_id ?? event.id;
  const match = /^com\.adobe\.commerce\.(?:observer|plugin)\.(.+)$/.exec(event.type);
  const observer = match?.[1] ?? '';
  const known = OBSERVED[observer];
  if (!known) return { kind: 'unsupported', type: event.type, eventId };
  const value = event.data.value;
  const updated = stringOf(value.updated_at);
  return {
    kind: 'refetch',
    entity: known.entity,
    action: known.action,
    observer,
    lookup: { id: stringOf(value.entity_id ?? value.id), sku: stringOf(value.sku) },
    updatedAt:
      updated && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(updated)
        ? `${updated.replace(' ', 'T')}Z`
        : null,
    eventId,
  };
}

/** The operations an Adobe Commerce webhook endpoint may answer with. */
export const AdobeWebhookResponse = z.discriminatedUnion('op', [
  z.object({ op: z.literal('success') }),
  z.object({ op: z.literal('exception'), message: z.string().optional(), type: z.string().optional() }),
  z.object({ op: z.literal('add'), path: z.string(), value: z.unknown(), instance: z.string().optional() }),
  z.object({
    op: z.literal('replace'),
    path: z.string(),
    value: z.unknown(),
    instance: z.string().optional(),
  }),
  z.object({ op: z.literal('remove'), path: z.string() }),
]);
export type AdobeWebhookResponse = z.infer<typeof AdobeWebhookResponse>;

/** Lets the Commerce operation proceed. */
export function webhookSuccess(): AdobeWebhookResponse {
  return { op: 'success' };
}

/** Stops the Commerce operation; Magento shows `message` to the shopper or admin. */
export function webhookException(message: string, type?: string): AdobeWebhookResponse {
  return { op: 'exception', message, ...(type ? { type } : {}) };
}

import { z } from 'zod';
import { GmtDate, WooId } from './raw-common';

/** The error body of the WP REST API: `{ code, message, data: { status } }`. */
export const WooErrorBody = z.object({
  code: z.string().min(1),
  message: z.string(),
  data: z.object({ status: z.number().int() }).loose().nullish(),
});
export type WooErrorBody = z.infer<typeof WooErrorBody>;

/**
 * What `/wc-auth/v1/authorize` POSTs to the app's `callback_url` once the merchant approves:
 * the REST keys to store as the connection's credentials.
 */
export const WooAuthCallbackBody = z.object({
  key_id: WooId,
  /** Echoes the app's own `user_id` parameter, which may be any string. */
  user_id: z.union([WooId, z.string().min(1)]).transform(String),
  consumer_key: z.string().startsWith('ck_'),
  consumer_secret: z.string().startsWith('cs_'),
  key_permissions: z.enum(['read', 'write', 'read_write']),
});
export type WooAuthCallbackBody = z.infer<typeof WooAuthCallbackBody>;

/** A webhook subscription resource (`GET /webhooks/{id}`); the secret is write-only. */
export const WooWebhook = z.object({
  id: WooId,
  name: z.string(),
  status: z.enum(['active', 'paused', 'disabled']),
  topic: z.string(),
  resource: z.string(),
  event: z.string(),
  hooks: z.array(z.string()),
  delivery_url: z.url(),
  date_created_gmt: GmtDate,
  date_modified_gmt: GmtDate,
});
export type WooWebhook = z.infer<typeof WooWebhook>;

/** `POST /orders/{id}/notes` response. */
export const WooOrderNote = z.object({
  id: WooId,
  note: z.string(),
  customer_note: z.boolean(),
  date_created_gmt: GmtDate,
});
export type WooOrderNote = z.infer<typeof WooOrderNote>;

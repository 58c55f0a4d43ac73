import type { EntityType, EventType } from '@cartwire/model';

/** Result of checking an inbound delivery's signature: a value, since callers branch on it. */
export type WebhookVerification =
  | { valid: true }
  | { valid: false; reason: 'missing_signature' | 'signature_mismatch' | 'missing_secret' };

export interface WebhookInput {
  /** The exact bytes received; signatures are computed over them, never over re-serialized JSON. */
  rawBody: Uint8Array;
  headers: Headers;
}

/** What a platform topic means in normalized terms. */
export interface WebhookTopicDefinition {
  entity: EntityType;
  /** `delete` topics carry only an id. */
  action: 'upsert' | 'delete';
  /** Stream whose schema and mapper turn the payload into the entity (upserts). */
  stream?: string;
  /**
   * The normalized event this topic states outright (`orders/cancelled` → `order.cancelled`). Omit
   * when the event follows from the upsert itself (created vs updated is decided downstream).
   */
  event?: EventType;
}

/**
 * Inbound webhook handling for one platform: verification, topic → entity mapping, dedup ids.
 * Platform header names and topic strings stay inside the connector declaring this.
 */
export interface WebhookDefinition {
  verify(input: WebhookInput & { secret: string }): WebhookVerification;
  /** The platform topic of a delivery, e.g. from a topic header; null when absent. */
  topic(input: WebhookInput): string | null;
  /** Stable id of the delivery (same across platform retries) for deduplication. */
  deliveryId(input: WebhookInput, body: unknown): string | null;
  /** Deliveries that only test the endpoint (WooCommerce's form-encoded `webhook_id=N`): answer 200. */
  isPing?(input: WebhookInput): boolean;
  topics: Record<string, WebhookTopicDefinition>;
  /** The raw record inside the payload. @default the whole body */
  record?(body: unknown, topic: string): unknown;
  /** How to decode bodies; int64 ids in webhook payloads need the big-int-safe parser. @default 'json-bigint-safe' */
  parse?: 'json' | 'json-bigint-safe';
}

import type { AnyEntity, EntityType, EventType } from '@cartwire/model';
import type { AnyConnector } from '../connector';
import { ConnectorDefinitionError } from '../errors';
import { parseJson } from '../json';
import { processRecord, type RecordError, recordExternalId } from '../record-pipeline';
import type { WebhookInput, WebhookVerification } from './webhook-types';

type Rejection = Extract<WebhookVerification, { valid: false }>['reason'] | 'malformed_body';

/** What an inbound delivery amounts to. Expected outcomes are values; callers branch on `kind`. */
export type WebhookOutcome =
  /** An endpoint check (WooCommerce's `webhook_id=N` ping): answer 200, nothing else. */
  | { kind: 'ping' }
  /** Signature missing or wrong, or a signed body that is not JSON: answer 401/400, never process. */
  | { kind: 'rejected'; reason: Rejection }
  /** Authentic, but a topic this connector does not map: acknowledge and drop. */
  | { kind: 'ignored'; topic: string | null; deliveryId: string | null }
  | {
      kind: 'accepted';
      topic: string;
      /** Stable across the platform's retries: deduplicate on it. */
      deliveryId: string | null;
      entity: EntityType;
      action: 'upsert' | 'delete';
      /** The event the topic states outright, if any (see WebhookTopicDefinition.event). */
      event: EventType | null;
      externalId: string | null;
      /** Mapped entities for upserts; empty for deletes and for a record that failed mapping. */
      entities: readonly AnyEntity[];
      recordErrors: readonly RecordError[];
    };

export interface ProcessWebhookInput extends WebhookInput {
  storeId: string;
  secret: string;
  /** Validate mapped entities against the normalized model. @default true */
  validateEntities?: boolean;
}

/**
 * Verifies an inbound platform webhook and turns it into normalized entities through the same
 * schema + mapper as the polling stream, so both paths produce identical records.
 *
 * @example
 * const outcome = processWebhook(shopifyConnector, { storeId, secret, rawBody, headers });
 * if (outcome.kind === 'rejected') return c.body(null, 401);
 */
export function processWebhook(connector: AnyConnector, input: ProcessWebhookInput): WebhookOutcome {
  const webhooks = connector.webhooks;
  if (!webhooks) throw new ConnectorDefinitionError(`${connector.platform} declares no webhooks`);
  if (webhooks.isPing?.(input)) return { kind: 'ping' };
  const verification = webhooks.verify(input);
  if (!verification.valid) return { kind: 'rejected', reason: verification.reason };
  const topic = webhooks.topic(input);
  let body: unknown;
  try {
    body = parseJson(
      new TextDecoder().decode(input.rawBody),
      webhooks.parse === 'json' ? 'json' : 'json-bigint-safe',
    );
  } catch {
    return { kind: 'rejected', reason: 'malformed_body' };
  }
  const deliveryId = webhooks.deliveryId(input, body);
  const mapping = topic === null ? undefined : webhooks.topics[topic];
  if (topic === null || !mapping) return { kind: 'ignored', topic, deliveryId };
  const record = webhooks.record ? webhooks.record(body, topic) : body;
  const stream = mapping.stream === undefined ? undefined : connector.streams[mapping.stream];
  if (mapping.stream !== undefined && !stream) {
    throw new ConnectorDefinitionError(`webhook topic '${topic}' names unknown stream '${mapping.stream}'`);
  }
  const base = {
    kind: 'accepted' as const,
    topic,
    deliveryId,
    entity: mapping.entity,
    action: mapping.action,
    event: mapping.event ?? null,
  };
  if (mapping.action === 'delete' || !stream) {
    const externalId = stream ? recordExternalId(stream, record) : readId(record);
    return { ...base, externalId, entities: [], recordErrors: [] };
  }
  const result = processRecord(
    stream,
    record,
    { storeId: input.storeId, platform: connector.platform, stream: mapping.stream ?? topic },
    { validateEntities: input.validateEntities ?? true },
  );
  const externalId = recordExternalId(stream, record);
  return result.ok
    ? { ...base, externalId, entities: result.entities, recordErrors: [] }
    : { ...base, externalId, entities: [], recordErrors: [result.error] };
}

function readId(record: unknown): string | null {
  if (typeof record !== 'object' || record === null) return null;
  const id = (record as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

import type { AnyConnector, WebhookInput, WebhookOutcome } from '@cartwire/connectors';
import type { AnyEntity, EntityType } from '@cartwire/model';
import type { StoreRecord } from '@cartwire/storage';

/** What an authentic delivery asks the gateway to do. */
export type InboundChange =
  | { kind: 'ignored' }
  | {
      kind: 'upsert';
      entities: readonly AnyEntity[];
      /** Streams to re-read urgently as well (the payload left something out). */
      refetch: readonly string[];
    }
  | { kind: 'delete'; entity: EntityType; externalId: string }
  /** The payload is partial or needs facts it does not carry: re-read the entity through the connector. */
  | { kind: 'refetch'; streams: readonly string[] };

/**
 * How one platform's verified webhooks become changes. The signature check itself is the
 * connector's (`processWebhook` runs it on the raw bytes before anything is parsed).
 */
export interface InboundPlatform {
  connector: AnyConnector;
  /** The secret deliveries are signed with, from the store's decrypted credentials; null when none. */
  webhookSecret(credentials: Record<string, unknown>): string | null;
  interpret(
    outcome: Extract<WebhookOutcome, { kind: 'accepted' | 'ignored' }>,
    input: WebhookInput,
    store: StoreRecord,
  ): Promise<InboundChange>;
}

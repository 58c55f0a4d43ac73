import { type AnyEntity, EntityType } from '@cartwire/model';
import {
  createWebhookReceiptRepository,
  type Database,
  type EnqueueJobInput,
  type Repositories,
} from '@cartwire/storage';
import { z } from 'zod';
import type { Clock } from '../clock';
import { readSyncSettings } from '../sync/store-sync-settings';
import { PRIORITY } from '../sync/sync-jobs';
import type { FollowUps, SyncService } from '../sync/sync-service';
import type { InboundChange } from './inbound-change';

/** The queue of accepted inbound deliveries waiting to be applied. */
export const INBOUND_DELIVERY_QUEUE = 'inbound-webhook';

const InboundDeliveryPayload = z.object({ receiptId: z.number().int().positive() });

/** The job that applies one accepted delivery: its receipt id only; the change waits in the receipt. */
export function inboundDeliveryJob(tenantId: string, receiptId: number): EnqueueJobInput {
  return {
    queue: INBOUND_DELIVERY_QUEUE,
    tenantId,
    payload: { receiptId },
    priority: PRIORITY.urgent,
    dedupeKey: `inbound-webhook:${receiptId}`,
  };
}

/**
 * The change as the receiver stored it. Entities are only checked for an id here: the entity repository
 * validates each against the model when it upserts it, as it does for every write.
 */
const StoredInboundChange = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ignored') }),
  z.object({
    kind: z.literal('upsert'),
    entities: z.array(z.looseObject({ id: z.string().min(1) })),
    refetch: z.array(z.string()),
  }),
  z.object({ kind: z.literal('delete'), entity: EntityType, externalId: z.string().min(1) }),
  z.object({ kind: z.literal('refetch'), streams: z.array(z.string()) }),
]);

function parseStoredChange(value: unknown): InboundChange {
  const change = StoredInboundChange.parse(value);
  if (change.kind !== 'upsert') return change;
  return { ...change, entities: change.entities as unknown as AnyEntity[] };
}

export interface InboundDeliveryProcessorOptions {
  database: Database;
  repositories: Pick<Repositories, 'stores'>;
  sync: SyncService;
  clock: Clock;
}

/**
 * Applies accepted deliveries. The receipt is marked processed in the transaction that writes the
 * change and its events, so a job that runs twice (a lease expired mid-way) applies it once.
 */
export function createInboundDeliveryProcessor(options: InboundDeliveryProcessorOptions) {
  const { database, repositories, sync, clock } = options;
  return async function processInboundDelivery(tenantId: string, payload: unknown): Promise<FollowUps> {
    const { receiptId } = InboundDeliveryPayload.parse(payload);
    const delivery = await createWebhookReceiptRepository(database.db).pendingDelivery(tenantId, receiptId);
    if (!delivery) return [];
    const markProcessed = (tx: Parameters<typeof createWebhookReceiptRepository>[0]) =>
      createWebhookReceiptRepository(tx).markProcessed(tenantId, receiptId, clock.now());
    const change = parseStoredChange(delivery.change);
    const store = await repositories.stores.getStore(tenantId, delivery.storeId);
    if (!store || change.kind === 'ignored') {
      // The store was disconnected since: nothing to apply it to.
      await markProcessed(database.db);
      return [];
    }
    switch (change.kind) {
      case 'refetch':
        // The fetch job is deduplicated per (store, stream) while pending, so a repeat here is harmless.
        await sync.requestFetch(tenantId, store.id, change.streams, 'webhook');
        await markProcessed(database.db);
        return [];
      case 'delete':
        await sync.recorder.recordDeletion({
          tenantId,
          storeId: store.id,
          entity: change.entity,
          externalId: change.externalId,
          at: delivery.receivedAt,
          source: 'webhook',
          guard: markProcessed,
        });
        return [];
      case 'upsert': {
        const result = await sync.recorder.recordEntities({
          tenantId,
          storeId: store.id,
          entities: change.entities,
          source: 'webhook',
          mode: 'live',
          settings: readSyncSettings(store.settings),
          guard: markProcessed,
        });
        if (!result.skipped && change.refetch.length > 0)
          await sync.requestFetch(tenantId, store.id, change.refetch, 'webhook');
        return [];
      }
    }
  };
}

export type InboundDeliveryProcessor = ReturnType<typeof createInboundDeliveryProcessor>;

import { type EventType, ID_PREFIX, newId, parseEvent } from '@cartwire/model';
import { type Database, findLinkedCustomer, type Repositories } from '@cartwire/storage';
import type { Clock } from '../clock';
import { stableEventId } from '../sync/stable-event-id';
import type { TrackRequest } from './track-input';

/** The entity a behaviour event is about, read from its data. */
const ENTITY_FIELD: Record<TrackRequest['type'], string | null> = {
  'product.viewed': 'productId',
  'category.viewed': 'collectionId',
  'cart.item_added': 'variantId',
  'search.performed': null,
};

export interface TrackedEvent {
  id: string;
  /** False when this messageId was already recorded. */
  appended: boolean;
  /** The customer the shopper resolved to (given, or stitched from the anonymous id); null if unknown. */
  customerId: string | null;
}

export interface TrackService {
  /** @throws InvalidEventError when the properties do not fit the event type */
  track(store: { tenantId: string; storeId: string }, request: TrackRequest): Promise<TrackedEvent>;
}

export function createTrackService(deps: {
  database: Database;
  repositories: Pick<Repositories, 'events'>;
  clock: Clock;
}): TrackService {
  return {
    async track({ tenantId, storeId }, request) {
      const linked =
        request.customerId === undefined && request.anonymousId !== undefined
          ? await findLinkedCustomer(deps.database.db, {
              tenantId,
              storeId,
              anonymousId: request.anonymousId,
            })
          : null;
      const customerId = request.customerId ?? linked ?? undefined;
      const shopper = {
        ...(customerId === undefined ? {} : { customerId }),
        ...(request.email === undefined ? {} : { email: request.email }),
        ...(request.anonymousId === undefined ? {} : { anonymousId: request.anonymousId }),
      };
      const data: Record<string, unknown> = { ...request.properties, shopper };
      const entityField = ENTITY_FIELD[request.type];
      const entityId = entityField === null ? null : data[entityField];
      const now = deps.clock.now().toISOString();
      const type: EventType = request.type;
      // parseEvent checks the properties against the event type's schema (400 on mismatch).
      const event = parseEvent({
        id:
          request.messageId === undefined
            ? newId(ID_PREFIX.event)
            : stableEventId([tenantId, storeId, 'track', request.messageId]),
        type,
        tenantId,
        storeId,
        occurredAt: request.occurredAt ?? now,
        receivedAt: now,
        source: 'track',
        entityType: 'behavior',
        entityId: typeof entityId === 'string' ? entityId : null,
        data,
      });
      const [result] = await deps.repositories.events.appendEvents([event]);
      return { id: event.id, appended: result?.appended ?? false, customerId: customerId ?? null };
    },
  };
}

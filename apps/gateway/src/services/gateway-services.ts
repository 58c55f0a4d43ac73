import type { IdempotencyStore, Repositories } from '@cartwire/storage';
import type { ChangeRecorder } from '../sync/change-recorder';
import type { ConnectorRegistry } from './connector-registry';
import { createEntityService, type EntityService } from './entity-service';
import { createEventService, type EventService } from './event-service';
import { createStoreService, type StoreService } from './store-service';
import { createWriteService, type WriteService } from './write-service';

/** The services REST and GraphQL both call: one implementation behind both APIs. */
export interface GatewayServices {
  readonly stores: StoreService;
  readonly entities: EntityService;
  readonly events: EventService;
  /** Writes through the store's platform (fulfillments, notes, tags, status, stock), reflected locally. */
  readonly writes: WriteService;
  /** Replays of write requests that carried an `Idempotency-Key`. */
  readonly idempotency: IdempotencyStore;
}

export function createGatewayServices(deps: {
  readonly repositories: Repositories;
  readonly connectors: ConnectorRegistry;
  /** Records what a write read back, the way synced changes are recorded. */
  readonly recorder: ChangeRecorder;
}): GatewayServices {
  const stores = createStoreService(deps);
  return {
    stores,
    entities: createEntityService({ ...deps, stores }),
    events: createEventService({ repositories: deps.repositories, stores }),
    writes: createWriteService({ ...deps, stores }),
    idempotency: deps.repositories.idempotency,
  };
}

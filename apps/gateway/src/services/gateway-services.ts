import type { IdempotencyStore, Repositories } from '@cartwire/storage';
import type { ConnectorRegistry } from './connector-registry';
import { createEntityService, type EntityService } from './entity-service';
import { createEventService, type EventService } from './event-service';
import { createStoreService, type StoreService } from './store-service';

/** The services REST and GraphQL both call: one implementation behind both APIs. */
export interface GatewayServices {
  readonly stores: StoreService;
  readonly entities: EntityService;
  readonly events: EventService;
  /** Replays of write requests that carried an `Idempotency-Key`. */
  readonly idempotency: IdempotencyStore;
}

export function createGatewayServices(deps: {
  readonly repositories: Repositories;
  readonly connectors: ConnectorRegistry;
}): GatewayServices {
  const stores = createStoreService(deps);
  return {
    stores,
    entities: createEntityService({ ...deps, stores }),
    events: createEventService({ repositories: deps.repositories, stores }),
    idempotency: deps.repositories.idempotency,
  };
}

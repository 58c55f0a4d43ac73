import type { IdempotencyStore } from '@cartwire/storage';
import type { AuthedEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import type { StoreService } from '../../services/store-service';
import { idempotent } from '../shared/idempotency';
import { createStoreHandlers } from './stores.handlers';
import {
  connectStoreRoute,
  disconnectStoreRoute,
  getStoreRoute,
  getSyncStatusRoute,
  listStoresRoute,
  triggerSyncRoute,
  updateStoreRoute,
} from './stores.routes';

/** Store routes; the writes honour `Idempotency-Key`. */
export function createStoresRouter(stores: StoreService, idempotency: IdempotencyStore) {
  const handlers = createStoreHandlers(stores);
  const router = createRouter<AuthedEnv>();
  router.use('/v1/stores', idempotent(idempotency));
  router.use('/v1/stores/:storeId', idempotent(idempotency));
  router.use('/v1/stores/:storeId/sync', idempotent(idempotency));
  return router
    .openapi(connectStoreRoute, handlers.connect)
    .openapi(listStoresRoute, handlers.list)
    .openapi(getStoreRoute, handlers.get)
    .openapi(updateStoreRoute, handlers.update)
    .openapi(disconnectStoreRoute, handlers.disconnect)
    .openapi(getSyncStatusRoute, handlers.syncStatus)
    .openapi(triggerSyncRoute, handlers.triggerSync);
}

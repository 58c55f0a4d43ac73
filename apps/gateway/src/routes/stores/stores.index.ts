import type { AuthedEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import type { StoreService } from '../../services/store-service';
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

export function createStoresRouter(stores: StoreService) {
  const handlers = createStoreHandlers(stores);
  return createRouter<AuthedEnv>()
    .openapi(connectStoreRoute, handlers.connect)
    .openapi(listStoresRoute, handlers.list)
    .openapi(getStoreRoute, handlers.get)
    .openapi(updateStoreRoute, handlers.update)
    .openapi(disconnectStoreRoute, handlers.disconnect)
    .openapi(getSyncStatusRoute, handlers.syncStatus)
    .openapi(triggerSyncRoute, handlers.triggerSync);
}

import type { RouteHandler } from '@hono/zod-openapi';
import type { AuthedEnv } from '../../http/app-env';
import type { StoreService } from '../../services/store-service';
import { toConnectedStore, toStreamStatus, toSyncJob } from './stores.mappers';
import type {
  connectStoreRoute,
  disconnectStoreRoute,
  getStoreRoute,
  getSyncStatusRoute,
  listStoresRoute,
  triggerSyncRoute,
  updateStoreRoute,
} from './stores.routes';

export function createStoreHandlers(stores: StoreService) {
  const connect: RouteHandler<typeof connectStoreRoute, AuthedEnv> = async (c) => {
    const store = await stores.connect(c.var.auth.tenantId, c.req.valid('json'));
    return c.json(toConnectedStore(store), 201);
  };
  const list: RouteHandler<typeof listStoresRoute, AuthedEnv> = async (c) => {
    const all = await stores.list(c.var.auth.tenantId);
    return c.json(
      { object: 'list' as const, data: all.map(toConnectedStore), has_more: false, next_cursor: null },
      200,
    );
  };
  const get: RouteHandler<typeof getStoreRoute, AuthedEnv> = async (c) => {
    const store = await stores.get(c.var.auth.tenantId, c.req.valid('param').storeId);
    return c.json(toConnectedStore(store), 200);
  };
  const update: RouteHandler<typeof updateStoreRoute, AuthedEnv> = async (c) => {
    const store = await stores.update(c.var.auth.tenantId, c.req.valid('param').storeId, c.req.valid('json'));
    return c.json(toConnectedStore(store), 200);
  };
  const disconnect: RouteHandler<typeof disconnectStoreRoute, AuthedEnv> = async (c) => {
    const { store } = await stores.disconnect(c.var.auth.tenantId, c.req.valid('param').storeId);
    return c.json(toConnectedStore(store), 200);
  };
  const syncStatus: RouteHandler<typeof getSyncStatusRoute, AuthedEnv> = async (c) => {
    const { store, streams } = await stores.syncStatus(c.var.auth.tenantId, c.req.valid('param').storeId);
    return c.json(
      { object: 'sync_status' as const, storeId: store.id, streams: streams.map(toStreamStatus) },
      200,
    );
  };
  const triggerSync: RouteHandler<typeof triggerSyncRoute, AuthedEnv> = async (c) => {
    const jobs = await stores.triggerSync(
      c.var.auth.tenantId,
      c.req.valid('param').storeId,
      c.req.valid('json'),
    );
    return c.json(
      { object: 'list' as const, data: jobs.map(toSyncJob), has_more: false, next_cursor: null },
      202,
    );
  };
  return { connect, list, get, update, disconnect, syncStatus, triggerSync };
}

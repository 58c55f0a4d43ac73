import type { IdempotencyStore } from '@cartwire/storage';
import type { AuthedEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import type { WriteService } from '../../services/write-service';
import { idempotent } from '../shared/idempotency';
import { createOrderWriteHandlers } from './order-writes.handlers';
import {
  addOrderNoteRoute,
  addOrderTagsRoute,
  createFulfillmentRoute,
  updateOrderRoute,
} from './order-writes.routes';

/** Order writes through the store's platform; each honours `Idempotency-Key`. */
export function createOrderWritesRouter(writes: WriteService, idempotency: IdempotencyStore) {
  const handlers = createOrderWriteHandlers(writes);
  const router = createRouter<AuthedEnv>();
  router.use('/v1/stores/:storeId/orders/:orderId', idempotent(idempotency));
  router.use('/v1/stores/:storeId/orders/:orderId/fulfillments', idempotent(idempotency));
  router.use('/v1/stores/:storeId/orders/:orderId/notes', idempotent(idempotency));
  router.use('/v1/stores/:storeId/orders/:orderId/tags', idempotent(idempotency));
  return router
    .openapi(createFulfillmentRoute, handlers.createFulfillment)
    .openapi(addOrderNoteRoute, handlers.addNote)
    .openapi(addOrderTagsRoute, handlers.addTags)
    .openapi(updateOrderRoute, handlers.update);
}

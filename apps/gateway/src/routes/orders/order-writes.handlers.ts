import type { RouteHandler } from '@hono/zod-openapi';
import type { AuthedEnv } from '../../http/app-env';
import type { WriteService } from '../../services/write-service';
import type {
  addOrderNoteRoute,
  addOrderTagsRoute,
  createFulfillmentRoute,
  updateOrderRoute,
} from './order-writes.routes';

export function createOrderWriteHandlers(writes: WriteService) {
  const createFulfillment: RouteHandler<typeof createFulfillmentRoute, AuthedEnv> = async (c) => {
    const { storeId, orderId } = c.req.valid('param');
    const order = await writes.createFulfillment(c.var.auth.tenantId, storeId, orderId, c.req.valid('json'));
    return c.json(order, 201);
  };
  const addNote: RouteHandler<typeof addOrderNoteRoute, AuthedEnv> = async (c) => {
    const { storeId, orderId } = c.req.valid('param');
    const order = await writes.addOrderNote(c.var.auth.tenantId, storeId, orderId, c.req.valid('json'));
    return c.json(order, 201);
  };
  const addTags: RouteHandler<typeof addOrderTagsRoute, AuthedEnv> = async (c) => {
    const { storeId, orderId } = c.req.valid('param');
    const order = await writes.addOrderTags(c.var.auth.tenantId, storeId, orderId, c.req.valid('json').tags);
    return c.json(order, 200);
  };
  const update: RouteHandler<typeof updateOrderRoute, AuthedEnv> = async (c) => {
    const { storeId, orderId } = c.req.valid('param');
    const order = await writes.updateOrderStatus(
      c.var.auth.tenantId,
      storeId,
      orderId,
      c.req.valid('json').status,
    );
    return c.json(order, 200);
  };
  return { createFulfillment, addNote, addTags, update };
}

import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { SandboxStoreError } from '../store/errors';
import type { SandboxStore } from '../store/sandbox-store';
import { ENTITY_NOT_FOUND, invalidInput } from './error-bodies';
import { sourceCodeOf } from './magento-ids';
import type { OrderComments } from './magento-views';
import { firstLocationId } from './render-catalog';
import { magentoDate } from './wire-format';

const OrderComment = z.object({
  statusHistory: z.object({
    comment: z.string(),
    is_customer_notified: z.union([z.number(), z.boolean()]).optional(),
    is_visible_on_front: z.union([z.number(), z.boolean()]).optional(),
    status: z.string().optional(),
  }),
});

const ShipOrder = z.object({
  items: z.array(z.object({ order_item_id: z.int().positive(), qty: z.number().positive() })).optional(),
  notify: z.boolean().optional(),
  tracks: z
    .array(
      z.object({
        track_number: z.string().min(1),
        title: z.string().min(1),
        carrier_code: z.string().min(1),
      }),
    )
    .optional(),
});

const SourceItemsSave = z.object({
  sourceItems: z
    .array(
      z.object({
        sku: z.string().min(1),
        source_code: z.string().min(1),
        quantity: z.number(),
        status: z.union([z.literal(0), z.literal(1)]),
      }),
    )
    .min(1),
});

async function parseBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T> | Response> {
  const json: unknown = await c.req.json().catch(() => undefined);
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return c.json(
    invalidInput('"%1" is required. Enter and try again.', [issue?.path.join('.') || 'body']),
    400,
  );
}

function storeFailure(c: Context, error: unknown) {
  if (error instanceof SandboxStoreError) {
    return error.code === 'not_found'
      ? c.json(ENTITY_NOT_FOUND, 404)
      : c.json(invalidInput('%1', [error.message]), 400);
  }
  throw error;
}

export interface WriteRouteContext {
  store: SandboxStore;
  comments: OrderComments;
  now(): number;
}

/**
 * The writes the gateway needs: an order comment, a shipment with tracking, MSI source-item
 * quantities, and cancelling an order. Each changes the sandbox store, so later reads (and `updated_at`) reflect it.
 */
export function registerWriteRoutes(v1: Hono, { store, comments, now }: WriteRouteContext): void {
  v1.post('/orders/:id/comments', async (c) => {
    const body = await parseBody(c, OrderComment);
    if (body instanceof Response) return body;
    const orderId = Number(c.req.param('id'));
    const order = store.getOrder(orderId);
    if (!order) return c.json(ENTITY_NOT_FOUND, 404);
    const list = comments.get(orderId) ?? [];
    list.unshift({
      comment: body.statusHistory.comment,
      created_at: magentoDate(new Date(now()).toISOString()),
      entity_id: orderId * 1000 + list.length + 100,
      entity_name: 'order',
      is_customer_notified: body.statusHistory.is_customer_notified ? 1 : 0,
      is_visible_on_front: body.statusHistory.is_visible_on_front ? 1 : 0,
      parent_id: orderId,
      status: body.statusHistory.status ?? null,
    });
    comments.set(orderId, list);
    // Adding a comment saves the order, which moves its updated_at.
    store.updateOrder(orderId, {});
    return c.json(true);
  });

  // OrderManagementInterface::cancel: `false` when the order cannot be cancelled (already invoiced
  // or shipped, or cancelled before); cancelling frees the ordered stock and refunds nothing.
  v1.post('/orders/:id/cancel', (c) => {
    const orderId = Number(c.req.param('id'));
    const order = store.getOrder(orderId);
    if (!order) return c.json(ENTITY_NOT_FOUND, 404);
    const invoiced = order.financialState !== 'pending' && order.financialState !== 'authorized';
    if (order.cancelledAt !== null || invoiced || order.fulfillmentState !== 'unfulfilled') {
      return c.json(false);
    }
    try {
      store.cancelOrder(orderId, { reason: 'other', refund: false, restock: true });
    } catch (error) {
      return storeFailure(c, error);
    }
    return c.json(true);
  });

  v1.post('/order/:id/ship', async (c) => {
    const body = await parseBody(c, ShipOrder);
    if (body instanceof Response) return body;
    const track = body.tracks?.[0];
    try {
      const fulfillment = store.fulfillOrder(Number(c.req.param('id')), {
        ...(body.items
          ? { lines: body.items.map((item) => ({ lineId: item.order_item_id, quantity: item.qty })) }
          : {}),
        carrier: track?.title ?? null,
        trackingNumber: track?.track_number ?? null,
      });
      return c.json(fulfillment.id);
    } catch (error) {
      return storeFailure(c, error);
    }
  });

  v1.post('/inventory/source-items', async (c) => {
    const body = await parseBody(c, SourceItemsSave);
    if (body instanceof Response) return body;
    const firstId = firstLocationId(store);
    for (const item of body.sourceItems) {
      const variant = store.listVariants().find((candidate) => candidate.sku === item.sku);
      const location = store
        .listLocations()
        .find((candidate) => sourceCodeOf(candidate.id, candidate.name, firstId) === item.source_code);
      if (!variant || !location) {
        return c.json(
          invalidInput('Could not save Source Item: %1', [`${item.sku}@${item.source_code}`]),
          400,
        );
      }
      store.setInventory(variant.id, location.id, Math.trunc(item.quantity));
    }
    return c.json([]);
  });
}

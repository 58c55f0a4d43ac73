import { z } from 'zod';
import type { ActionDefinition } from '../engine/connector';

export const AddOrderCommentInput = z.object({
  /** The order's `entity_id`. */
  orderId: z.int().positive(),
  comment: z.string().min(1),
  /** @default false */
  notifyCustomer: z.boolean().default(false),
  /** Show the comment to the customer on the storefront. @default false */
  visibleOnFront: z.boolean().default(false),
});

/** `POST /V1/orders/{id}/comments`: adds a status-history comment (moves the order's `updated_at`). */
export const addOrderComment: ActionDefinition<typeof AddOrderCommentInput, { added: true }> = {
  input: AddOrderCommentInput,
  async run(context, input) {
    await context.request({
      operation: 'orders.comments.add',
      method: 'POST',
      path: `/orders/${input.orderId}/comments`,
      body: {
        statusHistory: {
          comment: input.comment,
          is_customer_notified: input.notifyCustomer ? 1 : 0,
          is_visible_on_front: input.visibleOnFront ? 1 : 0,
        },
      },
    });
    return { added: true };
  },
};

export const CreateShipmentInput = z.object({
  orderId: z.int().positive(),
  /** Items and quantities to ship; omit to ship everything still unshipped. */
  items: z.array(z.object({ orderItemId: z.int().positive(), quantity: z.int().positive() })).optional(),
  track: z
    .object({
      /** Magento carrier code (`ups`, `usps`, `fedex`, `dhl`, or `custom`). */
      carrierCode: z.string().min(1),
      /** Carrier name shown to the customer. */
      title: z.string().min(1),
      number: z.string().min(1),
    })
    .optional(),
  /** Email the customer. @default false */
  notify: z.boolean().default(false),
});

/** `POST /V1/order/{id}/ship`: creates a shipment (with a track) and returns its id. */
export const createShipment: ActionDefinition<typeof CreateShipmentInput, { shipmentId: string }> = {
  input: CreateShipmentInput,
  async run(context, input) {
    const response = await context.request({
      operation: 'order.ship',
      method: 'POST',
      path: `/order/${input.orderId}/ship`,
      body: {
        ...(input.items
          ? { items: input.items.map((item) => ({ order_item_id: item.orderItemId, qty: item.quantity })) }
          : {}),
        notify: input.notify,
        ...(input.track
          ? {
              tracks: [
                {
                  track_number: input.track.number,
                  title: input.track.title,
                  carrier_code: input.track.carrierCode,
                },
              ],
            }
          : {}),
      },
    });
    const id = z.union([z.int(), z.string().regex(/^\d+$/)]).parse(response.body);
    return { shipmentId: String(id) };
  },
};

export const SetSourceQuantityInput = z.object({
  sku: z.string().min(1),
  /** MSI source code (the location's `externalId`). */
  sourceCode: z.string().min(1),
  quantity: z.int(),
});

/** `POST /V1/inventory/source-items`: sets the quantity of one SKU at one source. */
export const setSourceQuantity: ActionDefinition<typeof SetSourceQuantityInput, { updated: true }> = {
  input: SetSourceQuantityInput,
  async run(context, input) {
    await context.request({
      operation: 'inventory.source_items.save',
      method: 'POST',
      path: '/inventory/source-items',
      body: {
        sourceItems: [
          {
            sku: input.sku,
            source_code: input.sourceCode,
            quantity: input.quantity,
            status: input.quantity > 0 ? 1 : 0,
          },
        ],
      },
    });
    return { updated: true };
  },
};

import { z } from 'zod';
import type { ActionContext, ActionDefinition } from '../engine/connector';
import { InvalidPayloadError } from '../engine/errors';
import { createShopifyGraphqlClient } from './admin-client';
import { DEFAULT_API_VERSION } from './settings';
import { numericIdOf, toGid } from './shopify-ids';

/** Numeric Shopify id or gid of the given kind; always sent as a gid. */
const idOf = (kind: string) =>
  z
    .union([z.string().regex(/^\d+$/), z.string().regex(new RegExp(`^gid://shopify/${kind}/\\d+`))])
    .transform((value) => (value.startsWith('gid://') ? value : toGid(kind, value)));

const UserErrors = z.array(z.object({ field: z.array(z.string()).nullish(), message: z.string() }));

function rejectUserErrors(
  operation: string,
  context: ActionContext,
  errors: z.infer<typeof UserErrors>,
): void {
  if (errors.length === 0) return;
  // Validation failures are the caller's input: typed, not retried.
  throw new InvalidPayloadError(
    `shopify ${operation}: ${errors.map((error) => `${error.field?.join('.') ?? ''} ${error.message}`.trim()).join('; ')}`,
    { platform: 'shopify', storeId: context.store.id, operation, status: 200 },
  );
}

function clientFor(context: ActionContext) {
  return createShopifyGraphqlClient(context.request, {
    apiVersion: DEFAULT_API_VERSION,
    storeId: context.store.id,
  });
}

export const UpdateOrderNoteInput = z
  .object({
    orderId: idOf('Order'),
    /** Replaces the order note; null clears it. */
    note: z.string().max(5000).nullable().optional(),
    /** Replaces the order's tags. */
    tags: z.array(z.string().min(1).max(255)).max(250).optional(),
  })
  .refine((input) => input.note !== undefined || input.tags !== undefined, 'give a note, tags or both');

const OrderUpdateData = z.object({
  orderUpdate: z.object({
    order: z.object({ id: z.string(), note: z.string().nullish(), tags: z.array(z.string()) }).nullable(),
    userErrors: UserErrors,
  }),
});

/** Sets an order's note and/or tags (`orderUpdate`). */
export const updateOrderNoteAndTags: ActionDefinition<
  typeof UpdateOrderNoteInput,
  { orderId: string; note: string | null; tags: string[] }
> = {
  input: UpdateOrderNoteInput,
  async run(context, input) {
    const data = OrderUpdateData.parse(
      await clientFor(context).query(
        'orderUpdate',
        'mutation CartwireOrderUpdate($input: OrderInput!) { orderUpdate(input: $input) { order { id note tags } userErrors { field message } } }',
        {
          input: {
            id: input.orderId,
            ...(input.note !== undefined ? { note: input.note } : {}),
            ...(input.tags !== undefined ? { tags: input.tags } : {}),
          },
        },
      ),
    );
    rejectUserErrors('orderUpdate', context, data.orderUpdate.userErrors);
    const order = data.orderUpdate.order;
    if (!order)
      throw new InvalidPayloadError('shopify orderUpdate: no order returned', {
        platform: 'shopify',
        storeId: context.store.id,
        operation: 'orderUpdate',
      });
    return { orderId: numericIdOf(order.id), note: order.note ?? null, tags: order.tags };
  },
};

export const CreateFulfillmentInput = z.object({
  orderId: idOf('Order'),
  /** Lines and quantities to ship; all remaining units of the order when omitted. */
  lines: z.array(z.object({ lineItemId: idOf('LineItem'), quantity: z.int().positive() })).optional(),
  tracking: z
    .object({ company: z.string().optional(), number: z.string().optional(), url: z.url().optional() })
    .optional(),
  /** @default false */
  notifyCustomer: z.boolean().default(false),
});

const FulfillmentOrdersData = z.object({
  order: z
    .object({
      fulfillmentOrders: z.object({
        nodes: z.array(
          z.object({
            id: z.string(),
            status: z.string(),
            lineItems: z.object({
              nodes: z.array(
                z.object({
                  id: z.string(),
                  remainingQuantity: z.int(),
                  lineItem: z.object({ id: z.string() }),
                }),
              ),
            }),
          }),
        ),
      }),
    })
    .nullable(),
});

const FulfillmentCreateData = z.object({
  fulfillmentCreate: z.object({
    fulfillment: z.object({ id: z.string(), status: z.string() }).nullable(),
    userErrors: UserErrors,
  }),
});

/**
 * Ships lines of an order with optional tracking (`fulfillmentCreate` on the order's open fulfillment
 * orders). Shopify fulfils fulfillment-order lines, so order lines are matched to them first.
 */
export const createFulfillment: ActionDefinition<
  typeof CreateFulfillmentInput,
  { fulfillmentId: string; status: string }
> = {
  input: CreateFulfillmentInput,
  async run(context, input) {
    const client = clientFor(context);
    const found = FulfillmentOrdersData.parse(
      await client.query(
        'order.fulfillmentOrders',
        'query CartwireFulfillmentOrders($id: ID!) { order(id: $id) { fulfillmentOrders(first: 5) { nodes { id status lineItems(first: 50) { nodes { id remainingQuantity lineItem { id } } } } } } }',
        { id: input.orderId },
      ),
    );
    if (!found.order) {
      throw new InvalidPayloadError(`shopify fulfillmentCreate: order ${input.orderId} not found`, {
        platform: 'shopify',
        storeId: context.store.id,
        operation: 'fulfillmentCreate',
        status: 200,
      });
    }
    const open = found.order.fulfillmentOrders.nodes.filter(
      (order) => order.status === 'OPEN' || order.status === 'IN_PROGRESS',
    );
    const wanted = input.lines ? new Map(input.lines.map((line) => [line.lineItemId, line.quantity])) : null;
    const groups = open
      .map((order) => ({
        fulfillmentOrderId: order.id,
        fulfillmentOrderLineItems: order.lineItems.nodes.flatMap((line) => {
          const quantity = wanted
            ? Math.min(wanted.get(line.lineItem.id) ?? 0, line.remainingQuantity)
            : line.remainingQuantity;
          return quantity > 0 ? [{ id: line.id, quantity }] : [];
        }),
      }))
      .filter((group) => group.fulfillmentOrderLineItems.length > 0);
    if (groups.length === 0) {
      throw new InvalidPayloadError('shopify fulfillmentCreate: nothing left to fulfil for the given lines', {
        platform: 'shopify',
        storeId: context.store.id,
        operation: 'fulfillmentCreate',
        status: 200,
      });
    }
    const data = FulfillmentCreateData.parse(
      await client.query(
        'fulfillmentCreate',
        'mutation CartwireFulfillmentCreate($fulfillment: FulfillmentInput!) { fulfillmentCreate(fulfillment: $fulfillment) { fulfillment { id status } userErrors { field message } } }',
        {
          fulfillment: {
            lineItemsByFulfillmentOrder: groups,
            notifyCustomer: input.notifyCustomer,
            ...(input.tracking ? { trackingInfo: input.tracking } : {}),
          },
        },
      ),
    );
    rejectUserErrors('fulfillmentCreate', context, data.fulfillmentCreate.userErrors);
    const fulfillment = data.fulfillmentCreate.fulfillment;
    if (!fulfillment)
      throw new InvalidPayloadError('shopify fulfillmentCreate: no fulfillment returned', {
        platform: 'shopify',
        storeId: context.store.id,
        operation: 'fulfillmentCreate',
      });
    return { fulfillmentId: numericIdOf(fulfillment.id), status: fulfillment.status };
  },
};

export const SetInventoryLevelInput = z.object({
  inventoryItemId: idOf('InventoryItem'),
  locationId: idOf('Location'),
  /** The new `available` quantity. */
  available: z.int(),
  /** @default 'correction' */
  reason: z.string().default('correction'),
});

const SetQuantitiesData = z.object({
  inventorySetQuantities: z.object({
    inventoryAdjustmentGroup: z
      .object({
        changes: z.array(
          z.object({ name: z.string(), delta: z.int(), quantityAfterChange: z.int().nullish() }),
        ),
      })
      .nullable(),
    userErrors: UserErrors,
  }),
});

/** Sets the `available` quantity of an item at a location (`inventorySetQuantities`). */
export const setInventoryLevel: ActionDefinition<typeof SetInventoryLevelInput, { delta: number }> = {
  input: SetInventoryLevelInput,
  async run(context, input) {
    const data = SetQuantitiesData.parse(
      await clientFor(context).query(
        'inventorySetQuantities',
        'mutation CartwireSetInventory($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { inventoryAdjustmentGroup { changes { name delta quantityAfterChange } } userErrors { field message } } }',
        {
          input: {
            name: 'available',
            reason: input.reason,
            ignoreCompareQuantity: true,
            quantities: [
              {
                inventoryItemId: input.inventoryItemId,
                locationId: input.locationId,
                quantity: input.available,
              },
            ],
          },
        },
      ),
    );
    rejectUserErrors('inventorySetQuantities', context, data.inventorySetQuantities.userErrors);
    const change = data.inventorySetQuantities.inventoryAdjustmentGroup?.changes.find(
      (entry) => entry.name === 'available',
    );
    return { delta: change?.delta ?? 0 };
  },
};

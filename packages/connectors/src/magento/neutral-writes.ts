import type { Order } from '@cartwire/model';
import { z } from 'zod';
import type { ActionContext, MapContext } from '../engine/connector';
import { InvalidPayloadError, NotFoundError } from '../engine/errors';
import { defineNeutralWrites, UnsupportedWriteError } from '../engine/neutral-writes';
import { addOrderComment, createShipment, setSourceQuantity } from './magento-actions';
import { observedAt, searchAll, searchItems } from './magento-paging';
import { mapSourceItem } from './map-inventory';
import { mapOrder } from './map-order';
import { searchCriteriaQuery } from './search-query';
import { OrderBundle, SourceItemRecord } from './stream-records';

/** Carrier codes Magento ships with; any other carrier is a `custom` track titled with its name. */
const CARRIER_CODES = new Set(['ups', 'usps', 'fedex', 'dhl']);

const EntityId = z.string().regex(/^\d+$/, 'expected a numeric Magento entity id').transform(Number);

function mapContext(context: ActionContext, stream: string): MapContext {
  return { storeId: context.store.id, platform: 'magento', stream };
}

function parse<TSchema extends z.ZodType>(
  schema: TSchema,
  value: unknown,
  context: ActionContext,
  operation: string,
): z.output<TSchema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new InvalidPayloadError(
    `magento ${operation}: unexpected payload at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    { platform: 'magento', storeId: context.store.id, operation },
  );
}

/**
 * The order as the orders stream reads it: the same search (one `entity_id`), with its credit memos
 * and shipments, through the same mapper, so the stored record does not flap.
 */
async function readOrder(context: ActionContext, orderId: number): Promise<Order> {
  const byOrder = searchCriteriaQuery({ groups: [[{ field: 'order_id', value: String(orderId) }]] });
  const [orders, creditMemos, shipments] = await Promise.all([
    searchAll(
      context.request,
      'orders.search',
      '/orders',
      searchCriteriaQuery({ groups: [[{ field: 'entity_id', value: String(orderId) }]] }),
    ),
    searchAll(context.request, 'creditmemos.search', '/creditmemos', byOrder),
    searchAll(context.request, 'shipments.search', '/shipments', byOrder),
  ]);
  if (orders.length === 0) {
    throw new NotFoundError(`magento order ${orderId} not found`, {
      platform: 'magento',
      storeId: context.store.id,
      operation: 'orders.search',
      status: 404,
    });
  }
  const bundle = parse(OrderBundle, { order: orders[0], creditMemos, shipments }, context, 'orders.search');
  return mapOrder(bundle, mapContext(context, 'orders'));
}

/**
 * Magento 2's neutral writes through REST: `POST /V1/order/{id}/ship` (items and one track; Magento
 * tracks carry no URL), `POST /V1/orders/{id}/comments` for notes, `POST /V1/inventory/source-items`
 * for stock at an MSI source, and `POST /V1/orders/{id}/cancel`. Magento orders have no tags, and an
 * order is completed or closed by invoices, shipments and credit memos rather than set to a status.
 */
export const magentoNeutralWrites = defineNeutralWrites('magento', {
  async createFulfillment(context, input) {
    const orderId = EntityId.parse(input.order.externalId);
    const tracking = input.tracking;
    const carrier = tracking?.carrier?.trim();
    const code = carrier?.toLowerCase();
    await createShipment.run(context, {
      orderId,
      ...(input.lines
        ? {
            items: input.lines.map((line) => ({
              orderItemId: EntityId.parse(line.externalId),
              quantity: line.quantity,
            })),
          }
        : {}),
      ...(tracking?.number
        ? {
            track: {
              carrierCode: code !== undefined && CARRIER_CODES.has(code) ? code : 'custom',
              title: carrier ?? 'Custom',
              number: tracking.number,
            },
          }
        : {}),
      notify: input.notifyCustomer,
    });
    return { order: await readOrder(context, orderId) };
  },

  async setInventoryLevel(context, input) {
    const sku = input.variant.sku;
    if (sku === null) {
      throw new UnsupportedWriteError(
        'magento',
        'setInventoryLevel',
        'Magento keeps stock per SKU and this variant has none',
      );
    }
    const productId = EntityId.parse(input.variant.externalId);
    const sourceCode = input.location.externalId;
    await setSourceQuantity.run(context, { sku, sourceCode, quantity: input.available });
    const response = await context.request({
      operation: 'inventory.source_items.search',
      path: '/inventory/source-items',
      query: searchCriteriaQuery({
        groups: [[{ field: 'sku', value: sku }], [{ field: 'source_code', value: sourceCode }]],
      }),
    });
    const [item] = searchItems(response);
    if (item === undefined) {
      throw new NotFoundError(`magento source item ${sourceCode}/${sku} not found after saving it`, {
        platform: 'magento',
        storeId: context.store.id,
        operation: 'inventory.source_items.search',
        status: 404,
      });
    }
    const record = parse(
      SourceItemRecord,
      { item, productId, observedAt: observedAt(response) },
      context,
      'inventory.source_items.search',
    );
    return { inventoryLevel: mapSourceItem(record, mapContext(context, 'inventoryLevels')), product: null };
  },

  async addOrderNote(context, input) {
    const orderId = EntityId.parse(input.order.externalId);
    await addOrderComment.run(context, {
      orderId,
      comment: input.note,
      notifyCustomer: input.notifyCustomer,
      visibleOnFront: input.notifyCustomer,
    });
    return { order: await readOrder(context, orderId) };
  },

  addOrderTags: { unsupported: 'Magento orders have no tags' },

  createDiscountCode: {
    unsupported:
      'Magento coupons belong to cart price rules (a rule per offer, then POST /V1/coupons/generate); ' +
      'Cartwire creates no rules, so generate codes from a rule in the admin and import them as a pool',
  },

  async updateOrderStatus(context, input) {
    if (input.status !== 'cancelled') {
      throw new UnsupportedWriteError(
        'magento',
        'updateOrderStatus',
        `Magento orders are ${input.status === 'closed' ? 'closed by invoices, shipments and credit memos' : 'not reopened'} through the API; only cancelling is a status write`,
      );
    }
    const orderId = EntityId.parse(input.order.externalId);
    const response = await context.request({
      operation: 'orders.cancel',
      method: 'POST',
      path: `/orders/${orderId}/cancel`,
    });
    // Magento answers `false` when the order cannot be cancelled (already shipped, invoiced in full…).
    if (response.body !== true) {
      throw new InvalidPayloadError(`magento orders.cancel: order ${orderId} cannot be cancelled`, {
        platform: 'magento',
        storeId: context.store.id,
        operation: 'orders.cancel',
        status: response.status,
      });
    }
    return { order: await readOrder(context, orderId) };
  },
});

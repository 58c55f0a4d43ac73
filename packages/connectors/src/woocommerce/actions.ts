import type { InventoryLevel, Order, Product } from '@cartwire/model';
import { z } from 'zod';
import type { ActionContext, ActionDefinition } from '../engine/connector';
import { InvalidPayloadError } from '../engine/errors';
import { gmtToIso } from './map/map-common';
import { toInventoryLevels } from './map/map-inventory';
import { simpleVariantExternalId } from './map/map-lines';
import { toOrder } from './map/map-order';
import { toProduct } from './map/map-product';
import { WooOrderNote, WooWebhook } from './raw/raw-admin';
import { WooProduct, type WooProductRecord, WooVariation } from './raw/raw-catalog';
import { WooOrder, WooRefund } from './raw/raw-order';
import { readVariations, shopCurrency } from './streams/catalog-pages';
import { readRefunds } from './streams/order-pages';

/** A WooCommerce id given as the entity's `externalId`. */
const ExternalId = z.string().regex(/^\d+$/, 'expected a numeric WooCommerce id');

/** Statuses an order can be moved to through the REST API. */
export const WooWritableOrderStatus = z.enum([
  'pending',
  'processing',
  'on-hold',
  'completed',
  'cancelled',
  'refunded',
  'failed',
]);

/** Validates a WooCommerce answer; a mismatch is an InvalidPayloadError naming the failing path. */
function parsePayload<TSchema extends z.ZodType>(
  schema: TSchema,
  value: unknown,
  context: ActionContext,
  operation: string,
): z.output<TSchema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new InvalidPayloadError(
    `woocommerce ${operation}: unexpected payload at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    { platform: 'woocommerce', storeId: context.store.id, operation },
  );
}

function define<TInput extends z.ZodType, TResult>(
  action: ActionDefinition<TInput, TResult>,
): ActionDefinition<TInput, TResult> {
  return action;
}

async function readOrder(context: ActionContext, orderId: string): Promise<Order> {
  const response = await context.request({ operation: 'orders.get', path: `/orders/${orderId}` });
  const order = parsePayload(WooOrder, response.body, context, 'orders.get');
  const refundDetails =
    order.refunds.length > 0
      ? parsePayload(z.array(WooRefund), await readRefunds(context, order.id), context, 'orders.refunds.list')
      : [];
  return toOrder({ order, refundDetails }, context.store.id);
}

async function readProductRecord(context: ActionContext, productId: string): Promise<WooProductRecord> {
  const response = await context.request({ operation: 'products.get', path: `/products/${productId}` });
  const product = parsePayload(WooProduct, response.body, context, 'products.get');
  const variations =
    product.type === 'variable' && product.variations.length > 0
      ? parsePayload(
          z.array(WooVariation),
          await readVariations(context, product.id),
          context,
          'products.variations.list',
        )
      : [];
  return { product, variations, currency: await shopCurrency(context) };
}

/**
 * Writes (and single reads) the gateway performs on a WooCommerce store. Each returns normalized
 * data read back from WooCommerce's answer, never the request echoed.
 */
export const wooActions = {
  /** Moves an order to another status (`PUT /orders/{id}`); returns the order as it now is. */
  updateOrderStatus: define({
    input: z.object({ orderId: ExternalId, status: WooWritableOrderStatus }),
    async run(context, input): Promise<Order> {
      await context.request({
        operation: 'orders.update',
        method: 'PUT',
        path: `/orders/${input.orderId}`,
        body: { status: input.status },
      });
      return readOrder(context, input.orderId);
    },
  }),
  /** Adds a note to an order, private or sent to the customer (`POST /orders/{id}/notes`). */
  addOrderNote: define({
    input: z.object({
      orderId: ExternalId,
      note: z.string().min(1),
      /** Email the note to the customer. @default false */
      customerNote: z.boolean().default(false),
    }),
    async run(context, input): Promise<{ noteId: string; createdAt: string }> {
      const response = await context.request({
        operation: 'orders.notes.create',
        method: 'POST',
        path: `/orders/${input.orderId}/notes`,
        body: { note: input.note, customer_note: input.customerNote },
      });
      const note = parsePayload(WooOrderNote, response.body, context, 'orders.notes.create');
      return { noteId: String(note.id), createdAt: gmtToIso(note.date_created_gmt) };
    },
  }),
  /**
   * Sets the stock of a product (simple) or a variation, turning stock management on
   * (`PUT /products/{id}` or `/products/{id}/variations/{variation_id}`). Returns the new level.
   */
  setStockQuantity: define({
    input: z.object({
      productId: ExternalId,
      /** The variation's id for a variable product; omitted for a simple product. */
      variationId: ExternalId.optional(),
      quantity: z.number().int(),
    }),
    async run(context, input): Promise<InventoryLevel> {
      const path =
        input.variationId === undefined
          ? `/products/${input.productId}`
          : `/products/${input.productId}/variations/${input.variationId}`;
      await context.request({
        operation: input.variationId === undefined ? 'products.update' : 'products.variations.update',
        method: 'PUT',
        path,
        body: { manage_stock: true, stock_quantity: input.quantity },
      });
      const record = await readProductRecord(context, input.productId);
      const variantExternalId = input.variationId ?? simpleVariantExternalId(Number(input.productId));
      const level = toInventoryLevels(record, context.store.id).find((candidate) =>
        candidate.externalId.startsWith(`${variantExternalId}:`),
      );
      if (!level) {
        throw new InvalidPayloadError(`woocommerce kept stock of ${path} unmanaged after the update`, {
          platform: 'woocommerce',
          storeId: context.store.id,
          operation: 'products.update',
        });
      }
      return level;
    },
  }),
  /** One order with its refunds' detail, e.g. after an `order.updated` webhook. */
  fetchOrder: define({
    input: z.object({ orderId: ExternalId }),
    run: (context, input): Promise<Order> => readOrder(context, input.orderId),
  }),
  /** One product with its variations, for product webhooks (whose bodies cannot be mapped alone). */
  fetchProduct: define({
    input: z.object({ productId: ExternalId }),
    async run(context, input): Promise<Product> {
      return toProduct(await readProductRecord(context, input.productId), context.store.id);
    },
  }),
  /** Subscribes a delivery URL to a topic (`POST /webhooks`), signed with `secret`. */
  createWebhook: define({
    input: z.object({
      topic: z.string().regex(/^[a-z_]+\.[a-z_.]+$/),
      deliveryUrl: z.url({ protocol: /^https?$/ }),
      secret: z.string().min(1),
      name: z.string().min(1).optional(),
    }),
    async run(context, input): Promise<WooWebhook> {
      const response = await context.request({
        operation: 'webhooks.create',
        method: 'POST',
        path: '/webhooks',
        body: {
          name: input.name ?? `Cartwire ${input.topic}`,
          topic: input.topic,
          delivery_url: input.deliveryUrl,
          secret: input.secret,
        },
      });
      return parsePayload(WooWebhook, response.body, context, 'webhooks.create');
    },
  }),
  /** The store's webhook subscriptions (first 100). */
  listWebhooks: define({
    input: z.object({}),
    async run(context): Promise<WooWebhook[]> {
      const response = await context.request({
        operation: 'webhooks.list',
        path: '/webhooks',
        query: { per_page: 100 },
      });
      return parsePayload(z.array(WooWebhook), response.body, context, 'webhooks.list');
    },
  }),
};

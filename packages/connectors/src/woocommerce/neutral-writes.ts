import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ActionContext } from '../engine/connector';
import { InvalidPayloadError } from '../engine/errors';
import {
  defineNeutralWrites,
  UnsupportedWriteError,
  type WritableOrderStatus,
} from '../engine/neutral-writes';
import { wooActions } from './actions';
import { DEFAULT_LOCATION_EXTERNAL_ID } from './map/map-inventory';
import { WooOrder } from './raw/raw-order';

/** Meta key of the official Shipment Tracking extension, which the order mapper reads shipments from. */
const SHIPMENT_TRACKING_META_KEY = '_wc_shipment_tracking_items';

/** WooCommerce order statuses standing for each neutral life-cycle state. */
const STATUS_FOR: Record<WritableOrderStatus, 'processing' | 'completed' | 'cancelled'> = {
  open: 'processing',
  closed: 'completed',
  cancelled: 'cancelled',
};

async function readRawOrder(context: ActionContext, orderId: string): Promise<WooOrder> {
  const response = await context.request({ operation: 'orders.get', path: `/orders/${orderId}` });
  const parsed = WooOrder.safeParse(response.body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new InvalidPayloadError(
    `woocommerce orders.get: unexpected payload at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    { platform: 'woocommerce', storeId: context.store.id, operation: 'orders.get' },
  );
}

const readOrder = (context: ActionContext, orderId: string) =>
  wooActions.fetchOrder.run(context, { orderId });

/** Whether `lines` ships every unit of every shippable line, which is all WooCommerce core can record. */
function coversWholeOrder(
  order: WooOrder,
  lines: readonly { externalId: string; quantity: number }[],
): boolean {
  const wanted = new Map<string, number>();
  for (const line of lines) wanted.set(line.externalId, (wanted.get(line.externalId) ?? 0) + line.quantity);
  const ordered = order.line_items.filter((line) => line.quantity > 0);
  return (
    wanted.size === ordered.length && ordered.every((line) => wanted.get(String(line.id)) === line.quantity)
  );
}

const OrderId = z.string().regex(/^\d+$/, 'expected a numeric WooCommerce order id');

const WooCoupon = z.object({
  id: z.number().int(),
  code: z.string(),
  date_created_gmt: z.string().nullable().optional(),
  date_expires_gmt: z.string().nullable(),
});

/** WooCommerce writes GMT dates without an offset (`2026-03-09T10:00:00`). */
const gmtIso = (value: string | null | undefined) => (value ? `${value.replace(/Z$/, '')}Z` : null);

/** A variant's WooCommerce post id: the variation id, or the product id of a simple product (`product:<id>`). */
const postIdOf = (externalId: string) => Number(externalId.replace(/^product:/, ''));

/**
 * WooCommerce's neutral writes through REST v3. Core WooCommerce has no shipments: a fulfillment
 * completes the order, records the tracking where the official Shipment Tracking extension keeps it
 * (`_wc_shipment_tracking_items` order meta, which the order mapper reads back as shipments) and adds
 * an order note naming the carrier and number. Partial shipments and order tags do not exist in core
 * WooCommerce and are refused. Stock lives in one pool per store (the `default` location). Discount
 * codes are coupons (`POST /coupons`, single-use, restricted by email when known); WooCommerce
 * lower-cases coupon codes.
 */
export const wooNeutralWrites = defineNeutralWrites('woocommerce', {
  async createFulfillment(context, input) {
    const orderId = OrderId.parse(input.order.externalId);
    const current = await readRawOrder(context, orderId);
    if (input.lines && !coversWholeOrder(current, input.lines)) {
      throw new UnsupportedWriteError(
        'woocommerce',
        'createFulfillment',
        'WooCommerce core ships whole orders; give every line with its full quantity, or no lines',
      );
    }
    const tracking = input.tracking;
    const existing = current.meta_data.find((entry) => entry.key === SHIPMENT_TRACKING_META_KEY)?.value;
    const items = Array.isArray(existing) ? existing : [];
    const trackingItem = tracking
      ? {
          tracking_provider: '',
          custom_tracking_provider: tracking.carrier ?? '',
          custom_tracking_link: tracking.url ?? '',
          tracking_number: tracking.number ?? '',
          date_shipped: String(Math.floor(Date.now() / 1000)),
          tracking_id: randomBytes(16).toString('hex'),
        }
      : null;
    await context.request({
      operation: 'orders.update',
      method: 'PUT',
      path: `/orders/${orderId}`,
      body: {
        status: 'completed',
        ...(trackingItem
          ? { meta_data: [{ key: SHIPMENT_TRACKING_META_KEY, value: [...items, trackingItem] }] }
          : {}),
      },
    });
    if (tracking && (tracking.carrier || tracking.number || tracking.url)) {
      const parts = [
        tracking.carrier ? `with ${tracking.carrier}` : null,
        tracking.number ? `tracking number ${tracking.number}` : null,
        tracking.url ?? null,
      ].filter((part): part is string => part !== null);
      await wooActions.addOrderNote.run(context, {
        orderId,
        note: `Order shipped ${parts.join(', ')}.`,
        customerNote: input.notifyCustomer,
      });
    }
    return { order: await readOrder(context, orderId) };
  },

  async setInventoryLevel(context, input) {
    if (input.location.externalId !== DEFAULT_LOCATION_EXTERNAL_ID) {
      throw new UnsupportedWriteError(
        'woocommerce',
        'setInventoryLevel',
        `WooCommerce keeps one stock pool per store (location '${DEFAULT_LOCATION_EXTERNAL_ID}')`,
      );
    }
    const simple = input.variant.externalId.startsWith('product:');
    const inventoryLevel = await wooActions.setStockQuantity.run(context, {
      productId: input.variant.productExternalId,
      ...(simple ? {} : { variationId: input.variant.externalId }),
      quantity: input.available,
    });
    const product = await wooActions.fetchProduct.run(context, {
      productId: input.variant.productExternalId,
    });
    return { inventoryLevel, product };
  },

  async addOrderNote(context, input) {
    const orderId = OrderId.parse(input.order.externalId);
    await wooActions.addOrderNote.run(context, {
      orderId,
      note: input.note,
      customerNote: input.notifyCustomer,
    });
    return { order: await readOrder(context, orderId) };
  },

  addOrderTags: { unsupported: 'WooCommerce orders have no tags' },

  async updateOrderStatus(context, input) {
    const order = await wooActions.updateOrderStatus.run(context, {
      orderId: OrderId.parse(input.order.externalId),
      status: STATUS_FOR[input.status],
    });
    return { order };
  },

  async createDiscountCode(context, input) {
    const value = input.value;
    const response = await context.request({
      operation: 'coupons.create',
      method: 'POST',
      path: '/coupons',
      body: {
        code: input.code,
        description: input.title ?? '',
        discount_type:
          value.kind === 'percentage'
            ? 'percent'
            : value.kind === 'fixed_amount' && input.variants
              ? 'fixed_product'
              : 'fixed_cart',
        amount:
          value.kind === 'percentage'
            ? String(value.percent)
            : value.kind === 'fixed_amount'
              ? value.amount.amount
              : '0',
        free_shipping: value.kind === 'free_shipping',
        individual_use: true,
        usage_limit: input.usageLimit,
        usage_limit_per_user: 1,
        ...(input.endsAt ? { date_expires_gmt: new Date(input.endsAt).toISOString().slice(0, 19) } : {}),
        ...(input.variants ? { product_ids: input.variants.map((v) => postIdOf(v.externalId)) } : {}),
        ...(input.customer?.email ? { email_restrictions: [input.customer.email] } : {}),
      },
    });
    const parsed = WooCoupon.safeParse(response.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InvalidPayloadError(
        `woocommerce coupons.create: unexpected payload at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
        { platform: 'woocommerce', storeId: context.store.id, operation: 'coupons.create' },
      );
    }
    return {
      discountCode: {
        code: parsed.data.code,
        externalId: String(parsed.data.id),
        startsAt: gmtIso(parsed.data.date_created_gmt),
        endsAt: gmtIso(parsed.data.date_expires_gmt),
      },
    };
  },
});

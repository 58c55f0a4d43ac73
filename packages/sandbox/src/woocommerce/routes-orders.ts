import type { Hono } from 'hono';
import { z } from 'zod';
import { SandboxStoreError } from '../store/errors';
import type { Order } from '../store/types';
import {
  draftOrderId,
  renderWooDraftOrder,
  renderWooOrder,
  renderWooRefund,
  wooOrderStatus,
} from './render-order';
import { createQueryCache, listOrderEntries, ORDERS_SPEC, type OrderEntry } from './woo-collections';
import { invalidId, WooRestError } from './woo-errors';
import { DRAFT_ORDER_ID_OFFSET, datePair, links, type WooRenderContext } from './woo-format';
import { authorize, jsonBody, pathId, requestUrl, type WooRouteDeps, wooJson } from './woo-http';
import { paginate } from './woo-paging';
import { parseListQuery } from './woo-query';

const UpdateOrderBody = z.looseObject({
  status: z
    .enum(['pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed'])
    .optional(),
  customer_note: z.string().optional(),
  meta_data: z.array(z.looseObject({ key: z.string(), value: z.unknown() })).optional(),
});

const CreateNoteBody = z.looseObject({
  note: z.string().min(1),
  customer_note: z.boolean().optional(),
  added_by_user: z.boolean().optional(),
});

/** Meta key of the official Shipment Tracking extension (core WooCommerce records no shipments). */
const SHIPMENT_TRACKING_META_KEY = '_wc_shipment_tracking_items';

const TrackingItem = z.looseObject({
  tracking_provider: z.string().nullish(),
  custom_tracking_provider: z.string().nullish(),
  custom_tracking_link: z.string().nullish(),
  tracking_number: z.string().nullish(),
});

interface Tracking {
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
}

/**
 * The tracking a client adds when it writes `_wc_shipment_tracking_items`: the last item whose number
 * is on no shipment yet. The sandbox derives that meta from its fulfillments, so tracking written with
 * the move to `completed` becomes that fulfillment's tracking; tracking added to an order already
 * shipped has no fulfillment to land on and is not kept.
 */
function newTracking(order: Order, meta: { key: string; value: unknown }[] | undefined): Tracking | null {
  const entry = meta?.find((candidate) => candidate.key === SHIPMENT_TRACKING_META_KEY);
  if (!entry || !Array.isArray(entry.value)) return null;
  const known = new Set(order.fulfillments.map((fulfillment) => fulfillment.trackingNumber));
  const items = entry.value.flatMap((item) => {
    const parsed = TrackingItem.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
  const added = items.filter((item) => !known.has(item.tracking_number ?? null)).at(-1);
  if (!added) return null;
  const blank = (value: string | null | undefined) => (value ? value : null);
  return {
    carrier: blank(added.custom_tracking_provider) ?? blank(added.tracking_provider),
    trackingNumber: blank(added.tracking_number),
    trackingUrl: blank(added.custom_tracking_link),
  };
}

interface OrderNote {
  id: number;
  createdAt: string;
  note: string;
  customerNote: boolean;
  author: string;
}

function renderNote(note: OrderNote, orderId: number, ctx: WooRenderContext) {
  return {
    id: note.id,
    author: note.author,
    ...datePair('date_created', note.createdAt, ctx),
    note: note.note,
    customer_note: note.customerNote,
    _links: links(ctx, {
      self: `orders/${orderId}/notes/${note.id}`,
      collection: `orders/${orderId}/notes`,
      up: `orders/${orderId}`,
    }),
  };
}

const CreateRefundBody = z.looseObject({
  amount: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .optional(),
  reason: z.string().optional(),
  line_items: z
    .array(
      z.looseObject({
        id: z.union([z.number().int(), z.string().regex(/^\d+$/)]),
        quantity: z.number().int().positive(),
      }),
    )
    .optional(),
  restock_items: z.boolean().optional(),
});

const orderNotFound = () => invalidId('woocommerce_rest_shop_order_invalid_id');

function renderEntry(deps: WooRouteDeps, entry: OrderEntry, ctx: WooRenderContext) {
  return entry.kind === 'order'
    ? renderWooOrder(deps.store, entry.order, ctx)
    : renderWooDraftOrder(deps.store, entry.cart, ctx);
}

function findEntry(deps: WooRouteDeps, id: number): OrderEntry {
  if (id > DRAFT_ORDER_ID_OFFSET) {
    const cart = deps.store.getCart(id - DRAFT_ORDER_ID_OFFSET);
    if (cart && cart.status !== 'converted' && draftOrderId(cart) === id) return { kind: 'draft', id, cart };
  }
  const order = deps.store.getOrder(id);
  if (!order) throw orderNotFound();
  return { kind: 'order', id, order };
}

/** Applies a status written through the API with the store mutations that produce it. */
function applyStatus(deps: WooRouteDeps, order: Order, status: string, tracking: Tracking | null): void {
  const { store } = deps;
  const current = wooOrderStatus(order);
  if (status === current) return;
  const paid = order.financialState === 'paid' || order.financialState === 'partially_refunded';
  switch (status) {
    case 'processing':
      if (order.financialState === 'pending' || order.financialState === 'authorized')
        store.markPaid(order.id);
      return;
    case 'completed':
      if (order.financialState === 'pending' || order.financialState === 'authorized')
        store.markPaid(order.id);
      if (store.getOrder(order.id)?.fulfillmentState !== 'fulfilled')
        store.fulfillOrder(order.id, tracking ?? {});
      return;
    case 'cancelled':
      store.cancelOrder(order.id, { reason: 'other' });
      return;
    case 'refunded':
      if (!paid) break;
      store.refundOrder(order.id, { reason: 'Order status set to refunded' });
      return;
  }
  throw new WooRestError(
    400,
    'woocommerce_rest_invalid_order_status_transition',
    `The sandbox cannot move an order from ${current} to ${status}.`,
  );
}

function storeErrorToWoo(error: unknown): never {
  if (error instanceof SandboxStoreError) {
    if (error.code === 'not_found') throw orderNotFound();
    throw new WooRestError(400, 'woocommerce_rest_cannot_update', error.message);
  }
  throw error;
}

export function registerOrderRoutes(app: Hono, deps: WooRouteDeps): void {
  const cache = createQueryCache<OrderEntry>();

  app.get('/wp-json/wc/v3/orders', (c) => {
    const ctx = authorize(c, deps, 'read');
    const url = requestUrl(c);
    const query = parseListQuery(url.searchParams, ORDERS_SPEC, deps.timeZone);
    const { page: _p, perPage: _pp, offset: _o, dp: _dp, ...filters } = query;
    const entries = cache(deps.store, JSON.stringify(filters), () => listOrderEntries(deps.store, query));
    const page = paginate(entries, query, url);
    return wooJson(
      page.items.map((entry) => renderEntry(deps, entry, ctx)),
      200,
      page.headers,
    );
  });

  app.get('/wp-json/wc/v3/orders/:id', (c) => {
    const ctx = authorize(c, deps, 'read');
    return wooJson(renderEntry(deps, findEntry(deps, pathId(c, 'id', orderNotFound)), ctx));
  });

  app.put('/wp-json/wc/v3/orders/:id', async (c) => {
    const ctx = authorize(c, deps, 'write');
    const entry = findEntry(deps, pathId(c, 'id', orderNotFound));
    if (entry.kind === 'draft') {
      throw new WooRestError(
        400,
        'woocommerce_rest_cannot_update',
        'Checkout drafts are edited by the shopper.',
      );
    }
    const body = await jsonBody(c, UpdateOrderBody);
    try {
      if (body.customer_note !== undefined) deps.store.updateOrder(entry.id, { note: body.customer_note });
      if (body.status !== undefined) {
        const order = deps.store.getOrder(entry.id)!;
        applyStatus(deps, order, body.status, newTracking(order, body.meta_data));
      }
    } catch (error) {
      storeErrorToWoo(error);
    }
    return wooJson(renderWooOrder(deps.store, deps.store.getOrder(entry.id)!, ctx));
  });

  // Order notes are comments in WordPress, outside the order record: adding one leaves the order as it is.
  const notes = new Map<number, OrderNote[]>();
  let lastNoteId = 0;

  app.get('/wp-json/wc/v3/orders/:id/notes', (c) => {
    const ctx = authorize(c, deps, 'read');
    const entry = findEntry(deps, pathId(c, 'id', orderNotFound));
    const list = [...(notes.get(entry.id) ?? [])].reverse();
    return wooJson(list.map((note) => renderNote(note, entry.id, ctx)));
  });

  app.post('/wp-json/wc/v3/orders/:id/notes', async (c) => {
    const ctx = authorize(c, deps, 'write');
    const entry = findEntry(deps, pathId(c, 'id', orderNotFound));
    if (entry.kind !== 'order') throw orderNotFound();
    const body = await jsonBody(c, CreateNoteBody);
    lastNoteId += 1;
    const note: OrderNote = {
      id: 1000 + lastNoteId,
      createdAt: new Date().toISOString(),
      note: body.note,
      customerNote: body.customer_note ?? false,
      author: body.added_by_user ? 'admin' : 'system',
    };
    notes.set(entry.id, [...(notes.get(entry.id) ?? []), note]);
    return wooJson(renderNote(note, entry.id, ctx), 201);
  });

  app.get('/wp-json/wc/v3/orders/:id/refunds', (c) => {
    const ctx = authorize(c, deps, 'read');
    const entry = findEntry(deps, pathId(c, 'id', orderNotFound));
    const refunds = entry.kind === 'order' ? [...entry.order.refunds].reverse() : [];
    const url = requestUrl(c);
    const query = parseListQuery(url.searchParams, ORDERS_SPEC, deps.timeZone);
    const page = paginate(refunds, query, url);
    return wooJson(
      page.items.map((refund) => renderWooRefund(deps.store, (entry as { order: Order }).order, refund, ctx)),
      200,
      page.headers,
    );
  });

  app.get('/wp-json/wc/v3/orders/:id/refunds/:refundId', (c) => {
    const ctx = authorize(c, deps, 'read');
    const entry = findEntry(deps, pathId(c, 'id', orderNotFound));
    const refundNotFound = () => invalidId('woocommerce_rest_shop_order_refund_invalid_id');
    const refundId = pathId(c, 'refundId', refundNotFound);
    const refund =
      entry.kind === 'order' ? entry.order.refunds.find((candidate) => candidate.id === refundId) : undefined;
    if (!refund || entry.kind !== 'order') throw refundNotFound();
    return wooJson(renderWooRefund(deps.store, entry.order, refund, ctx));
  });

  app.post('/wp-json/wc/v3/orders/:id/refunds', async (c) => {
    const ctx = authorize(c, deps, 'write');
    const entry = findEntry(deps, pathId(c, 'id', orderNotFound));
    if (entry.kind !== 'order') throw orderNotFound();
    const body = await jsonBody(c, CreateRefundBody);
    try {
      const refund = deps.store.refundOrder(entry.id, {
        ...(body.line_items
          ? {
              lines: body.line_items.map((line) => ({
                lineId: Number(line.id),
                quantity: line.quantity,
                restock: body.restock_items ?? false,
              })),
            }
          : {}),
        ...(body.amount !== undefined ? { amount: body.amount } : {}),
        ...(body.line_items === undefined && body.amount === undefined ? { amount: '0' } : {}),
        reason: body.reason ?? '',
      });
      return wooJson(renderWooRefund(deps.store, deps.store.getOrder(entry.id)!, refund, ctx), 201);
    } catch (error) {
      storeErrorToWoo(error);
    }
  });
}

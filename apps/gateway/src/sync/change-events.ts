import type { Cart, EventSource, EventType, InventoryLevel, Order, Shipment, Variant } from '@cartwire/model';
import { EVENT_ENTITY_TYPE } from '@cartwire/model';
import type { StoredEntityType, UpsertResult } from '@cartwire/storage';
import { compareDecimal } from './decimal-compare';
import { contentVersion, stableEventId } from './stable-event-id';

/** Where a change came from and how much the receiver should make of it. */
export interface ChangeContext {
  tenantId: string;
  storeId: string;
  /** `webhook`, `poll`, or `api` (a write through Cartwire read back); derived events are always `derived`. */
  source: Extract<EventSource, 'webhook' | 'poll' | 'api'>;
  /**
   * `backfill` imports history: records are announced as created, but no transition events (a
   * years-old paid order is not "just paid"). `live` is a webhook or an incremental poll.
   */
  mode: 'backfill' | 'live';
  receivedAt: Date;
  /** A variant is low on stock when it falls from above this to at or below it. */
  lowStockThreshold: number;
}

/** An event ready for `appendEvents` (validated there). */
export interface PendingEvent {
  id: string;
  type: EventType;
  tenantId: string;
  storeId: string;
  occurredAt: string;
  receivedAt: string;
  source: EventSource;
  entityType: string;
  entityId: string | null;
  data: unknown;
  previous?: unknown;
}

const PAID_OR_LATER = new Set(['paid', 'partially_refunded', 'refunded']);

/**
 * The events one upsert result stands for: nothing when the record was unchanged or stale;
 * `*.created` / `*.updated` for written records; and the transitions derived from comparing the
 * previous and current version (order paid/fulfilled/cancelled/refunded, shipment delivered, cart
 * converted, back in stock, low stock, price dropped). Ids derive from (entity, transition, version).
 */
export function eventsForUpsert<K extends StoredEntityType>(
  type: K,
  result: UpsertResult<K>,
  context: ChangeContext,
): PendingEvent[] {
  if (result.outcome !== 'inserted' && result.outcome !== 'updated') return [];
  const live = context.mode === 'live';
  const make = (
    eventType: EventType,
    entity: { id: string; updatedAt: string },
    idParts: readonly string[],
    data: unknown,
    previous?: unknown,
    source: EventSource = context.source,
  ): PendingEvent => ({
    id: stableEventId([context.tenantId, eventType, entity.id, ...idParts]),
    type: eventType,
    tenantId: context.tenantId,
    storeId: context.storeId,
    occurredAt: entity.updatedAt,
    receivedAt: context.receivedAt.toISOString(),
    source,
    entityType: EVENT_ENTITY_TYPE[eventType],
    entityId: entity.id,
    data,
    ...(previous === undefined ? {} : { previous }),
  });
  const derived = (
    eventType: EventType,
    entity: { id: string; updatedAt: string },
    version: string,
    data: unknown,
    previous?: unknown,
  ) => make(eventType, entity, [version], data, previous, 'derived');
  const lifecycle = (
    created: EventType,
    updated: EventType,
    previousFields?: (previous: never) => unknown,
  ) => {
    const current = result.current as { id: string; updatedAt: string };
    if (result.outcome === 'inserted') return [make(created, current, ['created'], result.current)];
    const previous = previousFields && result.previous ? previousFields(result.previous as never) : undefined;
    return [
      make(updated, current, [current.updatedAt, contentVersion(result.current)], result.current, previous),
    ];
  };

  switch (type) {
    case 'order': {
      const current = result.current as Order;
      const previous = result.previous as Order | null;
      const events = lifecycle('order.created', 'order.updated', (p: Order) => orderStatusFields(p));
      if (!live) return events;
      const was = previous ? orderStatusFields(previous) : null;
      if (current.status === 'cancelled' && was?.status !== 'cancelled') {
        events.push(derived('order.cancelled', current, 'cancelled', current, was ?? undefined));
      }
      if (PAID_OR_LATER.has(current.financialStatus) && !(was && PAID_OR_LATER.has(was.financialStatus))) {
        events.push(derived('order.paid', current, 'paid', current, was ?? undefined));
      }
      if (current.fulfillmentStatus === 'fulfilled' && was?.fulfillmentStatus !== 'fulfilled') {
        events.push(derived('order.fulfilled', current, 'fulfilled', current, was ?? undefined));
      }
      const refundedBefore = was?.totalRefunded.amount ?? '0';
      if (compareDecimal(current.totalRefunded.amount, refundedBefore) > 0) {
        // One event per refunded total reached: a second refund is a new event, a replay is not.
        events.push(
          derived(
            'order.refunded',
            current,
            `refunded:${current.totalRefunded.amount}`,
            current,
            was ?? undefined,
          ),
        );
      }
      for (const shipment of current.shipments) {
        const before = previous?.shipments.find((candidate) => candidate.id === shipment.id);
        events.push(...shipmentDelivered(shipment, before ?? null, derived));
      }
      return events;
    }
    case 'shipment': {
      if (!live) return [];
      return shipmentDelivered(result.current as Shipment, result.previous as Shipment | null, derived);
    }
    case 'customer':
      return lifecycle('customer.created', 'customer.updated');
    case 'product':
      return lifecycle('product.created', 'product.updated');
    case 'cart': {
      const current = result.current as Cart;
      const previous = result.previous as Cart | null;
      const events = lifecycle('checkout.started', 'cart.updated', (p: Cart) => ({ status: p.status }));
      const converted = (cart: Cart | null) =>
        cart !== null &&
        (cart.status === 'converted' || cart.completedAt !== null || cart.convertedOrderId !== null);
      if (live && converted(current) && !converted(previous)) {
        events.push(derived('cart.converted', current, 'converted', current));
      }
      return events;
    }
    case 'inventory_level': {
      const current = result.current as InventoryLevel;
      const previous = result.previous as InventoryLevel | null;
      if (!live && previous === null) return [];
      const data = {
        inventoryLevel: current,
        variantId: current.variantId,
        locationId: current.locationId,
        available: current.available,
        previousAvailable: previous?.available ?? null,
      };
      return [
        make('inventory.changed', current, [current.updatedAt, String(current.available)], data, {
          available: previous?.available ?? undefined,
        }),
      ];
    }
    case 'variant': {
      if (!live) return [];
      const current = result.current as Variant;
      const previous = result.previous as Variant | null;
      if (previous === null) return [];
      return variantTransitions(current, previous, context.lowStockThreshold, derived);
    }
    default:
      // Locations, collections and refunds (refunds arrive inside their order) announce nothing.
      return [];
  }
}

function orderStatusFields(order: Order) {
  return {
    status: order.status,
    financialStatus: order.financialStatus,
    fulfillmentStatus: order.fulfillmentStatus,
    totalRefunded: order.totalRefunded,
  };
}

type Derive = (
  type: EventType,
  entity: { id: string; updatedAt: string },
  version: string,
  data: unknown,
  previous?: unknown,
) => PendingEvent;

function shipmentDelivered(current: Shipment, previous: Shipment | null, derived: Derive): PendingEvent[] {
  if (current.status !== 'delivered' || previous?.status === 'delivered') return [];
  return [
    derived(
      'shipment.delivered',
      current,
      'delivered',
      current,
      previous ? { status: previous.status } : undefined,
    ),
  ];
}

function variantTransitions(
  current: Variant,
  previous: Variant,
  lowStockThreshold: number,
  derived: Derive,
): PendingEvent[] {
  const events: PendingEvent[] = [];
  const now = current.inventoryQuantity;
  const before = previous.inventoryQuantity;
  if (current.inventoryTracked && now !== null && before !== null) {
    // Versioned by the quantity reached at this update: each restock is its own event.
    const version = `${current.updatedAt}:${now}`;
    if (before <= 0 && now > 0) {
      events.push(
        derived(
          'product.back_in_stock',
          current,
          `back_in_stock:${version}`,
          { productId: current.productId, variant: current, available: now, threshold: 1 },
          { available: before },
        ),
      );
    }
    if (before > lowStockThreshold && now <= lowStockThreshold) {
      events.push(
        derived(
          'product.low_stock',
          current,
          `low_stock:${version}`,
          { productId: current.productId, variant: current, available: now, threshold: lowStockThreshold },
          { available: before },
        ),
      );
    }
  }
  if (
    current.price.currency === previous.price.currency &&
    compareDecimal(current.price.amount, previous.price.amount) < 0
  ) {
    events.push(
      derived(
        'product.price_dropped',
        current,
        `price_dropped:${previous.price.amount}:${current.price.amount}:${current.updatedAt}`,
        {
          productId: current.productId,
          variantId: current.id,
          previousPrice: previous.price,
          price: current.price,
        },
        { price: previous.price },
      ),
    );
  }
  return events;
}

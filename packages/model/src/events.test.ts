import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidEventError } from './errors';
import { EVENT_DATA } from './event-data';
import {
  AnyEvent,
  EVENT_ENTITY_TYPE,
  EVENT_SCHEMAS,
  EventType,
  isEventOfType,
  parseEvent,
  type TypedEvent,
} from './events';
import { entityId, ID_PREFIX, newId } from './ids';
import {
  eur,
  sampleCart,
  sampleOrder,
  sampleProductId,
  sampleStoreId,
  sampleTime,
  sampleVariant,
  sampleVariantId,
} from './sample-entities';

const tenantId = newId(ID_PREFIX.tenant);

function envelope(type: EventType, entityId: string | null, data: unknown, extra: object = {}) {
  return {
    id: newId(ID_PREFIX.event),
    type,
    tenantId,
    storeId: sampleStoreId,
    occurredAt: sampleTime,
    receivedAt: sampleTime,
    source: 'webhook',
    entityType: EVENT_ENTITY_TYPE[type],
    entityId,
    data,
    ...extra,
  };
}

describe('EventType', () => {
  it('is exactly the catalogue of the issue plus waitlist subscriptions, segment membership and webhook.test', () => {
    expect(EventType.options).toEqual([
      'order.created',
      'order.updated',
      'order.paid',
      'order.cancelled',
      'order.fulfilled',
      'order.refunded',
      'shipment.delivered',
      'checkout.started',
      'cart.updated',
      'cart.abandoned',
      'cart.converted',
      'customer.created',
      'customer.updated',
      'product.created',
      'product.updated',
      'product.deleted',
      'inventory.changed',
      'product.back_in_stock',
      'product.low_stock',
      'product.price_dropped',
      'product.viewed',
      'category.viewed',
      'cart.item_added',
      'search.performed',
      'waitlist.subscribed',
      'segment.entered',
      'segment.exited',
      'message.requested',
      'webhook.test',
    ]);
    expect(Object.keys(EVENT_DATA).sort()).toEqual([...EventType.options].sort());
  });

  it("has one envelope schema per type, using that type's data schema", () => {
    for (const type of EventType.options) {
      const dataId = EVENT_DATA[type].meta()?.id;
      expect(dataId, type).toBeDefined();
      const data = z.toJSONSchema(EVENT_SCHEMAS[type]).properties?.data;
      expect(typeof data === 'object' ? data.$ref : undefined, type).toBe(`#/$defs/${dataId}`);
    }
  });
});

describe('parseEvent', () => {
  it('parses an order event and types its data as an Order', () => {
    const order = sampleOrder();
    const event = parseEvent(
      envelope('order.paid', order.id, order, { previous: { financialStatus: 'pending' } }),
    );
    expect(event.type).toBe('order.paid');
    if (!isEventOfType(event, 'order.paid')) throw new Error('narrowing failed');
    const typed: TypedEvent<'order.paid'> = event;
    expect(typed.data.total).toEqual(eur('44.70'));
    expect(typed.previous?.financialStatus).toBe('pending');
  });

  it('parses derived and storefront events with their own data', () => {
    const variant = sampleVariant({ inventoryQuantity: 5 });
    const backInStock = parseEvent({
      ...envelope('product.back_in_stock', variant.id, {
        productId: sampleProductId,
        variant,
        available: 5,
        threshold: 1,
      }),
      source: 'derived',
    });
    expect(backInStock.entityType).toBe('variant');

    const dropped = parseEvent(
      envelope('product.price_dropped', sampleVariantId, {
        productId: sampleProductId,
        variantId: sampleVariantId,
        previousPrice: eur('12.00'),
        price: eur('9.50'),
      }),
    );
    expect(dropped.type).toBe('product.price_dropped');

    const search = parseEvent({
      ...envelope('search.performed', null, { shopper: { anonymousId: 'anon-1' }, query: '緑茶' }),
      source: 'track',
    });
    expect(search.data).toEqual({ shopper: { anonymousId: 'anon-1' }, query: '緑茶' });

    const abandoned = parseEvent(envelope('cart.abandoned', sampleCart().id, sampleCart()));
    expect(abandoned.entityType).toBe('cart');
  });

  it('parses inventory changes, deletions and test events', () => {
    const levelId = entityId('inventory_level', sampleStoreId, '70@1');
    const locationId = entityId('location', sampleStoreId, '1');
    const level = {
      id: levelId,
      storeId: sampleStoreId,
      platform: 'shopify',
      externalId: '70@1',
      createdAt: null,
      updatedAt: sampleTime,
      variantId: sampleVariantId,
      locationId,
      available: 3,
    };
    const changed = parseEvent(
      envelope('inventory.changed', levelId, {
        inventoryLevel: level,
        variantId: sampleVariantId,
        locationId,
        available: 3,
        previousAvailable: null,
      }),
    );
    expect(changed.entityType).toBe('inventory_level');
    expect(
      parseEvent(
        envelope('product.deleted', sampleProductId, { productId: sampleProductId, externalId: '7' }),
      ).type,
    ).toBe('product.deleted');
    expect(parseEvent(envelope('webhook.test', sampleStoreId, { message: 'hello' })).type).toBe(
      'webhook.test',
    );
  });

  it('rejects data that belongs to another type', () => {
    const cart = sampleCart();
    expect(() => parseEvent(envelope('order.created', cart.id, cart))).toThrow(InvalidEventError);
    expect(() =>
      parseEvent(
        envelope('product.viewed', sampleProductId, { shopper: { anonymousId: 'a' }, query: 'tea' }),
      ),
    ).toThrow(InvalidEventError);
  });

  it('reports the failing data path', () => {
    const order = sampleOrder({ total: { amount: '44,70', currency: 'EUR' } });
    try {
      parseEvent(envelope('order.created', order.id, order));
      expect.unreachable('parseEvent accepted an invalid order');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidEventError);
      const issues = (error as InvalidEventError).issues;
      expect(issues.map((i) => i.path)).toContain('data.total.amount');
      expect((error as InvalidEventError).code).toBe('invalid_event');
    }
  });

  it('rejects a bad envelope: unknown type, wrong entity type, missing shopper identity, bad ids', () => {
    const order = sampleOrder();
    expect(() => parseEvent(envelope('order.shipped' as EventType, order.id, order))).toThrow(
      InvalidEventError,
    );
    expect(() => parseEvent({ ...envelope('order.created', order.id, order), entityType: 'cart' })).toThrow(
      InvalidEventError,
    );
    expect(() => parseEvent({ ...envelope('order.created', order.id, order), id: 'ord_123' })).toThrow(
      InvalidEventError,
    );
    expect(() => parseEvent({ ...envelope('order.created', order.id, order), source: 'email' })).toThrow(
      InvalidEventError,
    );
    expect(() => parseEvent(envelope('search.performed', null, { shopper: {}, query: 'x' }))).toThrow(
      InvalidEventError,
    );
    expect(() => parseEvent(null)).toThrow(InvalidEventError);
  });

  it('the AnyEvent schema agrees with parseEvent', () => {
    const order = sampleOrder();
    expect(AnyEvent.safeParse(envelope('order.created', order.id, order)).success).toBe(true);
    expect(AnyEvent.safeParse(envelope('order.created', order.id, sampleCart())).success).toBe(false);
  });

  it('generates a JSON Schema for the whole catalogue', () => {
    const schema = z.toJSONSchema(AnyEvent) as { $defs?: Record<string, unknown> };
    expect(Object.keys(schema.$defs ?? {})).toEqual(
      expect.arrayContaining(['AnyEvent', 'Order', 'Cart', 'Shopper']),
    );
  });
});

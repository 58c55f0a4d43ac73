import { z } from 'zod';
import { EntityType } from './entity-type';
import { InvalidEventError } from './errors';
import { EVENT_DATA } from './event-data';
import { ID_PREFIX, prefixedId } from './ids';
import { IsoDateTime } from './time';

export const EventType = z
  .enum([
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
  ])
  .describe('Type of a normalized event.');
export type EventType = z.infer<typeof EventType>;

export const EventSource = z
  .enum(['webhook', 'poll', 'derived', 'track', 'api'])
  .describe(
    'How Cartwire learned of the event: `webhook` (platform push), `poll` (sync found a change), ' +
      '`derived` (computed by Cartwire, e.g. cart.abandoned, product.back_in_stock), `track` (storefront ' +
      'tracker), `api` (sent through the Cartwire API).',
  );
export type EventSource = z.infer<typeof EventSource>;

export const EventEntityType = z
  .union([EntityType, z.literal('behavior')])
  .describe('Entity the event is about; `behavior` for storefront behaviour events.');
export type EventEntityType = z.infer<typeof EventEntityType>;

/** The entity type each event type is about. */
export const EVENT_ENTITY_TYPE = {
  'order.created': 'order',
  'order.updated': 'order',
  'order.paid': 'order',
  'order.cancelled': 'order',
  'order.fulfilled': 'order',
  'order.refunded': 'order',
  'shipment.delivered': 'shipment',
  'checkout.started': 'cart',
  'cart.updated': 'cart',
  'cart.abandoned': 'cart',
  'cart.converted': 'cart',
  'customer.created': 'customer',
  'customer.updated': 'customer',
  'product.created': 'product',
  'product.updated': 'product',
  'product.deleted': 'product',
  'inventory.changed': 'inventory_level',
  'product.back_in_stock': 'variant',
  'product.low_stock': 'variant',
  'product.price_dropped': 'variant',
  'product.viewed': 'behavior',
  'category.viewed': 'behavior',
  'cart.item_added': 'behavior',
  'search.performed': 'behavior',
  'waitlist.subscribed': 'variant',
  'segment.entered': 'customer',
  'segment.exited': 'customer',
  'message.requested': 'customer',
  'webhook.test': 'store',
} as const satisfies { [T in EventType]: EventEntityType };

const envelopeFields = {
  id: prefixedId(ID_PREFIX.event).describe(
    'Stable event id (evt_…); deliveries and workflow runs key on it.',
  ),
  tenantId: prefixedId(ID_PREFIX.tenant).describe('Tenant the event belongs to (ten_…).'),
  storeId: prefixedId(ID_PREFIX.store).describe('Store the event happened in (sto_…).'),
  occurredAt: IsoDateTime.describe('When it happened on the platform or storefront (UTC).'),
  receivedAt: IsoDateTime.describe('When Cartwire recorded it (UTC).'),
  source: EventSource,
  entityId: z
    .string()
    .min(1)
    .nullable()
    .describe(
      'Cartwire id of the entity the event is about (for webhook.test the store id; for behaviour events ' +
        'the product, collection or variant concerned; for segment events the customer; for waitlist.subscribed the ' +
        'variant); null when there is ' +
        'none (search.performed).',
    ),
};

/** Any event, with `data` left unchecked. Use `AnyEvent`/`parseEvent` to also check `data` against its type. */
export const EventEnvelope = z
  .object({
    ...envelopeFields,
    type: EventType,
    entityType: EventEntityType,
    data: z.unknown().describe('Payload; its schema depends on `type`.'),
    previous: z
      .unknown()
      .optional()
      .describe('Fields of `data` as they were before this change, when known.'),
  })
  .describe('A normalized event.')
  .meta({ id: 'EventEnvelope' });
export type EventEnvelope = z.infer<typeof EventEnvelope>;

function eventSchema<T extends EventType, D extends z.ZodObject>(type: T, data: D) {
  return z
    .object({
      ...envelopeFields,
      type: z.literal(type).describe('Event type.'),
      entityType: z.literal(EVENT_ENTITY_TYPE[type]).describe('Entity the event is about.'),
      data: data.describe(`Payload of a ${type} event.`),
      previous: data
        .partial()
        .optional()
        .describe(
          'Fields of `data` as they were before this change (all or only the changed ones), when known.',
        ),
    })
    .describe(`A ${type} event.`);
}

// Written out (not built from EventType.options) so each entry keeps its precise type; a test checks
// that every entry uses its EVENT_DATA schema.
export const EVENT_SCHEMAS = {
  'order.created': eventSchema('order.created', EVENT_DATA['order.created']),
  'order.updated': eventSchema('order.updated', EVENT_DATA['order.updated']),
  'order.paid': eventSchema('order.paid', EVENT_DATA['order.paid']),
  'order.cancelled': eventSchema('order.cancelled', EVENT_DATA['order.cancelled']),
  'order.fulfilled': eventSchema('order.fulfilled', EVENT_DATA['order.fulfilled']),
  'order.refunded': eventSchema('order.refunded', EVENT_DATA['order.refunded']),
  'shipment.delivered': eventSchema('shipment.delivered', EVENT_DATA['shipment.delivered']),
  'checkout.started': eventSchema('checkout.started', EVENT_DATA['checkout.started']),
  'cart.updated': eventSchema('cart.updated', EVENT_DATA['cart.updated']),
  'cart.abandoned': eventSchema('cart.abandoned', EVENT_DATA['cart.abandoned']),
  'cart.converted': eventSchema('cart.converted', EVENT_DATA['cart.converted']),
  'customer.created': eventSchema('customer.created', EVENT_DATA['customer.created']),
  'customer.updated': eventSchema('customer.updated', EVENT_DATA['customer.updated']),
  'product.created': eventSchema('product.created', EVENT_DATA['product.created']),
  'product.updated': eventSchema('product.updated', EVENT_DATA['product.updated']),
  'product.deleted': eventSchema('product.deleted', EVENT_DATA['product.deleted']),
  'inventory.changed': eventSchema('inventory.changed', EVENT_DATA['inventory.changed']),
  'product.back_in_stock': eventSchema('product.back_in_stock', EVENT_DATA['product.back_in_stock']),
  'product.low_stock': eventSchema('product.low_stock', EVENT_DATA['product.low_stock']),
  'product.price_dropped': eventSchema('product.price_dropped', EVENT_DATA['product.price_dropped']),
  'product.viewed': eventSchema('product.viewed', EVENT_DATA['product.viewed']),
  'category.viewed': eventSchema('category.viewed', EVENT_DATA['category.viewed']),
  'cart.item_added': eventSchema('cart.item_added', EVENT_DATA['cart.item_added']),
  'search.performed': eventSchema('search.performed', EVENT_DATA['search.performed']),
  'waitlist.subscribed': eventSchema('waitlist.subscribed', EVENT_DATA['waitlist.subscribed']),
  'segment.entered': eventSchema('segment.entered', EVENT_DATA['segment.entered']),
  'segment.exited': eventSchema('segment.exited', EVENT_DATA['segment.exited']),
  'message.requested': eventSchema('message.requested', EVENT_DATA['message.requested']),
  'webhook.test': eventSchema('webhook.test', EVENT_DATA['webhook.test']),
} as const satisfies { [T in EventType]: z.ZodType };

type EventSchemas = typeof EVENT_SCHEMAS;

/** An event of type `T` with its typed `data`. */
export type TypedEvent<T extends EventType> = z.infer<EventSchemas[T]>;
/** Any event, discriminated by `type` (named so it does not shadow the DOM/Node global `Event`). */
export type AnyEvent = { [T in EventType]: TypedEvent<T> }[EventType];

/** Schema of any event whose `data` matches its `type` (a discriminated union over `type`). */
export const AnyEvent = z
  .discriminatedUnion(
    'type',
    Object.values(EVENT_SCHEMAS) as [EventSchemas[EventType], ...EventSchemas[EventType][]],
  )
  .describe('A normalized event; `data` is typed by `type`.')
  .meta({ id: 'AnyEvent' });

/**
 * Validates an event envelope and its `data` against the schema of its `type`.
 * @throws InvalidEventError listing every failing path (e.g. `data.total.amount`).
 */
export function parseEvent(input: unknown): AnyEvent {
  const envelope = EventEnvelope.safeParse(input);
  if (!envelope.success) throw invalid('Invalid event envelope', envelope.error);
  const typed = EVENT_SCHEMAS[envelope.data.type].safeParse(input);
  if (!typed.success) throw invalid(`Invalid ${envelope.data.type} event`, typed.error);
  return typed.data as AnyEvent;
}

/** Narrows an event to one type. */
export function isEventOfType<T extends EventType>(
  event: AnyEvent,
  type: T,
): event is Extract<AnyEvent, { type: T }> {
  return event.type === type;
}

function invalid(message: string, error: z.ZodError): InvalidEventError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const first = issues[0];
  return new InvalidEventError(
    first ? `${message}: ${first.path || '(root)'}: ${first.message}` : message,
    issues,
  );
}

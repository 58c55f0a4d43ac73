import type { EntityType, EventType } from '@cartwire/model';

/** What a Shopify webhook topic means in normalized terms. */
export interface ShopifyTopic {
  entity: EntityType;
  action: 'upsert' | 'delete';
  /** The stream whose schema and mapper read the (adapted) body. */
  stream?: string;
  /** The event the delivery stands for; null where the change is found by comparing versions. */
  event: EventType | null;
}

/**
 * Topics Cartwire subscribes to. Order topics all carry the whole order; `orders/updated` and
 * `orders/partially_fulfilled` become order.updated (paid/fulfilled/refunded are their own topics).
 */
export const SHOPIFY_TOPICS = {
  'orders/create': { entity: 'order', action: 'upsert', stream: 'orders', event: 'order.created' },
  'orders/updated': { entity: 'order', action: 'upsert', stream: 'orders', event: 'order.updated' },
  'orders/edited': { entity: 'order', action: 'upsert', stream: 'orders', event: 'order.updated' },
  'orders/paid': { entity: 'order', action: 'upsert', stream: 'orders', event: 'order.paid' },
  'orders/cancelled': { entity: 'order', action: 'upsert', stream: 'orders', event: 'order.cancelled' },
  'orders/fulfilled': { entity: 'order', action: 'upsert', stream: 'orders', event: 'order.fulfilled' },
  'orders/partially_fulfilled': {
    entity: 'order',
    action: 'upsert',
    stream: 'orders',
    event: 'order.updated',
  },
  'orders/delete': { entity: 'order', action: 'delete', event: null },
  'refunds/create': { entity: 'refund', action: 'upsert', event: 'order.refunded' },
  'fulfillments/create': { entity: 'shipment', action: 'upsert', event: null },
  'fulfillments/update': { entity: 'shipment', action: 'upsert', event: null },
  'customers/create': {
    entity: 'customer',
    action: 'upsert',
    stream: 'customers',
    event: 'customer.created',
  },
  'customers/update': {
    entity: 'customer',
    action: 'upsert',
    stream: 'customers',
    event: 'customer.updated',
  },
  'customers/enable': {
    entity: 'customer',
    action: 'upsert',
    stream: 'customers',
    event: 'customer.updated',
  },
  'customers/disable': {
    entity: 'customer',
    action: 'upsert',
    stream: 'customers',
    event: 'customer.updated',
  },
  'customers/delete': { entity: 'customer', action: 'delete', event: null },
  'products/create': { entity: 'product', action: 'upsert', stream: 'products', event: 'product.created' },
  'products/update': { entity: 'product', action: 'upsert', stream: 'products', event: 'product.updated' },
  'products/delete': { entity: 'product', action: 'delete', event: 'product.deleted' },
  'inventory_levels/update': {
    entity: 'inventory_level',
    action: 'upsert',
    stream: 'inventoryLevels',
    event: 'inventory.changed',
  },
  'checkouts/create': { entity: 'cart', action: 'upsert', stream: 'carts', event: 'checkout.started' },
  'checkouts/update': { entity: 'cart', action: 'upsert', stream: 'carts', event: 'cart.updated' },
  'checkouts/delete': { entity: 'cart', action: 'delete', event: null },
} as const satisfies Record<string, ShopifyTopic>;

export type ShopifyTopicName = keyof typeof SHOPIFY_TOPICS;

export function isShopifyTopic(topic: string): topic is ShopifyTopicName {
  return Object.hasOwn(SHOPIFY_TOPICS, topic);
}

import type { StoreChange } from '../store/types';
import { shopifyId } from './gid';
import { renderRestInventoryLevel, renderRestProduct } from './rest-catalog';
import { renderRestCheckout } from './rest-checkout';
import type { RestRenderContext } from './rest-context';
import { renderRestCustomer } from './rest-customer';
import { renderRestFulfillment, renderRestOrder, renderRestRefund } from './rest-order';

/** The webhook topics the emulator emits, in Shopify's REST/toml spelling. */
export const SHOPIFY_WEBHOOK_TOPICS = [
  'orders/create',
  'orders/updated',
  'orders/paid',
  'orders/cancelled',
  'orders/fulfilled',
  'orders/partially_fulfilled',
  'refunds/create',
  'fulfillments/create',
  'fulfillments/update',
  'customers/create',
  'customers/update',
  'products/create',
  'products/update',
  'products/delete',
  'inventory_levels/update',
  'checkouts/create',
  'checkouts/update',
  'bulk_operations/finish',
] as const;
export type ShopifyWebhookTopic = (typeof SHOPIFY_WEBHOOK_TOPICS)[number];

export interface ShopifyWebhookEvent {
  topic: ShopifyWebhookTopic;
  /** The REST-shaped body; serialize with `toJsonText` so int64 ids stay exact. */
  body: unknown;
}

/**
 * The webhooks Shopify would send for one store change, bodies rendered from the store as it is
 * right now (call from the change listener, before later mutations land).
 */
export function webhooksForChange(context: RestRenderContext, change: StoreChange): ShopifyWebhookEvent[] {
  const { store } = context;
  switch (change.kind) {
    case 'order': {
      const order = store.getOrder(change.id);
      if (!order) return [];
      const body = renderRestOrder(context, order);
      if (change.action === 'created') {
        const events: ShopifyWebhookEvent[] = [{ topic: 'orders/create', body }];
        if (order.financialState === 'paid') events.push({ topic: 'orders/paid', body });
        return events;
      }
      const events: ShopifyWebhookEvent[] = [];
      switch (change.cause) {
        case 'markPaid':
          events.push({ topic: 'orders/paid', body });
          break;
        case 'cancelOrder':
          events.push({ topic: 'orders/cancelled', body });
          break;
        case 'refundOrder': {
          const refund = order.refunds.find((candidate) => candidate.id === change.related?.id);
          if (refund)
            events.push({ topic: 'refunds/create', body: renderRestRefund(context, order, refund) });
          break;
        }
        case 'fulfillOrder':
        case 'markDelivered': {
          const fulfillment = order.fulfillments.find((candidate) => candidate.id === change.related?.id);
          if (fulfillment) {
            events.push({
              topic: change.cause === 'fulfillOrder' ? 'fulfillments/create' : 'fulfillments/update',
              body: renderRestFulfillment(context, order, fulfillment),
            });
          }
          if (change.cause === 'fulfillOrder') {
            if (order.fulfillmentState === 'fulfilled') events.push({ topic: 'orders/fulfilled', body });
            if (order.fulfillmentState === 'partially_fulfilled')
              events.push({ topic: 'orders/partially_fulfilled', body });
          }
          break;
        }
        default:
          break;
      }
      events.push({ topic: 'orders/updated', body });
      return events;
    }
    case 'customer': {
      const customer = store.getCustomer(change.id);
      if (!customer || change.action === 'deleted') return [];
      return [
        {
          topic: change.action === 'created' ? 'customers/create' : 'customers/update',
          body: renderRestCustomer(context, customer),
        },
      ];
    }
    case 'product': {
      if (change.action === 'deleted')
        return [{ topic: 'products/delete', body: { id: shopifyId('Product', change.id) } }];
      const product = store.getProduct(change.id);
      if (!product) return [];
      return [
        {
          topic: change.action === 'created' ? 'products/create' : 'products/update',
          body: renderRestProduct(context, product),
        },
      ];
    }
    case 'inventory_level': {
      const level = store.getInventoryLevel(change.id);
      return level
        ? [{ topic: 'inventory_levels/update', body: renderRestInventoryLevel(context, level) }]
        : [];
    }
    case 'cart': {
      const cart = store.getCart(change.id);
      if (!cart) return [];
      return [
        {
          topic: change.action === 'created' ? 'checkouts/create' : 'checkouts/update',
          body: renderRestCheckout(context, cart),
        },
      ];
    }
    case 'variant':
    case 'category':
    case 'location':
      // Variant changes reach subscribers as products/update, which the store emits alongside.
      return [];
  }
}

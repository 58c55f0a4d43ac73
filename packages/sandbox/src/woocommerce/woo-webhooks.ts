import { createHash, createHmac } from 'node:crypto';
import type { DeliveryRecord, WebhookSender } from '../http/webhook-sender';
import type { SandboxStore } from '../store/sandbox-store';
import type { StoreChange } from '../store/types';
import { phpJsonEncode } from './php-json';
import { renderWooCustomer } from './render-customer';
import { renderWooOrder } from './render-order';
import { createSalesIndex, renderWooProduct } from './render-product';
import { WC_VERSION, type WooRenderContext, WP_VERSION } from './woo-format';

export type WooWebhookResource = 'order' | 'product' | 'customer';
export type WooWebhookEvent = 'created' | 'updated' | 'deleted';
export type WooWebhookTopic = `${WooWebhookResource}.${WooWebhookEvent}`;

export interface WooWebhookSubscription {
  /** The webhook's post id, sent as `X-WC-Webhook-ID`. */
  id: number;
  name: string;
  deliveryUrl: string;
  secret: string;
  /** Topics delivered; all order/product/customer topics when omitted. */
  topics: WooWebhookTopic[] | null;
}

export const WOO_USER_AGENT = `WooCommerce/${WC_VERSION} Hookshot (WordPress/${WP_VERSION})`;

/** WooCommerce disables a webhook once more than this many deliveries in a row have failed. */
export const MAX_DELIVERY_FAILURES = 5;

/** base64(HMAC-SHA256(secret, raw body)), the `X-WC-Webhook-Signature` value. */
export function wooWebhookSignature(rawBody: string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody, 'utf8').digest('base64');
}

/** The WooCommerce topic a store change fires, if any. */
export function wooTopicFor(
  store: SandboxStore,
  change: StoreChange,
): { resource: WooWebhookResource; event: WooWebhookEvent; id: number } | null {
  switch (change.kind) {
    case 'order':
      return { resource: 'order', event: change.action, id: change.id };
    case 'customer':
      return { resource: 'customer', event: change.action, id: change.id };
    case 'product':
      return { resource: 'product', event: change.action, id: change.id };
    case 'inventory_level': {
      // Stock lives on the product (or its variation) in WooCommerce, so a stock change updates it.
      if (change.action === 'deleted') return null;
      const level = store.getInventoryLevel(change.id);
      const variant = level && store.getVariant(level.variantId);
      const product = variant && store.getProduct(variant.productId);
      if (!product || change.cause === 'createProduct') return null;
      return { resource: 'product', event: 'updated', id: product.id };
    }
    // Variant changes arrive with a product change; carts are checkout drafts, for which the
    // Checkout block suppresses webhooks; categories and locations have no topic.
    case 'variant':
    case 'cart':
    case 'category':
    case 'location':
      return null;
  }
}

/**
 * Turns store changes into WooCommerce webhook deliveries. Like core, a resource fires a topic at
 * most once per batch of changes (one request in WordPress, one tick here), and the payload is the
 * resource as the REST API renders it when the delivery runs.
 */
export function createWooWebhookDispatcher(options: {
  store: SandboxStore;
  subscriptions: WooWebhookSubscription[];
  sender: WebhookSender;
  context: WooRenderContext;
  now: () => number;
  /** Units sold per product, shared with the REST routes so it is computed once per store version. */
  salesIndex?: (productId: number) => number;
}) {
  const { store, sender, context } = options;
  const salesIndex = options.salesIndex ?? createSalesIndex(store);
  const failures = new Map<number, number>();
  const pending = new Map<string, { resource: WooWebhookResource; event: WooWebhookEvent; id: number }>();
  let scheduled: NodeJS.Immediate | undefined;
  let deliveryCounter = 0;
  const inFlight = new Set<Promise<unknown>>();

  const payloadFor = (resource: WooWebhookResource, event: WooWebhookEvent, id: number): unknown => {
    if (event === 'deleted') return { id };
    if (resource === 'order') {
      const order = store.getOrder(id);
      return order ? renderWooOrder(store, order, context) : null;
    }
    if (resource === 'customer') {
      const customer = store.getCustomer(id);
      return customer ? renderWooCustomer(store, customer, context) : null;
    }
    const product = store.getProduct(id);
    return product ? renderWooProduct(store, product, context, salesIndex) : null;
  };

  const deliver = (subscription: WooWebhookSubscription, topic: WooWebhookTopic, rawBody: string) => {
    const [resource, event] = topic.split('.') as [WooWebhookResource, WooWebhookEvent];
    deliveryCounter += 1;
    const deliveryId = createHash('md5')
      .update(`${subscription.id}:${deliveryCounter}:${options.now()}`)
      .digest('hex');
    const running = sender
      .send({
        url: subscription.deliveryUrl,
        body: rawBody,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': WOO_USER_AGENT,
          'X-WC-Webhook-Source': `${context.siteUrl}/`,
          'X-WC-Webhook-Topic': topic,
          'X-WC-Webhook-Resource': resource,
          'X-WC-Webhook-Event': event,
          'X-WC-Webhook-Signature': wooWebhookSignature(rawBody, subscription.secret),
          'X-WC-Webhook-ID': String(subscription.id),
          'X-WC-Webhook-Delivery-ID': deliveryId,
        },
      })
      .then((record) => {
        if (!record) return;
        failures.set(subscription.id, record.delivered ? 0 : (failures.get(subscription.id) ?? 0) + 1);
      });
    inFlight.add(running);
    void running.finally(() => inFlight.delete(running));
  };

  const flush = () => {
    scheduled = undefined;
    const batch = [...pending.values()];
    pending.clear();
    for (const { resource, event, id } of batch) {
      const topic: WooWebhookTopic = `${resource}.${event}`;
      const targets = options.subscriptions.filter(
        (subscription) =>
          (subscription.topics === null || subscription.topics.includes(topic)) &&
          (failures.get(subscription.id) ?? 0) <= MAX_DELIVERY_FAILURES,
      );
      if (targets.length === 0) continue;
      const payload = payloadFor(resource, event, id);
      if (payload === null) continue;
      const rawBody = phpJsonEncode(payload);
      for (const subscription of targets) deliver(subscription, topic, rawBody);
    }
  };

  const unsubscribe = store.onChange((change) => {
    const topic = wooTopicFor(store, change);
    if (!topic) return;
    const key = `${topic.resource}.${topic.event}:${topic.id}`;
    // A resource created in this batch is delivered once, as created.
    if (topic.event === 'updated' && pending.has(`${topic.resource}.created:${topic.id}`)) return;
    pending.set(key, topic);
    scheduled ??= setImmediate(flush);
  });

  return {
    /** Whether a webhook is still active (not disabled by repeated failures). */
    isActive: (webhookId: number) => (failures.get(webhookId) ?? 0) <= MAX_DELIVERY_FAILURES,
    /** Delivers what is batched now and waits for every delivery in flight. */
    async flush(): Promise<void> {
      if (scheduled) {
        clearImmediate(scheduled);
        flush();
      }
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      await sender.settled();
    },
    /** The creation ping: form-encoded `webhook_id=N`, no signature, Hookshot user agent. */
    ping(url: string, webhookId: number): Promise<DeliveryRecord | null> {
      return sender.send({
        url,
        body: `webhook_id=${webhookId}`,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': WOO_USER_AGENT },
      });
    },
    close(): void {
      unsubscribe();
      if (scheduled) clearImmediate(scheduled);
      pending.clear();
    },
  };
}

export type WooWebhookDispatcher = ReturnType<typeof createWooWebhookDispatcher>;

import { type AnyEntity, type EntityType, type EventType, entityId } from '@cartwire/model';
import { z } from 'zod';
import type { MapContext } from '../engine/connector';
import { parseJsonBigIntSafe } from '../engine/json';
import type { WebhookDefinition, WebhookTopicDefinition } from '../engine/webhooks/webhook-types';
import { mapCart } from './map-cart';
import { mapCustomer } from './map-customer';
import { mapInventoryLevel } from './map-inventory';
import { mapOrder, mapRefund, mapShipment } from './map-order';
import { mapProduct } from './map-product';
import { RawCheckout } from './raw-checkout';
import { RawCustomer } from './raw-customer';
import { RawInventoryLevel } from './raw-inventory';
import { RawOrder } from './raw-order';
import { RawProduct } from './raw-product';
import {
  restCheckoutToRaw,
  restCustomerToRaw,
  restDeletedId,
  restFulfillmentToRaw,
  restInventoryLevelToRaw,
  restOrderToRaw,
  restProductToRaw,
  restRefundToRaw,
} from './rest-adapters';
import { headerValue, verifyShopifyWebhook } from './webhook-signature';
import { isShopifyTopic, SHOPIFY_TOPICS, type ShopifyTopicName } from './webhook-topics';

/** What a store contributes to reading its webhooks: REST bodies leave some facts out. */
export interface ShopifyWebhookContext {
  storeId: string;
  /** Shop currency: product bodies carry bare prices; refund bodies without lines carry no currency. */
  shopCurrency: string;
  /**
   * The variant of an inventory item (`inventory_levels/update` names only the item). Typically one
   * `inventoryItem(id) { variant { id } }` query, or a lookup in synced variants.
   */
  variantOfInventoryItem?(inventoryItemId: string): Promise<string> | string;
}

export type ShopifyWebhookResult =
  | { kind: 'ignored'; topic: string | null; deliveryId: string | null }
  | {
      kind: 'upsert';
      topic: ShopifyTopicName;
      deliveryId: string | null;
      event: EventType | null;
      entity: EntityType;
      entities: AnyEntity[];
    }
  | {
      kind: 'delete';
      topic: ShopifyTopicName;
      deliveryId: string | null;
      event: EventType | null;
      entity: EntityType;
      externalId: string;
      entityId: string;
    };

export class ShopifyWebhookPayloadError extends Error {
  override readonly name = 'ShopifyWebhookPayloadError';
}

type Headers_ = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

export function webhookTopicOf(headers: Headers_): string | null {
  return headerValue(headers, 'x-shopify-topic') ?? headerValue(headers, 'shopify-topic');
}

/** `X-Shopify-Webhook-Id`: the same on every retry of one delivery, so it deduplicates. */
export function webhookDeliveryIdOf(headers: Headers_): string | null {
  return headerValue(headers, 'x-shopify-webhook-id') ?? headerValue(headers, 'shopify-webhook-id');
}

function parseWithPath<T extends z.ZodType>(schema: T, value: unknown, topic: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ShopifyWebhookPayloadError(
      `${topic}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

const RefundCurrencyHint = z.looseObject({
  refund_line_items: z
    .array(z.looseObject({ subtotal_set: z.object({ shop_money: z.object({ currency_code: z.string() }) }) }))
    .optional(),
});

/**
 * Reads one Shopify webhook delivery (already verified) into normalized entities, or a deletion.
 * Bodies are parsed big-int-safe; every REST body goes through the same mapper as the GraphQL record,
 * so a webhook and a sync of one object give the same entity. Unknown topics are `ignored`.
 *
 * @example
 * const result = await mapShopifyWebhook({ rawBody, headers }, { storeId, shopCurrency: 'EUR' });
 * if (result.kind === 'upsert') await repository.upsertEntities(result.entities);
 */
export async function mapShopifyWebhook(
  input: { rawBody: Uint8Array | string; headers: Headers_ },
  context: ShopifyWebhookContext,
): Promise<ShopifyWebhookResult> {
  const topic = webhookTopicOf(input.headers);
  const deliveryId = webhookDeliveryIdOf(input.headers);
  if (topic === null || !isShopifyTopic(topic)) return { kind: 'ignored', topic, deliveryId };
  const text = typeof input.rawBody === 'string' ? input.rawBody : new TextDecoder().decode(input.rawBody);
  let body: unknown;
  try {
    body = parseJsonBigIntSafe(text);
  } catch {
    throw new ShopifyWebhookPayloadError(`${topic}: body is not JSON`);
  }
  const definition = SHOPIFY_TOPICS[topic];
  const mapContext: MapContext = { storeId: context.storeId, platform: 'shopify', stream: definition.entity };
  const upsert = (entities: AnyEntity[], event: EventType | null = definition.event) =>
    ({ kind: 'upsert', topic, deliveryId, event, entity: definition.entity, entities }) as const;

  if (definition.action === 'delete') {
    const externalId = restDeletedId(body);
    return {
      kind: 'delete',
      topic,
      deliveryId,
      event: definition.event,
      entity: definition.entity,
      externalId,
      entityId: entityId(definition.entity, context.storeId, externalId),
    };
  }
  switch (definition.entity) {
    case 'order':
      return upsert([mapOrder(parseWithPath(RawOrder, restOrderToRaw(body), topic), mapContext)]);
    case 'customer':
      return upsert([mapCustomer(parseWithPath(RawCustomer, restCustomerToRaw(body), topic), mapContext)]);
    case 'product':
      return upsert([
        mapProduct(
          parseWithPath(RawProduct, restProductToRaw(body, context.shopCurrency), topic),
          mapContext,
        ),
      ]);
    case 'cart': {
      const cart = mapCart(parseWithPath(RawCheckout, restCheckoutToRaw(body), topic), mapContext);
      return upsert(
        [cart],
        cart.completedAt && topic === 'checkouts/update' ? 'cart.converted' : definition.event,
      );
    }
    case 'refund': {
      const hint = RefundCurrencyHint.safeParse(body);
      const currency =
        (hint.success
          ? hint.data.refund_line_items?.[0]?.subtotal_set.shop_money.currency_code
          : undefined) ?? context.shopCurrency;
      const { orderId, refund } = restRefundToRaw(body, currency);
      const orderEntityId = entityId('order', context.storeId, orderId);
      if (!refund.createdAt) throw new ShopifyWebhookPayloadError(`${topic}: created_at is missing`);
      const updatedAt = refund.createdAt;
      return upsert([mapRefund(refund, { id: orderEntityId, currency, updatedAt }, mapContext)]);
    }
    case 'shipment': {
      const { orderId, fulfillment } = restFulfillmentToRaw(body);
      const shipment = mapShipment(
        fulfillment,
        { id: entityId('order', context.storeId, orderId) },
        mapContext,
      );
      return upsert([shipment], shipment.status === 'delivered' ? 'shipment.delivered' : null);
    }
    case 'inventory_level': {
      if (!context.variantOfInventoryItem) {
        throw new ShopifyWebhookPayloadError(`${topic}: needs variantOfInventoryItem to name the variant`);
      }
      const itemId = z
        .object({ inventory_item_id: z.union([z.string(), z.number()]).transform(String) })
        .parse(body).inventory_item_id;
      const variantId = await context.variantOfInventoryItem(itemId);
      return upsert([
        mapInventoryLevel(
          parseWithPath(RawInventoryLevel, restInventoryLevelToRaw(body, variantId), topic),
          mapContext,
        ),
      ]);
    }
    default:
      return { kind: 'ignored', topic, deliveryId };
  }
}

/** Topics the engine can map with a stream alone (their bodies need no store facts). */
const ENGINE_TOPICS: Record<string, WebhookTopicDefinition> = Object.fromEntries(
  Object.entries(SHOPIFY_TOPICS).flatMap(([topic, definition]): [string, WebhookTopicDefinition][] => {
    const event = definition.event === null ? {} : { event: definition.event };
    if (definition.action === 'delete')
      return [[topic, { entity: definition.entity, action: 'delete', ...event }]];
    if (definition.entity === 'order' || definition.entity === 'customer' || definition.entity === 'cart') {
      return [[topic, { entity: definition.entity, action: 'upsert', stream: definition.stream, ...event }]];
    }
    return [];
  }),
);

/** The engine-facing webhook declaration; `mapShopifyWebhook` handles every topic, including those needing store facts. */
export const shopifyWebhooks: WebhookDefinition = {
  verify: ({ rawBody, headers, secret }) => verifyShopifyWebhook(rawBody, headers, secret),
  topic: ({ headers }) => webhookTopicOf(headers),
  deliveryId: ({ headers }) => webhookDeliveryIdOf(headers),
  topics: ENGINE_TOPICS,
  parse: 'json-bigint-safe',
  record(body, topic) {
    if (!isShopifyTopic(topic)) return body;
    const definition = SHOPIFY_TOPICS[topic];
    if (definition.action === 'delete') return body;
    switch (definition.entity) {
      case 'order':
        return restOrderToRaw(body);
      case 'customer':
        return restCustomerToRaw(body);
      case 'cart':
        return restCheckoutToRaw(body);
      default:
        return body;
    }
  },
};

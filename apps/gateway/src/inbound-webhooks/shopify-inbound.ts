import {
  mapShopifyWebhook,
  SHOPIFY_TOPICS,
  ShopifyWebhookPayloadError,
  shopifyConnector,
  webhookTopicOf,
} from '@cartwire/connectors/shopify';
import type { EntityType } from '@cartwire/model';
import { streamsForEntity } from '../sync/platform-connectors';
import type { InboundChange, InboundPlatform } from './inbound-change';

/**
 * Entities whose Shopify webhook bodies are not enough to store: an inventory level names only its
 * inventory item (the variant needs a look-up), refunds and fulfilments are parts of an order that
 * the order stream reads whole, and the REST customer body lacks fields the GraphQL read has (locale),
 * so storing it would announce a second, spurious change when the poll reads the full record. These
 * are re-read through the connector instead.
 */
const REFETCH_INSTEAD: Partial<Record<EntityType, readonly EntityType[]>> = {
  customer: ['customer'],
  inventory_level: ['inventory_level', 'product'],
  refund: ['order'],
  shipment: ['order'],
};

const isTopic = (topic: string): topic is keyof typeof SHOPIFY_TOPICS => Object.hasOwn(SHOPIFY_TOPICS, topic);

export const shopifyInbound: InboundPlatform = {
  connector: shopifyConnector,
  webhookSecret: (credentials) =>
    typeof credentials.clientSecret === 'string' && credentials.clientSecret !== ''
      ? credentials.clientSecret
      : null,
  async interpret(_outcome, input, store): Promise<InboundChange> {
    const topic = webhookTopicOf(input.headers);
    if (topic === null || !isTopic(topic)) return { kind: 'ignored' };
    const definition = SHOPIFY_TOPICS[topic];
    const streamsOf = (entities: readonly EntityType[]) =>
      entities.flatMap((entity) => streamsForEntity(shopifyConnector, entity));
    const instead = REFETCH_INSTEAD[definition.entity];
    if (instead && definition.action === 'upsert') return { kind: 'refetch', streams: streamsOf(instead) };
    const currency =
      store.currency ?? (typeof store.settings.currency === 'string' ? store.settings.currency : null);
    if (definition.entity === 'product' && definition.action === 'upsert' && currency === null) {
      // Product bodies carry bare prices; without the shop currency only a re-read maps them.
      return { kind: 'refetch', streams: streamsOf(['product']) };
    }
    try {
      const result = await mapShopifyWebhook(input, { storeId: store.id, shopCurrency: currency ?? 'USD' });
      if (result.kind === 'ignored') return { kind: 'ignored' };
      if (result.kind === 'delete')
        return { kind: 'delete', entity: result.entity, externalId: result.externalId };
      return { kind: 'upsert', entities: result.entities, refetch: [] };
    } catch (error) {
      if (!(error instanceof ShopifyWebhookPayloadError)) throw error;
      return { kind: 'refetch', streams: streamsOf([definition.entity]) };
    }
  },
};

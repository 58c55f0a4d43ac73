import type { AnyConnector } from '@cartwire/connectors';
import { amazonConnector } from '@cartwire/connectors/amazon';
import { magentoConnector } from '@cartwire/connectors/magento';
import { shopifyConnector } from '@cartwire/connectors/shopify';
import { wooCommerceConnector } from '@cartwire/connectors/woocommerce';
import type { Platform } from '@cartwire/model';

/** The connectors this gateway can sync with; a platform absent here cannot be synced yet. */
export type ConnectorRegistry = Partial<Record<Platform, AnyConnector>>;

export const DEFAULT_CONNECTORS: ConnectorRegistry = {
  shopify: shopifyConnector,
  woocommerce: wooCommerceConnector,
  magento: magentoConnector,
  amazon: amazonConnector,
};

export class UnsupportedPlatformError extends Error {
  override readonly name = 'UnsupportedPlatformError';
}

export function connectorFor(registry: ConnectorRegistry, platform: Platform): AnyConnector {
  const connector = registry[platform];
  if (!connector) throw new UnsupportedPlatformError(`no connector for ${platform}`);
  return connector;
}

/**
 * Streams in dependency order: locations before inventory, products before inventory levels,
 * customers before orders and carts, so a first backfill links what it can.
 */
const STREAM_ORDER = [
  'locations',
  'collections',
  'products',
  'inventoryLevels',
  'customers',
  'orders',
  'carts',
];

export function syncStreamsOf(connector: AnyConnector, only?: readonly string[]): string[] {
  const names = Object.keys(connector.streams).filter((name) => !only || only.includes(name));
  const rank = (name: string) => {
    const index = STREAM_ORDER.indexOf(name);
    return index === -1 ? STREAM_ORDER.length : index;
  };
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Streams whose records are `entity`: where a partial webhook about that entity is re-read from. */
export function streamsForEntity(connector: AnyConnector, entity: string): string[] {
  return Object.entries(connector.streams)
    .filter(([, stream]) => stream.entity === entity)
    .map(([name]) => name);
}

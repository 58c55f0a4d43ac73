import type { AnyConnector, ConnectorEngine } from '@cartwire/connectors';
import { createConnectorEngine } from '@cartwire/connectors';
import { amazonConnector } from '@cartwire/connectors/amazon';
import { magentoConnector } from '@cartwire/connectors/magento';
import { shopifyConnector } from '@cartwire/connectors/shopify';
import { wooCommerceConnector } from '@cartwire/connectors/woocommerce';
import type { Platform } from '@cartwire/model';

/** The connectors this gateway can talk to, and the one engine every platform call goes through. */
export interface ConnectorRegistry {
  readonly engine: ConnectorEngine;
  /** Null for a platform whose connector is not part of this build. */
  connectorFor(platform: Platform): AnyConnector | null;
}

/** Connectors shipped with the gateway: one per platform of the model. */
export const BUNDLED_CONNECTORS: Partial<Record<Platform, AnyConnector>> = {
  shopify: shopifyConnector as unknown as AnyConnector,
  woocommerce: wooCommerceConnector as unknown as AnyConnector,
  magento: magentoConnector as unknown as AnyConnector,
  amazon: amazonConnector as unknown as AnyConnector,
};

export interface ConnectorRegistryOptions {
  /** @default createConnectorEngine() */
  readonly engine?: ConnectorEngine;
  /** @default BUNDLED_CONNECTORS */
  readonly connectors?: Partial<Record<Platform, AnyConnector>>;
}

export function createConnectorRegistry(options: ConnectorRegistryOptions = {}): ConnectorRegistry {
  const engine = options.engine ?? createConnectorEngine();
  const connectors = options.connectors ?? BUNDLED_CONNECTORS;
  return {
    engine,
    connectorFor: (platform) => connectors[platform] ?? null,
  };
}

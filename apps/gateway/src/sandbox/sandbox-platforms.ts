import { randomBytes } from 'node:crypto';
import type { Platform } from '@cartwire/model';
import {
  createShopifyEmulator,
  createWooCommerceEmulator,
  type FetchApp,
  type SandboxStore,
} from '@cartwire/sandbox';

/** An emulator serving one sandbox store, and how to stop its background deliveries. */
export interface SandboxEmulator {
  readonly app: FetchApp;
  /** Waits for queued platform webhooks to be delivered (or given up). */
  flush(): Promise<void>;
  close(): void;
}

/**
 * How the demo runs one platform's sandbox: the emulator, and the credentials and settings a store
 * record needs to reach it. `secrets` are generated once per store and kept in its encrypted
 * credentials, so a restart re-serves the same shop under the same keys.
 */
export interface SandboxPlatform {
  readonly platform: Platform;
  readonly name: string;
  newSecrets(): Record<string, string>;
  createEmulator(input: {
    store: SandboxStore;
    secrets: Record<string, string>;
    webhookUrl: string;
  }): SandboxEmulator;
  credentials(secrets: Record<string, string>, emulatorUrl: string): Record<string, unknown>;
  settings(emulatorUrl: string, store: SandboxStore): Record<string, unknown>;
}

const token = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

function secret(secrets: Record<string, string>, name: string): string {
  const value = secrets[name];
  if (value === undefined) throw new Error(`sandbox secret ${name} is missing`);
  return value;
}

const SHOP_DOMAIN = 'cartwire-sandbox.myshopify.com';

export const SHOPIFY_SANDBOX: SandboxPlatform = {
  platform: 'shopify',
  name: 'Sandbox Shopify',
  newSecrets: () => ({ accessToken: token('shpat_'), clientSecret: token('shpss_') }),
  createEmulator({ store, secrets, webhookUrl }) {
    const emulator = createShopifyEmulator({
      store,
      shopDomain: SHOP_DOMAIN,
      accessToken: secret(secrets, 'accessToken'),
      clientSecret: secret(secrets, 'clientSecret'),
      apiVersion: '2026-10',
      // A Shopify Plus-sized bucket so the demo backfill takes seconds, not minutes.
      plan: { bucketSize: 20_000, restoreRate: 1_000 },
      webhooks: [{ url: webhookUrl }],
    });
    return {
      app: emulator,
      flush: () => emulator.shopify.flushWebhooks(),
      close: () => emulator.shopify.close(),
    };
  },
  credentials: (secrets) => ({
    shopDomain: SHOP_DOMAIN,
    accessToken: secret(secrets, 'accessToken'),
    clientSecret: secret(secrets, 'clientSecret'),
    apiVersion: '2026-10',
  }),
  settings: (emulatorUrl) => ({ apiOrigin: emulatorUrl }),
};

export const WOOCOMMERCE_SANDBOX: SandboxPlatform = {
  platform: 'woocommerce',
  name: 'Sandbox WooCommerce',
  newSecrets: () => ({ consumerKey: token('ck_'), consumerSecret: token('cs_'), webhookSecret: token('') }),
  createEmulator({ store, secrets, webhookUrl }) {
    const emulator = createWooCommerceEmulator({
      store,
      consumerKey: secret(secrets, 'consumerKey'),
      consumerSecret: secret(secrets, 'consumerSecret'),
      webhooks: [{ url: webhookUrl, secret: secret(secrets, 'webhookSecret') }],
    });
    return {
      app: emulator,
      flush: () => emulator.woocommerce.flushWebhooks(),
      close: () => emulator.woocommerce.close(),
    };
  },
  credentials: (secrets, emulatorUrl) => ({
    url: emulatorUrl,
    consumerKey: secret(secrets, 'consumerKey'),
    consumerSecret: secret(secrets, 'consumerSecret'),
    webhookSecret: secret(secrets, 'webhookSecret'),
  }),
  // The shop currency is given rather than read from the settings API, which the emulator does not serve.
  settings: (_emulatorUrl, store) => ({
    currency: store.shop.currency,
    rateLimit: { maxConcurrent: 4, minTime: 0 },
  }),
};

/** The sandboxes `npm start` serves: one store per platform the gateway has a connector for. */
export const SANDBOX_PLATFORMS: readonly SandboxPlatform[] = [SHOPIFY_SANDBOX, WOOCOMMERCE_SANDBOX];

import { randomBytes } from 'node:crypto';
import type { Platform } from '@cartwire/model';
import {
  createAmazonEmulator,
  createMagentoEmulator,
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
  /** The secrets back out of stored credentials (inverse of `credentials`). */
  secretsFrom(credentials: Record<string, unknown>): Record<string, string>;
  settings(emulatorUrl: string, store: SandboxStore): Record<string, unknown>;
}

const token = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

/** Picks named string fields of an object (stored credentials, or a nested part of them). */
function pick(source: unknown, names: readonly string[]): Record<string, string> {
  const record = (typeof source === 'object' && source !== null ? source : {}) as Record<string, unknown>;
  return Object.fromEntries(
    names.map((name) => [name, typeof record[name] === 'string' ? record[name] : '']),
  );
}

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
  secretsFrom: (credentials) => pick(credentials, ['accessToken', 'clientSecret']),
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
  secretsFrom: (credentials) => pick(credentials, ['consumerKey', 'consumerSecret', 'webhookSecret']),
  // The shop currency is given rather than read from the settings API, which the emulator does not serve.
  settings: (_emulatorUrl, store) => ({
    currency: store.shop.currency,
    rateLimit: { maxConcurrent: 4, minTime: 0 },
  }),
};

export const MAGENTO_SANDBOX: SandboxPlatform = {
  platform: 'magento',
  name: 'Sandbox Magento',
  newSecrets: () => ({
    consumerKey: token(''),
    consumerSecret: token(''),
    accessToken: token(''),
    accessTokenSecret: token(''),
  }),
  createEmulator({ store, secrets }) {
    // Magento Open Source has no webhooks: the demo store is kept current by polling.
    const oauth = {
      consumerKey: secret(secrets, 'consumerKey'),
      consumerSecret: secret(secrets, 'consumerSecret'),
      accessToken: secret(secrets, 'accessToken'),
      accessTokenSecret: secret(secrets, 'accessTokenSecret'),
    };
    return { app: createMagentoEmulator({ store, oauth }), flush: async () => {}, close: () => {} };
  },
  credentials: (secrets, emulatorUrl) => ({
    baseUrl: emulatorUrl,
    auth: {
      kind: 'oauth1',
      consumerKey: secret(secrets, 'consumerKey'),
      consumerSecret: secret(secrets, 'consumerSecret'),
      accessToken: secret(secrets, 'accessToken'),
      accessTokenSecret: secret(secrets, 'accessTokenSecret'),
    },
  }),
  secretsFrom: (credentials) =>
    pick(credentials.auth, ['consumerKey', 'consumerSecret', 'accessToken', 'accessTokenSecret']),
  settings: () => ({}),
};

const AMAZON_SELLER_ID = 'A3CARTWIRESANDBOX';
const AMAZON_MARKETPLACE_ID = 'ATVPDKIKX0DER';
// The documented usage plans scaled up (searchOrders' 0.0056 requests/s would make a demo backfill take hours).
const DEMO_PLAN = { rate: 50, burst: 50 };
const AMAZON_DEMO_PLANS = {
  searchOrders: DEMO_PLAN,
  getOrders: DEMO_PLAN,
  getOrderItems: DEMO_PLAN,
  createRestrictedDataToken: DEMO_PLAN,
  searchListingsItems: DEMO_PLAN,
  getInventorySummaries: DEMO_PLAN,
  createReport: DEMO_PLAN,
  getReport: DEMO_PLAN,
  getReportDocument: DEMO_PLAN,
};

export const AMAZON_SANDBOX: SandboxPlatform = {
  platform: 'amazon',
  name: 'Sandbox Amazon',
  newSecrets: () => ({
    clientId: `amzn1.application-oa2-client.${randomBytes(8).toString('hex')}`,
    clientSecret: token('amzn1.oa2-cs.v1.'),
    refreshToken: token('Atzr|'),
  }),
  createEmulator({ store, secrets }) {
    const lwa = {
      clientId: secret(secrets, 'clientId'),
      clientSecret: secret(secrets, 'clientSecret'),
      refreshToken: secret(secrets, 'refreshToken'),
    };
    const emulator = createAmazonEmulator({
      store,
      lwa,
      sellerId: AMAZON_SELLER_ID,
      marketplaceId: AMAZON_MARKETPLACE_ID,
      usagePlans: AMAZON_DEMO_PLANS,
    });
    return { app: emulator, flush: async () => {}, close: () => emulator.amazon.close() };
  },
  credentials: (secrets, emulatorUrl) => ({
    endpoint: emulatorUrl,
    lwaEndpoint: emulatorUrl,
    clientId: secret(secrets, 'clientId'),
    clientSecret: secret(secrets, 'clientSecret'),
    refreshToken: secret(secrets, 'refreshToken'),
  }),
  secretsFrom: (credentials) => pick(credentials, ['clientId', 'clientSecret', 'refreshToken']),
  settings: () => ({
    sellerId: AMAZON_SELLER_ID,
    marketplaceIds: [AMAZON_MARKETPLACE_ID],
    piiAccess: true,
    reportPollMs: 500,
    rateLimit: { perOperation: AMAZON_DEMO_PLANS, maxConcurrent: 4 },
  }),
};

/** The sandboxes `npm start` serves: one store per platform the gateway has a connector for. */
export const SANDBOX_PLATFORMS: readonly SandboxPlatform[] = [
  SHOPIFY_SANDBOX,
  WOOCOMMERCE_SANDBOX,
  MAGENTO_SANDBOX,
  AMAZON_SANDBOX,
];

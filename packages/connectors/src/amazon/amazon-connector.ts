import { defineConnector } from '../engine/connector';
import { inventoryLevelsStream, locationsStream, productsStream } from './catalog-streams';
import { classifyAmazon } from './classify';
import { AmazonCredentials, spApiBase } from './credentials';
import { lwaAuth } from './lwa-auth';
import { amazonNeutralWrites } from './neutral-writes';
import { amazonRelayWebhooks } from './order-change-relay';
import { customersStream, ordersStream, shipmentsStream } from './order-streams';
import { AmazonSettings } from './settings';
import { amazonRateLimit } from './usage-plans';

/**
 * Amazon Selling Partner API connector. Login with Amazon refresh-token auth; one token bucket per
 * operation at the documented usage plan, adapted from `x-amzn-RateLimit-Limit`; 429 QuotaExceeded
 * is rate_limited. Streams: orders (2026-01-01 by default, v0 for unmigrated accounts, the Reports
 * API for wide windows), shipments (2026-01-01 packages), customers (buyer info, with `piiAccess`
 * only), products (listings), inventory levels (FBA summaries + MFN availability) and locations (the
 * AFN and MFN networks). Not available on Amazon: carts (none exist) and refunds (the Orders API has
 * none; they live in the Finances API, which this connector does not read). ORDER_CHANGE
 * notifications arrive through SQS without a signature; a relay the seller runs forwards them signed
 * with the store's `notificationSecret` (`webhooks`, see `amazonRelayWebhooks`).
 *
 * @example
 * const ctx = engine.connect(amazonConnector, {
 *   id: 'sto_…',
 *   credentials: { region: 'na', clientId, clientSecret, refreshToken },
 *   settings: { sellerId: 'A3TH9S8BH6GOGM', marketplaceIds: ['ATVPDKIKX0DER'], piiAccess: true },
 * });
 */
export const amazonConnector = defineConnector({
  platform: 'amazon',
  credentials: AmazonCredentials,
  settings: AmazonSettings,
  baseUrl: (credentials) => spApiBase(credentials),
  auth: lwaAuth,
  rateLimit: amazonRateLimit,
  classify: classifyAmazon,
  streams: {
    orders: ordersStream,
    shipments: shipmentsStream,
    customers: customersStream,
    products: productsStream,
    inventoryLevels: inventoryLevelsStream,
    locations: locationsStream,
  },
  webhooks: amazonRelayWebhooks,
  actions: amazonNeutralWrites,
});

import { defineConnector } from '../engine/connector';
import { wooActions } from './actions';
import { wooAuth } from './auth';
import { classifyWooCommerce } from './classify';
import { WooCredentials, WooSettings, wooBaseUrl } from './credentials';
import { wooNeutralWrites } from './neutral-writes';
import {
  cartsStream,
  customersStream,
  inventoryLevelsStream,
  locationsStream,
  ordersStream,
  productsStream,
} from './streams/streams';
import { wooWebhooks } from './webhooks';

/**
 * WooCommerce REST API v3 (`/wp-json/wc/v3`). Requests go through the engine's request function
 * (limits, retries, classification) with the official client's auth semantics; see README.md in
 * this folder for why the client library itself is not in the request path.
 *
 * WooCommerce sends no rate-limit signals, and what a store sustains depends on its host: the
 * default is 4 requests in flight, at most 10 starts per second; override per store with
 * `settings.rateLimit: { maxConcurrent, minTime }`.
 *
 * @example
 * const ctx = engine.connect(wooCommerceConnector, {
 *   id: 'sto_…',
 *   credentials: { url: 'https://shop.example', consumerKey: 'ck_…', consumerSecret: 'cs_…' },
 *   settings: { currency: 'EUR', rateLimit: { maxConcurrent: 8, minTime: 50 } },
 * });
 */
export const wooCommerceConnector = defineConnector({
  platform: 'woocommerce',
  credentials: WooCredentials,
  settings: WooSettings,
  baseUrl: (credentials) => wooBaseUrl(credentials),
  auth: wooAuth,
  rateLimit: { kind: 'fixed', maxConcurrent: 4, minTime: 100 },
  classify: classifyWooCommerce,
  streams: {
    products: productsStream,
    inventoryLevels: inventoryLevelsStream,
    locations: locationsStream,
    customers: customersStream,
    orders: ordersStream,
    carts: cartsStream,
  },
  webhooks: wooWebhooks,
  actions: { ...wooActions, ...wooNeutralWrites },
});

export type WooCommerceConnector = typeof wooCommerceConnector;

import { defineConnector } from '../engine/connector';
import { MagentoCredentials, magentoApiBase } from './credentials';
import { addOrderComment, createShipment, setSourceQuantity } from './magento-actions';
import { magentoAuth } from './magento-auth';
import {
  cartsStream,
  customersStream,
  inventoryLevelsStream,
  locationsStream,
  ordersStream,
  productsStream,
  refundsStream,
  shipmentsStream,
} from './magento-streams';
import { magentoNeutralWrites } from './neutral-writes';
import { MagentoSettings } from './settings';

/**
 * Magento 2 / Adobe Commerce REST connector. Every stream polls `updated_at gteq watermark`, sorted
 * ascending, with `currentPage` paging that stops on `total_count`. Magento Open Source has no
 * outbound webhooks, so there is no `webhooks` declaration; Adobe Commerce I/O events are classified
 * by `classifyAdobeIoEvent` into records to re-read.
 *
 * Rate limit: Magento has none by default; hosts do (WAF/CDN). Four requests in flight, tunable per
 * store through `settings.rateLimit`.
 *
 * @example
 * const ctx = engine.connect(magentoConnector, {
 *   id: 'sto_…',
 *   credentials: { baseUrl: 'https://shop.example', storeCode: 'default', auth: { kind: 'oauth1', consumerKey, consumerSecret, accessToken, accessTokenSecret } },
 * });
 */
export const magentoConnector = defineConnector({
  platform: 'magento',
  credentials: MagentoCredentials,
  settings: MagentoSettings,
  baseUrl: (credentials) => magentoApiBase(credentials),
  auth: magentoAuth,
  rateLimit: { kind: 'fixed', maxConcurrent: 4, minTime: 0 },
  streams: {
    products: productsStream,
    customers: customersStream,
    orders: ordersStream,
    refunds: refundsStream,
    shipments: shipmentsStream,
    carts: cartsStream,
    inventoryLevels: inventoryLevelsStream,
    locations: locationsStream,
  },
  actions: { addOrderComment, createShipment, setSourceQuantity, ...magentoNeutralWrites },
});

import {
  amazonAfnLocationId as afnLocationId,
  amazonFaultInjector,
  amazonOrderId,
  createAmazonEmulator,
  createAmazonOrderViewCache,
  generateStore,
  amazonListingViews as listingViews,
  orderChangeNotification,
  serveEmulator,
} from '@cartwire/sandbox';
import { runConnectorContract } from '../testing/contract-suite';
import { amazonConnector } from './amazon-connector';
import { AMAZON_RELAY_SIGNATURE_HEADER, amazonRelayHeaders } from './order-change-relay';

const lwa = {
  clientId: 'amzn1.application-oa2-client.contract',
  clientSecret: 'cs',
  refreshToken: 'Atzr|contract',
};
const sellerId = 'A3TH9S8BH6GOGM';
// The documented plans (searchOrders: one request per 3 minutes) scaled up, identically on both sides.
const fast = { rate: 200, burst: 50 };
const usagePlans = {
  searchOrders: fast,
  searchListingsItems: fast,
  getInventorySummaries: fast,
};

// Customers repeat across order pages (one buyer, many orders) and locations are two fixed records
// on one page, so neither fits the suite's "every id once, several pages" shape; the loopback
// backfill test covers both. Amazon's SQS notifications are unsigned; the signature checked is the
// relay's (an ORDER_CHANGE message body signed with the store's notificationSecret).
const notificationStore = generateStore({ seed: 4, size: 'tiny' });

runConnectorContract({
  connector: amazonConnector,
  webhooks: {
    secret: 'relay-secret-contract-0001',
    signatureHeader: AMAZON_RELAY_SIGNATURE_HEADER,
    sample(secret) {
      const [view] = createAmazonOrderViewCache(notificationStore)();
      if (!view) throw new Error('the tiny store has orders');
      const body = JSON.stringify(
        orderChangeNotification({
          view,
          sellerId,
          marketplaceId: 'ATVPDKIKX0DER',
          applicationId: lwa.clientId,
          changeType: 'OrderStatusChange',
          now: Date.now(),
        }),
      );
      return {
        rawBody: new TextEncoder().encode(body),
        headers: new Headers(amazonRelayHeaders(body, secret)),
      };
    },
  },
  streams: ['orders', 'shipments', 'products', 'inventoryLevels'],
  async emulator() {
    const store = generateStore({ seed: 4, size: 'tiny' });
    const faults = amazonFaultInjector();
    const served = await serveEmulator(createAmazonEmulator({ store, lwa, sellerId, faults, usagePlans }));
    const afn = afnLocationId(store);
    const expected: Record<string, () => string[]> = {
      orders: () => store.listOrders().map((order) => amazonOrderId(order.id)),
      shipments: () =>
        store
          .listOrders()
          .flatMap((order) => order.fulfillments.map((f) => `${amazonOrderId(order.id)}:${f.id}`)),
      products: () => listingViews(store).map((view) => view.sku),
      inventoryLevels: () => [
        ...store
          .listInventoryLevels()
          .filter((level) => level.locationId === afn)
          .map((level) => `AFN:${store.getVariant(level.variantId)?.sku}`),
        ...listingViews(store).map((view) => `MFN:${view.sku}`),
      ],
    };
    return {
      store: {
        id: 'sto_amazoncontract00000000001',
        credentials: { endpoint: served.url, lwaEndpoint: served.url, ...lwa },
        settings: {
          sellerId,
          marketplaceIds: ['ATVPDKIKX0DER'],
          orderBackfill: 'paging',
          pageSize: 10,
          listingsPageSize: 5,
          rateLimit: { perOperation: usagePlans },
        },
      },
      expectedExternalIds: (stream) => expected[stream]?.() ?? [],
      failNext: (count, fault) => faults.failNext(count, fault),
      close: () => served.close(),
    };
  },
});

import { generateStore, serveEmulator } from '@cartwire/sandbox';
import { amazonOrderId } from '../../../sandbox/src/amazon/amazon-ids';
import { createAmazonEmulator } from '../../../sandbox/src/amazon/emulator';
import { amazonFaultInjector } from '../../../sandbox/src/amazon/error-bodies';
import { afnLocationId, listingViews } from '../../../sandbox/src/amazon/render-catalog';
import { runConnectorContract } from '../testing/contract-suite';
import { amazonConnector } from './amazon-connector';

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
// backfill test covers both. Amazon notifications are unsigned SQS messages: no signature part.
runConnectorContract({
  connector: amazonConnector,
  streams: ['orders', 'shipments', 'products', 'inventoryLevels'],
  async emulator() {
    const store = generateStore({ seed: 4, size: 'tiny' });
    const faults = amazonFaultInjector();
    const served = await serveEmulator(createAmazonEmulator({ store, lwa, sellerId, faults, usagePlans }));
    const afn = afnLocationId(store);
    const expected: Record<string, () => string[]> = {
      orders: () => store.listOrders().map((order) => amazonOrderId(order.id)),
      shipments: () => store.listOrders().flatMap((order) => order.fulfillments.map((f) => String(f.id))),
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

import { generateStore, serveEmulator } from '@cartwire/sandbox';
import { createMagentoEmulator } from '../../../sandbox/src/magento/emulator';
import { magentoFaultInjector } from '../../../sandbox/src/magento/fault-bodies';
import { renderSourceItems, renderSources } from '../../../sandbox/src/magento/render-catalog';
import { runConnectorContract } from '../testing/contract-suite';
import { magentoConnector } from './magento-connector';
import { sourceItemKey } from './map-inventory';

const integration = {
  consumerKey: 'ck-contract',
  consumerSecret: 'cs-contract',
  accessToken: 'at-contract',
  accessTokenSecret: 'as-contract',
};

// Magento has no webhooks to verify (Open Source sends none), so the suite's webhook part is not run.
runConnectorContract({
  connector: magentoConnector,
  async emulator() {
    const store = generateStore({ seed: 4, size: 'tiny' });
    const faults = magentoFaultInjector();
    // Magento's 429 carries no Retry-After; the injector's default of 1 s would only slow the suite.
    faults.set({ retryAfterSeconds: 0 });
    const served = await serveEmulator(createMagentoEmulator({ store, oauth: integration, faults }));
    const expected: Record<string, () => string[]> = {
      products: () => store.listProducts().map((product) => String(product.id)),
      customers: () =>
        store
          .listCustomers()
          .filter((customer) => customer.email !== null)
          .map((customer) => String(customer.id)),
      orders: () => store.listOrders().map((order) => String(order.id)),
      refunds: () => store.listOrders().flatMap((order) => order.refunds.map((refund) => String(refund.id))),
      shipments: () =>
        store
          .listOrders()
          .flatMap((order) => order.fulfillments.map((fulfillment) => String(fulfillment.id))),
      carts: () =>
        store
          .listCarts()
          .filter((cart) => cart.lines.length > 0)
          .map((cart) => String(cart.id)),
      inventoryLevels: () =>
        renderSourceItems(store).map((item) => sourceItemKey(String(item.source_code), String(item.sku))),
      locations: () => renderSources(store).map((source) => String(source.source_code)),
    };
    return {
      store: {
        id: 'sto_magentocontract000000001',
        credentials: { baseUrl: served.url, auth: { kind: 'oauth1', ...integration } },
        // One record per page: the tiny store's two MSI sources still span several pages.
        settings: { pageSize: 1, rateLimit: { maxConcurrent: 8, minTime: 0 } },
      },
      expectedExternalIds: (stream) => expected[stream]?.() ?? [],
      failNext: (count, fault) => faults.failNext(count, fault),
      close: () => served.close(),
    };
  },
});

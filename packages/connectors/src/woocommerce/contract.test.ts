import {
  createWooCommerceEmulator,
  draftOrderId,
  generateStore,
  mswHandlersFor,
  renderWooProduct,
  renderWooVariation,
} from '@cartwire/sandbox';
import { setupServer } from 'msw/node';
import { runConnectorContract } from '../testing/contract-suite';
import { wooCommerceConnector } from './connector';
import { toInventoryLevels } from './map/map-inventory';
import { WooProductRecord } from './raw/raw-catalog';
import { fixtureText } from './test-fixtures/read-fixture';
import { wooWebhookSignature } from './webhooks';

const SITE = 'https://contract-shop.test';
const CONSUMER_KEY = 'ck_contract';
const CONSUMER_SECRET = 'cs_contract';

runConnectorContract({
  connector: wooCommerceConnector,
  // `locations` is one synthetic record without a request: nothing to page, resume or throttle.
  streams: ['products', 'inventoryLevels', 'customers', 'orders', 'carts'],
  async emulator() {
    const store = generateStore({ seed: 3, size: 'tiny' });
    const emulator = createWooCommerceEmulator({
      store,
      consumerKey: CONSUMER_KEY,
      consumerSecret: CONSUMER_SECRET,
      siteUrl: SITE,
    });
    const server = setupServer(...mswHandlersFor(emulator, SITE));
    server.listen({ onUnhandledRequest: 'error' });
    const context = { siteUrl: SITE, timeZone: store.shop.timeZone };
    const productRecords = () =>
      store.listProducts().map((product) => {
        const rendered = renderWooProduct(store, product, context) as { type: string };
        const variations =
          rendered.type === 'variable'
            ? store
                .listVariants()
                .filter((variant) => variant.productId === product.id)
                .map((variant) => renderWooVariation(store, product, variant, context))
            : [];
        return WooProductRecord.parse({ product: rendered, variations, currency: store.shop.currency });
      });
    const expected: Record<string, () => string[]> = {
      products: () => store.listProducts().map((product) => String(product.id)),
      inventoryLevels: () =>
        productRecords().flatMap((record) =>
          toInventoryLevels(record, 'sto_contract').map((level) => level.externalId),
        ),
      customers: () => store.listCustomers().map((customer) => String(customer.id)),
      orders: () => store.listOrders().map((order) => String(order.id)),
      carts: () =>
        store
          .listCarts()
          .filter((cart) => cart.status !== 'converted')
          .map((cart) => String(draftOrderId(cart))),
    };
    return {
      store: {
        id: 'sto_contract',
        credentials: { url: SITE, consumerKey: CONSUMER_KEY, consumerSecret: CONSUMER_SECRET },
        // Small pages so the tiny store spans several pages in every stream.
        settings: { currency: store.shop.currency, pageSize: 4, rateLimit: { maxConcurrent: 8, minTime: 0 } },
      },
      expectedExternalIds: (stream) => expected[stream]?.() ?? [],
      failNext: (count, fault) => emulator.woocommerce.faults.failNext(count, fault),
      async close() {
        server.close();
        emulator.woocommerce.close();
      },
    };
  },
  webhooks: {
    secret: 'contract-webhook-secret',
    signatureHeader: 'x-wc-webhook-signature',
    sample(secret) {
      const body = fixtureText('webhook-order.created.body.json').trim();
      return {
        rawBody: new TextEncoder().encode(body),
        headers: new Headers({
          'content-type': 'application/json',
          'x-wc-webhook-topic': 'order.created',
          'x-wc-webhook-resource': 'order',
          'x-wc-webhook-event': 'created',
          'x-wc-webhook-delivery-id': 'f2a4c1d0e9b8',
          'x-wc-webhook-signature': wooWebhookSignature(body, secret),
        }),
      };
    },
  },
});

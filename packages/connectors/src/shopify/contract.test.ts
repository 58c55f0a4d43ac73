import { createHmac } from 'node:crypto';
import {
  createShopifyEmulator,
  generateStore,
  gid,
  mswHandlersFor,
  shopifyFaultInjector,
  shopifyId,
} from '@cartwire/sandbox';
import { setupServer } from 'msw/node';
import { runConnectorContract } from '../testing/contract-suite';
import { shopifyConnector } from './connector';
import { fixtureText } from './test-fixtures/read-fixture';

const SHOP_DOMAIN = 'contract-shop.myshopify.com';
const ACCESS_TOKEN = 'shpat_contract';
const CLIENT_SECRET = 'shpss_contract';

runConnectorContract({
  connector: shopifyConnector,
  async emulator() {
    const store = generateStore({ seed: 3, size: 'tiny' });
    // A third (empty) location, so locations and the inventory levels read per location span two pages.
    const [warehouse] = store.listLocations();
    if (!warehouse) throw new Error('the generated store has no location');
    store.createLocation({ name: 'Pop-up', address: warehouse.address });
    const faults = shopifyFaultInjector();
    const app = createShopifyEmulator({
      store,
      shopDomain: SHOP_DOMAIN,
      accessToken: ACCESS_TOKEN,
      clientSecret: CLIENT_SECRET,
      apiVersion: '2026-10',
      plan: { bucketSize: 20_000, restoreRate: 50_000 },
      faults,
    });
    const server = setupServer(...mswHandlersFor(app, `https://${SHOP_DOMAIN}`));
    server.listen({ onUnhandledRequest: 'error' });
    const ids = (kind: Parameters<typeof shopifyId>[0], records: { id: number }[]) =>
      records.map((record) => String(shopifyId(kind, record.id)));
    // Which carts Shopify lists as abandoned checkouts is the emulator's rule: ask it per id.
    const abandonedCheckouts = async () => {
      const response = await app.request(`https://${SHOP_DOMAIN}/admin/api/2026-10/graphql.json`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': ACCESS_TOKEN },
        body: JSON.stringify({
          query: 'query($ids: [ID!]!) { nodes(ids: $ids) { ... on AbandonedCheckout { id } } }',
          variables: { ids: store.listCarts().map((cart) => gid('AbandonedCheckout', cart.id)) },
        }),
      });
      const body = (await response.json()) as { data: { nodes: ({ id?: string } | null)[] } };
      return body.data.nodes.flatMap((node) => (node?.id ? [node.id.split('/').pop() ?? ''] : []));
    };
    const expected: Record<string, () => string[] | Promise<string[]>> = {
      products: () => ids('Product', store.listProducts()),
      customers: () => ids('Customer', store.listCustomers()),
      orders: () => ids('Order', store.listOrders()),
      locations: () => ids('Location', store.listLocations()),
      inventoryLevels: () =>
        store
          .listVariants()
          .flatMap((variant) =>
            store
              .inventoryOf(variant.id)
              .map(
                (level) =>
                  `${shopifyId('Location', level.locationId)}?inventory_item_id=${shopifyId('InventoryItem', variant.id)}`,
              ),
          ),
      carts: abandonedCheckouts,
    };
    return {
      store: {
        id: 'sto_shopifycontract0000000001',
        credentials: {
          shopDomain: SHOP_DOMAIN,
          accessToken: ACCESS_TOKEN,
          clientSecret: CLIENT_SECRET,
          apiVersion: '2026-10',
        },
        // Two records per page so the tiny store spans several pages in every stream; paging only.
        settings: { pageSize: 2, bulkThreshold: 1_000_000 },
      },
      expectedExternalIds: (stream) => expected[stream]?.() ?? [],
      failNext: (count, fault) => faults.failNext(count, fault),
      async close() {
        server.close();
        app.shopify.close();
      },
    };
  },
  webhooks: {
    secret: CLIENT_SECRET,
    signatureHeader: 'x-shopify-hmac-sha256',
    sample(secret) {
      const body = fixtureText('webhook-orders-cancelled.body.json');
      return {
        rawBody: new TextEncoder().encode(body),
        headers: new Headers({
          'X-Shopify-Topic': 'orders/cancelled',
          'X-Shopify-Hmac-Sha256': createHmac('sha256', secret).update(body).digest('base64'),
          'X-Shopify-Shop-Domain': SHOP_DOMAIN,
          'X-Shopify-API-Version': '2026-10',
          'X-Shopify-Webhook-Id': 'contract-delivery-1',
        }),
      };
    },
  },
});

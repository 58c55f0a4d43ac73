/**
 * A seeded Shopify emulator on loopback HTTP plus the ground truth to compare a sync with: every
 * record rendered by the emulator's own GraphQL layer (in-process, no paging, no engine) and mapped
 * with the connector's mappers.
 */
import { type ConnectorEngineOptions, createConnectorEngine, type StoreInput } from '@cartwire/connectors';
import {
  CHECKOUT_FIELDS,
  CUSTOMER_FIELDS,
  INVENTORY_LEVEL_FIELDS,
  mapCart,
  mapCustomer,
  mapInventoryLevel,
  mapOrder,
  mapProduct,
  ORDER_FIELDS,
  PRODUCT_FIELDS,
  RawCheckout,
  RawCustomer,
  RawInventoryLevel,
  RawOrder,
  RawProduct,
  renderSelection,
  shopifyConnector,
} from '@cartwire/connectors/shopify';
import type { AnyEntity } from '@cartwire/model';
import {
  BulkOperationRegistry,
  createShopifyEmulator,
  createShopifyGraphqlExecutor,
  generateStore,
  gid,
  LeakyBucket,
  type SandboxStore,
  type ServedEmulator,
  type ShopifyEmulator,
  type StoreSize,
  serveEmulator,
  shopifyFaultInjector,
  systemClock,
} from '@cartwire/sandbox';

export const SHOP_DOMAIN = 'backfill-shop.myshopify.com';
export const ACCESS_TOKEN = 'shpat_backfill';
export const CLIENT_SECRET = 'shpss_backfill';
export const STORE_ID = 'sto_shopifybackfill000000001';

export interface ShopifyHarness {
  store: SandboxStore;
  app: ShopifyEmulator;
  served: ServedEmulator;
  faults: ReturnType<typeof shopifyFaultInjector>;
  storeInput(settings?: Record<string, unknown>): StoreInput;
  /** Normalized records the emulator holds for a stream, keyed by external id. */
  expected(
    stream: 'orders' | 'customers' | 'products' | 'carts' | 'inventoryLevels',
  ): Promise<Map<string, AnyEntity>>;
  /** The variant gid of an inventory item, as a webhook receiver would look it up. */
  variantOfInventoryItem(inventoryItemId: string): Promise<string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  seed: number;
  size: StoreSize;
  /** GraphQL bucket of the emulated plan. @default a bucket fast enough not to dominate test time */
  plan?: { bucketSize: number; restoreRate: number };
  /** Where the emulator delivers its webhooks (every topic). */
  webhookUrl?: string;
}

const context = { storeId: STORE_ID, platform: 'shopify' as const, stream: 'expected' };

export async function startShopifyHarness(options: HarnessOptions): Promise<ShopifyHarness> {
  const store = generateStore({ seed: options.seed, size: options.size });
  const faults = shopifyFaultInjector();
  const app = createShopifyEmulator({
    store,
    shopDomain: SHOP_DOMAIN,
    accessToken: ACCESS_TOKEN,
    clientSecret: CLIENT_SECRET,
    apiVersion: '2026-10',
    plan: options.plan ?? { bucketSize: 20_000, restoreRate: 50_000 },
    bulk: { startDelayMs: 20, objectsPerSecond: 1_000_000 },
    faults,
    webhooks: options.webhookUrl ? [{ url: options.webhookUrl }] : [],
  });
  const served = await serveEmulator(app);
  // A second executor over the same store with an unlimited bucket: the ground truth, read per record.
  const truth = createShopifyGraphqlExecutor({
    store,
    shopDomain: SHOP_DOMAIN,
    now: () => systemClock.now(),
    bucket: new LeakyBucket({ maximumAvailable: 1e12, restoreRate: 1e12, clock: systemClock }),
    bulk: new BulkOperationRegistry({
      clock: systemClock,
      timing: { startDelayMs: 0, objectsPerSecond: 1e9 },
      maxConcurrent: 5,
    }),
  });
  /** Nodes by gid, read in batches through `nodes(ids:)`, each with the shop currency attached. */
  const nodes = async (type: string, ids: string[], fields: string): Promise<Record<string, unknown>[]> => {
    const found: Record<string, unknown>[] = [];
    for (let start = 0; start < ids.length; start += 100) {
      const response = await truth(
        {
          query: `query Truth($ids: [ID!]!) { nodes(ids: $ids) { ... on ${type} { ${fields} } } shop { currencyCode } }`,
          variables: { ids: ids.slice(start, start + 100) },
        },
        served.url,
      );
      const payload = response.payload as {
        data?: { nodes: (Record<string, unknown> | null)[]; shop: { currencyCode: string } };
        errors?: unknown;
      };
      if (!payload.data) throw new Error(`ground truth ${type}: ${JSON.stringify(payload.errors)}`);
      const currency = payload.data.shop.currencyCode;
      for (const node of payload.data.nodes)
        if (node && typeof node.id === 'string') found.push({ ...node, shopCurrencyCode: currency });
    }
    return found;
  };
  const keyed = (entities: AnyEntity[]) => new Map(entities.map((entity) => [entity.externalId, entity]));

  return {
    store,
    app,
    served,
    faults,
    storeInput: (settings = {}) => ({
      id: STORE_ID,
      credentials: {
        shopDomain: SHOP_DOMAIN,
        accessToken: ACCESS_TOKEN,
        clientSecret: CLIENT_SECRET,
        apiVersion: '2026-10',
      },
      settings: { apiOrigin: served.url, bulkPollIntervalMs: 25, ...settings },
    }),
    async expected(stream) {
      switch (stream) {
        case 'orders': {
          const ids = store.listOrders().map((order) => gid('Order', order.id));
          return keyed(
            (await nodes('Order', ids, renderSelection(ORDER_FIELDS))).map((node) =>
              mapOrder(RawOrder.parse(node), context),
            ),
          );
        }
        case 'customers': {
          const ids = store.listCustomers().map((customer) => gid('Customer', customer.id));
          return keyed(
            (await nodes('Customer', ids, renderSelection(CUSTOMER_FIELDS))).map((node) =>
              mapCustomer(RawCustomer.parse(node), context),
            ),
          );
        }
        case 'products': {
          const ids = store.listProducts().map((product) => gid('Product', product.id));
          return keyed(
            (await nodes('Product', ids, renderSelection(PRODUCT_FIELDS))).map((node) =>
              mapProduct(RawProduct.parse(node), context),
            ),
          );
        }
        case 'inventoryLevels': {
          const ids = store.listLocations().map((location) => gid('Location', location.id));
          const locations = await nodes(
            'Location',
            ids,
            `id inventoryLevels(first: 150) { nodes { ${renderSelection(INVENTORY_LEVEL_FIELDS)} } }`,
          );
          return keyed(
            locations.flatMap((location) =>
              (location.inventoryLevels as { nodes: unknown[] }).nodes.map((level) =>
                mapInventoryLevel(RawInventoryLevel.parse(level), context),
              ),
            ),
          );
        }
        case 'carts': {
          // Only abandoned checkouts exist as such on Shopify; `nodes` answers null for the other carts.
          const ids = store.listCarts().map((cart) => gid('AbandonedCheckout', cart.id));
          return keyed(
            (await nodes('AbandonedCheckout', ids, renderSelection(CHECKOUT_FIELDS))).map((node) =>
              mapCart(RawCheckout.parse(node), context),
            ),
          );
        }
      }
    },
    async variantOfInventoryItem(inventoryItemId) {
      const [item] = await nodes(
        'InventoryItem',
        [`gid://shopify/InventoryItem/${inventoryItemId}`],
        'id variant { id }',
      );
      const variant = (item?.variant as { id?: string } | undefined)?.id;
      if (!variant) throw new Error(`inventory item ${inventoryItemId} has no variant`);
      return variant;
    },
    async close() {
      app.shopify.close();
      await served.close();
    },
  };
}

export function createTestEngine(extra: ConnectorEngineOptions = {}) {
  return createConnectorEngine({ retry: { minTimeoutMs: 5, maxTimeoutMs: 200, retries: 8 }, ...extra });
}

export { shopifyConnector };

import {
  type AttemptEvent,
  type ConnectorEngineOptions,
  createConnectorEngine,
  createInMemoryCheckpointStore,
  runStream,
} from '@cartwire/connectors';
import {
  defaultLocation,
  toCart,
  toCustomer,
  toInventoryLevels,
  toOrder,
  toProduct,
  WooCustomer,
  WooOrder,
  WooOrderRecord,
  WooProductRecord,
  wooCommerceConnector,
} from '@cartwire/connectors/woocommerce';
import type { AnyEntity } from '@cartwire/model';
import {
  createWooCommerceEmulator,
  generateStore,
  renderWooCustomer,
  renderWooDraftOrder,
  renderWooOrder,
  renderWooProduct,
  renderWooRefund,
  renderWooVariation,
  type SandboxStore,
  type ServedEmulator,
  serveEmulator,
  type WooCommerceEmulator,
} from '@cartwire/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const STORE_ID = 'sto_woobackfill';
const SITE_URL = 'https://backfill-shop.test';
const CONSUMER_KEY = 'ck_backfill';
const CONSUMER_SECRET = 'cs_backfill';

type StreamName = keyof typeof wooCommerceConnector.streams;

/**
 * The records a sync must produce, built without HTTP, paging or the engine: every sandbox record
 * rendered by the emulator's own renderers and mapped directly.
 */
function expectedEntities(store: SandboxStore, siteUrl: string): Record<StreamName, Map<string, AnyEntity>> {
  // The emulator builds permalinks from the host it is served on.
  const context = { siteUrl, timeZone: store.shop.timeZone };
  const currency = store.shop.currency;
  const byExternalId = (entities: AnyEntity[]) =>
    new Map(entities.map((entity) => [entity.externalId, entity]));
  const productRecords = store.listProducts().map((product) => {
    const rendered = renderWooProduct(store, product, context) as { type: string };
    const variations =
      rendered.type === 'variable'
        ? store
            .listVariants()
            .filter((variant) => variant.productId === product.id)
            .map((variant) => renderWooVariation(store, product, variant, context))
        : [];
    return WooProductRecord.parse({ product: rendered, variations, currency });
  });
  return {
    orders: byExternalId(
      store.listOrders().map((order) => {
        const record = WooOrderRecord.parse({
          order: renderWooOrder(store, order, context),
          refundDetails: order.refunds.map((refund) => renderWooRefund(store, order, refund, context)),
        });
        return toOrder(record, STORE_ID);
      }),
    ),
    products: byExternalId(productRecords.map((record) => toProduct(record, STORE_ID))),
    inventoryLevels: byExternalId(productRecords.flatMap((record) => toInventoryLevels(record, STORE_ID))),
    customers: byExternalId(
      store
        .listCustomers()
        .map((customer) =>
          toCustomer(WooCustomer.parse(renderWooCustomer(store, customer, context)), STORE_ID),
        ),
    ),
    carts: byExternalId(
      store
        .listCarts()
        .filter((cart) => cart.status !== 'converted')
        .flatMap((cart) => toCart(WooOrder.parse(renderWooDraftOrder(store, cart, context)), STORE_ID)),
    ),
    locations: byExternalId([defaultLocation(STORE_ID)]),
  };
}

interface Sink {
  delivered: AnyEntity[];
  pages: number;
  recordErrors: unknown[];
}

function byExternalId(entities: readonly AnyEntity[]): Map<string, AnyEntity> {
  return new Map(entities.map((entity) => [entity.externalId, entity]));
}

describe('WooCommerce backfill over loopback HTTP (small seeded store, OAuth 1.0a over http)', () => {
  let store: SandboxStore;
  let emulator: WooCommerceEmulator;
  let served: ServedEmulator;
  let expected: Record<StreamName, Map<string, AnyEntity>>;

  beforeAll(async () => {
    store = generateStore({ seed: 5, size: 'small' });
    emulator = createWooCommerceEmulator({
      store,
      consumerKey: CONSUMER_KEY,
      consumerSecret: CONSUMER_SECRET,
      siteUrl: SITE_URL,
    });
    served = await serveEmulator(emulator);
    expected = expectedEntities(store, served.url);
  }, 120_000);
  afterAll(async () => {
    emulator?.woocommerce.close();
    await served?.close();
  });

  const storeInput = () => ({
    id: STORE_ID,
    // Plain http: every request is signed with OAuth 1.0a, as the official client does.
    credentials: { url: served.url, consumerKey: CONSUMER_KEY, consumerSecret: CONSUMER_SECRET },
    settings: { currency: store.shop.currency, rateLimit: { maxConcurrent: 8, minTime: 0 } },
  });

  async function backfill(
    stream: StreamName,
    options: {
      checkpoints?: ReturnType<typeof createInMemoryCheckpointStore>;
      sink?: Sink;
      signal?: AbortSignal;
      onPage?: (page: number) => void;
      engine?: ConnectorEngineOptions;
    } = {},
  ): Promise<Sink> {
    const sink = options.sink ?? { delivered: [], pages: 0, recordErrors: [] };
    const engine = createConnectorEngine({
      retry: { minTimeoutMs: 10, maxTimeoutMs: 200 },
      ...options.engine,
    });
    try {
      await runStream({
        engine,
        connector: wooCommerceConnector,
        store: storeInput(),
        stream,
        mode: 'backfill',
        checkpoints: options.checkpoints ?? createInMemoryCheckpointStore(),
        ...(options.signal ? { signal: options.signal } : {}),
        onPage: (entities, meta) => {
          sink.delivered.push(...entities);
          sink.pages = meta.page;
          options.onPage?.(meta.page);
        },
        onRecordError: (error) => void sink.recordErrors.push(error),
      });
    } finally {
      await engine.close();
    }
    return sink;
  }

  it('seeds thousands of orders, with refunds and open carts', () => {
    expect(expected.orders.size).toBeGreaterThanOrEqual(2000);
    expect(
      [...expected.orders.values()].some((order) => 'refunds' in order && order.refunds.length > 0),
    ).toBe(true);
    expect(expected.carts.size).toBeGreaterThan(100);
  });

  it.each(['orders', 'products', 'inventoryLevels', 'customers', 'carts', 'locations'] as const)(
    'backfills %s exactly as mapping the rendered payloads gives, each record once',
    async (stream) => {
      const sink = await backfill(stream);
      expect(sink.recordErrors).toEqual([]);
      expect(sink.delivered).toHaveLength(expected[stream].size);
      expect(byExternalId(sink.delivered)).toEqual(expected[stream]);
    },
    120_000,
  );

  it('resumes an interrupted backfill under injected 429s, 500s and timeouts: no duplicates, nothing missing', async () => {
    const attempts: AttemptEvent[] = [];
    const engine: ConnectorEngineOptions = {
      timeoutMs: 400,
      onAttempt: (event) => void attempts.push(event),
    };
    const checkpoints = createInMemoryCheckpointStore();
    const sink: Sink = { delivered: [], pages: 0, recordErrors: [] };
    const abort = new AbortController();
    emulator.woocommerce.faults.set({
      rate429: 0.05,
      rate500: 0.05,
      timeoutRate: 0.02,
      retryAfterSeconds: 0,
      timeoutMs: 5_000,
      seed: 'woo-backfill',
    });
    try {
      await expect(
        backfill('orders', {
          checkpoints,
          sink,
          engine,
          signal: abort.signal,
          onPage: (page) => page === 8 && abort.abort(),
        }),
      ).rejects.toBeDefined();
      expect(sink.delivered).toHaveLength(800);
      await backfill('orders', { checkpoints, sink, engine });
    } finally {
      emulator.woocommerce.faults.reset();
    }
    const ids = sink.delivered.map((entity) => entity.externalId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sink.recordErrors).toEqual([]);
    expect(byExternalId(sink.delivered)).toEqual(expected.orders);
    const injected = emulator.woocommerce.faults.stats().injected;
    expect(injected.rate_limited).toBeGreaterThan(0);
    expect(injected.server_error).toBeGreaterThan(0);
    expect(injected.timeout).toBeGreaterThan(0);
    expect(attempts.filter((event) => event.action === 'rate_limited')).toHaveLength(injected.rate_limited);
  }, 120_000);
});

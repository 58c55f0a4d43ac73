import {
  type AnyConnector,
  createConnectorEngine,
  createInMemoryCheckpointStore,
  runStream,
  type StoreInput,
} from '@cartwire/connectors';
import {
  amazonConnector,
  ListingRecord,
  mapBuyer,
  mapListing,
  mapNetwork,
  mapOrder2026,
  mapOrderV0,
  mapPackage,
  mapStock,
  OrderWithItemsV0,
  RawOrder2026,
} from '@cartwire/connectors/amazon';
import type { AnyEntity, Order } from '@cartwire/model';
import {
  type AmazonIncludedData,
  amazonAfnLocationId,
  amazonFaultInjector,
  amazonListingViews,
  createAmazonEmulator,
  createAmazonOrderViewCache,
  generateStore,
  renderAmazonInventorySummary,
  renderAmazonListing,
  renderAmazonOrder2026,
  renderAmazonOrderItemV0,
  renderAmazonOrderV0,
  type ServedEmulator,
  serveEmulator,
} from '@cartwire/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const storeId = 'sto_amazonbackfill00000000001';
const lwa = {
  clientId: 'amzn1.application-oa2-client.backfill',
  clientSecret: 'cs',
  refreshToken: 'Atzr|backfill',
};
const sellerId = 'A3TH9S8BH6GOGM';
const marketplaceId = 'ATVPDKIKX0DER';
const STREAMS = ['orders', 'shipments', 'customers', 'products', 'inventoryLevels', 'locations'] as const;
type StreamName = (typeof STREAMS)[number];

// The documented plans scaled up explicitly (searchOrders' 0.0056 rps would take hours), the same
// on both sides so the connector's buckets match the emulator's.
const fast = { rate: 500, burst: 100 };
const usagePlans = {
  searchOrders: fast,
  getOrders: fast,
  getOrderItems: fast,
  createRestrictedDataToken: fast,
  searchListingsItems: fast,
  getInventorySummaries: fast,
  createReport: fast,
  getReport: fast,
  getReportDocument: fast,
};

const store = generateStore({ seed: 6, size: 'small' });
const faults = amazonFaultInjector();
const views = createAmazonOrderViewCache(store);
let served: ServedEmulator;
let restricted: ServedEmulator;

beforeAll(async () => {
  served = await serveEmulator(createAmazonEmulator({ store, lwa, sellerId, faults, usagePlans }));
  // An application without the restricted PII role, for the reports-vs-paging comparison.
  restricted = await serveEmulator(
    createAmazonEmulator({ store, lwa, sellerId, usagePlans, rdtAllowed: false }),
  );
});
afterAll(async () => {
  await served?.close();
  await restricted?.close();
});

function storeInput(settings: Record<string, unknown> = {}, url = served.url): StoreInput {
  return {
    id: storeId,
    credentials: { endpoint: url, lwaEndpoint: url, ...lwa },
    settings: {
      sellerId,
      marketplaceIds: [marketplaceId],
      piiAccess: true,
      orderBackfill: 'paging',
      reportPollMs: 0,
      rateLimit: { perOperation: usagePlans, maxConcurrent: 4 },
      ...settings,
    },
  };
}

const context = (stream: string) => ({ storeId, platform: 'amazon' as const, stream });
const ORDER_DATA: AmazonIncludedData[] = ['BUYER', 'RECIPIENT', 'FULFILLMENT', 'PACKAGES', 'PROCEEDS'];

function rendered2026(included: AmazonIncludedData[], pii: boolean) {
  return views().map((view) =>
    RawOrder2026.parse(
      renderAmazonOrder2026(view, new Set(included), { marketplaceId, pii: { buyer: pii, address: pii } }),
    ),
  );
}

/** Keeps the newest version per external id: the idempotent upsert's view of a stream. */
function latestById(entities: AnyEntity[]): AnyEntity[] {
  const byId = new Map<string, AnyEntity>();
  for (const entity of entities) {
    const seen = byId.get(entity.externalId);
    if (!seen || seen.updatedAt <= entity.updatedAt) byId.set(entity.externalId, entity);
  }
  return [...byId.values()].sort((a, b) => a.externalId.localeCompare(b.externalId));
}

/** What mapping the emulator's rendered payloads directly gives. */
function expectedEntities(stream: StreamName, observedAt: string): AnyEntity[] {
  switch (stream) {
    case 'orders':
      return rendered2026(ORDER_DATA, true).map((raw) => mapOrder2026(raw, context(stream)));
    case 'shipments':
      return rendered2026(['FULFILLMENT', 'PACKAGES'], true).flatMap((raw) => {
        const lineKeys = new Map(
          raw.orderItems.map((item) => [item.orderItemId, item.product.sellerSku ?? '']),
        );
        return (raw.packages ?? []).map((pkg) =>
          mapPackage(
            pkg,
            { orderId: raw.orderId, orderUpdatedAt: new Date(raw.lastUpdatedTime).toISOString(), lineKeys },
            context(stream),
          ),
        );
      });
    case 'customers':
      return rendered2026(['BUYER', 'RECIPIENT'], true).flatMap((raw) =>
        raw.buyer?.buyerEmail
          ? [
              mapBuyer(
                {
                  buyerEmail: raw.buyer.buyerEmail,
                  buyerName: raw.buyer.buyerName ?? null,
                  companyName: null,
                  address: raw.recipient?.deliveryAddress ?? null,
                  orderCreatedTime: raw.createdTime,
                  orderUpdatedTime: raw.lastUpdatedTime,
                },
                context(stream),
              ),
            ]
          : [],
      );
    case 'products':
      return amazonListingViews(store).map((view) =>
        mapListing(
          ListingRecord.parse({
            item: renderAmazonListing(
              view,
              new Set(['summaries', 'attributes', 'offers', 'fulfillmentAvailability']),
              marketplaceId,
              store.shop.currency,
            ),
            marketplaceId,
          }),
          context(stream),
        ),
      );
    case 'inventoryLevels': {
      const afn = amazonAfnLocationId(store);
      const summaries = store
        .listInventoryLevels()
        .filter((level) => level.locationId === afn)
        .map((level) => renderAmazonInventorySummary(store, level))
        .filter((summary) => summary !== null)
        .map((summary) =>
          mapStock({ network: 'AFN', summary: summary as never, observedAt }, context(stream)),
        );
      const mfn = amazonListingViews(store).map((view) =>
        mapStock(
          {
            network: 'MFN',
            listing: ListingRecord.parse({
              item: renderAmazonListing(
                view,
                new Set(['summaries', 'attributes', 'offers', 'fulfillmentAvailability']),
                marketplaceId,
                store.shop.currency,
              ),
              marketplaceId,
            }),
          },
          context(stream),
        ),
      );
      return [...summaries, ...mfn];
    }
    case 'locations':
      return (['AFN', 'MFN'] as const).map((network) => mapNetwork({ network, observedAt }, context(stream)));
  }
}

async function backfill(
  stream: string,
  options: {
    engine?: ReturnType<typeof createConnectorEngine>;
    settings?: Record<string, unknown>;
    url?: string;
  } = {},
) {
  const engine = options.engine ?? createConnectorEngine();
  const entities: AnyEntity[] = [];
  const errors: unknown[] = [];
  const result = await runStream({
    engine,
    connector: amazonConnector as AnyConnector,
    store: storeInput(options.settings, options.url),
    stream,
    mode: 'backfill',
    checkpoints: createInMemoryCheckpointStore(),
    onPage: (page) => void entities.push(...page),
    onRecordError: (error) => void errors.push(error),
  });
  return { entities, errors, result };
}

describe('Amazon backfill over loopback HTTP', () => {
  it('serves a store with thousands of orders', () => {
    expect(store.listOrders().length).toBeGreaterThan(1500);
  });

  it.each(STREAMS)('%s: the backfill equals mapping the rendered payloads directly', async (stream) => {
    const { entities, errors } = await backfill(stream);
    expect(errors).toEqual([]);
    const observedAt = entities.find((entity) => entity.externalId === 'AFN')?.updatedAt ?? '';
    const expected = expectedEntities(stream, observedAt);
    expect(expected.length).toBeGreaterThan(0);
    expect(latestById(entities)).toEqual(latestById(expected));
  });

  it('orders: an interrupted backfill resumes from its checkpoint without duplicates or gaps', async () => {
    const engine = createConnectorEngine();
    const checkpoints = createInMemoryCheckpointStore();
    const delivered: AnyEntity[] = [];
    let pages = 0;
    const options = {
      engine,
      connector: amazonConnector as AnyConnector,
      store: storeInput(),
      stream: 'orders',
      mode: 'backfill' as const,
      checkpoints,
    };
    await expect(
      runStream({
        ...options,
        onPage: (page) => {
          pages += 1;
          if (pages === 4) throw new Error('worker crashed');
          delivered.push(...page);
        },
      }),
    ).rejects.toThrow('worker crashed');
    expect(delivered.length).toBe(300);
    const resumed = await runStream({ ...options, onPage: (page) => void delivered.push(...page) });
    expect(resumed.resumed).toBe(true);
    const ids = delivered.map((entity) => entity.externalId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(latestById(delivered)).toEqual(latestById(expectedEntities('orders', '')));
  });

  it('orders: completes through injected 429s, 500s and timeouts', async () => {
    faults.set({
      rate429: 0.15,
      rate500: 0.1,
      timeoutRate: 0.1,
      timeoutMs: 5_000,
      retryAfterSeconds: 0,
      seed: 11,
    });
    try {
      const engine = createConnectorEngine({
        timeoutMs: 400,
        retry: { minTimeoutMs: 5, maxTimeoutMs: 20, retries: 8 },
      });
      const before = faults.stats();
      const { entities, errors } = await backfill('orders', { engine, settings: { pageSize: 50 } });
      const after = faults.stats();
      expect(errors).toEqual([]);
      expect(after.injected.rate_limited).toBeGreaterThan(before.injected.rate_limited);
      expect(after.injected.server_error).toBeGreaterThan(before.injected.server_error);
      expect(after.injected.timeout).toBeGreaterThan(before.injected.timeout);
      expect(latestById(entities)).toEqual(latestById(expectedEntities('orders', '')));
    } finally {
      faults.reset();
    }
  });

  it('orders: the Reports API path gives the same orders as paging (reports carry no packages)', async () => {
    const settings = { piiAccess: false };
    const paging = await backfill('orders', {
      settings: { ...settings, orderBackfill: 'paging' },
      url: restricted.url,
    });
    const reports = await backfill('orders', {
      settings: { ...settings, orderBackfill: 'reports' },
      url: restricted.url,
    });
    expect(reports.errors).toEqual([]);
    // 730 days in 30-day windows: one page per report.
    expect(reports.result.pages).toBeGreaterThan(20);
    const withoutShipments = (entities: AnyEntity[]) =>
      latestById(entities).map((entity) => ({ ...(entity as Order), shipments: [] }));
    expect(withoutShipments(reports.entities)).toEqual(withoutShipments(paging.entities));
    expect(reports.entities.length).toBe(store.listOrders().length);
    const sample = reports.entities[0] as Order;
    expect(sample.email).toBeNull();
    expect(sample.shippingAddress?.address1 ?? null).toBeNull();
  });

  it('orders on Orders API v0: getOrders + getOrderItems with a Restricted Data Token', async () => {
    // v0 reads items order by order (one getOrderItems call each): a tiny store keeps this quick.
    const tiny = generateStore({ seed: 8, size: 'tiny' });
    const v0 = await serveEmulator(createAmazonEmulator({ store: tiny, lwa, sellerId, usagePlans }));
    try {
      const { entities, errors } = await backfill('orders', {
        settings: { ordersApi: 'v0', pageSize: 10 },
        url: v0.url,
      });
      expect(errors).toEqual([]);
      const render = { marketplaceId, pii: { buyer: true, address: true } };
      const expected = createAmazonOrderViewCache(tiny)().map((view) =>
        mapOrderV0(
          OrderWithItemsV0.parse({
            order: renderAmazonOrderV0(view, render),
            items: view.items.map((item) => renderAmazonOrderItemV0(item, view)),
          }),
          context('orders'),
        ),
      );
      expect(expected.length).toBe(tiny.listOrders().length);
      expect(latestById(entities)).toEqual(latestById(expected));
      expect(entities.every((entity) => (entity as Order).email !== null)).toBe(true);
    } finally {
      await v0.close();
    }
  });

  it('customers: without PII access no buyer can be identified and nothing is read', async () => {
    const { entities, result } = await backfill('customers', { settings: { piiAccess: false } });
    expect(entities).toEqual([]);
    expect(result.pages).toBe(0);
  });

  it('an incremental run after a change reads only what changed since the watermark', async () => {
    const engine = createConnectorEngine();
    const checkpoints = createInMemoryCheckpointStore();
    const options = {
      engine,
      connector: amazonConnector as AnyConnector,
      store: storeInput(),
      stream: 'orders',
      checkpoints,
      overlapMs: 0,
    };
    await runStream({ ...options, mode: 'backfill', onPage: () => undefined });
    const order = store.listOrders().find((candidate) => candidate.cancelledAt === null);
    if (!order) throw new Error('seed has no open order');
    store.updateOrder(order.id, { note: 'Leave at the back door' });
    const seen: AnyEntity[] = [];
    await runStream({ ...options, mode: 'incremental', onPage: (page) => void seen.push(...page) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.length).toBeLessThan(10);
  });
});

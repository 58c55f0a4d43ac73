import {
  type AnyConnector,
  createConnectorEngine,
  createInMemoryCheckpointStore,
  runStream,
  type StoreInput,
} from '@cartwire/connectors';
import {
  magentoConnector,
  mapCart,
  mapCreditMemo,
  mapCustomer,
  mapOrder,
  mapProduct,
  mapShipment,
  mapSource,
  mapSourceItem,
  OrderBundle,
  ProductFamily,
  QuoteRecord,
  RawCreditMemo,
  RawCustomer,
  RawShipment,
  SourceItemRecord,
  SourceRecord,
} from '@cartwire/connectors/magento';
import type { AnyEntity } from '@cartwire/model';
import {
  createMagentoEmulator,
  generateStore,
  magentoFaultInjector,
  renderMagentoCarts,
  renderMagentoCreditMemos,
  renderMagentoCustomers,
  renderMagentoOrders,
  renderMagentoProducts,
  renderMagentoShipments,
  renderMagentoSourceItems,
  renderMagentoSources,
  type ServedEmulator,
  serveEmulator,
} from '@cartwire/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';

const storeId = 'sto_magentobackfill0000000001';
const integration = {
  consumerKey: 'ck-backfill',
  consumerSecret: 'cs-backfill',
  accessToken: 'at-backfill',
  accessTokenSecret: 'as-backfill',
};
const STREAMS = [
  'products',
  'customers',
  'orders',
  'refunds',
  'shipments',
  'carts',
  'inventoryLevels',
  'locations',
] as const;
type StreamName = (typeof STREAMS)[number];

const store = generateStore({ seed: 6, size: 'small' });
const faults = magentoFaultInjector();
let served: ServedEmulator;

beforeAll(async () => {
  served = await serveEmulator(createMagentoEmulator({ store, oauth: integration, faults }));
});
afterAll(async () => {
  await served.close();
});

function storeInput(): StoreInput {
  return {
    id: storeId,
    credentials: { baseUrl: served.url, storeCode: 'default', auth: { kind: 'oauth1', ...integration } },
  };
}

const context = (stream: StreamName) => ({ storeId, platform: 'magento' as const, stream });

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  return schema.parse(value);
}

/** What mapping the emulator's rendered payloads directly gives, per stream (observedAt supplied). */
function expectedEntities(stream: StreamName, observedAt: string): AnyEntity[] {
  const products = renderMagentoProducts(store);
  const byId = new Map(products.map((product) => [Number(product.id), product]));
  const storefrontUrl = served.url;
  switch (stream) {
    case 'products':
      return products
        .filter((product) => product.visibility !== 1)
        .map((product) => {
          const links = ((product.extension_attributes as { configurable_product_links?: number[] })
            .configurable_product_links ?? []) as number[];
          const family = {
            product,
            children: links.map((id) => byId.get(id)),
            currency: 'USD',
            storefrontUrl,
          };
          return mapProduct(parse(ProductFamily, family), context(stream));
        });
    case 'customers':
      return renderMagentoCustomers(store).map((raw) =>
        mapCustomer(parse(RawCustomer, raw), context(stream)),
      );
    case 'orders': {
      const memos = renderMagentoCreditMemos(store);
      const shipments = renderMagentoShipments(store);
      return renderMagentoOrders(store).map((order) => {
        const bundle = {
          order,
          creditMemos: memos.filter((memo) => memo.order_id === order.entity_id),
          shipments: shipments.filter((shipment) => shipment.order_id === order.entity_id),
        };
        return mapOrder(parse(OrderBundle, bundle), context(stream));
      });
    }
    case 'refunds':
      return renderMagentoCreditMemos(store).map((raw) =>
        mapCreditMemo(parse(RawCreditMemo, raw), context(stream)),
      );
    case 'shipments':
      return renderMagentoShipments(store).map((raw) =>
        mapShipment(parse(RawShipment, raw), context(stream)),
      );
    case 'carts': {
      const orderByQuote = new Map(
        renderMagentoOrders(store).map((order) => [Number(order.quote_id), Number(order.entity_id)]),
      );
      return renderMagentoCarts(store)
        .filter((quote) => Number(quote.items_count) > 0)
        .map((quote) =>
          mapCart(
            parse(QuoteRecord, {
              quote,
              orderId: quote.is_active ? null : (orderByQuote.get(Number(quote.id)) ?? null),
            }),
            context(stream),
          ),
        );
    }
    case 'inventoryLevels': {
      const idBySku = new Map(products.map((product) => [String(product.sku), Number(product.id)]));
      return renderMagentoSourceItems(store).map((item) =>
        mapSourceItem(
          parse(SourceItemRecord, { item, productId: idBySku.get(String(item.sku)) ?? null, observedAt }),
          context(stream),
        ),
      );
    }
    case 'locations':
      return renderMagentoSources(store).map((source) =>
        mapSource(parse(SourceRecord, { source, observedAt }), context(stream)),
      );
  }
}

function byExternalId(entities: AnyEntity[]): AnyEntity[] {
  return [...entities].sort((a, b) => a.externalId.localeCompare(b.externalId));
}

const UNTIMESTAMPED: readonly StreamName[] = ['inventoryLevels', 'locations'];

/**
 * MSI sources and source items carry no timestamps: each entity's `updatedAt` is the `Date` of the
 * response it came in. The expected entities take those read times, which must lie within the run.
 */
function alignReadTimes(
  stream: StreamName,
  actual: AnyEntity[],
  expected: AnyEntity[],
  startedAt: number,
): AnyEntity[] {
  if (!UNTIMESTAMPED.includes(stream)) return expected;
  const readAt = new Map(actual.map((entity) => [entity.externalId, entity.updatedAt]));
  for (const time of readAt.values()) {
    // HTTP dates have whole seconds.
    expect(Date.parse(time)).toBeGreaterThanOrEqual(Math.floor(startedAt / 1000) * 1000);
    expect(Date.parse(time)).toBeLessThanOrEqual(Date.now());
  }
  return expected.map((entity) => ({
    ...entity,
    updatedAt: readAt.get(entity.externalId) ?? entity.updatedAt,
  }));
}

async function backfill(stream: StreamName, engine = createConnectorEngine()) {
  const checkpoints = createInMemoryCheckpointStore();
  const entities: AnyEntity[] = [];
  const errors: unknown[] = [];
  const result = await runStream({
    engine,
    connector: magentoConnector as AnyConnector,
    store: storeInput(),
    stream,
    mode: 'backfill',
    checkpoints,
    onPage: (page) => {
      entities.push(...page);
    },
    onRecordError: (error) => {
      errors.push(error);
    },
  });
  return { entities, errors, result };
}

describe('Magento backfill over loopback HTTP', () => {
  it('serves a store with thousands of orders', () => {
    expect(store.listOrders().length).toBeGreaterThan(1500);
  });

  it.each(STREAMS)('%s: the backfill equals mapping the rendered payloads directly', async (stream) => {
    const startedAt = Date.now();
    const { entities, errors, result } = await backfill(stream);
    expect(errors).toEqual([]);
    const expected = alignReadTimes(
      stream,
      entities,
      expectedEntities(stream, new Date(0).toISOString()),
      startedAt,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(result.entities).toBe(expected.length);
    expect(byExternalId(entities)).toEqual(byExternalId(expected));
  });

  it('orders: an interrupted backfill resumes from its checkpoint without duplicates or gaps', async () => {
    const engine = createConnectorEngine();
    const checkpoints = createInMemoryCheckpointStore();
    const delivered: AnyEntity[] = [];
    let pages = 0;
    const options = {
      engine,
      connector: magentoConnector as AnyConnector,
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
    expect(byExternalId(delivered)).toEqual(byExternalId(expectedEntities('orders', '')));
  });

  it('orders: records updated while the backfill pages are neither skipped nor lost', async () => {
    const local = generateStore({ seed: 8, size: 'tiny' });
    const app = await serveEmulator(createMagentoEmulator({ store: local, oauth: integration }));
    try {
      const delivered = new Set<string>();
      let page = 0;
      await runStream({
        engine: createConnectorEngine(),
        connector: magentoConnector as AnyConnector,
        store: {
          id: storeId,
          credentials: { baseUrl: app.url, auth: { kind: 'oauth1', ...integration } },
          settings: { pageSize: 5 },
        },
        stream: 'orders',
        mode: 'backfill',
        checkpoints: createInMemoryCheckpointStore(),
        onPage: (entities) => {
          page += 1;
          for (const entity of entities) delivered.add(entity.externalId);
          // Touch records of pages already read: with updated_at-ordered offset paging they would
          // move to the end and shift an unread record onto a read page.
          if (page <= 3) {
            const [first] = entities;
            if (first) local.updateOrder(Number(first.externalId), { note: `touched on page ${page}` });
          }
        },
      });
      expect([...delivered].sort()).toEqual(
        local
          .listOrders()
          .map((order) => String(order.id))
          .sort(),
      );
    } finally {
      await app.close();
    }
  });

  it('orders: completes through injected 429s, 500s and timeouts', async () => {
    faults.set({
      rate429: 0.1,
      rate500: 0.1,
      timeoutRate: 0.05,
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
      const { entities, errors } = await backfill('orders', engine);
      const after = faults.stats();
      expect(errors).toEqual([]);
      expect(after.injected.rate_limited).toBeGreaterThan(before.injected.rate_limited);
      expect(after.injected.server_error).toBeGreaterThan(before.injected.server_error);
      expect(after.injected.timeout).toBeGreaterThan(before.injected.timeout);
      expect(byExternalId(entities)).toEqual(byExternalId(expectedEntities('orders', '')));
    } finally {
      faults.reset();
    }
  });

  it('an incremental run after a change reads only what changed since the watermark', async () => {
    const engine = createConnectorEngine();
    const checkpoints = createInMemoryCheckpointStore();
    const options = {
      engine,
      connector: magentoConnector as AnyConnector,
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
    expect(seen.map((entity) => entity.externalId)).toContain(String(order.id));
    expect(seen.length).toBeLessThan(10);
  });
});

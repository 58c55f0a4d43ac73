import {
  type AnyConnector,
  createConnectorEngine,
  createInMemoryCheckpointStore,
  runStream,
  type StoreInput,
} from '@cartwire/connectors';
import type { AnyEntity } from '@cartwire/model';
import { generateStore, type ServedEmulator, serveEmulator } from '@cartwire/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
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
} from '../../packages/connectors/src/magento/index';
import { createMagentoEmulator } from '../../packages/sandbox/src/magento/emulator';
import { magentoFaultInjector } from '../../packages/sandbox/src/magento/fault-bodies';
import { renderCarts } from '../../packages/sandbox/src/magento/render-cart';
import {
  renderProducts,
  renderSourceItems,
  renderSources,
} from '../../packages/sandbox/src/magento/render-catalog';
import { renderCustomers } from '../../packages/sandbox/src/magento/render-customer';
import {
  renderCreditMemos,
  renderOrders,
  renderShipments,
} from '../../packages/sandbox/src/magento/render-order';

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
  'inventory_levels',
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
  const products = renderProducts(store);
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
      return renderCustomers(store).map((raw) => mapCustomer(parse(RawCustomer, raw), context(stream)));
    case 'orders': {
      const memos = renderCreditMemos(store);
      const shipments = renderShipments(store);
      return renderOrders(store).map((order) => {
        const bundle = {
          order,
          creditMemos: memos.filter((memo) => memo.order_id === order.entity_id),
          shipments: shipments.filter((shipment) => shipment.order_id === order.entity_id),
        };
        return mapOrder(parse(OrderBundle, bundle), context(stream));
      });
    }
    case 'refunds':
      return renderCreditMemos(store).map((raw) => mapCreditMemo(parse(RawCreditMemo, raw), context(stream)));
    case 'shipments':
      return renderShipments(store).map((raw) => mapShipment(parse(RawShipment, raw), context(stream)));
    case 'carts': {
      const orderByQuote = new Map(
        renderOrders(store).map((order) => [Number(order.quote_id), Number(order.entity_id)]),
      );
      return renderCarts(store)
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
    case 'inventory_levels': {
      const idBySku = new Map(products.map((product) => [String(product.sku), Number(product.id)]));
      return renderSourceItems(store).map((item) =>
        mapSourceItem(
          parse(SourceItemRecord, { item, productId: idBySku.get(String(item.sku)) ?? null, observedAt }),
          context(stream),
        ),
      );
    }
    case 'locations':
      return renderSources(store).map((source) =>
        mapSource(parse(SourceRecord, { source, observedAt }), context(stream)),
      );
  }
}

function byExternalId(entities: AnyEntity[]): AnyEntity[] {
  return [...entities].sort((a, b) => a.externalId.localeCompare(b.externalId));
}

/** Inventory and locations carry the time they were read; align it before comparing. */
function observedAtOf(entities: AnyEntity[]): string {
  return entities[0]?.updatedAt ?? new Date(0).toISOString();
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
    const { entities, errors, result } = await backfill(stream);
    expect(errors).toEqual([]);
    const expected = expectedEntities(stream, observedAtOf(entities));
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

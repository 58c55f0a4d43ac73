import { randomBytes } from 'node:crypto';
import { createConnectorEngine, createInMemoryCheckpointStore, runStream } from '@cartwire/connectors';
import { wooCommerceConnector } from '@cartwire/connectors/woocommerce';
import type { Order } from '@cartwire/model';
import {
  createWooCommerceEmulator,
  generateStore,
  type SandboxStore,
  type ServedEmulator,
  serveEmulator,
  type WooCommerceEmulator,
} from '@cartwire/sandbox';
import {
  createCredentialCipher,
  createEntityRepository,
  createStoreRepository,
  createTenantRepository,
  type EntityRepository,
  type StoreRepository,
  type UpsertOutcome,
} from '@cartwire/storage';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe.each(testDatabases())('WooCommerce orders synced into storage ($name)', ({ create }) => {
  let database: TestDatabase;
  let repository: EntityRepository;
  let tenantId: string;
  let storeId: string;
  let stores: StoreRepository;
  let store: SandboxStore;
  let emulator: WooCommerceEmulator;
  let served: ServedEmulator;
  const checkpoints = createInMemoryCheckpointStore();

  beforeAll(async () => {
    database = await create();
    repository = createEntityRepository(database.db);
    tenantId = (await createTenantRepository(database.db).createTenant({ name: 'Woo sync test' })).id;
    store = generateStore({ seed: 9, size: 'tiny' });
    emulator = createWooCommerceEmulator({ store, consumerKey: 'ck_store', consumerSecret: 'cs_store' });
    served = await serveEmulator(emulator);
    // Credentials live encrypted in the stores table; the sync reads them back as a worker would.
    stores = createStoreRepository(database.db, { cipher: createCredentialCipher(randomBytes(32)) });
    storeId = (
      await stores.createStore({
        tenantId,
        platform: 'woocommerce',
        name: 'Sandbox WooCommerce',
        credentials: { url: served.url, consumerKey: 'ck_store', consumerSecret: 'cs_store' },
        settings: {
          currency: store.shop.currency,
          pageSize: 10,
          rateLimit: { maxConcurrent: 4, minTime: 0 },
        },
      })
    ).id;
  }, 60_000);
  afterAll(async () => {
    emulator?.woocommerce.close();
    await served?.close();
    await database?.close();
  });

  /** Runs the orders stream with the repository's batch upsert as the sink; returns the outcomes. */
  async function sync(mode: 'backfill' | 'incremental'): Promise<Map<string, UpsertOutcome>> {
    const engine = createConnectorEngine({ retry: { minTimeoutMs: 10, maxTimeoutMs: 200 } });
    const outcomes = new Map<string, UpsertOutcome>();
    try {
      await runStream({
        engine,
        connector: wooCommerceConnector,
        store: {
          id: storeId,
          credentials: await stores.getStoreCredentials(tenantId, storeId),
          settings: (await stores.getStore(tenantId, storeId))?.settings,
        },
        stream: 'orders',
        mode,
        checkpoints,
        onPage: async (entities) => {
          const orders = entities as Order[];
          const results = await repository.upsertEntities(
            'order',
            orders.map((entity) => ({ tenantId, entity })),
          );
          for (const [index, result] of results.entries()) {
            outcomes.set(orders[index]?.externalId ?? '', result.outcome);
          }
        },
      });
    } finally {
      await engine.close();
    }
    return outcomes;
  }

  it('stores every order once on backfill, and a second backfill changes nothing', async () => {
    const first = await sync('backfill');
    expect(first.size).toBe(store.listOrders().length);
    expect(new Set(first.values())).toEqual(new Set(['inserted']));
    const second = await sync('backfill');
    expect(new Set(second.values())).toEqual(new Set(['unchanged']));
  }, 60_000);

  it('picks up a refund made after the backfill on the next incremental run', async () => {
    const target = store
      .listOrders()
      .find((order) => order.refunds.length === 0 && order.cancelledAt === null);
    if (!target) throw new Error('the tiny store has an unrefunded order');
    store.refundOrder(target.id, { amount: '1.00', reason: 'Goodwill' });
    const outcomes = await sync('incremental');
    // Only records modified since the watermark (minus the overlap) are read again.
    expect(outcomes.size).toBeLessThan(store.listOrders().length);
    expect(outcomes.get(String(target.id))).toBe('updated');
    expect([...outcomes].filter(([, outcome]) => outcome === 'updated').map(([id]) => id)).toEqual([
      String(target.id),
    ]);
    const stored = await repository.getEntityByExternalId('order', tenantId, storeId, String(target.id));
    expect(stored?.refunds.map((refund) => [refund.amount.amount, refund.reason])).toEqual([
      ['1.00', 'Goodwill'],
    ]);
    expect(stored?.financialStatus).toBe('partially_refunded');
  }, 60_000);
});

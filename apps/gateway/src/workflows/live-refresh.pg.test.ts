import {
  createEntityLiveData,
  createMemoryChannel,
  createWorkflowRuntime,
  defineWorkflow,
  send,
  type WorkflowRuntime,
} from '@cartwire/automation-sdk';
import { createConnectorEngine, createInMemoryCheckpointStore, runStream } from '@cartwire/connectors';
import { wooCommerceConnector } from '@cartwire/connectors/woocommerce';
import { type AnyEntity, ID_PREFIX, newId, type Variant } from '@cartwire/model';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWooSandbox, type WooSandbox } from '../routes/shared/woo-sandbox';
import { createConnectorRegistry } from '../services/connector-registry';
import { createEntityService } from '../services/entity-service';
import { createStoreService } from '../services/store-service';
import { createChangeRecorder } from '../sync/change-recorder';
import { readSyncSettings } from '../sync/store-sync-settings';
import { buildTestApp } from '../testing/test-gateway';
import { createLiveRefresh } from './live-refresh';

const stockAlert = defineWorkflow({
  key: 'stock-alert',
  name: 'Stock alert',
  trigger: { event: 'product.viewed', correlateBy: 'event.data.variantId', reentry: { policy: 'always' } },
  steps: [send({ id: 'alert', channel: 'webhook', template: 'in-stock', checks: ['items_in_stock'] })],
});

describe.each(testDatabases())('live refresh before a send on $name', ({ create }) => {
  let database: TestDatabase;
  let woo: WooSandbox;
  let wooClosed = false;
  beforeAll(async () => {
    database = await create();
    woo = await startWooSandbox(13);
  }, 60_000);
  afterAll(async () => {
    if (!wooClosed) await woo?.close();
    await database?.close();
  });

  it('re-reads a stale variant through the connector: sold out on the platform but not synced, the send is blocked', async () => {
    const { app, authorization, repositories, tenant } = await buildTestApp(database);
    const connected = await app.request('/v1/stores', {
      method: 'POST',
      headers: { ...authorization, 'content-type': 'application/json' },
      body: JSON.stringify({
        platform: 'woocommerce',
        name: 'Live',
        credentials: woo.credentials,
        settings: { currency: woo.store.shop.currency },
      }),
    });
    const storeId = ((await connected.json()) as { id: string }).id;
    const store = await repositories.stores.getStore(tenant.id, storeId);
    if (!store) throw new Error('the store was not connected');
    const now = () => new Date();
    const recorder = createChangeRecorder(database, { now });
    // The synced copy, stored the way a backfill stores it (products with their variants).
    const engine = createConnectorEngine();
    await runStream({
      engine,
      connector: wooCommerceConnector,
      store: { id: storeId, credentials: woo.credentials, settings: store.settings },
      stream: 'products',
      mode: 'backfill',
      checkpoints: createInMemoryCheckpointStore(),
      onPage: async (page: AnyEntity[]) => {
        await recorder.recordEntities({
          tenantId: tenant.id,
          storeId,
          entities: page,
          source: 'poll',
          mode: 'backfill',
          settings: readSyncSettings(store.settings),
        });
      },
    });
    await engine.close();
    const { items } = await repositories.entities.listEntities('variant', {
      tenantId: tenant.id,
      storeId,
      limit: 500,
    });
    const inStock = items.filter(
      (v) =>
        v.inventoryTracked && (v.inventoryQuantity ?? 0) > 0 && woo.store.getVariant(Number(v.externalId)),
    );
    const [soldOut, untouched, unreachable] = inStock as [Variant, Variant, Variant];
    expect(unreachable).toBeDefined();
    // The platform sells the first one out; no webhook or poll has told the store yet.
    for (const location of woo.store.listLocations())
      woo.store.setInventory(Number(soldOut.externalId), location.id, 0);

    const connectors = createConnectorRegistry();
    const refreshing = (maxAgeMs: number) =>
      createEntityLiveData(repositories.entities, {
        refresh: createLiveRefresh({
          database,
          repositories,
          entities: createEntityService({
            repositories,
            connectors,
            stores: createStoreService({ repositories, connectors }),
            recorder,
          }),
          maxAgeMs,
          now,
        }),
      });
    const sink = createMemoryChannel('webhook');
    const runtimes: WorkflowRuntime[] = [];
    const runtime = (maxAgeMs: number) => {
      const made = createWorkflowRuntime({
        db: database.db,
        liveData: refreshing(maxAgeMs),
        channels: [sink],
        refreshTimeoutMs: 10_000,
      });
      runtimes.push(made);
      return made;
    };
    const viewedBy = (email: string, v: Variant) => ({
      id: newId(ID_PREFIX.event),
      tenantId: tenant.id,
      storeId,
      occurredAt: now().toISOString(),
      receivedAt: now().toISOString(),
      source: 'track',
      type: 'product.viewed',
      entityType: 'behavior',
      entityId: v.productId,
      data: { shopper: { email }, productId: v.productId, variantId: v.id },
    });
    const relaxed = runtime(3_600_000);
    const { workflow } = await relaxed.store.create(tenant.id, stockAlert);
    await relaxed.store.approve(tenant.id, workflow.id, 1);
    await relaxed.store.activate(tenant.id, workflow.id, 1);
    const outcome = async (rt: WorkflowRuntime, email: string, v: Variant) => {
      const [run] = (await rt.handleEvent(viewedBy(email, v))).started;
      await rt.drain();
      return (await rt.getRun(tenant.id, run as string))?.run;
    };

    try {
      // Within the configured age the stored copy is trusted: the stale "in stock" lets the send go.
      expect(await outcome(relaxed, 'a@example.com', soldOut)).toMatchObject({ status: 'completed' });
      // Older than the age (0 ms: any copy), the variant is read through the connector first: sold out.
      const strict = runtime(0);
      expect(await outcome(strict, 'b@example.com', soldOut)).toMatchObject({
        status: 'exited',
        endReason: `out_of_stock:${soldOut.id}`,
      });
      const refreshed = await repositories.entities.getEntity('variant', tenant.id, soldOut.id);
      expect(refreshed?.inventoryQuantity).toBe(0);
      // Still in stock on the platform: the refresh finds it so and the send goes.
      expect(await outcome(strict, 'c@example.com', untouched)).toMatchObject({ status: 'completed' });
      expect(sink.messages.map((m) => m.recipient.email)).toEqual(['a@example.com', 'c@example.com']);

      // The platform cannot be reached: the send goes on the stored copy and the run history says why.
      await woo.close();
      wooClosed = true;
      const run = await outcome(strict, 'd@example.com', unreachable);
      expect(run).toMatchObject({ status: 'completed' });
      const steps = (await strict.getRun(tenant.id, run?.id as string))?.steps ?? [];
      expect(steps.find((s) => s.outcome === 'refresh_failed')).toMatchObject({
        nodeId: 'alert',
        reason: expect.stringContaining(`variant ${unreachable.id}:`),
      });
      expect(sink.messages.map((m) => m.recipient.email)).toEqual([
        'a@example.com',
        'c@example.com',
        'd@example.com',
      ]);
    } finally {
      await Promise.all(runtimes.map((rt) => rt.stop()));
      await connectors.engine.close();
    }
  });
});

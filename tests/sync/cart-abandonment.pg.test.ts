import { type Cart, entityId, lineId } from '@cartwire/model';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSyncSettings } from '../../apps/gateway/src/sync/store-sync-settings';
import type { SyncService } from '../../apps/gateway/src/sync/sync-service';
import type { Workers } from '../../apps/gateway/src/workers/worker-pool';
import { eur, sampleCart } from '../../packages/model/src/sample-entities';
import { createSyncHarness, type SyncHarness } from './sync-harness';

const WINDOW_MINUTES = 30;

describe.each(testDatabases())('cart.abandoned and cart.converted ($name)', ({ create }) => {
  let database: TestDatabase;
  let harness: SyncHarness;
  let sync: SyncService;
  let workers: Workers;
  let storeId: string;

  function cart(externalId: string, overrides: Partial<Cart> = {}): Cart {
    const id = entityId('cart', storeId, externalId);
    const base = sampleCart({ id, storeId, externalId, status: 'open' });
    return {
      ...base,
      lines: [
        {
          id: lineId('cart_line', id, '1'),
          externalId: '1',
          productId: null,
          variantId: null,
          sku: null,
          title: 'Tea',
          variantTitle: null,
          quantity: 2,
          unitPrice: eur('9.50'),
          imageUrl: null,
        },
      ],
      createdAt: harness.clock.now().toISOString(),
      updatedAt: harness.clock.now().toISOString(),
      ...overrides,
    };
  }

  async function record(entities: Parameters<SyncService['recorder']['recordEntities']>[0]['entities']) {
    const store = await harness.repositories.stores.getStore(harness.tenantId, storeId);
    await sync.recorder.recordEntities({
      tenantId: harness.tenantId,
      storeId,
      entities,
      source: 'webhook',
      mode: 'live',
      settings: readSyncSettings(store?.settings ?? {}),
    });
  }

  async function eventsOf(type: string, entityIdValue: string) {
    return (await harness.events()).filter(
      (event) => event.type === type && event.entityId === entityIdValue,
    );
  }

  beforeAll(async () => {
    database = await create();
    harness = await createSyncHarness(database);
    storeId = (
      await harness.repositories.stores.createStore({
        tenantId: harness.tenantId,
        platform: 'shopify',
        name: 'Carts',
        credentials: {},
        settings: { sync: { abandonedCartWindowMinutes: WINDOW_MINUTES } },
      })
    ).id;
    sync = harness.service();
    workers = harness.workers(sync, 'cart-worker');
  }, 60_000);
  afterAll(async () => {
    await workers?.stop();
    await sync?.close();
    await database?.close();
  });

  it('emits cart.abandoned once when the window passes without conversion', async () => {
    const open = cart('open-1');
    await record([open]);
    harness.clock.advance((WINDOW_MINUTES - 1) * 60_000);
    await workers.whenIdle();
    expect(await eventsOf('cart.abandoned', open.id)).toEqual([]);
    harness.clock.advance(2 * 60_000);
    await workers.whenIdle();
    const abandoned = await eventsOf('cart.abandoned', open.id);
    expect(abandoned).toHaveLength(1);
    expect(abandoned[0]?.source).toBe('derived');
    // The same cart seen again unchanged schedules nothing new and emits nothing new.
    await record([open]);
    harness.clock.advance(WINDOW_MINUTES * 60_000);
    await workers.whenIdle();
    expect(await eventsOf('cart.abandoned', open.id)).toHaveLength(1);
  });

  it('emits cart.converted and no cart.abandoned when the cart converts within the window', async () => {
    const open = cart('converting-1');
    await record([open]);
    harness.clock.advance(10 * 60_000);
    const orderId = entityId('order', storeId, 'o-converting-1');
    const at = harness.clock.now().toISOString();
    await record([
      { ...open, status: 'converted', completedAt: at, convertedOrderId: orderId, updatedAt: at },
    ]);
    harness.clock.advance(WINDOW_MINUTES * 60_000);
    await workers.whenIdle();
    expect(await eventsOf('cart.converted', open.id)).toHaveLength(1);
    expect(await eventsOf('cart.abandoned', open.id)).toEqual([]);
  });

  it('does not schedule a check for a cart without contact details', async () => {
    const anonymous = cart('anonymous-1', { email: null, phone: null, customerId: null });
    await record([anonymous]);
    harness.clock.advance(2 * WINDOW_MINUTES * 60_000);
    await workers.whenIdle();
    expect(await eventsOf('cart.abandoned', anonymous.id)).toEqual([]);
  });
});

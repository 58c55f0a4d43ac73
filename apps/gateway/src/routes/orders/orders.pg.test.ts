import { createConnectorEngine, createInMemoryCheckpointStore, runStream } from '@cartwire/connectors';
import { wooCommerceConnector } from '@cartwire/connectors/woocommerce';
import type { Order } from '@cartwire/model';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../testing/test-gateway';
import { minute, sampleOrder } from '../shared/sample-records';
import { startWooSandbox, type WooSandbox } from '../shared/woo-sandbox';

interface OrderList {
  object: 'list';
  data: Order[];
  has_more: boolean;
  next_cursor: string | null;
}

describe.each(testDatabases())('/v1/orders on $name', ({ create }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database?.close();
  });

  /** A tenant with one store and `count` orders, one a minute apart. */
  async function seeded(count: number) {
    const built = await buildTestApp(database);
    const store = await built.repositories.stores.createStore({
      tenantId: built.tenant.id,
      platform: 'woocommerce',
      name: 'Seeded',
      credentials: {},
    });
    const upsert = (orders: Order[]) =>
      built.repositories.entities.upsertEntities(
        'order',
        orders.map((entity) => ({
          tenantId: built.tenant.id,
          entity,
          raw: { platform_id: entity.externalId },
        })),
      );
    await upsert(
      Array.from({ length: count }, (_, i) =>
        sampleOrder(store.id, `o${i}`, { createdAt: minute(i), updatedAt: minute(i) }),
      ),
    );
    return { ...built, store, upsert };
  }

  it('pages to exhaustion with no gap or repeat while orders arrive', async () => {
    const { app, authorization, store, upsert } = await seeded(7);
    const seen: string[] = [];
    let cursor: string | null = null;
    let round = 0;
    do {
      const query: string = cursor === null ? 'limit=3' : `limit=3&cursor=${cursor}`;
      const response = await app.request(`/v1/stores/${store.id}/orders?${query}`, {
        headers: authorization,
      });
      expect(response.status).toBe(200);
      const page = (await response.json()) as OrderList;
      expect(page.object).toBe('list');
      seen.push(...page.data.map((order) => order.externalId));
      cursor = page.next_cursor;
      expect(page.has_more).toBe(cursor !== null);
      // A new order and a late-synced old one land between pages.
      await upsert([
        sampleOrder(store.id, `new${round}`, {
          createdAt: minute(100 + round),
          updatedAt: minute(100 + round),
        }),
        sampleOrder(store.id, `old${round}`, {
          createdAt: minute(-100 - round),
          updatedAt: minute(-100 - round),
        }),
      ]);
      round += 1;
    } while (cursor !== null);
    expect(seen.filter((id) => /^o\d$/.test(id))).toEqual(['o6', 'o5', 'o4', 'o3', 'o2', 'o1', 'o0']);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.some((id) => id.startsWith('new'))).toBe(false);
  });

  it('filters and counts, per store and across the tenant, and adds raw on request', async () => {
    const { app, authorization, store, upsert } = await seeded(3);
    await upsert([
      sampleOrder(store.id, 'cancelled', {
        status: 'cancelled',
        email: 'ada@example.com',
        createdAt: minute(50),
      }),
    ]);
    const get = async (path: string) => {
      const response = await app.request(path, { headers: authorization });
      expect(response.status).toBe(200);
      return response.json() as Promise<OrderList & { count: number }>;
    };
    expect((await get('/v1/orders?status=cancelled')).data.map((o) => o.externalId)).toEqual(['cancelled']);
    expect((await get(`/v1/orders?store_id=${store.id}&email=ada@example.com`)).data).toHaveLength(1);
    expect((await get('/v1/orders?q=%23o1')).data.map((o) => o.externalId)).toEqual(['o1']);
    expect((await get(`/v1/orders?created_since=${minute(2)}`)).data.map((o) => o.externalId)).toEqual([
      'cancelled',
      'o2',
    ]);
    expect(await get('/v1/orders/count')).toEqual({ object: 'count', count: 4 });
    expect(await get(`/v1/stores/${store.id}/orders/count?status=open`)).toEqual({
      object: 'count',
      count: 3,
    });

    const plain = await get('/v1/orders?limit=1');
    expect(plain.data[0]).not.toHaveProperty('raw');
    const raw = await get('/v1/orders?limit=1&include=raw');
    expect(raw.data[0]?.raw).toEqual({ platform_id: 'cancelled' });
    const one = await get(`/v1/orders/${raw.data[0]?.id}?include=raw`);
    expect(one).toMatchObject({ externalId: 'cancelled', raw: { platform_id: 'cancelled' } });
  });

  it('rejects bad parameters with a problem listing each field', async () => {
    const { app, authorization } = await seeded(0);
    const response = await app.request('/v1/orders?limit=251&status=lost&created_since=yesterday', {
      headers: authorization,
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { code: string; errors: { in: string; path: string }[] };
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors.map((e) => `${e.in}:${e.path}`).sort()).toEqual([
      'query:created_since',
      'query:limit',
      'query:status',
    ]);
    const cursor = await app.request('/v1/orders?cursor=not-ours', { headers: authorization });
    expect(cursor.status).toBe(400);
    expect(await cursor.json()).toMatchObject({ errors: [{ path: 'cursor' }] });
  });

  it('keeps tenants apart: 404 for another tenant’s order or store, never its data', async () => {
    const mine = await seeded(1);
    const theirs = await seeded(2);
    const theirOrder = sampleOrder(theirs.store.id, 'o1');
    for (const path of [
      `/v1/orders/${theirOrder.id}`,
      `/v1/stores/${theirs.store.id}/orders`,
      `/v1/stores/${theirs.store.id}/orders/count`,
      `/v1/orders?store_id=${theirs.store.id}`,
    ]) {
      const response = await mine.app.request(path, { headers: mine.authorization });
      expect([path, response.status]).toEqual([path, 404]);
    }
    const list = (await (
      await mine.app.request('/v1/orders', { headers: mine.authorization })
    ).json()) as OrderList;
    expect(list.data.map((order) => order.storeId)).toEqual([mine.store.id]);
    expect((await mine.app.request('/v1/orders')).status).toBe(401);
  });

  describe('fresh=true against the WooCommerce emulator', () => {
    let woo: WooSandbox;
    beforeAll(async () => {
      woo = await startWooSandbox(11);
    }, 60_000);
    afterAll(async () => {
      await woo?.close();
    });

    it('reads the order live, stores the new version and returns it', async () => {
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
      // Seed the synced copy the way a sync would.
      const engine = createConnectorEngine();
      await runStream({
        engine,
        connector: wooCommerceConnector,
        store: { id: storeId, credentials: woo.credentials, settings: { currency: woo.store.shop.currency } },
        stream: 'orders',
        mode: 'backfill',
        checkpoints: createInMemoryCheckpointStore(),
        onPage: (orders) =>
          repositories.entities
            .upsertEntities(
              'order',
              orders.map((entity) => ({ tenantId: tenant.id, entity: entity as Order })),
            )
            .then(() => undefined),
      });
      await engine.close();
      const target = woo.store.listOrders()[0];
      if (!target) throw new Error('the sandbox store has no orders');
      const list = (await (
        await app.request(`/v1/stores/${storeId}/orders?limit=250`, { headers: authorization })
      ).json()) as OrderList;
      const stored = list.data.find((order) => order.externalId === String(target.id));
      expect(stored?.note).not.toBe('Leave at the door');

      woo.store.updateOrder(target.id, { note: 'Leave at the door' });
      const cached = await app.request(`/v1/orders/${stored?.id}`, { headers: authorization });
      expect(((await cached.json()) as Order).note).not.toBe('Leave at the door');
      const fresh = await app.request(`/v1/orders/${stored?.id}?fresh=true`, { headers: authorization });
      expect(fresh.status).toBe(200);
      expect(((await fresh.json()) as Order).note).toBe('Leave at the door');
      const after = await app.request(`/v1/orders/${stored?.id}`, { headers: authorization });
      expect(((await after.json()) as Order).note).toBe('Leave at the door');
    });
  });
});

import type { Order } from '@cartwire/model';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWooSandbox, type WooSandbox } from '../apps/gateway/src/routes/shared/woo-sandbox';
import type { Workers } from '../apps/gateway/src/workers/worker-pool';
import { type FullGatewayUnderTest, startFullGatewayUnderTest } from './sync/gateway-under-test';
import { createTestClock, silentLogger } from './sync/sync-harness';

interface EventPage {
  data: { id: string; type: string; entityId: string | null; source: string }[];
  has_more: boolean;
  next_cursor: string | null;
}

describe.each(testDatabases())(
  'GET /v1/orders/{id}?fresh=true records what it reads ($name)',
  ({ create }) => {
    let database: TestDatabase;
    let gateway: FullGatewayUnderTest;
    let workers: Workers;
    let woo: WooSandbox;
    let storeId: string;
    /** Placed before the backfill and not shipped, so it can still be cancelled on the platform. */
    let unshipped: number;

    beforeAll(async () => {
      database = await create();
      woo = await startWooSandbox(5);
      const variant = woo.store.listVariants()[0];
      if (!variant) throw new Error('the sandbox store has no variants');
      unshipped = woo.store.placeOrder({
        email: 'fresh@example.com',
        lines: [{ variantId: variant.id, quantity: 1 }],
      }).id;
      gateway = await startFullGatewayUnderTest({ database, clock: createTestClock(), logger: silentLogger });
      workers = gateway.runtime.startWorkers({
        concurrency: 2,
        leaseMs: 30_000,
        idleDelayMs: 20,
        reconcileIntervalMs: 0,
      });
      const connected = await gateway.api('POST', '/v1/stores', {
        body: {
          platform: 'woocommerce',
          name: 'Fresh reads',
          credentials: woo.credentials,
          settings: {
            currency: woo.store.shop.currency,
            sync: { streams: ['orders'], pollIntervalMs: 3_600_000 },
          },
        },
      });
      expect(connected.status, connected.text).toBe(201);
      storeId = (connected.body as { id: string }).id;
      const synced = await gateway.api('POST', `/v1/stores/${storeId}/sync`, {
        body: { streams: ['orders'], mode: 'backfill' },
      });
      expect(synced.status, synced.text).toBe(202);
      await workers.whenIdle();
    }, 120_000);
    afterAll(async () => {
      await workers?.stop();
      await gateway?.close();
      await woo?.close();
      await database?.close();
    });

    /** The tenant's order events over HTTP, oldest first. */
    async function orderEvents(): Promise<EventPage['data']> {
      const all: EventPage['data'] = [];
      let after: string | null = null;
      for (;;) {
        const query = new URLSearchParams({ type: 'order.*', limit: '250', ...(after ? { after } : {}) });
        const page = await gateway.api('GET', `/v1/events?${query}`);
        expect(page.status, page.text).toBe(200);
        const body = page.body as EventPage;
        all.push(...body.data);
        if (!body.has_more || body.next_cursor === null) return all;
        after = body.next_cursor;
      }
    }

    async function storedOrderId(externalId: number): Promise<string> {
      const list = await gateway.api('GET', `/v1/stores/${storeId}/orders?limit=250`);
      const order = (list.body as { data: Order[] }).data.find((o) => o.externalId === String(externalId));
      if (!order) throw new Error(`order ${externalId} was not synced`);
      return order.id;
    }

    async function freshRead(orderId: string): Promise<Order> {
      const response = await gateway.api('GET', `/v1/orders/${orderId}?fresh=true`);
      expect(response.status, response.text).toBe(200);
      return response.body as Order;
    }

    it('appends one order.updated for a changed order and nothing for an unchanged one', async () => {
      const target = woo.store.listOrders().find((order) => order.cancelledAt === null);
      if (!target) throw new Error('the sandbox store has no open order');
      const orderId = await storedOrderId(target.id);
      const before = await orderEvents();
      expect(before.length).toBeGreaterThan(0);

      // Nothing changed on the platform: the live read stores nothing new and announces nothing.
      await freshRead(orderId);
      expect(await orderEvents()).toEqual(before);

      woo.store.updateOrder(target.id, { note: 'Ring twice' });
      expect((await freshRead(orderId)).note).toBe('Ring twice');
      const afterChange = await orderEvents();
      expect(afterChange.slice(before.length)).toEqual([
        expect.objectContaining({ type: 'order.updated', entityId: orderId, source: 'poll' }),
      ]);

      // Read again: the same version is not a second change.
      await freshRead(orderId);
      expect(await orderEvents()).toEqual(afterChange);
    });

    it('derives transition events the way a sync does', async () => {
      const orderId = await storedOrderId(unshipped);
      const before = await orderEvents();
      woo.store.cancelOrder(unshipped);
      expect((await freshRead(orderId)).status).toBe('cancelled');
      const added = (await orderEvents()).slice(before.length);
      expect(added.map((event) => [event.type, event.entityId, event.source])).toEqual([
        ['order.updated', orderId, 'poll'],
        ['order.cancelled', orderId, 'derived'],
        // WooCommerce refunds a paid order it cancels.
        ['order.refunded', orderId, 'derived'],
      ]);
      // A second read of the cancelled order is no new transition.
      await freshRead(orderId);
      expect((await orderEvents()).length).toBe(before.length + 3);
    });
  },
);

import { AMAZON_RELAY_SIGNATURE_HEADER, amazonRelayHeaders } from '@cartwire/connectors/amazon';
import {
  type AmazonEmulator,
  createAmazonEmulator,
  generateStore,
  type SandboxStore,
  type ServedEmulator,
  serveEmulator,
} from '@cartwire/sandbox';
import type { StoredEvent } from '@cartwire/storage';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpListener, listen } from '../../apps/gateway/src/http/listen';
import type { Workers } from '../../apps/gateway/src/workers/worker-pool';
import { type FullGatewayUnderTest, startFullGatewayUnderTest } from './gateway-under-test';
import { createTestClock, silentLogger } from './sync-harness';

const lwa = {
  clientId: 'amzn1.application-oa2-client.relay',
  clientSecret: 'amzn-secret-relay',
  refreshToken: 'Atzr|relay-refresh',
};
const notificationSecret = 'relay-secret-0123456789abcdef';
const sellerId = 'A3TH9S8BH6GOGM';
const marketplaceId = 'ATVPDKIKX0DER';
const fast = { rate: 500, burst: 100 };
const usagePlans = {
  searchOrders: fast,
  getOrders: fast,
  getOrderItems: fast,
  searchListingsItems: fast,
  getInventorySummaries: fast,
  createReport: fast,
  getReport: fast,
  getReportDocument: fast,
};

describe.each(testDatabases())('Amazon ORDER_CHANGE through a signing relay ($name)', ({ create }) => {
  let database: TestDatabase;
  let gateway: FullGatewayUnderTest;
  let workers: Workers;
  let store: SandboxStore;
  let emulator: AmazonEmulator;
  let served: ServedEmulator;
  let relay: HttpListener;
  let storeId: string;
  const relayed: Array<{ status: number; outcome: unknown }> = [];

  const webhookUrl = () => `${gateway.url}/webhooks/amazon/${storeId}`;

  /**
   * What a seller runs on their SQS queue (here fed by the emulator's SQS emitter): each message body
   * forwarded as it is, signed with the store's notification secret; the gateway's answer decides
   * whether the message is deleted or redelivered.
   */
  async function forward(request: Request): Promise<Response> {
    const body = await request.text();
    const response = await fetch(webhookUrl(), {
      method: 'POST',
      body,
      headers: amazonRelayHeaders(body, notificationSecret),
    });
    const answer = (await response.json()) as { outcome?: unknown };
    relayed.push({ status: response.status, outcome: answer.outcome });
    return new Response(null, { status: response.status });
  }

  async function events(): Promise<StoredEvent[]> {
    const all: StoredEvent[] = [];
    let afterSeq = 0;
    for (;;) {
      const page = await gateway.repositories.events.listEvents({
        tenantId: gateway.tenantId,
        afterSeq,
        limit: 1000,
      });
      if (page.events.length === 0) return all;
      all.push(...page.events);
      afterSeq = page.nextSeq;
    }
  }

  async function settle(): Promise<void> {
    await emulator.amazon.notifications?.settled();
    await workers.whenIdle();
  }

  function lastNotification(): string {
    const body = emulator.amazon.notifications?.deliveries.at(-1)?.body;
    if (!body) throw new Error('the emulator sent an ORDER_CHANGE notification');
    return body;
  }

  beforeAll(async () => {
    database = await create();
    gateway = await startFullGatewayUnderTest({ database, clock: createTestClock(), logger: silentLogger });
    relay = await listen(forward, { port: 0, host: '127.0.0.1' });
    store = generateStore({ seed: 37, size: 'tiny' });
    emulator = createAmazonEmulator({
      store,
      lwa,
      sellerId,
      marketplaceId,
      usagePlans,
      notificationUrl: `${relay.url}/sqs`,
    });
    served = await serveEmulator(emulator);
    const connected = await gateway.api('POST', '/v1/stores', {
      body: {
        platform: 'amazon',
        name: 'Amazon with notifications',
        credentials: { endpoint: served.url, lwaEndpoint: served.url, ...lwa, notificationSecret },
        settings: {
          sellerId,
          marketplaceIds: [marketplaceId],
          piiAccess: true,
          orderBackfill: 'paging',
          rateLimit: { perOperation: usagePlans, maxConcurrent: 4 },
          sync: { streams: ['orders', 'customers'], pollIntervalMs: 60_000 },
        },
      },
    });
    expect(connected.status, connected.text).toBe(201);
    expect(connected.text).not.toContain(notificationSecret);
    storeId = (connected.body as { id: string }).id;
    workers = gateway.runtime.startWorkers({
      concurrency: 2,
      leaseMs: 30_000,
      idleDelayMs: 20,
      reconcileIntervalMs: 0,
    });
    const backfill = await gateway.api('POST', `/v1/stores/${storeId}/sync`, { body: { mode: 'backfill' } });
    expect(backfill.status).toBe(202);
    await workers.whenIdle();
  }, 60_000);
  afterAll(async () => {
    emulator?.amazon.close();
    await relay?.close(1000);
    await served?.close();
    await gateway?.close();
    await database?.close();
  });

  it('an order shipped on Amazon arrives as ORDER_CHANGE and becomes one order.updated and one order.fulfilled', async () => {
    const unshipped = store
      .listOrders()
      .find(
        (order) =>
          order.financialState === 'paid' &&
          order.fulfillmentState === 'unfulfilled' &&
          order.cancelledAt === null &&
          order.refunds.length === 0,
      );
    if (!unshipped) throw new Error('the tiny store has a paid, unshipped order');
    const before = (await events()).length;
    relayed.length = 0;
    store.fulfillOrder(unshipped.id, {});
    await settle();
    expect(relayed.length).toBeGreaterThan(0);
    expect(relayed.every((answer) => answer.status === 200 && answer.outcome === 'accepted')).toBe(true);
    const fresh = (await events()).slice(before);
    expect(fresh.map((event) => [event.type, event.source]).sort()).toEqual([
      ['order.fulfilled', 'derived'],
      ['order.updated', 'webhook'],
    ]);
    // The poll that follows finds nothing new.
    const poll = await gateway.api('POST', `/v1/stores/${storeId}/sync`, { body: { mode: 'incremental' } });
    expect(poll.status).toBe(202);
    await workers.whenIdle();
    expect((await events()).slice(before)).toHaveLength(2);
  });

  it('SQS redelivering the same message is acknowledged as a duplicate', async () => {
    const body = lastNotification();
    const response = await fetch(webhookUrl(), {
      method: 'POST',
      body,
      headers: amazonRelayHeaders(body, notificationSecret),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, outcome: 'duplicate' });
  });

  it('refuses unsigned, forged and altered deliveries with 401, and ignores another seller', async () => {
    const body = lastNotification();
    const unsigned = await fetch(webhookUrl(), { method: 'POST', body });
    const forged = await fetch(webhookUrl(), {
      method: 'POST',
      body,
      headers: amazonRelayHeaders(body, 'not-the-store-secret-000'),
    });
    const altered = await fetch(webhookUrl(), {
      method: 'POST',
      body: body.replace(sellerId, 'A1OTHERSELLER0'),
      headers: {
        [AMAZON_RELAY_SIGNATURE_HEADER]:
          amazonRelayHeaders(body, notificationSecret)[AMAZON_RELAY_SIGNATURE_HEADER] ?? '',
      },
    });
    for (const response of [unsigned, forged, altered]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }

    const other = JSON.parse(body) as {
      Payload: { OrderChangeNotification: { SellerId: string } };
      NotificationMetadata: { NotificationId: string };
    };
    other.Payload.OrderChangeNotification.SellerId = 'A1OTHERSELLER0';
    other.NotificationMetadata.NotificationId = crypto.randomUUID();
    const otherBody = JSON.stringify(other);
    const ignored = await fetch(webhookUrl(), {
      method: 'POST',
      body: otherBody,
      headers: amazonRelayHeaders(otherBody, notificationSecret),
    });
    expect(await ignored.json()).toEqual({ received: true, outcome: 'ignored' });
  });

  it('an unknown store gets the same 401 as a bad signature', async () => {
    const body = lastNotification();
    const response = await fetch(`${gateway.url}/webhooks/amazon/sto_doesnotexist000000000000`, {
      method: 'POST',
      body,
      headers: amazonRelayHeaders(body, notificationSecret),
    });
    expect(response.status).toBe(401);
  });
});

import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundWebhooks } from '../../apps/gateway/src/outbound-webhooks/outbound-webhooks-runtime';
import { type ResolvedAddress, systemResolve } from '../../apps/gateway/src/outbound-webhooks/url-guard';
import { type Receipt, type Receiver, startReceiver } from './receiver';
import { createWebhookHarness, type WebhookHarness, waitFor } from './webhook-harness';

/** Whether a receipt verifies with one secret at the test clock's time. */
function verifiesWith(harness: WebhookHarness, receipt: Receipt, secret: string): boolean {
  const wallNow = Date.now;
  Date.now = () => harness.clock.now().getTime();
  try {
    new Webhook(secret).verify(receipt.body, {
      'webhook-id': receipt.webhookId,
      'webhook-timestamp': receipt.timestamp,
      'webhook-signature': receipt.signatures.join(' '),
    });
    return true;
  } catch {
    return false;
  } finally {
    Date.now = wallNow;
  }
}

describe.each(testDatabases())('outbound webhooks end to end on $name', ({ create }) => {
  let database: TestDatabase;
  let harness: WebhookHarness;
  let workers: OutboundWebhooks;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    database = await create();
    harness = await createWebhookHarness(database);
    workers = harness.startWorkers({ concurrency: 8, endpointConcurrency: 2, disableAfterMs: 3_600_000 });
  }, 60_000);
  afterEach(async () => {
    // Endpoints of one test must not receive the next test's events.
    const listed = await harness.api.GET('/v1/webhook-endpoints', { params: { query: { limit: 100 } } });
    for (const endpoint of listed.data?.data ?? []) {
      await harness.api.DELETE('/v1/webhook-endpoints/{endpointId}', {
        params: { path: { endpointId: endpoint.id } },
      });
    }
    await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
  });
  afterAll(async () => {
    await workers?.stop();
    await harness?.close();
    await database?.close();
  });

  async function receiver(): Promise<Receiver> {
    const started = await startReceiver({ now: () => harness.clock.now() });
    receivers.push(started);
    return started;
  }

  /** Creates an endpoint through the API and teaches the receiver its secret. */
  async function subscribe(to: Receiver, body: { eventTypes: string[]; storeIds?: string[] }) {
    const created = await harness.api.POST('/v1/webhook-endpoints', { body: { url: to.url, ...body } });
    expect(created.response.status).toBe(201);
    const endpoint = created.data!;
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    to.secrets = [endpoint.secret];
    return endpoint;
  }

  async function deliveriesOf(endpointId: string) {
    const listed = await harness.api.GET('/v1/webhook-endpoints/{endpointId}/deliveries', {
      params: { path: { endpointId }, query: { limit: 100 } },
    });
    expect(listed.response.status).toBe(200);
    return listed.data!.data;
  }

  it('delivers each matching event signed per Standard Webhooks, with the event envelope and entity snapshot', async () => {
    const target = await receiver();
    const endpoint = await subscribe(target, { eventTypes: ['order.*'], storeIds: [harness.otherStoreId] });
    const ignoredStore = await harness.appendOrderEvent('order.created');
    const ignoredType = await harness.appendCustomerEvent();
    const eventId = await harness.appendOrderEvent('order.paid', harness.otherStoreId);

    const [receipt] = await waitFor(() => target.verified(eventId).length === 1 && target.verified(eventId));
    expect(receipt!.webhookId).toBe(eventId);
    expect(Math.abs(Number(receipt!.timestamp) * 1000 - harness.clock.now().getTime())).toBeLessThan(10_000);
    expect(receipt!.signatures).toHaveLength(1);
    expect(receipt!.signatures[0]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const stored = await harness.api.GET('/v1/events/{id}', { params: { path: { id: eventId } } });
    expect(JSON.parse(receipt!.body)).toEqual(stored.data);
    expect(JSON.parse(receipt!.body)).toMatchObject({
      id: eventId,
      type: 'order.paid',
      storeId: harness.otherStoreId,
      data: { id: expect.stringMatching(/^ord_/), storeId: harness.otherStoreId },
    });

    const [delivery] = await waitFor(async () => {
      const found = await deliveriesOf(endpoint.id);
      return found[0]?.status === 'succeeded' && found;
    });
    expect(delivery).toMatchObject({
      eventId,
      eventType: 'order.paid',
      attemptCount: 1,
      lastStatusCode: 200,
    });
    expect(delivery!.attempts).toEqual([
      expect.objectContaining({ statusCode: 200, succeeded: true, error: null, responseExcerpt: 'ok' }),
    ]);
    expect(target.receipts.map((r) => r.webhookId)).not.toContain(ignoredStore);
    expect(target.receipts.map((r) => r.webhookId)).not.toContain(ignoredType);
  });

  it('delivers every event once the receiver is back, across a worker restart, with the same webhook-id', async () => {
    const target = await receiver();
    const endpoint = await subscribe(target, { eventTypes: ['order.created'] });
    await target.down();
    const eventIds: string[] = [];
    for (let i = 0; i < 5; i++) eventIds.push(await harness.appendOrderEvent('order.created'));
    await waitFor(async () => {
      const found = await deliveriesOf(endpoint.id);
      return found.length === 5 && found.every((d) => d.attemptCount === 1) && found;
    });
    for (const delivery of await deliveriesOf(endpoint.id)) {
      expect(delivery.status).toBe('pending');
      expect(delivery.attempts[0]).toMatchObject({ statusCode: null, succeeded: false });
      expect(delivery.attempts[0]?.error).toMatch(/ECONNREFUSED/);
      expect(
        Date.parse(delivery.nextAttemptAt!) - Date.parse(delivery.lastAttemptAt!),
      ).toBeGreaterThanOrEqual(5000);
    }
    // The process goes away with every delivery owed; a new one picks them up from the jobs table.
    await workers.stop();
    await target.up();
    harness.clock.advance(5_000);
    workers = harness.startWorkers(
      { concurrency: 8, endpointConcurrency: 2, disableAfterMs: 3_600_000 },
      'restarted-worker',
    );
    await waitFor(() => eventIds.every((id) => target.verified(id).length === 1));
    const delivered = await waitFor(async () => {
      const found = await deliveriesOf(endpoint.id);
      return found.every((d) => d.status === 'succeeded') && found;
    });
    expect(delivered.map((d) => d.eventId).sort()).toEqual([...eventIds].sort());
    for (const delivery of delivered) {
      expect(delivery.attempts.map((a) => a.statusCode)).toEqual([null, 200]);
    }
  });

  it('retries a failed attempt on the backoff schedule with the same webhook-id, and a manual retry runs at once', async () => {
    const target = await receiver();
    target.respond = () => ({ status: 500 });
    const endpoint = await subscribe(target, { eventTypes: ['order.paid'] });
    const eventId = await harness.appendOrderEvent('order.paid');
    await waitFor(() => target.verified(eventId).length === 1);
    // Nothing happens before the 5 s wait is over.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(target.verified(eventId)).toHaveLength(1);
    harness.clock.advance(5_000);
    await waitFor(() => target.verified(eventId).length === 2);
    const [delivery] = await waitFor(async () => {
      const found = await deliveriesOf(endpoint.id);
      return found[0]?.attemptCount === 2 && found;
    });
    expect(delivery!.status).toBe('pending');
    expect(delivery!.attempts.map((a) => a.responseExcerpt)).toEqual([
      'refused with 500',
      'refused with 500',
    ]);
    // Next wait is 5 minutes; a manual retry brings it forward.
    target.respond = () => ({ status: 200 });
    const retried = await harness.api.POST('/v1/deliveries/{deliveryId}/retry', {
      params: { path: { deliveryId: delivery!.id } },
    });
    expect(retried.response.status).toBe(202);
    await waitFor(() => target.verified(eventId).length === 3);
    expect(new Set(target.verified(eventId).map((r) => r.webhookId))).toEqual(new Set([eventId]));
    const after = await waitFor(async () => {
      const found = await harness.api.GET('/v1/deliveries/{deliveryId}', {
        params: { path: { deliveryId: delivery!.id } },
      });
      return found.data?.status === 'succeeded' && found.data;
    });
    expect(after.attempts.map((a) => a.statusCode)).toEqual([500, 500, 200]);
  });

  it('signs with both secrets during a rotation overlap, then only with the new one', async () => {
    const target = await receiver();
    const endpoint = await subscribe(target, { eventTypes: ['order.created'] });
    const oldSecret = endpoint.secret;
    const rotated = await harness.api.POST('/v1/webhook-endpoints/{endpointId}/rotate-secret', {
      params: { path: { endpointId: endpoint.id } },
      body: { overlapSeconds: 3600 },
    });
    expect(rotated.response.status).toBe(200);
    const newSecret = rotated.data!.secret;
    expect(newSecret).not.toBe(oldSecret);
    expect(rotated.data!.previousSecretExpiresAt).not.toBeNull();
    target.secrets = [newSecret, oldSecret];

    const during = await harness.appendOrderEvent('order.created');
    const [overlap] = await waitFor(() => target.verified(during).length === 1 && target.verified(during));
    expect(overlap!.signatures).toHaveLength(2);
    expect(verifiesWith(harness, overlap!, oldSecret)).toBe(true);
    expect(verifiesWith(harness, overlap!, newSecret)).toBe(true);

    harness.clock.advance(3601 * 1000);
    const after = await harness.appendOrderEvent('order.created');
    const [single] = await waitFor(() => target.verified(after).length === 1 && target.verified(after));
    expect(single!.signatures).toHaveLength(1);
    expect(verifiesWith(harness, single!, newSecret)).toBe(true);
    expect(verifiesWith(harness, single!, oldSecret)).toBe(false);
  });

  it('replays every matching event since a time, including events older than the endpoint', async () => {
    const target = await receiver();
    const start = harness.clock.now();
    const older = await harness.appendOrderEvent('order.paid');
    harness.clock.advance(1000);
    const endpoint = await subscribe(target, { eventTypes: ['order.paid'] });
    const first = await harness.appendOrderEvent('order.paid');
    harness.clock.advance(60_000);
    const since = harness.clock.now();
    const second = await harness.appendOrderEvent('order.paid');
    await harness.appendOrderEvent('order.created');
    await waitFor(() => target.verified(first).length === 1 && target.verified(second).length === 1);
    expect(target.verified(older)).toHaveLength(0);

    const replayed = await harness.api.POST('/v1/webhook-endpoints/{endpointId}/replay', {
      params: { path: { endpointId: endpoint.id } },
      body: { since: since.toISOString() },
    });
    expect(replayed.response.status).toBe(202);
    expect(replayed.data).toMatchObject({ object: 'webhook_replay', scheduled: 1 });
    await waitFor(() => target.verified(second).length === 2);
    expect(target.verified(first)).toHaveLength(1);

    const all = await harness.api.POST('/v1/webhook-endpoints/{endpointId}/replay', {
      params: { path: { endpointId: endpoint.id } },
      body: { since: start.toISOString() },
    });
    expect(all.data?.scheduled).toBe(3);
    await waitFor(
      () =>
        target.verified(older).length === 1 &&
        target.verified(first).length === 2 &&
        target.verified(second).length === 3,
    );
    // A replay re-uses the delivery row: its attempts accumulate.
    const deliveries = await waitFor(async () => {
      const found = await deliveriesOf(endpoint.id);
      return found.every((d) => d.status === 'succeeded') && found;
    });
    expect(deliveries.map((d) => [d.eventId, d.attemptCount]).sort()).toEqual(
      [
        [older, 1],
        [first, 2],
        [second, 3],
      ].sort(),
    );
  });

  it('sends webhook.test to the one endpoint asked', async () => {
    const target = await receiver();
    const bystander = await receiver();
    const endpoint = await subscribe(target, { eventTypes: ['order.paid'] });
    await subscribe(bystander, { eventTypes: ['*'] });
    const sent = await harness.api.POST('/v1/webhook-endpoints/{endpointId}/test', {
      params: { path: { endpointId: endpoint.id } },
    });
    expect(sent.response.status).toBe(202);
    expect(sent.data).toMatchObject({ eventType: 'webhook.test', status: 'pending' });
    const eventId = sent.data!.eventId;
    const [receipt] = await waitFor(() => target.verified(eventId).length === 1 && target.verified(eventId));
    expect(JSON.parse(receipt!.body)).toMatchObject({
      type: 'webhook.test',
      source: 'api',
      storeId: harness.storeId,
      data: { message: expect.stringContaining(endpoint.id) },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bystander.receipts).toHaveLength(0);
  });

  it('disables an endpoint that answers 410 Gone and stops delivering to it', async () => {
    const target = await receiver();
    target.respond = () => ({ status: 410 });
    const endpoint = await subscribe(target, { eventTypes: ['order.created'] });
    const eventId = await harness.appendOrderEvent('order.created');
    await waitFor(() => target.verified(eventId).length === 1);
    const disabled = await waitFor(async () => {
      const found = await harness.api.GET('/v1/webhook-endpoints/{endpointId}', {
        params: { path: { endpointId: endpoint.id } },
      });
      return found.data?.enabled === false && found.data;
    });
    expect(disabled).toMatchObject({ disabledReason: 'gone' });
    expect((await deliveriesOf(endpoint.id))[0]).toMatchObject({ status: 'failed', lastStatusCode: 410 });
    await harness.appendOrderEvent('order.created');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(target.receipts).toHaveLength(1);
    expect(await deliveriesOf(endpoint.id)).toHaveLength(1);
    const test = await harness.api.POST('/v1/webhook-endpoints/{endpointId}/test', {
      params: { path: { endpointId: endpoint.id } },
    });
    expect(test.response.status).toBe(409);
  });

  it('disables an endpoint failing for the configured period and says so; re-enabling and a replay recover', async () => {
    const target = await receiver();
    target.respond = () => ({ status: 503 });
    const endpoint = await subscribe(target, { eventTypes: ['order.created'] });
    const since = harness.clock.now();
    const eventId = await harness.appendOrderEvent('order.created');
    await waitFor(() => target.verified(eventId).length === 1);
    const first = await waitFor(async () => {
      const found = await harness.api.GET('/v1/webhook-endpoints/{endpointId}', {
        params: { path: { endpointId: endpoint.id } },
      });
      return found.data?.failingSince !== null && found.data;
    });
    expect(first.enabled).toBe(true);
    // The next attempt, two hours on, is past the one-hour failing period.
    harness.clock.advance(2 * 3_600_000);
    await waitFor(() => target.verified(eventId).length === 2);
    const disabled = await waitFor(async () => {
      const found = await harness.api.GET('/v1/webhook-endpoints/{endpointId}', {
        params: { path: { endpointId: endpoint.id } },
      });
      return found.data?.enabled === false && found.data;
    });
    expect(disabled).toMatchObject({ disabledReason: 'failing', failingSince: first.failingSince });
    expect(await waitFor(async () => (await deliveriesOf(endpoint.id))[0]?.status === 'failed')).toBe(true);

    target.respond = () => ({ status: 204 });
    const enabled = await harness.api.PATCH('/v1/webhook-endpoints/{endpointId}', {
      params: { path: { endpointId: endpoint.id } },
      body: { enabled: true },
    });
    expect(enabled.data).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    await harness.api.POST('/v1/webhook-endpoints/{endpointId}/replay', {
      params: { path: { endpointId: endpoint.id } },
      body: { since: since.toISOString() },
    });
    await waitFor(async () => (await deliveriesOf(endpoint.id))[0]?.status === 'succeeded');
  });

  it('keeps delivering to a fast endpoint while a slow one holds only its own slots', async () => {
    const slow = await receiver();
    const fast = await receiver();
    slow.respond = () => ({ status: 204, delayMs: 1500 });
    await subscribe(slow, { eventTypes: ['order.paid'] });
    await subscribe(fast, { eventTypes: ['order.paid'] });
    const eventIds: string[] = [];
    for (let i = 0; i < 10; i++) eventIds.push(await harness.appendOrderEvent('order.paid'));
    await waitFor(() => eventIds.every((id) => fast.verified(id).length === 1), 5000);
    // Two attempts at a time (endpointConcurrency) and 1.5 s each: the slow endpoint has had at most
    // four requests while the fast one got all ten.
    expect(slow.receipts.length).toBeLessThanOrEqual(4);
    expect(slow.maxInFlight).toBeLessThanOrEqual(2);
  });

  it('keeps endpoints and deliveries of one tenant invisible to another', async () => {
    const target = await receiver();
    const endpoint = await subscribe(target, { eventTypes: ['order.created'] });
    const eventId = await harness.appendOrderEvent('order.created');
    await waitFor(() => target.verified(eventId).length === 1);
    const [delivery] = await deliveriesOf(endpoint.id);
    const other = harness.otherTenantApi;
    const path = { params: { path: { endpointId: endpoint.id } } };
    expect((await other.GET('/v1/webhook-endpoints/{endpointId}', path)).response.status).toBe(404);
    expect((await other.GET('/v1/webhook-endpoints/{endpointId}/deliveries', path)).response.status).toBe(
      404,
    );
    expect(
      (await other.PATCH('/v1/webhook-endpoints/{endpointId}', { ...path, body: { enabled: false } }))
        .response.status,
    ).toBe(404);
    expect((await other.POST('/v1/webhook-endpoints/{endpointId}/test', path)).response.status).toBe(404);
    expect((await other.DELETE('/v1/webhook-endpoints/{endpointId}', path)).response.status).toBe(404);
    const deliveryPath = { params: { path: { deliveryId: delivery!.id } } };
    expect((await other.POST('/v1/deliveries/{deliveryId}/retry', deliveryPath)).response.status).toBe(404);
    expect((await other.GET('/v1/deliveries/{deliveryId}', deliveryPath)).response.status).toBe(404);
    expect((await other.GET('/v1/webhook-endpoints', {})).data?.data).toEqual([]);
    // A store filter naming another tenant's store is refused.
    const foreign = await other.POST('/v1/webhook-endpoints', {
      body: { url: target.url, eventTypes: ['*'], storeIds: [harness.storeId] },
    });
    expect(foreign.response.status).toBe(400);
  });
});

describe.each(testDatabases())('outbound webhook URL safety on $name', ({ create }) => {
  let database: TestDatabase;
  let harness: WebhookHarness;
  let workers: OutboundWebhooks;
  /** What the (fake) public DNS name resolves to right now. */
  let publicAnswer: ResolvedAddress = { address: '93.184.216.34', family: 4 };

  beforeAll(async () => {
    database = await create();
    harness = await createWebhookHarness(database, {
      urlPolicy: {
        allowPrivate: false,
        requireHttps: true,
        resolve: async (hostname) =>
          hostname === 'hooks.public.test' ? [publicAnswer] : systemResolve(hostname),
      },
    });
    workers = harness.startWorkers();
  }, 60_000);
  afterAll(async () => {
    await workers?.stop();
    await harness?.close();
    await database?.close();
  });

  it.each([
    ['https://127.0.0.1:8080/hook', /127\.0\.0\.1/],
    ['https://localhost/hook', /127\.0\.0\.1|::1/],
    ['https://10.1.2.3/hook', /10\.1\.2\.3/],
    ['https://[::1]/hook', /::1/],
    ['https://169.254.169.254/latest/meta-data', /169\.254\.169\.254/],
    ['http://hooks.public.test/hook', /https/],
    ['https://user:secret@hooks.public.test/hook', /credentials/],
  ])('refuses %s with a problem naming the url field', async (url, reason) => {
    const refused = await harness.api.POST('/v1/webhook-endpoints', { body: { url, eventTypes: ['*'] } });
    expect(refused.response.status).toBe(400);
    expect(refused.response.headers.get('content-type')).toBe('application/problem+json');
    const problem = refused.error as unknown as { code: string; errors: { path: string; message: string }[] };
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors[0]?.path).toBe('url');
    expect(problem.errors[0]?.message).toMatch(reason);
  });

  it('re-checks the address after DNS resolution on every attempt and never connects to a private one', async () => {
    publicAnswer = { address: '93.184.216.34', family: 4 };
    const created = await harness.api.POST('/v1/webhook-endpoints', {
      body: { url: 'https://hooks.public.test/hook', eventTypes: ['order.created'] },
    });
    expect(created.response.status).toBe(201);
    const endpointId = created.data!.id;
    const patched = await harness.api.PATCH('/v1/webhook-endpoints/{endpointId}', {
      params: { path: { endpointId } },
      body: { url: 'https://127.0.0.2/hook' },
    });
    expect(patched.response.status).toBe(400);
    // The name now answers with a loopback address (DNS rebinding).
    publicAnswer = { address: '127.0.0.1', family: 4 };
    await harness.appendOrderEvent('order.created');
    const [delivery] = await waitFor(async () => {
      const listed = await harness.api.GET('/v1/webhook-endpoints/{endpointId}/deliveries', {
        params: { path: { endpointId }, query: {} },
      });
      return listed.data?.data[0]?.attemptCount === 1 && listed.data.data;
    });
    expect(delivery!.attempts[0]).toMatchObject({ statusCode: null, succeeded: false });
    expect(delivery!.attempts[0]?.error).toMatch(/^refused: hooks\.public\.test resolves to 127\.0\.0\.1/);
  });
});

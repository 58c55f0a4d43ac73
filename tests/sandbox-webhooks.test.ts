import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../apps/gateway/src/config/env';
import { signWebhook } from '../apps/gateway/src/outbound-webhooks/signing';
import {
  startWebhookInspector,
  subscribeWebhookInspector,
  WEBHOOK_INSPECTOR_DESCRIPTION,
  type WebhookInspector,
} from '../apps/gateway/src/sandbox/webhook-inspector';
import { type RunningGateway, startGateway } from '../apps/gateway/src/server';
import { buildTestApp } from '../apps/gateway/src/testing/test-gateway';
import { customerCreatedEvent, sampleCustomer, until } from './embedded-gateway';
import { silentLogger } from './sync/sync-harness';

interface Received {
  id: string;
  webhookId: string | null;
  type: string | null;
  verified: boolean;
  failure: string | null;
  status: number;
  endpointId: string;
}

/** One `npm start` run: the inspector listening first, then the gateway trusting its origin, then the subscription. */
async function npmStartRun(dataDir: string) {
  const inspector = await startWebhookInspector({ logger: silentLogger });
  const gateway = await startGateway(
    loadConfig({
      PORT: '0',
      CARTWIRE_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'development',
      API_RATE_LIMIT_PER_SECOND: '0',
    }),
    { logger: silentLogger, webhookInspector: inspector, outboundWebhooks: { pollIntervalMs: 50 } },
  );
  const tenantId = gateway.devApiKey?.tenantId;
  if (!tenantId) throw new Error('an embedded gateway has a development tenant');
  const subscribed = await subscribeWebhookInspector({
    inspector,
    endpoints: gateway.webhookEndpoints,
    signingSecrets: (tenant, endpoint, at) =>
      gateway.repositories.webhookEndpoints.getSigningSecrets(tenant, endpoint, at),
    tenantId,
  });
  return { inspector, gateway, tenantId, ...subscribed };
}

describe('the sandbox webhook inspector: the development tenant’s deliveries, verified, through the API', () => {
  let dataDir: string;
  let run: Awaited<ReturnType<typeof npmStartRun>>;
  let secret: string;
  let storeId: string;
  const stopped: { inspector: WebhookInspector; gateway: RunningGateway }[] = [];

  const call = async (route: string, key = secret) => {
    const response = await fetch(`${run.gateway.url}${route}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const signUp = async (externalId: string) => {
    const customer = sampleCustomer(storeId, externalId);
    await run.gateway.repositories.entities.upsertEntities('customer', [
      { tenantId: run.tenantId, entity: customer, raw: {} },
    ]);
    const event = customerCreatedEvent(run.tenantId, customer);
    await run.gateway.repositories.events.appendEvents([event]);
    return event.id;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cartwire-inspector-'));
    run = await npmStartRun(dataDir);
    if (run.gateway.devApiKey?.status !== 'created') throw new Error('a fresh data dir creates a key');
    secret = run.gateway.devApiKey.secret;
    storeId = (
      await run.gateway.repositories.stores.createStore({
        tenantId: run.tenantId,
        platform: 'shopify',
        name: 'Inspector shop',
        credentials: {},
      })
    ).id;
  }, 120_000);

  afterAll(async () => {
    await run?.gateway.stop();
    await run?.inspector.close();
    for (const old of stopped) await old.inspector.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('subscribes the inspector for every event type and shows an event’s delivery verified', async () => {
    expect(run.outcome).toBe('created');
    const endpoint = await call(`/v1/webhook-endpoints/${run.endpointId}`);
    expect(endpoint.body).toMatchObject({
      url: run.inspector.url,
      eventTypes: ['*'],
      description: WEBHOOK_INSPECTOR_DESCRIPTION,
      enabled: true,
    });

    const eventId = await signUp('1');
    const received = await until('the delivery in the inspector', async () => {
      const page = (await call('/v1/sandbox/webhooks')).body as { data: Received[] };
      return page.data.find((entry) => entry.webhookId === eventId);
    });
    expect(received).toMatchObject({
      type: 'customer.created',
      verified: true,
      failure: null,
      status: 204,
      endpointId: run.endpointId,
    });
    const detail = await call(`/v1/sandbox/webhooks/${received.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      id: received.id,
      body: { id: eventId, type: 'customer.created', data: { email: 'c1@example.com' } },
    });
    const headers = detail.body.headers as { name: string; value: string }[];
    expect(headers.find((header) => header.name === 'webhook-id')?.value).toBe(eventId);
    expect(headers.find((header) => header.name === 'webhook-signature')?.value).toMatch(/^v1,/);

    // The gateway's own delivery log agrees: the inspector's 204 made it a success.
    const deliveries = (await call(`/v1/webhook-endpoints/${run.endpointId}/deliveries`)).body as {
      data: { eventId: string; status: string }[];
    };
    expect(deliveries.data.find((delivery) => delivery.eventId === eventId)?.status).toBe('succeeded');
  });

  it('shows a forged delivery as unverified, with the reason', async () => {
    const body = JSON.stringify({ id: 'evt_forged', type: 'order.paid', data: {} });
    const forger = `whsec_${Buffer.alloc(32, 5).toString('base64')}`;
    const response = await fetch(run.inspector.url, {
      method: 'POST',
      headers: signWebhook({ id: 'evt_forged', timestamp: new Date(), body, secrets: [forger] }) as never,
      body,
    });
    expect(response.status).toBe(401);
    const page = (await call('/v1/sandbox/webhooks?limit=1')).body as { data: Received[] };
    expect(page.data[0]).toMatchObject({
      webhookId: 'evt_forged',
      verified: false,
      failure: "no signature matches the endpoint's signing secret",
      status: 401,
    });
  });

  it('pages newest first with next_cursor and refuses a cursor it never gave', async () => {
    await signUp('2');
    const all = await until('three deliveries', async () => {
      const page = (await call('/v1/sandbox/webhooks')).body as { data: Received[] };
      return page.data.length >= 3 ? page.data : undefined;
    });
    const first = (await call('/v1/sandbox/webhooks?limit=2')).body as {
      data: Received[];
      has_more: boolean;
      next_cursor: string;
    };
    expect(first.data.map((entry) => entry.id)).toEqual(all.slice(0, 2).map((entry) => entry.id));
    expect(first.has_more).toBe(true);
    const second = (await call(`/v1/sandbox/webhooks?limit=2&cursor=${first.next_cursor}`)).body as {
      data: Received[];
      has_more: boolean;
    };
    expect(second.data.map((entry) => entry.id)).toEqual(all.slice(2, 4).map((entry) => entry.id));
    const bad = await call('/v1/sandbox/webhooks?cursor=whr_gone');
    expect(bad.status).toBe(400);
    expect((await call('/v1/sandbox/webhooks/whr_gone')).status).toBe(404);
  });

  it('keeps other tenants out, and trusts only the inspector’s own origin', async () => {
    const { repositories } = run.gateway;
    const other = await repositories.tenants.createTenant({ name: 'Inspector outsider' });
    const { secret: theirs } = await repositories.apiKeys.createApiKey({ tenantId: other.id, mode: 'test' });
    const list = await call('/v1/sandbox/webhooks', theirs);
    expect(list.status).toBe(404);
    expect(list.body.detail).toContain('development tenant’s deliveries only');
    const [mine] = run.inspector.list();
    expect((await call(`/v1/sandbox/webhooks/${mine?.id}`, theirs)).status).toBe(404);

    // The guard stays on: another loopback port is refused, to the development tenant too.
    const port = Number(new URL(run.inspector.origin).port);
    const refused = await fetch(`${run.gateway.url}/v1/webhook-endpoints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        url: `http://127.0.0.1:${port === 65535 ? 1 : port + 1}/hook`,
        eventTypes: ['*'],
      }),
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain('unsafe_url');
  });

  it('reuses the same endpoint after a restart, on the new port, and leaves one the user disabled alone', async () => {
    const before = run;
    await before.gateway.stop();
    stopped.push(before);
    run = await npmStartRun(dataDir);
    expect(run.outcome).toBe('updated');
    expect(run.endpointId).toBe(before.endpointId);
    expect(run.inspector.url).not.toBe(before.inspector.url);
    const endpoints = (await call('/v1/webhook-endpoints')).body as { data: { id: string; url: string }[] };
    expect(endpoints.data).toEqual([
      expect.objectContaining({ id: before.endpointId, url: run.inspector.url }),
    ]);

    const eventId = await signUp('3');
    const received = await until('the delivery after the restart', async () => {
      const page = (await call('/v1/sandbox/webhooks')).body as { data: Received[] };
      return page.data.find((entry) => entry.webhookId === eventId);
    });
    expect(received.verified).toBe(true);

    const disabled = await fetch(`${run.gateway.url}/v1/webhook-endpoints/${run.endpointId}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: false }),
    });
    expect(disabled.status).toBe(200);
    await run.gateway.stop();
    stopped.push(run);
    run = await npmStartRun(dataDir);
    expect(run.outcome).toBe('disabled');
    expect(run.endpointId).toBe(before.endpointId);
  }, 60_000);
});

describe.each(testDatabases())('/v1/sandbox/webhooks without an inspector on $name', ({ create }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('answers 404 problem+json saying why', async () => {
    const { app, authorization } = await buildTestApp(database);
    for (const path of ['/v1/sandbox/webhooks', '/v1/sandbox/webhooks/whr_x']) {
      const response = await app.request(path, { headers: authorization });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(((await response.json()) as { detail: string }).detail).toContain(
        'sandbox webhook inspector is not running',
      );
    }
  });
});

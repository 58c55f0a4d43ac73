import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineWorkflow, field, send, wait } from '@cartwire/automation-sdk';
import { type Customer, EVENT_ENTITY_TYPE, entityId, ID_PREFIX, newId } from '@cartwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../apps/gateway/src/config/env';
import { type RunningGateway, startGateway } from '../apps/gateway/src/server';
import { silentLogger } from './sync/sync-harness';
import { type Receiver, startReceiver } from './webhooks/receiver';

const welcome = defineWorkflow({
  key: 'welcome',
  name: 'Welcome',
  trigger: {
    event: 'customer.created',
    filter: field('customer.email').exists(),
    reentry: { policy: 'once' },
  },
  steps: [
    send({ id: 'hello', channel: 'email', template: 'welcome-hello' }),
    wait.for('P1D'),
    send({ id: 'tips', channel: 'email', template: 'welcome-tips' }),
  ],
});

function customerCreated(tenantId: string, storeId: string, externalId: string, emailConsent = 'subscribed') {
  const at = new Date().toISOString();
  const customer: Customer = {
    id: entityId('customer', storeId, externalId),
    storeId,
    platform: 'shopify',
    externalId,
    createdAt: at,
    updatedAt: at,
    email: `c${externalId}@example.com`,
    phone: null,
    firstName: 'Ada',
    lastName: null,
    tags: [],
    locale: null,
    timeZone: null,
    marketingConsent: {
      email: { state: emailConsent as 'subscribed', source: null, updatedAt: null },
      sms: { state: 'unknown', source: null, updatedAt: null },
    },
    defaultAddress: null,
    ordersCount: 0,
    totalSpent: null,
  };
  return {
    id: newId(ID_PREFIX.event),
    tenantId,
    storeId,
    occurredAt: at,
    receivedAt: at,
    source: 'webhook' as const,
    type: 'customer.created' as const,
    entityType: EVENT_ENTITY_TYPE['customer.created'],
    entityId: customer.id,
    data: customer,
  };
}

interface MessageRequested {
  type: string;
  data: {
    messageId: string;
    channel: string;
    template: string;
    workflow: { id: string; key: string; version: number };
    runId: string;
    nodeId: string;
    recipient: { customerId: string | null; email: string | null };
  };
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the workflow engine in the gateway', () => {
  let dataDir: string;
  let gateway: RunningGateway;
  let receiver: Receiver;
  let tenantId: string;
  let storeId: string;
  let call: (method: string, route: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cartwire-workflows-'));
    gateway = await startGateway(
      loadConfig({
        PORT: '0',
        CARTWIRE_DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        NODE_ENV: 'development',
        API_RATE_LIMIT_PER_SECOND: '0',
        CARTWIRE_ALLOW_PRIVATE_WEBHOOK_URLS: '1',
      }),
      { logger: silentLogger, workflows: { feedIntervalMs: 50, stepIntervalMs: 50 } },
    );
    const devKey = gateway.devApiKey;
    if (devKey?.status !== 'created') throw new Error('a fresh gateway creates a development key');
    tenantId = devKey.tenantId;
    call = async (method, route, body) => {
      const response = await fetch(`${gateway.url}${route}`, {
        method,
        headers: { authorization: `Bearer ${devKey.secret}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    };
    const store = await gateway.repositories.stores.createStore({
      tenantId,
      platform: 'shopify',
      name: 'Engine shop',
      credentials: {},
    });
    storeId = store.id;
    receiver = await startReceiver({ now: () => new Date() });
    const endpoint = await call('POST', '/v1/webhook-endpoints', {
      url: receiver.url,
      eventTypes: ['message.requested'],
    });
    expect(endpoint.status).toBe(201);
    receiver.secrets = [(endpoint.body as { secret: string }).secret];

    const created = await call('POST', '/v1/workflows', { definition: welcome });
    expect(created.status).toBe(201);
    const workflowId = (created.body as { workflowId: string }).workflowId;
    expect((await call('POST', `/v1/workflows/${workflowId}/versions/1/approve`)).status).toBe(200);
    expect((await call('POST', `/v1/workflows/${workflowId}/activate`, { version: 1 })).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await receiver?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** What a sync does when it finds a new customer: store the record, then append its event. */
  async function customerSignsUp(event: ReturnType<typeof customerCreated>) {
    await gateway.repositories.entities.upsertEntities('customer', [
      { tenantId, entity: event.data, raw: {} },
    ]);
    await gateway.repositories.events.appendEvents([event]);
  }

  const messages = () =>
    receiver.receipts
      .filter((receipt) => receipt.verifiedWith === 0)
      .map((receipt) => JSON.parse(receipt.body) as MessageRequested);

  it('runs an activated workflow on a new event and hands its send to the webhook endpoints', async () => {
    const event = customerCreated(tenantId, storeId, '1');
    await customerSignsUp(event);
    const [message] = await until('message.requested', () => {
      const found = messages().filter((m) => m.data.recipient.email === 'c1@example.com');
      return found.length > 0 ? found : undefined;
    });
    expect(message).toMatchObject({
      type: 'message.requested',
      data: {
        channel: 'email',
        template: 'welcome-hello',
        nodeId: 'hello',
        workflow: { key: 'welcome', version: 1 },
        recipient: { customerId: event.entityId, email: 'c1@example.com' },
      },
    });
    // The run waits a day for its second send; its history is readable over REST.
    const run = await call('GET', `/v1/workflows/${message?.data.workflow.id}/runs/${message?.data.runId}`);
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ status: 'waiting' });

    // The same customer created again (another event): the once-ever re-entry policy starts no second run.
    await gateway.repositories.events.appendEvents([customerCreated(tenantId, storeId, '1')]);
    await gateway.workflows?.settle();
    const runs = await call('GET', `/v1/workflows/${message?.data.workflow.id}/runs`);
    expect((runs.body as { data: unknown[] }).data).toHaveLength(1);
    expect(messages().filter((m) => m.data.recipient.email === 'c1@example.com')).toHaveLength(1);
  }, 60_000);

  it('sends nothing to a customer without email consent, and says why in the run history', async () => {
    const event = customerCreated(tenantId, storeId, '2', 'unsubscribed');
    await customerSignsUp(event);
    await gateway.workflows?.settle();
    const workflows = await call('GET', '/v1/workflows');
    const workflowId = (workflows.body as { data: { id: string }[] }).data[0]?.id;
    const runs = (await call('GET', `/v1/workflows/${workflowId}/runs`)).body as {
      data: { id: string; customerKey: string | null }[];
    };
    const run = runs.data.find((candidate) => candidate.customerKey === event.entityId);
    expect(run).toBeDefined();
    const detail = (await call('GET', `/v1/workflows/${workflowId}/runs/${run?.id}`)).body as {
      steps: { nodeId: string; outcome: string; reason: string | null }[];
    };
    expect(detail.steps.find((step) => step.nodeId === 'hello')).toMatchObject({
      reason: expect.stringMatching(/consent/),
    });
    expect(messages().filter((m) => m.data.recipient.email === 'c2@example.com')).toHaveLength(0);

    // The message log answers "why didn't it fire?" over REST.
    const refused = (await call('GET', `/v1/messages?decision=refuse&customer=${event.entityId}`)).body as {
      data: { reason: string; status: string; workflowKey: string; nodeId: string }[];
      has_more: boolean;
    };
    expect(refused.data).toEqual([
      expect.objectContaining({
        reason: 'no_consent',
        status: 'refused',
        workflowKey: 'welcome',
        nodeId: 'hello',
      }),
    ]);
    const sent = (await call('GET', '/v1/messages?status=sent&limit=1')).body as {
      data: { customerKey: string }[];
      next_cursor: string | null;
    };
    expect(sent.data).toHaveLength(1);
    expect((await call('GET', '/v1/messages?cursor=not-a-cursor')).status).toBe(400);
  }, 60_000);
});

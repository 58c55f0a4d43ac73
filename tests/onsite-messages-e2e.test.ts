import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineWorkflow, send } from '@cartwire/automation-sdk';
import { type Customer, EVENT_ENTITY_TYPE, entityId, ID_PREFIX, newId } from '@cartwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../apps/gateway/src/config/env';
import { type RunningGateway, startGateway } from '../apps/gateway/src/server';
import { silentLogger } from './sync/sync-harness';

const banner = defineWorkflow({
  key: 'welcome-banner',
  name: 'Welcome banner',
  trigger: { event: 'customer.created', reentry: { policy: 'once' } },
  steps: [send({ id: 'banner', channel: 'onsite', template: 'welcome-banner' })],
});

function customerCreated(tenantId: string, storeId: string, externalId: string) {
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
      email: { state: 'subscribed', source: null, updatedAt: null },
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

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('onsite messages from a workflow to the storefront', () => {
  let dataDir: string;
  let gateway: RunningGateway;
  let tenantId: string;
  let storeId: string;
  let publishableKey: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cartwire-onsite-'));
    gateway = await startGateway(
      loadConfig({
        PORT: '0',
        CARTWIRE_DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        NODE_ENV: 'development',
        API_RATE_LIMIT_PER_SECOND: '0',
      }),
      { logger: silentLogger, workflows: { feedIntervalMs: 50, stepIntervalMs: 50 } },
    );
    const devKey = gateway.devApiKey;
    if (devKey?.status !== 'created') throw new Error('a fresh gateway creates a development key');
    tenantId = devKey.tenantId;
    const call = async (route: string, body?: unknown) => {
      const response = await fetch(`${gateway.url}${route}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${devKey.secret}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const store = await gateway.repositories.stores.createStore({
      tenantId,
      platform: 'shopify',
      name: 'Banner shop',
      credentials: {},
    });
    storeId = store.id;
    publishableKey = await gateway.repositories.stores.rotatePublishableKey(tenantId, storeId);
    const created = await call('/v1/workflows', { definition: banner });
    expect(created.status).toBe(201);
    const workflowId = created.body.workflowId as string;
    expect((await call(`/v1/workflows/${workflowId}/versions/1/approve`)).status).toBe(200);
    expect((await call(`/v1/workflows/${workflowId}/activate`, { version: 1 })).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('stores the send for the customer; the storefront reads it with the publishable key and dismisses it', async () => {
    const event = customerCreated(tenantId, storeId, '7');
    await gateway.repositories.entities.upsertEntities('customer', [
      { tenantId, entity: event.data, raw: {} },
    ]);
    await gateway.repositories.events.appendEvents([event]);

    const storefront = (route: string, method = 'GET') =>
      fetch(`${gateway.url}${route}`, {
        method,
        headers: { 'x-cartwire-publishable-key': publishableKey, origin: 'https://shop.example' },
      });
    const list = async () =>
      (
        (await (await storefront(`/v1/track/messages?customer=${event.entityId}`)).json()) as {
          data: { id: string; template: string; content: Record<string, unknown> }[];
        }
      ).data;
    const [message] = await until('the onsite message', async () => {
      const found = await list();
      return found.length > 0 ? found : undefined;
    });
    expect(message).toMatchObject({
      template: 'welcome-banner',
      content: { template: 'welcome-banner', offer: { kind: 'none' }, offerCode: null },
    });
    const dismissed = await storefront(
      `/v1/track/messages/${message?.id}/dismiss?customer=${event.entityId}`,
      'POST',
    );
    expect(dismissed.status).toBe(200);
    expect(await list()).toEqual([]);
  }, 60_000);
});

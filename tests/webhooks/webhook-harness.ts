import { randomBytes } from 'node:crypto';
import { ID_PREFIX, newId } from '@cartwire/model';
import { createCredentialCipher, type Database, type Repositories } from '@cartwire/storage';
import createClient from 'openapi-fetch';
import { pino } from 'pino';
import { createApp } from '../../apps/gateway/src/app';
import { type HttpListener, listen } from '../../apps/gateway/src/http/listen';
import {
  type OutboundWebhookSettings,
  type OutboundWebhooks,
  startOutboundWebhooks,
} from '../../apps/gateway/src/outbound-webhooks/outbound-webhooks-runtime';
import type { WebhookUrlPolicy } from '../../apps/gateway/src/outbound-webhooks/url-guard';
import { createGatewayRepositories } from '../../apps/gateway/src/repositories';
import type { paths } from '../../apps/gateway/src/testing/openapi.gen';
import { sampleOrder } from '../../packages/storage/src/entities/sample-entities';

/** The wall clock, captured before any test swaps Date.now. */
const wallNow = Date.now.bind(Date);

/** Real time plus an offset the test moves forward to skip a backoff wait without sleeping. */
export interface ShiftedClock {
  now(): Date;
  advance(ms: number): void;
}

export function createShiftedClock(): ShiftedClock {
  let offset = 0;
  return {
    now: () => new Date(wallNow() + offset),
    advance(ms) {
      offset += ms;
    },
  };
}

export const silentLogger = pino({ level: 'silent' });

/** Development policy: loopback over http, as CARTWIRE_ALLOW_PRIVATE_WEBHOOK_URLS=1 gives. */
export const LOOPBACK_POLICY: WebhookUrlPolicy = { allowPrivate: true, requireHttps: false };

/** The REST API through the client generated from the committed OpenAPI document. */
export type Api = ReturnType<typeof createClient<paths>>;

export interface WebhookHarness {
  url: string;
  clock: ShiftedClock;
  repositories: Repositories;
  tenantId: string;
  storeId: string;
  otherStoreId: string;
  api: Api;
  /** An API client of another tenant. */
  otherTenantApi: Api;
  /** Starts delivery workers + fan-out (a "process"); stop it to simulate a restart. */
  startWorkers(settings?: OutboundWebhookSettings, workerId?: string): OutboundWebhooks;
  /** Appends an order event to the event log, as sync does. @returns the event id */
  appendOrderEvent(type?: 'order.created' | 'order.paid', storeId?: string): Promise<string>;
  appendCustomerEvent(): Promise<string>;
  close(): Promise<void>;
}

export async function createWebhookHarness(
  database: Database,
  options: { urlPolicy?: WebhookUrlPolicy; schedule?: readonly number[] } = {},
): Promise<WebhookHarness> {
  const clock = createShiftedClock();
  const urlPolicy = options.urlPolicy ?? LOOPBACK_POLICY;
  const repositories = createGatewayRepositories(database, {
    clock,
    cipher: createCredentialCipher(randomBytes(32)),
  });
  const app = createApp({
    config: { requestBodyLimitBytes: 1024 * 1024, rateLimit: null },
    database,
    repositories,
    logger: silentLogger,
    clock,
    webhooks: { urlPolicy, ...(options.schedule ? { schedule: options.schedule } : {}) },
  });
  const listener: HttpListener = await listen(app.fetch, { port: 0, host: '127.0.0.1' });

  const newTenant = async () => {
    const tenant = await repositories.tenants.createTenant({ name: 'Webhooks' });
    const { secret } = await repositories.apiKeys.createApiKey({ tenantId: tenant.id, mode: 'test' });
    const api = createClient<paths>({
      baseUrl: listener.url,
      headers: { authorization: `Bearer ${secret}` },
    });
    return { tenantId: tenant.id, api };
  };
  const { tenantId, api } = await newTenant();
  const other = await newTenant();
  const createStore = (name: string) =>
    repositories.stores.createStore({ tenantId, platform: 'shopify', name, credentials: {} });
  const store = await createStore('Main');
  const otherStore = await createStore('Second');

  const running: OutboundWebhooks[] = [];
  let orderNumber = 1000;
  const append = async (event: Record<string, unknown>) => {
    const id = newId(ID_PREFIX.event);
    const at = clock.now().toISOString();
    await repositories.events.appendEvents([
      { id, tenantId, occurredAt: at, receivedAt: at, source: 'poll', ...event },
    ]);
    return id;
  };

  return {
    url: listener.url,
    clock,
    repositories,
    tenantId,
    storeId: store.id,
    otherStoreId: otherStore.id,
    api,
    otherTenantApi: other.api,
    startWorkers(settings = {}, workerId = `test-worker-${running.length}`) {
      const workers = startOutboundWebhooks({
        repositories,
        clock,
        logger: silentLogger,
        workerId,
        urlPolicy,
        pollIntervalMs: 50,
        idleDelayMs: 50,
        timeoutMs: 2000,
        ...(options.schedule ? { schedule: options.schedule } : {}),
        ...settings,
      });
      running.push(workers);
      return workers;
    },
    appendOrderEvent(type = 'order.created', storeId = store.id) {
      const order = sampleOrder(storeId, String(orderNumber++));
      return append({ type, storeId, entityType: 'order', entityId: order.id, data: order });
    },
    appendCustomerEvent() {
      const customerId = `cus_${'0'.repeat(24)}`;
      return append({
        type: 'search.performed',
        storeId: store.id,
        entityType: 'behavior',
        entityId: null,
        data: { shopper: { customerId }, query: 'socks' },
      });
    },
    async close() {
      await Promise.all(running.map((workers) => workers.stop()));
      await listener.close(1000);
    },
  };
}

/** Polls `check` until it returns a value other than undefined/false. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = wallNow() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (wallNow() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

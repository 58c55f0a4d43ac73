import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WorkflowDefinition } from '@cartwire/automation-sdk';
import { type Customer, EVENT_ENTITY_TYPE, ID_PREFIX, newId } from '@cartwire/model';
import { sampleCustomer as baseCustomer } from '@cartwire/storage/testing';
import { loadConfig } from '../apps/gateway/src/config/env';
import { type RunningGateway, type StartGatewayOptions, startGateway } from '../apps/gateway/src/server';
import { silentLogger } from './sync/sync-harness';

export interface ApiResponse {
  status: number;
  body: unknown;
}

/** A whole gateway (workers and workflow engine included) on a fresh embedded database, as `npm start` runs it. */
export interface EmbeddedGateway {
  readonly gateway: RunningGateway;
  readonly tenantId: string;
  /** A Shopify store record of the development tenant (no emulator behind it). */
  readonly storeId: string;
  /** Calls the REST API with the development key. */
  call(method: string, route: string, body?: unknown): Promise<ApiResponse>;
  /** Creates, approves and activates a workflow over REST. @returns its id */
  activate(definition: WorkflowDefinition): Promise<string>;
  /** What a sync does on a new customer: stores the record, appends customer.created, lets the engine settle. */
  signUp(externalId: string, overrides?: Partial<Customer>): Promise<Customer>;
  stop(): Promise<void>;
}

/** A Shopify customer created now, subscribed to email (what a welcome flow needs). */
export function sampleCustomer(
  storeId: string,
  externalId: string,
  overrides: Partial<Customer> = {},
): Customer {
  const at = new Date().toISOString();
  return baseCustomer(storeId, externalId, {
    platform: 'shopify',
    createdAt: at,
    updatedAt: at,
    email: `c${externalId}@example.com`,
    lastName: null,
    marketingConsent: {
      email: { state: 'subscribed', source: null, updatedAt: null },
      sms: { state: 'unknown', source: null, updatedAt: null },
    },
    totalSpent: null,
    ...overrides,
  });
}

export function customerCreatedEvent(tenantId: string, customer: Customer) {
  return {
    id: newId(ID_PREFIX.event),
    tenantId,
    storeId: customer.storeId,
    occurredAt: customer.createdAt,
    receivedAt: customer.createdAt,
    source: 'webhook' as const,
    type: 'customer.created' as const,
    entityType: EVENT_ENTITY_TYPE['customer.created'],
    entityId: customer.id,
    data: customer,
  };
}

/** Polls `probe` until it returns a value (20 s at most). */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startEmbeddedGateway(
  env: Record<string, string> = {},
  options: StartGatewayOptions = {},
): Promise<EmbeddedGateway> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'cartwire-e2e-'));
  const gateway = await startGateway(
    loadConfig({
      PORT: '0',
      CARTWIRE_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'development',
      API_RATE_LIMIT_PER_SECOND: '0',
      ...env,
    }),
    { logger: silentLogger, workflows: { feedIntervalMs: 50, stepIntervalMs: 50 }, ...options },
  );
  const devKey = gateway.devApiKey;
  if (devKey?.status !== 'created') throw new Error('a fresh gateway creates a development key');
  const tenantId = devKey.tenantId;
  const call = async (method: string, route: string, body?: unknown): Promise<ApiResponse> => {
    const response = await fetch(`${gateway.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${devKey.secret}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const expectStatus = (response: ApiResponse, status: number, what: string) => {
    if (response.status !== status)
      throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  };
  const store = await gateway.repositories.stores.createStore({
    tenantId,
    platform: 'shopify',
    name: 'E2E shop',
    credentials: {},
  });
  return {
    gateway,
    tenantId,
    storeId: store.id,
    call,
    async activate(definition) {
      const created = await call('POST', '/v1/workflows', { definition });
      expectStatus(created, 201, 'create workflow');
      const workflowId = (created.body as { workflowId: string }).workflowId;
      expectStatus(await call('POST', `/v1/workflows/${workflowId}/versions/1/approve`), 200, 'approve');
      expectStatus(
        await call('POST', `/v1/workflows/${workflowId}/activate`, { version: 1 }),
        200,
        'activate',
      );
      return workflowId;
    },
    async signUp(externalId, overrides = {}) {
      const customer = sampleCustomer(store.id, externalId, overrides);
      await gateway.repositories.entities.upsertEntities('customer', [
        { tenantId, entity: customer, raw: {} },
      ]);
      await gateway.repositories.events.appendEvents([customerCreatedEvent(tenantId, customer)]);
      await gateway.workflows?.settle();
      return customer;
    },
    async stop() {
      await gateway.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

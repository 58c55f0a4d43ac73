import {
  branch,
  createMemoryChannel,
  createMemoryLiveData,
  createWorkflowRuntime,
  defineWorkflow,
  field,
  send,
  split,
  variant,
  wait,
  when,
} from '@cartwire/automation-sdk';
import { type Customer, EVENT_ENTITY_TYPE, entityId, ID_PREFIX, newId } from '@cartwire/model';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../testing/test-gateway';

const welcome = defineWorkflow({
  key: 'welcome',
  name: 'Welcome',
  trigger: {
    event: 'customer.created',
    filter: field('customer.email').exists(),
    reentry: { policy: 'once' },
  },
  steps: [
    send({ channel: 'webhook', template: 'hello' }),
    wait.for('P1D'),
    send({ channel: 'webhook', template: 'tips' }),
  ],
});

function customerCreated(
  tenantId: string,
  storeId: string,
  externalId: string,
  overrides: Partial<Customer> = {},
) {
  const customer: Customer = {
    id: entityId('customer', storeId, externalId),
    storeId,
    platform: 'shopify',
    externalId,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    email: `c${externalId}@example.com`,
    phone: null,
    firstName: null,
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
    ...overrides,
  };
  return {
    id: newId(ID_PREFIX.event),
    tenantId,
    storeId,
    occurredAt: '2026-01-01T00:00:00Z',
    receivedAt: '2026-01-01T00:00:00Z',
    source: 'webhook' as const,
    type: 'customer.created' as const,
    entityType: EVENT_ENTITY_TYPE['customer.created'],
    entityId: customer.id,
    data: customer,
  };
}

describe.each(testDatabases())('/v1/workflows on $name', ({ create }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('lists every problem of an invalid definition as problem+json', async () => {
    const { app, authorization } = await buildTestApp(database);
    const response = await app.request('/v1/workflows', {
      method: 'POST',
      headers: { ...authorization, 'content-type': 'application/json' },
      body: JSON.stringify({
        definition: {
          schemaVersion: 1,
          key: 'broken',
          name: 'Broken',
          nodes: [
            {
              id: 't',
              type: 'trigger',
              event: 'cart.abandoned',
              filter: { field: 'cart.nope', op: 'exists' },
              next: 'c',
            },
            {
              id: 'c',
              type: 'condition',
              branches: [{ key: 'a', when: { field: 'cart.status', op: 'eq', value: 'open' }, next: 'x' }],
            },
            { id: 'island', type: 'exit' },
          ],
        },
      }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const body = (await response.json()) as {
      code: string;
      problems: { code: string }[];
      errors: { path: string }[];
    };
    expect(body.code).toBe('validation_failed');
    expect(body.problems.map((p) => p.code).sort()).toEqual([
      'missing_branch',
      'unknown_field',
      'unknown_node_ref',
      'unreachable_node',
    ]);
    expect(body.errors.map((e) => e.path)).toContain('definition.nodes.0.filter.field');
  });

  it('creates, versions, approves then activates, pauses, and keeps tenants apart', async () => {
    const { call, otherTenantAuthorization } = await buildTestApp(database);
    const created = await call('POST', '/v1/workflows', { definition: welcome });
    expect(created.status).toBe(201);
    const version1 = (await created.json()) as {
      workflowId: string;
      version: number;
      approved: boolean;
      mermaid: string;
    };
    expect(version1).toMatchObject({ version: 1, approved: false });
    expect(version1.mermaid).toContain('flowchart TD');
    const id = version1.workflowId;
    expect((await call('POST', '/v1/workflows', { definition: welcome })).status).toBe(409);

    const early = await call('POST', `/v1/workflows/${id}/activate`, { version: 1 });
    expect(early.status).toBe(409);
    expect((await call('POST', `/v1/workflows/${id}/versions/1/approve`)).status).toBe(200);
    const active = await call('POST', `/v1/workflows/${id}/activate`, { version: 1 });
    expect(await active.json()).toMatchObject({ status: 'active', activeVersion: 1, latestVersion: 1 });

    const v2 = await call('POST', `/v1/workflows/${id}/versions`, {
      definition: { ...welcome, name: 'Welcome v2' },
    });
    expect(v2.status).toBe(201);
    const renamed = await call('POST', `/v1/workflows/${id}/versions`, {
      definition: { ...welcome, key: 'other' },
    });
    expect(renamed.status).toBe(400);
    const versions = (await (await call('GET', `/v1/workflows/${id}/versions`)).json()) as {
      data: { version: number }[];
    };
    expect(versions.data.map((v) => v.version)).toEqual([2, 1]);
    expect(await (await call('GET', `/v1/workflows/${id}`)).json()).toMatchObject({
      status: 'active',
      activeVersion: 1,
      latestVersion: 2,
    });
    expect(await (await call('POST', `/v1/workflows/${id}/pause`)).json()).toMatchObject({
      status: 'paused',
    });

    const otherAuth = await otherTenantAuthorization();
    expect((await call('GET', `/v1/workflows/${id}`, undefined, otherAuth)).status).toBe(404);
    expect((await call('GET', `/v1/workflows/${id}/versions/1`, undefined, otherAuth)).status).toBe(404);
    expect((await call('POST', `/v1/workflows/${id}/versions/1/approve`, undefined, otherAuth)).status).toBe(
      404,
    );
    expect(
      ((await (await call('GET', '/v1/workflows', undefined, otherAuth)).json()) as { data: unknown[] }).data,
    ).toEqual([]);
  });

  it('shows runs with their step history, cancels a run, and dry-runs a definition', async () => {
    const { call, tenant } = await buildTestApp(database);
    const { workflowId } = (await (
      await call('POST', '/v1/workflows', { definition: { ...welcome, key: 'welcome-runs' } })
    ).json()) as {
      workflowId: string;
    };
    await call('POST', `/v1/workflows/${workflowId}/versions/1/approve`);
    await call('POST', `/v1/workflows/${workflowId}/activate`, { version: 1 });

    // The workflow workers' side: a runtime on the same database runs the steps.
    const sink = createMemoryChannel('webhook');
    let now = new Date('2026-01-01T00:00:00Z');
    const runtime = createWorkflowRuntime({
      db: database.db,
      liveData: createMemoryLiveData(),
      channels: [sink],
      now: () => now,
    });
    const storeId = entityId('store', tenant.id, 'shop');
    const started = await runtime.handleEvent(customerCreated(tenant.id, storeId, '1'));
    await runtime.drain();
    expect(sink.messages.map((m) => m.template)).toEqual(['hello']);
    const runId = started.started[0] as string;

    const runs = (await (await call('GET', `/v1/workflows/${workflowId}/runs?status=waiting`)).json()) as {
      data: { id: string }[];
    };
    expect(runs.data.map((r) => r.id)).toEqual([runId]);
    const detail = (await (await call('GET', `/v1/workflows/${workflowId}/runs/${runId}`)).json()) as {
      status: string;
      steps: { outcome: string; nodeId: string | null }[];
    };
    expect(detail.status).toBe('waiting');
    expect(detail.steps.map((s) => s.outcome)).toEqual(['entered', 'passed', 'sent', 'waiting']);
    const cancelled = await call('POST', `/v1/workflows/${workflowId}/runs/${runId}/cancel`);
    expect(await cancelled.json()).toMatchObject({ status: 'cancelled', endReason: 'cancelled' });
    now = new Date('2026-01-03T00:00:00Z');
    await runtime.drain();
    expect(sink.messages).toHaveLength(1);
    expect((await call('GET', `/v1/workflows/wf_doesnotexist0000/runs/${runId}`)).status).toBe(404);

    const dry = await call('POST', '/v1/workflows/dry-run', {
      definition: welcome,
      event: customerCreated('ten_someoneelse00000', storeId, '2'),
    });
    expect(dry.status).toBe(200);
    const path = (await dry.json()) as {
      entered: boolean;
      steps: { nodeId: string; at: string; message: { template: string } | null }[];
    };
    expect(path.entered).toBe(true);
    expect(path.steps.map((s) => [s.nodeId, s.message?.template ?? null, s.at])).toEqual([
      ['trigger', null, expect.any(String)],
      ['send-1', 'hello', expect.any(String)],
      ['wait-1', null, expect.any(String)],
      ['send-2', 'tips', expect.any(String)],
      ['end', null, expect.any(String)],
    ]);
    expect(
      (await call('POST', '/v1/workflows/dry-run', { definition: welcome, eventId: 'evt_unknown000000000' }))
        .status,
    ).toBe(404);
    expect((await call('POST', '/v1/workflows/dry-run', { definition: welcome })).status).toBe(400);
  });

  it('counts each node of a version: branches, split arms, sends, blocks, and runs by status', async () => {
    const { app, authorization, tenant, repositories } = await buildTestApp(database);
    const call = (path: string, headers = authorization) => app.request(path, { headers });
    const routed = defineWorkflow({
      key: 'welcome-routed',
      name: 'Welcome, routed',
      trigger: { event: 'customer.created', reentry: { policy: 'always' } },
      // Sends need an address: the "otherwise" arm's send is blocked by it, with the reason counted.
      flowFilter: field('customer.email').exists(),
      steps: [
        branch(
          [when('has_email', field('customer.email').exists(), [])],
          [send({ id: 'no-email', channel: 'webhook', template: 'ask-for-email' })],
          { id: 'route' },
        ),
        split([variant('a', 50, []), variant('b', 50, [])], { id: 'arm' }),
        send({ id: 'hello', channel: 'webhook', template: 'hello' }),
      ],
    });
    const created = (await (
      await app.request('/v1/workflows', {
        method: 'POST',
        headers: { ...authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ definition: routed }),
      })
    ).json()) as { workflowId: string };
    const id = created.workflowId;
    const post = (path: string, body?: unknown) =>
      app.request(path, {
        method: 'POST',
        headers: { ...authorization, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    await post(`/v1/workflows/${id}/versions/1/approve`);
    await post(`/v1/workflows/${id}/activate`, { version: 1 });

    // Nothing ran yet: every node is there with zero counts.
    const empty = (await (await call(`/v1/workflows/${id}/stats`)).json()) as {
      version: number;
      runs: { total: number };
      nodes: { id: string; reached: number }[];
    };
    expect(empty.version).toBe(1);
    expect(empty.runs.total).toBe(0);
    expect(empty.nodes.every((n) => n.reached === 0)).toBe(true);

    const sink = createMemoryChannel('webhook');
    const runtime = createWorkflowRuntime({
      db: database.db,
      liveData: createMemoryLiveData(),
      channels: [sink],
      now: () => new Date('2026-01-01T00:00:00Z'),
    });
    const storeId = entityId('store', tenant.id, 'shop');
    for (const n of ['1', '2', '3', '4']) await runtime.handleEvent(customerCreated(tenant.id, storeId, n));
    // No address: the "otherwise" branch, whose send the flow filter blocks.
    await runtime.handleEvent(customerCreated(tenant.id, storeId, '5', { email: null }));
    await runtime.drain();
    expect(sink.messages.map((m) => m.template)).toEqual(['hello', 'hello', 'hello', 'hello']);

    const response = await call(`/v1/workflows/${id}/stats?version=1`);
    expect(response.status).toBe(200);
    const stats = (await response.json()) as {
      object: string;
      runs: { total: number; byStatus: Record<string, number>; endReasons: Record<string, number> };
      nodes: {
        id: string;
        type: string;
        reached: number;
        outcomes: Record<string, number>;
        branches: Record<string, number>;
        variants: Record<string, number>;
        reasons: Record<string, number>;
      }[];
      edges: { from: string; to: string; key: string | null; count: number | null }[];
    };
    const node = (nodeId: string) => stats.nodes.find((n) => n.id === nodeId);
    expect(stats.object).toBe('workflow_stats');
    expect(node('trigger')).toMatchObject({ type: 'trigger', reached: 5, outcomes: { entered: 5 } });
    expect(node('route')).toMatchObject({
      reached: 5,
      outcomes: { branched: 5 },
      branches: { has_email: 4, otherwise: 1 },
    });
    expect(node('no-email')).toMatchObject({
      reached: 1,
      outcomes: { blocked: 1 },
      reasons: { flow_filter: 1 },
    });
    const arm = node('arm');
    expect(arm?.outcomes).toEqual({ assigned: 4 });
    expect((arm?.variants.a ?? 0) + (arm?.variants.b ?? 0)).toBe(4);
    expect(node('hello')).toMatchObject({ reached: 4, outcomes: { sent: 4 } });
    expect(stats.runs.total).toBe(5);
    expect(stats.runs.byStatus).toMatchObject({ completed: 4, exited: 1, active: 0 });
    expect(stats.runs.endReasons).toMatchObject({ flow_filter: 1 });
    expect(stats.edges).toContainEqual(
      expect.objectContaining({ from: 'route', key: 'otherwise', to: 'no-email', count: 1 }),
    );
    expect(stats.edges).toContainEqual(
      expect.objectContaining({ from: 'route', key: 'has_email', count: 4 }),
    );
    expect(stats.edges.filter((e) => e.from === 'arm').reduce((sum, e) => sum + (e.count ?? 0), 0)).toBe(4);

    expect((await call(`/v1/workflows/${id}/stats?version=9`)).status).toBe(404);
    expect((await call(`/v1/workflows/${id}/stats?version=zero`)).status).toBe(400);
    const other = await repositories.tenants.createTenant({ name: 'Stats outsider' });
    const { secret } = await repositories.apiKeys.createApiKey({ tenantId: other.id, mode: 'test' });
    const outsider = await call(`/v1/workflows/${id}/stats`, { authorization: `Bearer ${secret}` });
    expect(outsider.status).toBe(404);
    expect(outsider.headers.get('content-type')).toContain('application/problem+json');
  });
});

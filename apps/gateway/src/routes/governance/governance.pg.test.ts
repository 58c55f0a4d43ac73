import { defineWorkflow, send } from '@cartwire/automation-sdk';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../testing/test-gateway';
import { sampleCustomer } from '../shared/sample-records';

describe.each(testDatabases())('governance REST on $name', ({ create }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database?.close();
  });

  async function seeded() {
    const built = await buildTestApp(database);
    const tenantId = built.tenant.id;
    const store = await built.repositories.stores.createStore({
      tenantId,
      platform: 'woocommerce',
      name: 'Governance store',
      credentials: {},
    });
    const customer = sampleCustomer(store.id, 'g1', { email: 'Ada@Example.com' });
    await built.repositories.entities.upsertEntities('customer', [{ tenantId, entity: customer }]);
    const importCsv = (csv: string) =>
      built.app.request('/v1/suppressions/import', {
        method: 'POST',
        headers: { ...built.authorization, 'content-type': 'text/csv' },
        body: csv,
      });
    return { ...built, customer, importCsv, otherAuth: await built.otherTenantAuthorization() };
  }

  it('answers the default rules, saves a policy, and lists every bad field in one 400', async () => {
    const { call } = await seeded();
    const defaults = await call('GET', '/v1/governance/policy');
    expect(defaults.status).toBe(200);
    expect(await defaults.json()).toMatchObject({
      smartSending: { email: 'PT16H', sms: 'PT24H', push: 'PT24H' },
      caps: [],
    });

    const saved = await call('PUT', '/v1/governance/policy', {
      caps: [{ channels: ['sms'], max: 2, window: 'P30D' }],
      quietHours: null,
    });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({
      caps: [{ channels: ['sms'], max: 2, window: 'P30D', scope: 'customer', promoOnly: false }],
      quietHours: null,
      smartSending: { email: 'PT16H' },
    });
    expect(await (await call('GET', '/v1/governance/policy')).json()).toMatchObject({ quietHours: null });

    const bad = await call('PUT', '/v1/governance/policy', {
      caps: [{ channels: ['fax'], max: -1, window: 'soon' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await bad.json()) as { code: string; errors: { path: string }[] };
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['caps.0.channels', 'caps.0.max', 'caps.0.window']),
    );
    // The failed save changed nothing.
    expect(await (await call('GET', '/v1/governance/policy')).json()).toMatchObject({
      caps: [{ channels: ['sms'], max: 2 }],
    });
  });

  it('overrides the rules for one workflow, and 404s another tenant’s workflow', async () => {
    const { call, otherAuth } = await seeded();
    const created = await call('POST', '/v1/workflows', {
      definition: defineWorkflow({
        key: 'promo-blast',
        name: 'Promo blast',
        trigger: { event: 'customer.created' },
        steps: [send({ channel: 'webhook', template: 'welcome' })],
      }),
    });
    expect(created.status).toBe(201);
    const workflowId = ((await created.json()) as { workflowId: string }).workflowId;
    const path = `/v1/workflows/${workflowId}/governance`;

    expect(await (await call('GET', path)).json()).toMatchObject({
      workflowKey: 'promo-blast',
      override: null,
    });
    const put = await call('PUT', path, {
      caps: [{ channels: 'all', max: 1, window: 'PT24H', scope: 'workflow' }],
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({
      override: { caps: [{ channels: 'all', max: 1, scope: 'workflow' }] },
      effective: { caps: [{ channels: 'all', max: 1 }], smartSending: { email: 'PT16H' } },
    });
    expect((await call('GET', path, undefined, otherAuth)).status).toBe(404);
    expect((await call('PUT', path, { caps: [] }, otherAuth)).status).toBe(404);
    expect((await call('PUT', path, { caps: 'many' })).status).toBe(400);

    const removed = await call('DELETE', path);
    expect(await removed.json()).toMatchObject({ override: null, effective: { caps: [] } });
  });

  it('keeps a suppression list per tenant: add, page, export, import with every bad line, remove', async () => {
    const { call, importCsv, otherAuth } = await seeded();
    const added = await call('POST', '/v1/suppressions', {
      entries: [
        { kind: 'email', value: ' Bounced@Example.com ', reason: 'hard bounce' },
        { kind: 'phone', value: '+49 151 2345 6789' },
        { kind: 'customer_id', value: 'cus_a' },
      ],
    });
    expect(added.status).toBe(200);
    expect(await added.json()).toEqual({ object: 'suppression_change', added: 3 });

    const first = (await (await call('GET', '/v1/suppressions?limit=2')).json()) as {
      data: { kind: string; value: string }[];
      has_more: boolean;
      next_cursor: string;
    };
    expect(first.data.map((s) => [s.kind, s.value])).toEqual([
      ['customer_id', 'cus_a'],
      ['email', 'bounced@example.com'],
    ]);
    expect(first.has_more).toBe(true);
    const second = (await (
      await call('GET', `/v1/suppressions?limit=2&cursor=${first.next_cursor}`)
    ).json()) as {
      data: { value: string }[];
      has_more: boolean;
    };
    expect(second.data.map((s) => s.value)).toEqual(['+4915123456789']);
    expect(second.has_more).toBe(false);
    expect((await call('GET', '/v1/suppressions?cursor=nonsense')).status).toBe(400);

    // Another tenant sees none of it.
    const theirs = (await (await call('GET', '/v1/suppressions', undefined, otherAuth)).json()) as {
      data: unknown[];
    };
    expect(theirs.data).toEqual([]);

    const exported = await call('GET', '/v1/suppressions/export');
    expect(exported.headers.get('content-type')).toContain('text/csv');
    expect(await exported.text()).toContain('email,bounced@example.com,hard bounce');

    const badImport = await importCsv('kind,value,reason\nemail,x@example.com,\nfax,123,\nemail,,\n');
    expect(badImport.status).toBe(400);
    const badProblem = (await badImport.json()) as { errors: { path: string }[] };
    expect(badProblem.errors).toHaveLength(2);
    const goodImport = await importCsv('kind,value,reason\nemail,x@example.com,complaint\n');
    expect(await goodImport.json()).toEqual({ object: 'suppression_change', added: 1 });
    const notCsv = await call('POST', '/v1/suppressions/import', { entries: [] });
    expect(notCsv.status).toBe(415);

    expect((await call('DELETE', '/v1/suppressions/email/bounced%40example.com')).status).toBe(204);
    expect((await call('DELETE', '/v1/suppressions/email/bounced%40example.com')).status).toBe(404);
    expect(
      (await call('DELETE', '/v1/suppressions/phone/%2B4915123456789', undefined, otherAuth)).status,
    ).toBe(404);
  });

  it('unsubscribes and resubscribes a contact, and records support cases for its customers only', async () => {
    const { app, authorization, call, customer, otherAuth } = await seeded();
    const unsubscribed = await call('POST', '/v1/contacts/unsubscribe', {
      channel: 'email',
      customerId: customer.id,
      email: 'Ada@Example.com',
      reason: 'asked by phone',
    });
    expect(unsubscribed.status).toBe(200);
    expect(await unsubscribed.json()).toMatchObject({
      object: 'consent_change',
      action: 'unsubscribed',
      channel: 'email',
      customerId: customer.id,
    });
    expect((await call('POST', '/v1/contacts/unsubscribe', { channel: 'email' })).status).toBe(400);
    expect((await call('POST', '/v1/contacts/unsubscribe', { channel: 'fax', email: 'a@b.c' })).status).toBe(
      400,
    );
    expect(
      (await call('POST', '/v1/contacts/unsubscribe', { channel: 'sms', customerId: customer.id }, otherAuth))
        .status,
    ).toBe(404);
    expect(
      (await call('POST', '/v1/contacts/resubscribe', { channel: 'email', customerId: customer.id })).status,
    ).toBe(200);

    const opened = await call('POST', '/v1/support-cases', { caseId: 'zd-1', customerId: customer.id });
    expect(opened.status).toBe(201);
    expect(await opened.json()).toEqual({
      object: 'support_case',
      caseId: 'zd-1',
      customerId: customer.id,
      status: 'open',
    });
    expect(
      (await call('POST', '/v1/support-cases', { caseId: 'zd-2', customerId: customer.id }, otherAuth))
        .status,
    ).toBe(404);
    expect((await call('POST', '/v1/support-cases/zd-1/close', {}, otherAuth)).status).toBe(404);
    const closed = await call('POST', '/v1/support-cases/zd-1/close', {});
    expect(await closed.json()).toMatchObject({ caseId: 'zd-1', status: 'closed' });
    expect((await call('POST', '/v1/support-cases/zd-unknown/close', {})).status).toBe(404);
    // A bare POST, without a JSON body, closes a case too.
    await call('POST', '/v1/support-cases', { caseId: 'zd-3', customerId: customer.id });
    const bare = await app.request('/v1/support-cases/zd-3/close', {
      method: 'POST',
      headers: authorization,
    });
    expect(await bare.json()).toMatchObject({ caseId: 'zd-3', status: 'closed' });
  });
});

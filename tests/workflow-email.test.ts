import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineWorkflow, send } from '@cartwire/automation-sdk';
import { type Customer, EVENT_ENTITY_TYPE, entityId, ID_PREFIX, newId } from '@cartwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../apps/gateway/src/config/env';
import { type RunningGateway, startGateway } from '../apps/gateway/src/server';
import {
  type SmtpTestServer,
  startSmtpTestServer,
} from '../packages/automation-sdk/src/channels/email/smtp-test-server';
import { silentLogger } from './sync/sync-harness';

const welcome = defineWorkflow({
  key: 'welcome-email',
  name: 'Welcome email',
  trigger: { event: 'customer.created', reentry: { policy: 'always' } },
  steps: [send({ id: 'hello', channel: 'email', template: 'welcome' })],
});

function signUp(tenantId: string, storeId: string, externalId: string) {
  const at = new Date().toISOString();
  const customer: Customer = {
    id: entityId('customer', storeId, externalId),
    storeId,
    platform: 'shopify',
    externalId,
    createdAt: at,
    updatedAt: at,
    email: `ada${externalId}@example.com`,
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
    customer,
    event: {
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
    },
  };
}

describe('workflow email through the gateway (SMTP_URL) and hosted unsubscribe links', () => {
  let dataDir: string;
  let gateway: RunningGateway;
  let smtp: SmtpTestServer;
  let tenantId: string;
  let storeId: string;
  let call: (method: string, route: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    dataDir = await mkdtemp(path.join(tmpdir(), 'cartwire-email-'));
    gateway = await startGateway(
      loadConfig({
        PORT: '0',
        CARTWIRE_DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        NODE_ENV: 'development',
        API_RATE_LIMIT_PER_SECOND: '0',
        SMTP_URL: smtp.url,
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
    storeId = (
      await gateway.repositories.stores.createStore({
        tenantId,
        platform: 'shopify',
        name: 'Mail shop',
        credentials: {},
      })
    ).id;
    const settings = await call('PUT', '/v1/messaging-settings/email', {
      from: 'Acme Shop <news@acme.example>',
      unsubscribeMailto: 'unsubscribe@acme.example',
      unsubscribeUrl: 'https://mail.acme.example/unsubscribe/{token}',
      shopName: 'Acme',
    });
    expect(settings.status).toBe(200);
    const template = await call('POST', '/v1/templates', {
      key: 'welcome',
      name: 'Welcome',
      context: 'customer',
      subject: 'Welcome, {{ customer.first_name }}',
      html: '<p>Hi {{ customer.first_name }}!</p><a href="https://acme.example/new">New arrivals</a>',
    });
    expect(template.status, JSON.stringify(template.body)).toBe(201);
    const created = await call('POST', '/v1/workflows', { definition: welcome });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const workflowId = (created.body as { workflowId: string }).workflowId;
    await call('POST', `/v1/workflows/${workflowId}/versions/1/approve`);
    expect((await call('POST', `/v1/workflows/${workflowId}/activate`, { version: 1 })).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await smtp?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function customerSignsUp(externalId: string) {
    const { customer, event } = signUp(tenantId, storeId, externalId);
    await gateway.repositories.entities.upsertEntities('customer', [{ tenantId, entity: customer, raw: {} }]);
    await gateway.repositories.events.appendEvents([event]);
    await gateway.workflows?.settle();
    return customer;
  }

  it('sends the rendered email over SMTP, and its one-click link unsubscribes the recipient', async () => {
    const customer = await customerSignsUp('1');
    const mail = smtp.received.find((received) => received.envelope.to.includes('ada1@example.com'));
    expect(mail, 'the welcome email reached the SMTP server').toBeDefined();
    expect(mail?.parsed.subject).toBe('Welcome, Ada');
    expect(mail?.parsed.html).toContain('Hi Ada!');
    expect(mail?.parsed.html).toMatch(
      /https:\/\/acme\.example\/new\?utm_source=cartwire&amp;utm_medium=email/,
    );
    // The header is folded over lines: read the https link out of the raw message.
    expect(mail?.raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const token = /<https:\/\/mail\.acme\.example\/unsubscribe\/([^>]+)>/.exec(mail?.raw ?? '')?.[1];
    expect(token).toBeDefined();

    // A link scanner's GET only shows the confirm form; the mail client's one-click POST unsubscribes.
    const page = await fetch(`${gateway.url}/unsubscribe/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    const clicked = await fetch(`${gateway.url}/unsubscribe/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(clicked.status).toBe(200);
    expect(await clicked.text()).toContain('Unsubscribed');

    // The same customer signs up again (re-entry always): the gate now refuses, nothing is mailed.
    const before = smtp.received.length;
    await customerSignsUp('1');
    expect(smtp.received.length).toBe(before);
    expect(customer.email).toBe('ada1@example.com');
  }, 60_000);

  it('refuses a forged or altered unsubscribe token', async () => {
    const forged = await fetch(`${gateway.url}/unsubscribe/eyJ0IjoidGVuXzEifQ.bm90LWEtbWFj`, {
      method: 'POST',
    });
    expect(forged.status).toBe(404);
    expect(forged.headers.get('content-type')).toContain('application/problem+json');
  });
});

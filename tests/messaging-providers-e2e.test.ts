import {
  action,
  createEntityLiveData,
  createGovernanceGate,
  defineWorkflow,
  normalizeAdsEmail,
  send,
  sha256Hex,
} from '@cartwire/automation-sdk';
import type { Customer } from '@cartwire/model';
import { adsAudienceMembers, pushDevices } from '@cartwire/storage';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signJsonCallback } from '../packages/automation-sdk/src/channels/push/http-push-provider';
import {
  ACCOUNT,
  startFakeProvider,
  TOKEN,
} from '../packages/automation-sdk/src/channels/sms/fake-sms-provider';
import { signFormCallback } from '../packages/automation-sdk/src/channels/sms/http-sms-provider';
import {
  json,
  NO_PACING,
  type Reply,
  startLoopbackServer,
} from '../packages/automation-sdk/src/channels/test-support';
import { type EmbeddedGateway, sampleCustomer, startEmbeddedGateway, until } from './embedded-gateway';

const subscribed = { state: 'subscribed' as const, source: null, updatedAt: null };
const unsubscribed = { state: 'unsubscribed' as const, source: null, updatedAt: null };

const welcomeSms = defineWorkflow({
  key: 'welcome-sms',
  name: 'Welcome text',
  trigger: { event: 'customer.created', reentry: { policy: 'once' } },
  steps: [send({ id: 'text', channel: 'sms', template: 'welcome-sms' })],
});

const vipAudience = defineWorkflow({
  key: 'vip-audience',
  name: 'VIPs to the ads audience',
  trigger: { event: 'customer.created', reentry: { policy: 'once' } },
  steps: [
    action({ kind: 'audience', operation: 'add', audience: 'vip', subject: 'customer' }, { id: 'vip' }),
  ],
});

const welcomePush = defineWorkflow({
  key: 'welcome-push',
  name: 'Welcome notification',
  trigger: { event: 'customer.created', reentry: { policy: 'once' } },
  steps: [send({ id: 'notify', channel: 'push', template: 'welcome-push' })],
});

/** A push gateway on loopback: records each notification, reports `dead-*` tokens as unregistered. */
async function startFakePush() {
  const sent: { id: string; tokens: string[]; notification: unknown; data: unknown }[] = [];
  const server = await startLoopbackServer((request) => {
    if (request.path !== '/v1/messages') return json(404, { message: 'not found' });
    if (request.headers.authorization !== 'Bearer push-api-key') return json(401, { message: 'bad key' });
    const body = JSON.parse(request.body) as { tokens: string[]; notification: unknown; data: unknown };
    const id = `push-${sent.length + 1}`;
    sent.push({ id, ...body });
    return json(200, {
      id,
      results: body.tokens.map((token) => ({
        token,
        error: token.startsWith('dead-') ? 'unregistered' : null,
      })),
    });
  });
  return { server, sent };
}

/** Meta's Custom Audience users edge on loopback: the hashes each audience holds now. */
async function startFakeGraph() {
  const audiences = new Map<string, Set<string>>();
  const script: Reply[] = [];
  const server = await startLoopbackServer((request) => {
    const match = /^\/v21\.0\/([^/]+)\/users$/.exec(request.path);
    if (!match?.[1]) return json(404, { error: { message: 'Unknown path', code: 803 } });
    if (request.headers.authorization !== 'Bearer graph-token') {
      return json(401, { error: { message: 'Invalid OAuth access token', code: 190 } });
    }
    const scripted = script.shift();
    if (scripted) return scripted;
    const { payload } = JSON.parse(request.body) as { payload: { data: string[][] } };
    const members = audiences.get(match[1]) ?? new Set<string>();
    for (const hash of payload.data.flat()) {
      if (hash === '') continue;
      if (request.method === 'POST') members.add(hash);
      else members.delete(hash);
    }
    audiences.set(match[1], members);
    return json(200, { audience_id: match[1], num_received: payload.data.length });
  });
  return { server, script, holds: (audience: string) => [...(audiences.get(audience) ?? [])].sort() };
}

interface LoggedMessage {
  customerKey: string;
  status: string;
  providerMessageId: string | null;
  error: string | null;
}

describe('tenant SMS and ads providers through the gateway', () => {
  let embedded: EmbeddedGateway;
  let sms: Awaited<ReturnType<typeof startFakeProvider>>;
  let graph: Awaited<ReturnType<typeof startFakeGraph>>;
  let push: Awaited<ReturnType<typeof startFakePush>>;

  beforeAll(async () => {
    sms = await startFakeProvider();
    graph = await startFakeGraph();
    push = await startFakePush();
    embedded = await startEmbeddedGateway(
      // The fake providers listen on loopback: the SSRF guard lets them through only when told to.
      { CARTWIRE_ALLOW_PRIVATE_WEBHOOK_URLS: '1' },
      {
        adsSweeps: { sweepIntervalMs: 1_000, scheduleIntervalMs: 250, idleDelayMs: 100 },
      },
    );
    const { gateway, tenantId } = embedded;
    // Quiet hours would hold texts sent at night until the morning; this test is about delivery.
    const gate = createGovernanceGate({
      db: gateway.database.db,
      customers: createEntityLiveData(gateway.repositories.entities),
    });
    await gate.setPolicy(tenantId, NO_PACING);
    const template = await embedded.call('POST', '/v1/templates', {
      key: 'welcome-sms',
      name: 'Welcome text',
      channel: 'sms',
      context: 'customer',
      text: 'Hi {{ customer.first_name }}, welcome to Acme!',
    });
    expect(template.status, JSON.stringify(template.body)).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await embedded?.stop();
    await sms?.server.close();
    await graph?.server.close();
    await push?.server.close();
  });

  const messages = async (workflowKey: string) =>
    (
      (await embedded.call('GET', `/v1/messages?workflow_key=${workflowKey}`)).body as {
        data: LoggedMessage[];
      }
    ).data;
  const messageOf = async (customer: Customer) =>
    (await messages('welcome-sms')).find((m) => m.customerKey === customer.id);
  const texter = (externalId: string, phone: string) =>
    embedded.signUp(externalId, { phone, marketingConsent: { email: subscribed, sms: subscribed } });

  it("texts through the tenant's provider and records its signed delivery callbacks", async () => {
    const { call, gateway, tenantId } = embedded;
    const saved = await call('PUT', '/v1/messaging-settings/sms', {
      endpointUrl: `${sms.server.url}/2010-04-01`,
      accountId: ACCOUNT,
      authToken: TOKEN,
      from: '+15005550006',
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const callbackUrl = `${gateway.url}/callbacks/sms/${tenantId}`;
    expect(saved.body).toMatchObject({
      callbackUrl,
      authToken: { configured: true, last4: TOKEN.slice(-4) },
    });
    expect(JSON.stringify(saved.body)).not.toContain(TOKEN);
    await embedded.activate(welcomeSms);

    const ada = await texter('1', '+49 151 2345 6789');
    const [sid, text] = await until('the text at the provider', () => [...sms.messages.entries()][0]);
    expect(text).toEqual({
      to: '+4915123456789',
      from: '+15005550006',
      body: 'Hi Ada, welcome to Acme!',
      callback: callbackUrl,
    });
    expect(await messageOf(ada)).toMatchObject({ status: 'sent', providerMessageId: sid });

    // The provider reports delivery: the send's log row moves to delivered, once.
    expect(await sms.callback(sid, 'delivered')).toBe(200);
    expect(await messageOf(ada)).toMatchObject({ status: 'delivered', error: null });
    expect(await sms.callback(sid, 'delivered')).toBe(200);
    // A late "failed" (out of order) never regresses a final status.
    expect(await sms.callback(sid, 'failed', { ErrorCode: '30008' })).toBe(200);
    expect(await messageOf(ada)).toMatchObject({ status: 'delivered', error: null });

    const bea = await texter('2', '+49 151 9876 5432');
    const beaSid = await until('the second text', () => [...sms.messages.keys()][1]);
    expect(await sms.callback(beaSid, 'queued')).toBe(200);
    expect(await messageOf(bea)).toMatchObject({ status: 'sent' });
    expect(
      await sms.callback(beaSid, 'undelivered', { ErrorCode: '30003', ErrorMessage: 'Unreachable handset' }),
    ).toBe(200);
    expect(await messageOf(bea)).toMatchObject({
      status: 'bounced',
      error: 'error 30003: Unreachable handset',
    });
  }, 60_000);

  it('refuses unsigned, forged, foreign and oversized callbacks', async () => {
    const { gateway, tenantId } = embedded;
    const [sid] = [...sms.messages.keys()];
    if (!sid) throw new Error('the first test sends a text');
    // Signed with another key (the callback secret of another account).
    expect(await sms.callback(sid, 'failed', {}, 'not-the-auth-token')).toBe(401);
    const url = `${gateway.url}/callbacks/sms/${tenantId}`;
    const params = new URLSearchParams({ MessageSid: sid, MessageStatus: 'failed' });
    const post = (target: string, headers: Record<string, string>, body: string) =>
      fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body,
      });
    const unsigned = await post(url, {}, params.toString());
    expect(unsigned.status).toBe(401);
    expect(unsigned.headers.get('content-type')).toContain('application/problem+json');
    // Correctly signed for a URL naming a tenant that has no SMS provider: the same 401, nothing learned.
    const foreign = `${gateway.url}/callbacks/sms/ten_nobody`;
    expect(
      (
        await post(
          foreign,
          { 'x-twilio-signature': signFormCallback(TOKEN, foreign, params) },
          params.toString(),
        )
      ).status,
    ).toBe(401);
    // A signed callback about a message this tenant never sent.
    const unknown = new URLSearchParams({ MessageSid: 'SM-unknown', MessageStatus: 'delivered' });
    expect(
      (await post(url, { 'x-twilio-signature': signFormCallback(TOKEN, url, unknown) }, unknown.toString()))
        .status,
    ).toBe(404);
    const huge = await post(url, { 'x-twilio-signature': 'x' }, `Body=${'a'.repeat(70_000)}`);
    expect(huge.status).toBe(413);
    expect((await post(`${gateway.url}/callbacks/fax/${tenantId}`, {}, '')).status).toBe(404);
    expect((await messages('welcome-sms')).find((m) => m.providerMessageId === sid)?.status).toBe(
      'delivered',
    );
  });

  it('falls back to message.requested events once the SMS provider is removed', async () => {
    const { call } = embedded;
    expect((await call('DELETE', '/v1/messaging-settings/sms')).status).toBe(204);
    expect((await call('GET', '/v1/messaging-settings/sms')).status).toBe(404);
    const before = sms.messages.size;
    const carl = await texter('3', '+49 151 1111 2222');
    const logged = await until('the third send', async () => messageOf(carl));
    expect(logged.status).toBe('sent');
    const events = await call('GET', '/v1/events?type=message.requested');
    expect((events.body as { data: { data: { recipient: { customerId: string } } }[] }).data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          data: expect.objectContaining({ recipient: expect.objectContaining({ customerId: carl.id }) }),
        }),
      ]),
    );
    expect(sms.messages.size).toBe(before);
  });

  it("notifies the customer's registered devices through the push provider and records signed callbacks", async () => {
    const { call, gateway, tenantId, storeId } = embedded;
    const saved = await call('PUT', '/v1/messaging-settings/push', {
      endpointUrl: `${push.server.url}/v1`,
      apiKey: 'push-api-key',
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const { callbackUrl, callbackSecret } = saved.body as {
      callbackUrl: string;
      callbackSecret: { value: string };
    };
    expect(callbackUrl).toBe(`${gateway.url}/callbacks/push/${tenantId}`);
    const template = await call('POST', '/v1/templates', {
      key: 'welcome-push',
      name: 'Welcome notification',
      channel: 'push',
      context: 'customer',
      subject: 'Welcome, {{ customer.first_name }}',
      text: 'Your first order ships free.',
    });
    expect(template.status, JSON.stringify(template.body)).toBe(201);

    // The app registers the signed-in customer's devices (publishable key + the customer's token).
    const customerId = sampleCustomer(storeId, '5').id;
    const publishableKey = await gateway.repositories.stores.rotatePublishableKey(tenantId, storeId);
    const { token } = (await call('POST', `/v1/stores/${storeId}/onsite-tokens`, { customerId })).body as {
      token: string;
    };
    for (const device of ['phone-token-0001', 'dead-token-0002']) {
      const registered = await fetch(`${gateway.url}/v1/track/devices?customer=${customerId}`, {
        method: 'POST',
        headers: {
          'x-cartwire-publishable-key': publishableKey,
          'x-cartwire-customer-token': token,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ token: device, platform: 'android' }),
      });
      expect(registered.status).toBe(200);
    }
    await embedded.activate(welcomePush);
    const eve = await embedded.signUp('5');
    const notification = await until('the notification', () => push.sent[0]);
    expect([...notification.tokens].sort()).toEqual(['dead-token-0002', 'phone-token-0001']);
    expect(notification).toMatchObject({
      notification: { title: 'Welcome, Ada', body: 'Your first order ships free.' },
    });
    const logged = await until('the push log row', async () =>
      (await messages('welcome-push')).find((m) => m.customerKey === eve.id && m.status === 'sent'),
    );
    expect(logged.providerMessageId).toBe(notification.id);
    // The token the provider called unregistered is gone; the live one stays.
    const devices = await gateway.database.db
      .select({ token: pushDevices.token })
      .from(pushDevices)
      .where(eq(pushDevices.customerId, customerId));
    expect(devices).toEqual([{ token: 'phone-token-0001' }]);

    const status = (body: string, signature: string) =>
      fetch(callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': signature },
        body,
      });
    const delivered = JSON.stringify({ id: notification.id, status: 'delivered' });
    expect((await status(delivered, signJsonCallback('another-secret', delivered))).status).toBe(401);
    const answer = await status(delivered, signJsonCallback(callbackSecret.value, delivered));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ received: true, outcome: 'recorded', status: 'delivered' });
    const late = JSON.stringify({ id: notification.id, status: 'failed', error: 'expired' });
    expect(await (await status(late, signJsonCallback(callbackSecret.value, late))).json()).toEqual({
      received: true,
      outcome: 'unchanged',
    });
    expect((await messages('welcome-push')).find((m) => m.customerKey === eve.id)).toMatchObject({
      status: 'delivered',
      error: null,
    });
  }, 60_000);

  it('adds customers to the mapped ads audience and the scheduled sweep removes those who unsubscribe', async () => {
    const { call, gateway, tenantId } = embedded;
    const saved = await call('PUT', '/v1/messaging-settings/ads', {
      endpointUrl: `${graph.server.url}/v21.0`,
      accessToken: 'graph-token',
      audiences: { vip: '23851234567890123' },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    await embedded.activate(vipAudience);
    const dora = await embedded.signUp('4', { email: 'Dora@Example.com' });
    const hash = sha256Hex(normalizeAdsEmail('Dora@Example.com'));
    await until('dora in the audience', () =>
      graph.holds('23851234567890123').includes(hash) ? true : undefined,
    );

    // The platform reports the unsubscribe (a sync updates the record); no API call about ads is made.
    const updated = {
      ...sampleCustomer(embedded.storeId, '4', { email: 'Dora@Example.com' }),
      createdAt: dora.createdAt,
      updatedAt: new Date(Date.now() + 1000).toISOString(),
      marketingConsent: { email: unsubscribed, sms: dora.marketingConsent.sms },
    };
    await gateway.repositories.entities.upsertEntities('customer', [{ tenantId, entity: updated, raw: {} }]);
    await until('dora swept out of the audience', () =>
      graph.holds('23851234567890123').includes(hash) ? undefined : true,
    );
    const [row] = await gateway.database.db
      .select()
      .from(adsAudienceMembers)
      .where(eq(adsAudienceMembers.customerId, dora.id));
    expect(row).toMatchObject({
      audience: 'vip',
      status: 'removed',
      reason: expect.stringMatching(/^no_consent/),
    });
  }, 60_000);
});

import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StepFailedError } from '../../errors';
import { GovernanceRefusedError } from '../../governance/errors';
import { createGovernanceGate, type GovernanceGate } from '../../governance/gate';
import { createGovernedChannel } from '../../governance/governed-channel';
import { createMemoryLiveData } from '../../runtime/live-data';
import { customer, T0, tenantId } from '../../test-fixtures';
import { ensureTenant } from '../../test-harness';
import { createStatusCallbackHandler } from '../delivery-status';
import { InvalidPhoneNumberError, InvalidStatusCallbackError, ProviderError } from '../errors';
import { toE164 } from '../phone';
import { json, type LoopbackServer, NO_PACING, outbound, startLoopbackServer } from '../test-support';
import { ACCOUNT, startFakeProvider, TOKEN } from './fake-sms-provider';
import { createHttpSmsProvider, signFormCallback } from './http-sms-provider';
import { createSmsChannel } from './sms-channel';

const subscribed = { state: 'subscribed' as const, source: null, updatedAt: null };

describe('toE164', () => {
  it('normalizes written forms to E.164 and refuses numbers that cannot exist', () => {
    expect(toE164('(650) 555-1212', 'US')).toBe('+16505551212');
    expect(toE164('+49 151 2345 6789')).toBe('+4915123456789');
    expect(toE164('0151 23456789', 'de')).toBe('+4915123456789');
    expect(toE164('0049 151 23456789', 'DE')).toBe('+4915123456789');
    expect(() => toE164('+1 555')).toThrow(InvalidPhoneNumberError);
    expect(() => toE164('0151 23456789')).toThrow(/no country code/);
    expect(() => toE164('call me', 'DE')).toThrow(/not a phone number/);
    expect(() => toE164('+49 151', 'XX')).toThrow(/unknown country/);
  });
});

describe.each(testDatabases())('SMS channel over the generic HTTP provider on $name', ({ create }) => {
  let database: TestDatabase;
  let gate: GovernanceGate;
  let provider: Awaited<ReturnType<typeof startFakeProvider>>;
  let receiver: LoopbackServer;
  const clock = { now: new Date(T0) };
  const live = createMemoryLiveData();
  const ada = customer('70', {
    phone: '+49 151 2345 6789',
    marketingConsent: { email: subscribed, sms: subscribed },
  });
  const bea = customer('71', {
    phone: '0151 9876 5432',
    defaultAddress: null,
    marketingConsent: { email: subscribed, sms: subscribed },
  });
  const carl = customer('72', {
    phone: '+49 151 2222 3333',
    marketingConsent: { email: subscribed, sms: { state: 'unsubscribed', source: null, updatedAt: null } },
  });
  live.put(tenantId, ada, bea, carl);

  beforeAll(async () => {
    provider = await startFakeProvider();
  });
  afterAll(async () => {
    await provider.server.close();
  });
  beforeEach(async () => {
    provider.script.length = 0;
    database = await create();
    await ensureTenant(database);
    gate = createGovernanceGate({ db: database.db, customers: live, now: () => clock.now });
    await gate.setPolicy(tenantId, NO_PACING);
    const smsProvider = httpProvider();
    const handle = createStatusCallbackHandler({
      db: database.db,
      channelKind: 'sms',
      parse: smsProvider.parseStatusCallback,
      now: () => clock.now,
    });
    receiver = await startLoopbackServer(async (request) => {
      const tenant = request.path.split('/').at(-1) ?? '';
      try {
        const result = await handle(tenant, {
          url: `${receiver.url}${request.path}`,
          headers: request.headers,
          body: request.body,
        });
        return { status: result.outcome === 'unknown_message' ? 404 : 204 };
      } catch (error) {
        if (error instanceof InvalidStatusCallbackError)
          return { status: error.kind === 'signature' ? 401 : 400 };
        throw error;
      }
    });
  });
  afterEach(async () => {
    await receiver?.close();
    await database?.close();
  });

  function httpProvider() {
    return createHttpSmsProvider({
      baseUrl: `${provider.server.url}/2010-04-01`,
      accountId: ACCOUNT,
      authToken: TOKEN,
      from: '+15005550006',
    });
  }

  function governedSms(options: { defaultCountry?: string } = {}) {
    return createGovernedChannel({
      gate,
      channel: createSmsChannel({
        provider: httpProvider(),
        render: (message) => `Your cart is waiting (${message.template})`,
        customers: live,
        statusCallbackUrl: (tenant) => `${receiver.url}/hooks/sms/${tenant}`,
        ...options,
      }),
    });
  }

  async function failure(promise: Promise<unknown>) {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StepFailedError);
    return error as StepFailedError;
  }

  it('sends in E.164 with basic auth and records the signed delivery callbacks on the message log', async () => {
    const sms = governedSms();
    const message = outbound('sms', ada);
    const { messageId } = await sms.send(message);
    const [row] = await gate.messages(tenantId, { runId: message.origin.runId });
    expect(row).toMatchObject({ id: messageId, status: 'sent', channelKind: 'sms' });
    const sid = row?.providerMessageId ?? '';
    expect(provider.messages.get(sid)).toMatchObject({
      to: '+4915123456789',
      from: '+15005550006',
      body: 'Your cart is waiting (reminder)',
    });

    expect(await provider.callback(sid, 'delivered')).toBe(204);
    expect((await gate.messages(tenantId, { runId: message.origin.runId }))[0]?.status).toBe('delivered');
    // A late "sent" does not take a final status back.
    expect(await provider.callback(sid, 'sent')).toBe(204);
    expect((await gate.messages(tenantId, { runId: message.origin.runId }))[0]?.status).toBe('delivered');
  });

  it('refuses callbacks with a wrong signature, for another tenant or an unknown message', async () => {
    const sms = governedSms();
    const message = outbound('sms', ada);
    await sms.send(message);
    const sid = (await gate.messages(tenantId, { runId: message.origin.runId }))[0]?.providerMessageId ?? '';
    expect(await provider.callback(sid, 'failed', {}, 'not-the-token')).toBe(401);
    const forged = await fetch(`${receiver.url}/hooks/sms/${tenantId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `MessageSid=${sid}&MessageStatus=failed`,
    });
    expect(forged.status).toBe(401);
    expect((await gate.messages(tenantId, { runId: message.origin.runId }))[0]?.status).toBe('sent');

    // Signed correctly but addressed to another tenant's callback URL: no row of that tenant matches.
    const other = 'ten_test0othertenant';
    const params = new URLSearchParams({ MessageSid: sid, MessageStatus: 'failed' });
    const url = `${receiver.url}/hooks/sms/${other}`;
    const crossTenant = await fetch(url, {
      method: 'POST',
      headers: { 'x-twilio-signature': signFormCallback(TOKEN, url, params) },
      body: params.toString(),
    });
    expect(crossTenant.status).toBe(404);

    expect(
      await provider.callback(sid, 'undelivered', {
        ErrorCode: '30003',
        ErrorMessage: 'Unreachable handset',
      }),
    ).toBe(204);
    const [row] = await gate.messages(tenantId, { runId: message.origin.runId });
    expect(row).toMatchObject({ status: 'bounced', error: 'error 30003: Unreachable handset' });
  });

  it('retries 429 and 5xx under one idempotency key and parks on a 4xx refusal', async () => {
    const sms = governedSms();
    const message = outbound('sms', ada);
    provider.script.push(json(429, { code: 20429, message: 'Too Many Requests' }, { 'retry-after': '2' }));
    const throttled = await failure(sms.send(message));
    expect(throttled).toMatchObject({ retryable: true });
    expect(throttled.message).toMatch(/429: Too Many Requests/);
    expect((await gate.messages(tenantId, { runId: message.origin.runId }))[0]?.status).toBe('failed');

    provider.script.push(json(503, { message: 'Service Unavailable' }));
    expect(await failure(sms.send(message))).toMatchObject({ retryable: true });

    // The runtime retries the step with the same idempotency key: it goes out once.
    const before = provider.messages.size;
    const { messageId } = await sms.send(message);
    await sms.send(message);
    expect(provider.messages.size).toBe(before + 1);
    expect((await gate.messages(tenantId, { runId: message.origin.runId }))[0]).toMatchObject({
      id: messageId,
      status: 'sent',
    });

    provider.script.push(json(400, { code: 21610, message: 'Attempt to send to unsubscribed recipient' }));
    const refused = await failure(sms.send(outbound('sms', ada)));
    expect(refused).toMatchObject({ retryable: false });
    expect(refused.message).toMatch(/400: Attempt to send to unsubscribed recipient/);
  });

  it('classifies provider answers for direct callers', async () => {
    const direct = httpProvider();
    provider.script.push(json(500, { message: 'boom' }));
    const error = await direct
      .send({ to: '+4915123456789', body: 'x', idempotencyKey: 'k-direct', statusCallbackUrl: null })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ retryable: true, status: 500 });
    const wrong = createHttpSmsProvider({
      baseUrl: `${provider.server.url}/2010-04-01`,
      accountId: ACCOUNT,
      authToken: 'wrong',
      from: '+15005550006',
    });
    const unauthorized = await wrong
      .send({ to: '+4915123456789', body: 'x', idempotencyKey: 'k-wrong', statusCallbackUrl: null })
      .catch((e: unknown) => e);
    expect(unauthorized).toMatchObject({ retryable: false, status: 401, providerCode: '20003' });
  });

  it('refuses an impossible number before calling the provider, and uses the default country for national numbers', async () => {
    const before = provider.server.requests.length;
    const bad = customer('73', { phone: '+49 12', marketingConsent: { email: subscribed, sms: subscribed } });
    live.put(tenantId, bad);
    const error = await failure(governedSms().send(outbound('sms', bad)));
    expect(error).toMatchObject({ retryable: false });
    expect(error.message).toMatch(/Not a valid phone number "\+49 12"/);
    expect(provider.server.requests.length).toBe(before);

    expect((await failure(governedSms().send(outbound('sms', bea)))).message).toMatch(/no country code/);
    const { messageId } = await governedSms({ defaultCountry: 'DE' }).send(outbound('sms', bea));
    const sent = [...provider.messages.values()].at(-1);
    expect(sent?.to).toBe('+4915198765432');
    expect(messageId).toMatch(/^msg_/);
  });

  it('never reaches the provider for a customer without SMS consent', async () => {
    const before = provider.server.requests.length;
    const error = await governedSms()
      .send(outbound('sms', carl))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GovernanceRefusedError);
    expect(error).toMatchObject({ reason: 'no_consent' });
    expect(provider.server.requests.length).toBe(before);
  });
});

import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StepFailedError } from '../../errors';
import { GovernanceRefusedError } from '../../governance/errors';
import { createGovernanceGate, type GovernanceGate } from '../../governance/gate';
import { createGovernedChannel } from '../../governance/governed-channel';
import { createMemoryLiveData } from '../../runtime/live-data';
import { customer, T0, tenantId } from '../../test-fixtures';
import { ensureTenant } from '../../test-harness';
import { json, NO_PACING, outbound, type Reply, startLoopbackServer } from '../test-support';
import { type AdsAudiences, createAdsAudiences } from './ads-audiences';
import { createHttpAdsAudienceProvider } from './http-ads-provider';
import { hashIdentifiers, normalizeAdsEmail, normalizeAdsPhone, sha256Hex } from './identifiers';

const subscribed = { state: 'subscribed' as const, source: null, updatedAt: null };
const notSubscribed = { state: 'not_subscribed' as const, source: null, updatedAt: null };
const otherTenant = 'ten_test0othertenant';

describe('ads identifier normalization', () => {
  it("matches Meta's documented examples and hashes phones per platform", () => {
    // Meta's customer information parameters page: input, normalized form and expected SHA-256.
    expect(normalizeAdsEmail(' John_Smith@gmail.com ')).toBe('john_smith@gmail.com');
    expect(sha256Hex(normalizeAdsEmail('John_Smith@gmail.com'))).toBe(
      '62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f',
    );
    expect(normalizeAdsPhone('meta', '(650)555-1212', 'US')).toBe('16505551212');
    expect(sha256Hex(normalizeAdsPhone('meta', '(650)555-1212', 'US'))).toBe(
      'e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176',
    );
    // Google Customer Match wants E.164 with the '+'.
    expect(normalizeAdsPhone('google', '(650)555-1212', 'US')).toBe('+16505551212');
    expect(normalizeAdsPhone('meta', '0049 151 2345 6789', 'DE')).toBe('4915123456789');
    // No Gmail dot/plus rewriting for customer lists: neither platform documents it for these uploads.
    expect(normalizeAdsEmail('Jo.Hn+Shop@GMAIL.com')).toBe('jo.hn+shop@gmail.com');

    const { identifiers, skipped } = hashIdentifiers('google', {
      emails: ['A@b.example', 'a@B.example ', 'not-an-email'],
      phones: ['+1 555', '+49 151 23456789'],
    });
    expect(identifiers).toEqual({ email: [sha256Hex('a@b.example')], phone: [sha256Hex('+4915123456789')] });
    expect(skipped).toEqual(['not-an-email', '+1 555']);
  });
});

/** Meta's Custom Audience users edge on loopback: the rows each audience holds now. */
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
    const { payload } = JSON.parse(request.body) as { payload: { schema: string[]; data: string[][] } };
    if (payload.schema.join() !== 'EMAIL_SHA256,PHONE_SHA256') {
      return json(400, { error: { message: 'bad schema', code: 100 } });
    }
    const audience = decodeURIComponent(match[1]);
    const members = audiences.get(audience) ?? new Set<string>();
    for (const row of payload.data) {
      for (const hash of row) {
        if (hash === '') continue;
        if (request.method === 'POST') members.add(hash);
        else members.delete(hash);
      }
    }
    audiences.set(audience, members);
    return json(200, { audience_id: audience, num_received: payload.data.length, num_invalid_entries: 0 });
  });
  return {
    server,
    audiences,
    script,
    holds: (audience: string) => [...(audiences.get(audience) ?? [])].sort(),
  };
}

describe.each(testDatabases())('ads audiences on $name', ({ create }) => {
  let database: TestDatabase;
  let gate: GovernanceGate;
  let graph: Awaited<ReturnType<typeof startFakeGraph>>;
  let ads: AdsAudiences;
  const clock = { now: new Date(T0) };
  const live = createMemoryLiveData();
  const ada = customer('90', {
    email: ' Ada@Example.com',
    phone: '+49 151 2345 6789',
    marketingConsent: { email: subscribed, sms: notSubscribed },
  });
  const bob = customer('91', { marketingConsent: { email: notSubscribed, sms: notSubscribed } });
  const cy = customer('92', { marketingConsent: { email: subscribed, sms: notSubscribed } });
  live.put(tenantId, ada, bob, cy);
  live.put(
    otherTenant,
    customer('90', { email: 'ada@example.com', marketingConsent: { email: subscribed, sms: notSubscribed } }),
  );

  const adaHashes = [sha256Hex('ada@example.com'), sha256Hex('4915123456789')].sort();

  beforeAll(async () => {
    graph = await startFakeGraph();
  });
  afterAll(async () => {
    await graph.server.close();
  });
  beforeEach(async () => {
    graph.audiences.clear();
    database = await create();
    await ensureTenant(database);
    await ensureTenant(database, otherTenant);
    gate = createGovernanceGate({ db: database.db, customers: live, now: () => clock.now });
    await gate.setPolicy(tenantId, NO_PACING);
    await gate.setPolicy(otherTenant, NO_PACING);
    ads = createAdsAudiences({
      db: database.db,
      gate,
      customers: live,
      provider: createHttpAdsAudienceProvider({
        baseUrl: `${graph.server.url}/v21.0`,
        accessToken: 'graph-token',
      }),
      now: () => clock.now,
    });
  });
  afterEach(async () => {
    await database?.close();
  });

  const governed = () => createGovernedChannel({ gate, channel: ads.channel, kind: 'ads' });

  it('adds a consented customer with hashed identifiers and records the membership', async () => {
    await governed().send(outbound('ads', ada, { template: 'vip' }));
    expect(graph.holds('vip')).toEqual(adaHashes);
    expect(graph.server.requests.at(-1)?.body).not.toContain('example.com');
    const [member] = await ads.members(tenantId, { audience: 'vip' });
    expect(member).toMatchObject({ customerId: ada.id, status: 'member', platform: 'meta' });
    expect(
      [...(member?.hashedIdentifiers.email ?? []), ...(member?.hashedIdentifiers.phone ?? [])].sort(),
    ).toEqual(adaHashes);
    const [log] = await gate.messages(tenantId, { customerKey: ada.id });
    expect(log).toMatchObject({ channelKind: 'ads', status: 'sent' });
  });

  it('never syncs unconsented or suppressed customers', async () => {
    const before = graph.server.requests.length;
    const unconsented = await governed()
      .send(outbound('ads', bob, { template: 'vip' }))
      .catch((e: unknown) => e);
    expect(unconsented).toBeInstanceOf(GovernanceRefusedError);
    expect(unconsented).toMatchObject({ reason: 'no_consent' });

    await gate.suppress({ tenantId }, [{ kind: 'email', value: cy.email ?? '', reason: 'complaint' }]);
    const suppressed = await governed()
      .send(outbound('ads', cy, { template: 'vip' }))
      .catch((e: unknown) => e);
    expect(suppressed).toMatchObject({ reason: 'suppressed' });

    expect(graph.server.requests.length).toBe(before);
    expect(await ads.members(tenantId)).toEqual([]);
  });

  it('removes a customer who becomes suppressed later from every audience, in the suppressing tenant only', async () => {
    await governed().send(outbound('ads', ada, { template: 'vip' }));
    await governed().send(outbound('ads', ada, { template: 'lookalike-seed' }));
    await governed().send(outbound('ads', cy, { template: 'vip' }));
    const other = createGovernedChannel({ gate, channel: ads.channel, kind: 'ads' });
    await other.send(
      outbound('ads', customer('90', { email: 'ada@example.com' }), {
        template: 'other-vip',
        tenant: otherTenant,
      }),
    );

    // Suppressed by email, written differently from how it was uploaded.
    const result = await ads.suppress({ tenantId }, [
      { kind: 'email', value: '  ADA@example.COM', reason: 'GDPR erasure' },
    ]);
    expect(result).toEqual({ suppressed: 1, removed: 2 });
    expect(graph.holds('vip')).toEqual([sha256Hex('c92@example.com')]);
    expect(graph.holds('lookalike-seed')).toEqual([]);
    expect(graph.holds('other-vip')).toEqual([sha256Hex('ada@example.com')]);
    const rows = await ads.members(tenantId, { customerId: ada.id });
    expect(rows.map((r) => [r.audience, r.status, r.reason]).sort()).toEqual([
      ['lookalike-seed', 'removed', 'suppressed: GDPR erasure'],
      ['vip', 'removed', 'suppressed: GDPR erasure'],
    ]);

    // And the gate keeps them out from now on.
    expect(
      await governed()
        .send(outbound('ads', ada, { template: 'vip' }))
        .catch((e: unknown) => e),
    ).toMatchObject({ reason: 'suppressed' });

    // The global list reaches every tenant.
    expect(
      await ads.suppress('global', [{ kind: 'customer_id', value: customer('90').id, reason: null }]),
    ).toMatchObject({
      removed: 1,
    });
    expect(graph.holds('other-vip')).toEqual([]);
  });

  it('sweeps out members whose consent was withdrawn or who unsubscribed from ads', async () => {
    const flip = customer('93', { marketingConsent: { email: subscribed, sms: notSubscribed } });
    live.put(tenantId, flip);
    await governed().send(outbound('ads', flip, { template: 'vip' }));
    await governed().send(outbound('ads', ada, { template: 'vip' }));
    await governed().send(outbound('ads', cy, { template: 'vip' }));
    expect(graph.holds('vip')).toHaveLength(4);

    live.put(tenantId, customer('93', { marketingConsent: { email: notSubscribed, sms: notSubscribed } }));
    await gate.unsubscribe(tenantId, { customerId: cy.id }, 'ads');
    expect(await ads.sweep(tenantId)).toEqual({ checked: 3, removed: 2 });
    expect(graph.holds('vip')).toEqual(adaHashes);
    const [flipped] = await ads.members(tenantId, { customerId: flip.id });
    expect(flipped).toMatchObject({ status: 'removed' });
    expect(flipped?.reason).toMatch(/^no_consent/);
    expect(await ads.sweep(tenantId)).toEqual({ checked: 1, removed: 0 });
  });

  it('re-uploads changed identifiers, removes the stale hashes, and classifies platform errors', async () => {
    await governed().send(outbound('ads', cy, { template: 'vip' }));
    live.put(
      tenantId,
      customer('92', {
        email: 'new@example.com',
        marketingConsent: { email: subscribed, sms: notSubscribed },
      }),
    );
    await governed().send(outbound('ads', { ...cy, email: null }, { template: 'vip' }));
    expect(graph.holds('vip')).toEqual([sha256Hex('new@example.com')]);

    graph.script.push(json(400, { error: { message: 'Too many calls', code: 80003 } }));
    const throttled = await ads.channel
      .send(outbound('ads', ada, { template: 'vip' }))
      .catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(StepFailedError);
    expect(throttled).toMatchObject({ retryable: true });
    graph.script.push(json(400, { error: { message: 'Audience does not exist', code: 100 } }));
    expect(
      await ads.channel.send(outbound('ads', ada, { template: 'gone' })).catch((e: unknown) => e),
    ).toMatchObject({
      retryable: false,
    });
    expect(await ads.members(tenantId, { customerId: ada.id })).toEqual([]);
  });

  it('runs workflow audience actions through the gate', async () => {
    const handler = ads.actionHandler(governed());
    const origin = outbound('ads', ada).origin;
    const target = { customerId: ada.id, email: ada.email, variantIds: [], cartId: null, orderId: null };
    await handler(
      { kind: 'audience', operation: 'add', audience: 'winback', subject: 'customer' },
      target,
      origin,
    );
    expect(graph.holds('winback')).toEqual(adaHashes);
    await handler(
      { kind: 'audience', operation: 'remove', audience: 'winback', subject: 'customer' },
      target,
      {
        ...origin,
        idempotencyKey: `${origin.idempotencyKey}-2`,
      },
    );
    expect(graph.holds('winback')).toEqual([]);
    const refused = await handler(
      { kind: 'audience', operation: 'add', audience: 'winback', subject: 'customer' },
      { ...target, customerId: bob.id, email: bob.email },
      { ...origin, idempotencyKey: `${origin.idempotencyKey}-3` },
    ).catch((e: unknown) => e);
    expect(refused).toMatchObject({ reason: 'no_consent' });
  });
});

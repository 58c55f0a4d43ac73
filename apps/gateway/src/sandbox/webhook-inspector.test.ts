import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../tests/sync/sync-harness';
import { signWebhook } from '../outbound-webhooks/signing';
import { startWebhookInspector, WEBHOOK_INSPECTOR_PATH, type WebhookInspector } from './webhook-inspector';

const SECRET = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;
const OTHER_SECRET = `whsec_${Buffer.alloc(32, 4).toString('base64')}`;

const envelope = (n: number, type = 'order.paid') =>
  JSON.stringify({
    id: `evt_${n}`,
    type,
    tenantId: 'ten_1',
    data: { total: { amount: '19.90', currency: 'EUR' } },
  });

/** Posts `body` as the gateway's delivery worker does, signed with `secrets`. */
async function deliver(inspector: WebhookInspector, n: number, secrets: string[], body = envelope(n)) {
  const headers = signWebhook({ id: `evt_${n}`, timestamp: new Date(), body, secrets });
  return fetch(inspector.url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'Cartwire-Webhooks/1.0' },
    body,
  });
}

describe('the sandbox webhook inspector', () => {
  let inspector: WebhookInspector | undefined;
  afterEach(async () => {
    await inspector?.close();
  });

  const attach = (running: WebhookInspector, secrets: () => string[] = () => [SECRET]) =>
    running.attach({ tenantId: 'ten_1', endpointId: 'we_1', signingSecrets: async () => secrets() });

  it('verifies a signed delivery and keeps it parsed, answering 204', async () => {
    inspector = await startWebhookInspector({ logger: silentLogger });
    expect(inspector.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sandbox\/webhook-inspector$/);
    expect(inspector.url.startsWith(inspector.origin)).toBe(true);
    attach(inspector);
    const response = await deliver(inspector, 1, [SECRET]);
    expect(response.status).toBe(204);
    const [received] = inspector.list();
    expect(received).toMatchObject({
      webhookId: 'evt_1',
      type: 'order.paid',
      verified: true,
      failure: null,
      status: 204,
      body: JSON.parse(envelope(1)),
      size: Buffer.byteLength(envelope(1)),
    });
    expect(received?.id).toMatch(/^whr_/);
    expect(received?.headers.map((header) => header.name)).toEqual([
      'webhook-id',
      'webhook-timestamp',
      'webhook-signature',
      'user-agent',
      'content-type',
      'content-length',
    ]);
    expect(inspector.get(received?.id ?? '')).toBe(received);
    expect(inspector.get('whr_unknown')).toBeNull();
  });

  it('verifies what the Standard Webhooks reference library signs, and either secret of a rotation', async () => {
    inspector = await startWebhookInspector({ logger: silentLogger });
    attach(inspector, () => [OTHER_SECRET, SECRET]);
    const body = envelope(2, 'cart.abandoned');
    const at = new Date();
    const response = await fetch(inspector.url, {
      method: 'POST',
      headers: {
        'webhook-id': 'evt_2',
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(SECRET).sign('evt_2', at, body),
      },
      body,
    });
    expect(response.status).toBe(204);
    expect(inspector.list()[0]).toMatchObject({ type: 'cart.abandoned', verified: true });
  });

  it('rejects a forged signature with 401 and keeps it, saying why', async () => {
    inspector = await startWebhookInspector({ logger: silentLogger });
    attach(inspector);
    const forged = await deliver(inspector, 3, [OTHER_SECRET]);
    expect(forged.status).toBe(401);
    expect(await forged.text()).toMatch(/no signature matches/);
    // A body changed after signing fails the same way.
    const headers = signWebhook({ id: 'evt_4', timestamp: new Date(), body: envelope(4), secrets: [SECRET] });
    const tampered = await fetch(inspector.url, {
      method: 'POST',
      headers: { ...headers },
      body: envelope(4, 'order.refunded'),
    });
    expect(tampered.status).toBe(401);
    const unsigned = await fetch(inspector.url, { method: 'POST', body: envelope(5) });
    expect(unsigned.status).toBe(401);
    expect(inspector.list().map((entry) => [entry.webhookId, entry.verified, entry.failure])).toEqual([
      [null, false, 'missing webhook-id header'],
      ['evt_4', false, "no signature matches the endpoint's signing secret"],
      ['evt_3', false, "no signature matches the endpoint's signing secret"],
    ]);
    expect(inspector.list()[1]?.type).toBe('order.refunded');
  });

  it('keeps only the last `capacity` deliveries, newest first', async () => {
    inspector = await startWebhookInspector({ logger: silentLogger, capacity: 2 });
    attach(inspector);
    for (const n of [6, 7, 8]) expect((await deliver(inspector, n, [SECRET])).status).toBe(204);
    expect(inspector.list().map((entry) => entry.webhookId)).toEqual(['evt_8', 'evt_7']);
  });

  it('answers 503 until subscribed, 413 over the size limit, and nothing but POST on its path', async () => {
    inspector = await startWebhookInspector({ logger: silentLogger, maxBodyBytes: 256 });
    const early = await deliver(inspector, 9, [SECRET]);
    expect(early.status).toBe(503);
    expect(inspector.list()[0]).toMatchObject({
      verified: false,
      failure: expect.stringMatching(/not subscribed/),
    });
    attach(inspector);
    const big = await deliver(
      inspector,
      10,
      [SECRET],
      JSON.stringify({ type: 'order.paid', pad: 'x'.repeat(512) }),
    );
    expect(big.status).toBe(413);
    expect(inspector.list()[0]).toMatchObject({ verified: false, body: null, status: 413 });
    expect((await fetch(inspector.url)).status).toBe(405);
    expect((await fetch(`${inspector.origin}/elsewhere`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect(inspector.list()).toHaveLength(2);
    expect(WEBHOOK_INSPECTOR_PATH).toBe(new URL(inspector.url).pathname);
  });
});

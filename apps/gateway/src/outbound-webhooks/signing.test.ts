import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './signing';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('signWebhook', () => {
  it('matches the Standard Webhooks reference implementation', () => {
    const body = JSON.stringify({ type: 'order.paid', data: { total: '19.90' } });
    const timestamp = new Date();
    const headers = signWebhook({ id: 'evt_1', timestamp, body, secrets: [SECRET] });
    expect(headers['webhook-signature']).toBe(new Webhook(SECRET).sign('evt_1', timestamp, body));
    expect(new Webhook(SECRET).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(timestamp.getTime() / 1000)));
  });

  it('carries one signature per secret, each verifiable on its own', () => {
    const other = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
    const body = '{"a":1}';
    const headers = signWebhook({ id: 'evt_2', timestamp: new Date(), body, secrets: [other, SECRET] });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(other).verify(body, { ...headers })).toEqual({ a: 1 });
    expect(new Webhook(SECRET).verify(body, { ...headers })).toEqual({ a: 1 });
    const third = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
    expect(() => new Webhook(third).verify(body, { ...headers })).toThrow();
    expect(() => new Webhook(SECRET).verify('{"a":2}', { ...headers })).toThrow();
  });
});

describe('verifyWebhook', () => {
  const body = JSON.stringify({ id: 'evt_3', type: 'order.paid', data: {} });
  const at = new Date('2026-12-07T10:00:00Z');
  const signed = (secret = SECRET, signedBody = body, timestamp = at) => {
    const seconds = String(Math.floor(timestamp.getTime() / 1000));
    return {
      'webhook-id': 'evt_3',
      'webhook-timestamp': seconds,
      'webhook-signature': new Webhook(secret).sign('evt_3', timestamp, signedBody),
    };
  };

  it('accepts what the reference implementation signs, with any of the secrets of a rotation', () => {
    expect(verifyWebhook({ headers: signed(), body, secrets: [SECRET], now: at })).toEqual({ ok: true });
    const next = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    expect(verifyWebhook({ headers: signed(), body, secrets: [next, SECRET], now: at })).toEqual({
      ok: true,
    });
    // And what the gateway signs with two secrets verifies with either.
    const ours = signWebhook({ id: 'evt_3', timestamp: at, body, secrets: [next, SECRET] });
    expect(verifyWebhook({ headers: { ...ours }, body, secrets: [SECRET], now: at })).toEqual({ ok: true });
  });

  it.each([
    [
      'another secret',
      () => signed(`whsec_${Buffer.alloc(32, 1).toString('base64')}`),
      body,
      /no signature matches/,
    ],
    ['a changed body', () => signed(), body.replace('order.paid', 'order.refunded'), /no signature matches/],
    [
      'a missing signature',
      () => ({ ...signed(), 'webhook-signature': undefined }),
      body,
      /missing webhook-signature/,
    ],
    [
      'a stale timestamp',
      () => signed(SECRET, body, new Date(at.getTime() - 6 * 60_000)),
      body,
      /360 s from now/,
    ],
    [
      'a timestamp that is not a number',
      () => ({ ...signed(), 'webhook-timestamp': 'soon' }),
      body,
      /not a number/,
    ],
    ['no v1 signature', () => ({ ...signed(), 'webhook-signature': 'v2,abc' }), body, /no v1 signature/],
  ])('refuses %s, saying why', (_what, headers, received, reason) => {
    const verdict = verifyWebhook({ headers: headers(), body: received, secrets: [SECRET], now: at });
    expect(verdict.ok).toBe(false);
    expect(verdict.ok === false && verdict.reason).toMatch(reason);
  });
});

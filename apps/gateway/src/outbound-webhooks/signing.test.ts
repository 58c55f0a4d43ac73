import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signWebhook } from './signing';

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

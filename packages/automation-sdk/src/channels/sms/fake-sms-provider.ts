// A provider speaking the Twilio-style Messages API on loopback, for the SMS tests. Not public surface.
import { json, type Reply, startLoopbackServer } from '../test-support';
import { signFormCallback } from './http-sms-provider';

export const ACCOUNT = 'AC0123456789abcdef';
export const TOKEN = 'auth-token-for-tests';

/** A provider speaking the Twilio-style Messages API on loopback, with scripted failures. */
export async function startFakeProvider() {
  const script: Reply[] = [];
  const bySid = new Map<string, { to: string; body: string; from: string; callback: string | null }>();
  const byKey = new Map<string, string>();
  const expectedAuth = `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`;
  const server = await startLoopbackServer((request) => {
    if (request.method !== 'POST' || request.path !== `/2010-04-01/Accounts/${ACCOUNT}/Messages.json`) {
      return json(404, { code: 20404, message: 'The requested resource was not found' });
    }
    if (request.headers.authorization !== expectedAuth)
      return json(401, { code: 20003, message: 'Authenticate' });
    const scripted = script.shift();
    if (scripted) return scripted;
    const form = new URLSearchParams(request.body);
    const to = form.get('To') ?? '';
    if (!/^\+[1-9]\d{6,14}$/.test(to)) {
      return json(400, { code: 21211, message: `The 'To' number ${to} is not a valid phone number.` });
    }
    const key = String(request.headers['idempotency-key'] ?? '');
    const existing = byKey.get(key);
    if (existing) return json(201, { sid: existing, status: 'queued' });
    const sid = `SM${String(bySid.size + 1).padStart(32, '0')}`;
    byKey.set(key, sid);
    bySid.set(sid, {
      to,
      body: form.get('Body') ?? '',
      from: form.get('From') ?? '',
      callback: form.get('StatusCallback'),
    });
    return json(201, { sid, status: 'queued' });
  });
  return {
    server,
    script,
    messages: bySid,
    /** POSTs a signed status callback for `sid` the way the provider does; answers the receiver's status. */
    async callback(sid: string, status: string, extra: Record<string, string> = {}, secret = TOKEN) {
      const message = bySid.get(sid);
      if (!message?.callback) throw new Error(`no callback URL for ${sid}`);
      const params = new URLSearchParams({
        AccountSid: ACCOUNT,
        MessageSid: sid,
        MessageStatus: status,
        ...extra,
      });
      const response = await fetch(message.callback, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signFormCallback(secret, message.callback, params),
        },
        body: params.toString(),
      });
      return response.status;
    },
  };
}

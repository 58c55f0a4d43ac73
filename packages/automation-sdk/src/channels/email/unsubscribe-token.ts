import { createHmac, timingSafeEqual } from 'node:crypto';
import type { GovernanceGate } from '../../governance/gate';
import type { ChannelKind } from '../../governance/policy';

/** Who an unsubscribe link unsubscribes, and from which channel kind. */
export interface UnsubscribeSubject {
  tenantId: string;
  channel: ChannelKind;
  email: string | null;
  customerId: string | null;
}

interface TokenPayload {
  t: string;
  k: ChannelKind;
  e: string | null;
  c: string | null;
}

const mac = (secret: string, body: string) =>
  createHmac('sha256', `cartwire-unsubscribe:${secret}`).update(body).digest('base64url');

/**
 * A URL-safe token naming the recipient, signed with HMAC-SHA256 so an unsubscribe link cannot be forged
 * for someone else. It does not expire: RFC 8058 one-click links must keep working.
 */
export function signUnsubscribeToken(secret: string, subject: UnsubscribeSubject): string {
  const payload: TokenPayload = {
    t: subject.tenantId,
    k: subject.channel,
    e: subject.email,
    c: subject.customerId,
  };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

/** The subject of a genuine token, or null for a forged, altered or malformed one. */
export function verifyUnsubscribeToken(secret: string, token: string): UnsubscribeSubject | null {
  const [body, signature, ...rest] = token.trim().split('.');
  if (!body || !signature || rest.length > 0) return null;
  const expected = Buffer.from(mac(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenPayload;
    if (typeof payload.t !== 'string' || typeof payload.k !== 'string') return null;
    return {
      tenantId: payload.t,
      channel: payload.k,
      email: payload.e ?? null,
      customerId: payload.c ?? null,
    };
  } catch {
    return null;
  }
}

/**
 * What a one-click unsubscribe endpoint (RFC 8058: `POST` with `List-Unsubscribe=One-Click`) or a mailto
 * handler calls with the token: records the unsubscribe the governance gate honours from then on.
 * @example app.post('/unsubscribe/:token', async (c) => c.body(null, (await unsubscribe(c.req.param('token'))) ? 200 : 404))
 */
export function createUnsubscribeHandler(options: { gate: GovernanceGate; secret: string }) {
  return async (token: string): Promise<UnsubscribeSubject | null> => {
    const subject = verifyUnsubscribeToken(options.secret, token);
    if (!subject) return null;
    await options.gate.unsubscribe(
      subject.tenantId,
      { customerId: subject.customerId, email: subject.email },
      subject.channel,
      'list-unsubscribe',
    );
    return subject;
  };
}

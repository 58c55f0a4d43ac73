import { createHmac, timingSafeEqual } from 'node:crypto';
import { rewriteHtmlLinks, rewriteTextLinks } from '../../utm/utm';

/** What a hosted tracking link records: an open (the pixel) or a click (the redirect). */
export type TrackingKind = 'open' | 'click';

/** What a genuine tracking token names. */
export interface TrackingSubject {
  kind: TrackingKind;
  tenantId: string;
  /** The message log id of the send. */
  messageId: string;
  /** Click tokens: where the redirect goes (already UTM-tagged). Null for opens. */
  url: string | null;
}

export interface EmailTrackingOptions {
  /**
   * Public origin of the gateway serving `/t/o/{token}.gif` and `/t/c/{token}`, without a trailing slash.
   * @example 'https://cartwire.acme.example'
   */
  baseUrl: string;
  /** Signs the tokens (the gateway derives it from its encryption key). */
  secret: string;
}

interface TokenPayload {
  t: string;
  m: string;
  u?: string;
}

/** Tokens are a base64url payload and an HMAC; anything longer is not one of ours. */
export const MAX_TRACKING_TOKEN_LENGTH = 8192;

// The kind is part of what is signed, so an open token can never be replayed as a click and vice versa.
const mac = (secret: string, kind: TrackingKind, body: string) =>
  createHmac('sha256', `cartwire-tracking:${secret}`).update(`${kind}.${body}`).digest('base64url');

/**
 * A URL-safe token for a tracking link, HMAC-SHA256 signed: the click target lives inside the signed
 * token, so the redirect can never be pointed anywhere else (no open redirect through a query parameter).
 */
export function signTrackingToken(secret: string, subject: TrackingSubject): string {
  const payload: TokenPayload = {
    t: subject.tenantId,
    m: subject.messageId,
    ...(subject.kind === 'click' && subject.url !== null ? { u: subject.url } : {}),
  };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(secret, subject.kind, body)}`;
}

/** The subject of a genuine token of `kind`, or null for a forged, altered, malformed or other-kind one. */
export function verifyTrackingToken(
  secret: string,
  kind: TrackingKind,
  token: string,
): TrackingSubject | null {
  if (token.length === 0 || token.length > MAX_TRACKING_TOKEN_LENGTH) return null;
  const [body, signature, ...rest] = token.split('.');
  if (!body || !signature || rest.length > 0) return null;
  const expected = Buffer.from(mac(secret, kind, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let payload: Partial<TokenPayload>;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<TokenPayload>;
  } catch {
    return null;
  }
  if (typeof payload.t !== 'string' || typeof payload.m !== 'string') return null;
  if (kind === 'click') {
    // Only absolute http(s) targets were ever signed; anything else is refused even with a valid MAC.
    if (typeof payload.u !== 'string' || !/^https?:\/\//i.test(payload.u) || !URL.canParse(payload.u))
      return null;
    return { kind, tenantId: payload.t, messageId: payload.m, url: payload.u };
  }
  return { kind, tenantId: payload.t, messageId: payload.m, url: null };
}

const trackable = (url: string, skip: ReadonlySet<string>) =>
  /^https?:\/\/[^/?#\s]+/i.test(url) && URL.canParse(url) && !skip.has(url);

/**
 * Adds hosted tracking to a rendered email: every absolute http(s) link (already UTM-tagged) becomes a
 * signed click redirect, and the HTML part gets a 1×1 open pixel. Unsubscribe links (`skipUrls`), mailto:
 * and relative links stay as they are.
 * @example trackEmail({ html, text }, { baseUrl, secret }, { tenantId, messageId, skipUrls: [unsubscribeUrl] })
 */
export function trackEmail(
  parts: { html: string | null; text: string | null },
  options: EmailTrackingOptions,
  message: { tenantId: string; messageId: string; skipUrls?: readonly string[] },
): { html: string | null; text: string | null } {
  const base = options.baseUrl.replace(/\/+$/, '');
  const skip = new Set(message.skipUrls ?? []);
  const click = (url: string) =>
    trackable(url, skip)
      ? `${base}/t/c/${signTrackingToken(options.secret, {
          kind: 'click',
          tenantId: message.tenantId,
          messageId: message.messageId,
          url,
        })}`
      : url;
  const openToken = signTrackingToken(options.secret, {
    kind: 'open',
    tenantId: message.tenantId,
    messageId: message.messageId,
    url: null,
  });
  const pixel = `<img src="${base}/t/o/${openToken}.gif" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px">`;
  let html: string | null = null;
  if (parts.html !== null) {
    const linked = rewriteHtmlLinks(parts.html, click);
    html = /<\/body\s*>/i.test(linked) ? linked.replace(/<\/body\s*>/i, `${pixel}</body>`) : linked + pixel;
  }
  return { html, text: parts.text === null ? null : rewriteTextLinks(parts.text, click) };
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import { authError, WooRestError } from './woo-errors';

export type WooKeyPermissions = 'read' | 'write' | 'read_write';

export interface WooCredentials {
  consumerKey: string;
  consumerSecret: string;
  permissions: WooKeyPermissions;
}

/** WooCommerce rejects OAuth requests whose timestamp is older than this. */
export const OAUTH_TIMESTAMP_WINDOW_MS = 15 * 60 * 1000;

function safeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** PHP's rawurlencode (RFC 3986), which OAuth 1.0a's percent-encoding matches. */
function rawUrlEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Decodes a query component the way PHP fills `$_GET` (`+` is a space). */
function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function parseQuery(search: string): [string, string][] {
  const query = search.startsWith('?') ? search.slice(1) : search;
  if (query === '') return [];
  return query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    return eq === -1
      ? [decodeComponent(pair), '']
      : [decodeComponent(pair.slice(0, eq)), decodeComponent(pair.slice(eq + 1))];
  });
}

function parseOAuthHeader(header: string): [string, string][] {
  const params: [string, string][] = [];
  for (const match of header.replace(/^OAuth\s+/i, '').matchAll(/([a-z_]+)="([^"]*)"/gi)) {
    params.push([decodeComponent(match[1]!), decodeComponent(match[2]!)]);
  }
  return params;
}

export interface AuthRequest {
  method: string;
  url: URL;
  authorization: string | undefined;
}

/**
 * Verifies WooCommerce REST credentials the way core's `WC_REST_Authentication` does: HTTP Basic or
 * `consumer_key`/`consumer_secret` in the query over HTTPS, one-legged OAuth 1.0a over plain HTTP
 * (HMAC-SHA1/SHA256 signature over method, URL and all query parameters; 15-minute timestamp
 * window; nonces single-use per key).
 */
export function createWooAuthenticator(options: {
  credentials: WooCredentials;
  now: () => number;
  /** Accept Basic/query keys over plain HTTP too (real sites refuse them without TLS). @default false */
  allowKeysOverHttp?: boolean;
}) {
  const { credentials } = options;
  const usedNonces = new Map<string, number>();

  const checkKey = (key: string) => {
    if (!safeEqual(key, credentials.consumerKey)) throw authError('Consumer key is invalid.');
  };

  const checkKeys = (key: string, secret: string) => {
    checkKey(key);
    if (!safeEqual(secret, credentials.consumerSecret)) throw authError('Consumer secret is invalid.');
  };

  const verifyOAuth = (request: AuthRequest, params: [string, string][]) => {
    const map = new Map(params);
    const missing = [
      'oauth_consumer_key',
      'oauth_timestamp',
      'oauth_nonce',
      'oauth_signature',
      'oauth_signature_method',
    ].filter((name) => !map.get(name));
    if (missing.length > 0) throw authError(`Missing OAuth parameter ${missing.join(', ')}`);
    checkKey(map.get('oauth_consumer_key')!);

    const method = map.get('oauth_signature_method')!;
    if (method !== 'HMAC-SHA1' && method !== 'HMAC-SHA256') {
      throw authError('Invalid signature - signature method is invalid.');
    }
    // PHP decodes '+' to a space; base64 signatures legitimately contain '+'.
    const given = map.get('oauth_signature')!.replace(/ /g, '+');
    const signed = params
      .filter(([key]) => key !== 'oauth_signature')
      .map(([key, value]) => [rawUrlEncode(key), rawUrlEncode(value)] as const)
      .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1))
      .map(([key, value]) => `${key}=${value}`)
      .join('&');
    const baseUrl = `${request.url.protocol}//${request.url.host}${request.url.pathname}`;
    const base = `${request.method.toUpperCase()}&${rawUrlEncode(baseUrl)}&${rawUrlEncode(signed)}`;
    const expected = createHmac(method === 'HMAC-SHA1' ? 'sha1' : 'sha256', `${credentials.consumerSecret}&`)
      .update(base)
      .digest('base64');
    if (!safeEqual(given, expected))
      throw authError('Invalid signature - provided signature does not match.');

    const timestampMs = Number(map.get('oauth_timestamp')) * 1000;
    const now = options.now();
    if (!Number.isFinite(timestampMs) || timestampMs < now - OAUTH_TIMESTAMP_WINDOW_MS) {
      throw authError('Invalid timestamp.');
    }
    // Nonces are kept in arrival order, so expired ones sit at the front: prune until a live one.
    for (const [nonce, at] of usedNonces) {
      if (at >= now - OAUTH_TIMESTAMP_WINDOW_MS) break;
      usedNonces.delete(nonce);
    }
    const nonce = map.get('oauth_nonce')!;
    if (usedNonces.has(nonce)) throw authError('Invalid nonce - nonce has already been used.');
    usedNonces.set(nonce, timestampMs);
  };

  /** Throws a WooRestError unless the request carries valid credentials for the operation. */
  return function authenticate(request: AuthRequest, access: 'read' | 'write'): void {
    const https = request.url.protocol === 'https:';
    const keysAllowed = https || options.allowKeysOverHttp === true;
    const query = parseQuery(request.url.search);
    const queryMap = new Map(query);
    const auth = request.authorization;

    let authenticated = false;
    if (keysAllowed && auth?.toLowerCase().startsWith('basic ')) {
      const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      checkKeys(
        colon === -1 ? decoded : decoded.slice(0, colon),
        colon === -1 ? '' : decoded.slice(colon + 1),
      );
      authenticated = true;
    } else if (keysAllowed && queryMap.has('consumer_key')) {
      checkKeys(queryMap.get('consumer_key') ?? '', queryMap.get('consumer_secret') ?? '');
      authenticated = true;
    } else if (!https) {
      const headerParams = auth?.toLowerCase().startsWith('oauth ') ? parseOAuthHeader(auth) : [];
      // PHP keeps the last value of a repeated query key, and the official client repeats its
      // query parameters (once in the URL, once merged into the OAuth parameters).
      const all = [...new Map([...query, ...headerParams]).entries()];
      if (all.some(([key]) => key.startsWith('oauth_'))) {
        verifyOAuth(request, all);
        authenticated = true;
      }
    }
    if (!authenticated) {
      throw access === 'read'
        ? new WooRestError(401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.')
        : new WooRestError(
            401,
            'woocommerce_rest_cannot_edit',
            'Sorry, you are not allowed to edit this resource.',
          );
    }
    if (access === 'write' && credentials.permissions === 'read') {
      throw authError('The API key provided does not have write permissions.');
    }
    if (access === 'read' && credentials.permissions === 'write') {
      throw authError('The API key provided does not have read permissions.');
    }
  };
}

export type WooAuthenticator = ReturnType<typeof createWooAuthenticator>;

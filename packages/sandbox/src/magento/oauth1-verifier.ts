import { createHmac, timingSafeEqual } from 'node:crypto';

/** RFC 3986 percent-encoding as RFC 5849 §3.6 requires (unreserved characters stay). */
export function oauthEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Parses `Authorization: OAuth k="v", …` into its decoded parameters; null when not OAuth. */
export function parseOAuthHeader(header: string | undefined): Map<string, string> | null {
  if (!header || !/^OAuth\s/i.test(header)) return null;
  const params = new Map<string, string>();
  for (const match of header.slice(6).matchAll(/([A-Za-z0-9_.~%-]+)="([^"]*)"/g)) {
    const [, key = '', value = ''] = match;
    params.set(decodeURIComponent(key), decodeURIComponent(value));
  }
  return params;
}

/** RFC 5849 §3.4.1.2: lower-case scheme and host, default ports dropped, no query or fragment. */
export function baseStringUri(url: URL): string {
  const scheme = url.protocol.toLowerCase();
  const defaultPort =
    (scheme === 'http:' && url.port === '80') || (scheme === 'https:' && url.port === '443');
  const port = url.port === '' || defaultPort ? '' : `:${url.port}`;
  return `${scheme}//${url.hostname.toLowerCase()}${port}${url.pathname}`;
}

/**
 * RFC 5849 §3.4.1: `METHOD&enc(base URI)&enc(normalized parameters)`, the parameters being the
 * protocol parameters (without `oauth_signature`), the query and a form-encoded body, each pair
 * encoded and sorted by name then value.
 */
export function signatureBaseString(
  method: string,
  url: URL,
  oauthParams: ReadonlyMap<string, string>,
  formParams: readonly [string, string][] = [],
): string {
  const pairs: [string, string][] = [];
  for (const [key, value] of url.searchParams) pairs.push([oauthEncode(key), oauthEncode(value)]);
  for (const [key, value] of oauthParams) {
    if (key !== 'oauth_signature' && key !== 'realm') pairs.push([oauthEncode(key), oauthEncode(value)]);
  }
  for (const [key, value] of formParams) pairs.push([oauthEncode(key), oauthEncode(value)]);
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const normalized = pairs.map(([key, value]) => `${key}=${value}`).join('&');
  return [method.toUpperCase(), oauthEncode(baseStringUri(url)), oauthEncode(normalized)].join('&');
}

export type SignatureMethod = 'HMAC-SHA256' | 'HMAC-SHA1';

export function hmacSignature(
  method: SignatureMethod,
  baseString: string,
  consumerSecret: string,
  tokenSecret: string,
): string {
  const key = `${oauthEncode(consumerSecret)}&${oauthEncode(tokenSecret)}`;
  return createHmac(method === 'HMAC-SHA256' ? 'sha256' : 'sha1', key)
    .update(baseString)
    .digest('base64');
}

export function signaturesEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

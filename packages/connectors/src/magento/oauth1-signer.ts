import { createHmac, randomBytes } from 'node:crypto';

/** RFC 3986 percent-encoding (RFC 5849 §3.6). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export interface OAuth1Credentials {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
}

export interface OAuth1SignInput {
  method: string;
  /** The full request URL; its query parameters are signed. */
  url: URL;
  credentials: OAuth1Credentials;
  /** @default 'HMAC-SHA256' (Magento's integration default) */
  signatureMethod?: 'HMAC-SHA256' | 'HMAC-SHA1';
  /** Seconds since the epoch. */
  timestamp: number;
  nonce?: string;
}

function baseUri(url: URL): string {
  const scheme = url.protocol.toLowerCase();
  const defaultPort =
    (scheme === 'http:' && url.port === '80') || (scheme === 'https:' && url.port === '443');
  return `${scheme}//${url.hostname.toLowerCase()}${url.port === '' || defaultPort ? '' : `:${url.port}`}${url.pathname}`;
}

/** RFC 5849 §3.4.1 signature base string over the protocol and query parameters. */
export function oauth1BaseString(
  method: string,
  url: URL,
  protocolParams: Readonly<Record<string, string>>,
): string {
  const pairs: [string, string][] = [];
  for (const [key, value] of url.searchParams) pairs.push([percentEncode(key), percentEncode(value)]);
  for (const [key, value] of Object.entries(protocolParams))
    pairs.push([percentEncode(key), percentEncode(value)]);
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const normalized = pairs.map(([key, value]) => `${key}=${value}`).join('&');
  return `${method.toUpperCase()}&${percentEncode(baseUri(url))}&${percentEncode(normalized)}`;
}

/**
 * Signs one request with OAuth 1.0a (RFC 5849) and returns the `Authorization: OAuth …` header value.
 * The JSON body is not signed (only form-encoded bodies are, and Magento's REST API takes JSON).
 *
 * @example
 * headers.authorization = oauth1AuthorizationHeader({ method: 'GET', url, credentials, timestamp: Math.floor(Date.now() / 1000) });
 */
export function oauth1AuthorizationHeader(input: OAuth1SignInput): string {
  const signatureMethod = input.signatureMethod ?? 'HMAC-SHA256';
  const params: Record<string, string> = {
    oauth_consumer_key: input.credentials.consumerKey,
    oauth_nonce: input.nonce ?? randomBytes(16).toString('hex'),
    oauth_signature_method: signatureMethod,
    oauth_timestamp: String(input.timestamp),
    oauth_token: input.credentials.accessToken,
    oauth_version: '1.0',
  };
  const key = `${percentEncode(input.credentials.consumerSecret)}&${percentEncode(input.credentials.accessTokenSecret)}`;
  const signature = createHmac(signatureMethod === 'HMAC-SHA256' ? 'sha256' : 'sha1', key)
    .update(oauth1BaseString(input.method, input.url, params))
    .digest('base64');
  const header = Object.entries({ ...params, oauth_signature: signature })
    .map(([name, value]) => `${percentEncode(name)}="${percentEncode(value)}"`)
    .join(',');
  return `OAuth ${header}`;
}

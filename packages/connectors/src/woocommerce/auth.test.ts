import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { wooAuth } from './auth';
import { wooCredentialsFromAuthCallback } from './auth-callback';
import { WooCredentials } from './credentials';
import { fixture } from './test-fixtures/read-fixture';

const credentials = WooCredentials.parse({
  url: 'https://shop.example',
  consumerKey: 'ck_abc',
  consumerSecret: 'cs_xyz',
});

function authFor(creds: WooCredentials, url: string, method: 'GET' | 'PUT' = 'GET') {
  return wooAuth.authenticate({
    storeId: 'sto_woo1',
    credentials: creds,
    tokens: { get: async () => '', invalidate: () => undefined },
    now: () => Date.now(),
    exchange: async () => {
      throw new Error('no exchange');
    },
    request: { method, url: new URL(url) },
  });
}

/** RFC 5849 signature base, recomputed independently of the oauth-1.0a library. */
function expectedSignature(method: string, url: URL, params: Record<string, string>, secret: string): string {
  const encode = (value: string) =>
    encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const all = [...url.searchParams.entries(), ...Object.entries(params)]
    .map(([key, value]) => [encode(key), encode(value)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a < b ? -1 : 1));
  const base = [
    method,
    encode(`${url.origin}${url.pathname}`),
    encode(all.map(([key, value]) => `${key}=${value}`).join('&')),
  ].join('&');
  return createHmac('sha256', `${encode(secret)}&`)
    .update(base)
    .digest('base64');
}

describe('wooAuth', () => {
  it('uses Basic auth over https', async () => {
    expect(await authFor(credentials, 'https://shop.example/wp-json/wc/v3/orders')).toEqual({
      headers: { authorization: `Basic ${Buffer.from('ck_abc:cs_xyz').toString('base64')}` },
    });
  });

  it('puts the keys in the query string over https when asked', async () => {
    const material = await authFor(
      { ...credentials, queryStringAuth: true },
      'https://shop.example/wp-json/wc/v3/orders',
    );
    expect(material).toEqual({ query: { consumer_key: 'ck_abc', consumer_secret: 'cs_xyz' } });
  });

  it('signs OAuth 1.0a HMAC-SHA256 over http, covering the query, with a fresh nonce each time', async () => {
    const url = 'http://shop.example/wp-json/wc/v3/orders?page=2&per_page=100';
    const first = await authFor({ ...credentials, url: 'http://shop.example' }, url);
    const second = await authFor({ ...credentials, url: 'http://shop.example' }, url);
    const query = first.query ?? {};
    expect(query).toMatchObject({ oauth_consumer_key: 'ck_abc', oauth_signature_method: 'HMAC-SHA256' });
    expect(query.oauth_nonce).not.toBe(second.query?.oauth_nonce);
    const { oauth_signature: signature, ...signed } = query;
    expect(signature).toBe(expectedSignature('GET', new URL(url), signed, 'cs_xyz'));
  });
});

describe('wooCredentialsFromAuthCallback', () => {
  it('turns auth-endpoint-callback.body.json into credentials for the store', () => {
    expect(
      wooCredentialsFromAuthCallback(fixture('auth-endpoint-callback.body.json'), 'https://shop.example'),
    ).toEqual({
      credentials: {
        url: 'https://shop.example',
        consumerKey: 'ck_xxxxxxxxxxxxxxxx',
        consumerSecret: 'cs_xxxxxxxxxxxxxxxx',
        queryStringAuth: false,
      },
      keyPermissions: 'read_write',
      userId: '123',
    });
  });

  it('refuses a body that is not a key delivery', () => {
    expect(() =>
      wooCredentialsFromAuthCallback({ key_id: 1, consumer_key: 'x' }, 'https://shop.example'),
    ).toThrow(/consumer_key|user_id/);
  });
});

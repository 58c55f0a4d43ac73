import { describe, expect, it } from 'vitest';
import type { AuthContext, CachedToken } from '../engine/auth';
import { classifyDefault } from '../engine/classify';
import type { ConnectorResponse } from '../engine/http-types';
import type { MagentoCredentials } from './credentials';
import { magentoApiBase } from './credentials';
import { magentoAuth } from './magento-auth';
import { oauth1AuthorizationHeader, oauth1BaseString } from './oauth1-signer';
import { fixture } from './test-fixtures/read-fixture';

function response(status: number, body: unknown): ConnectorResponse {
  return {
    status,
    headers: new Headers(),
    body,
    text: JSON.stringify(body),
    url: 'https://shop.test/rest/V1/x',
    attempts: 1,
  };
}

function authContext(credentials: MagentoCredentials, exchangeBody: unknown = null) {
  const cache = new Map<string, CachedToken>();
  let exchanges = 0;
  const context: AuthContext<MagentoCredentials> = {
    storeId: 'sto_auth',
    credentials,
    now: () => Date.parse('2026-01-01T00:00:00Z'),
    tokens: {
      async get(key, load) {
        const cached = cache.get(key);
        if (cached) return cached.value;
        const fresh = await load();
        cache.set(key, fresh);
        return fresh.value;
      },
      invalidate: (key) => void cache.delete(key),
    },
    exchange: async () => {
      exchanges += 1;
      return response(200, exchangeBody);
    },
    request: {
      method: 'GET',
      url: new URL('https://shop.test/rest/default/V1/orders?searchCriteria[pageSize]=10'),
    },
  };
  return { context, exchanges: () => exchanges };
}

describe('OAuth 1.0a signing', () => {
  it('builds the RFC 5849 base string from method, URL, query and protocol parameters', () => {
    const base = oauth1BaseString(
      'POST',
      new URL('http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b'),
      {
        oauth_consumer_key: '9djdj82h48djs9d2',
        oauth_token: 'kkk9d7dh3k39sjv7',
        oauth_signature_method: 'HMAC-SHA1',
        oauth_timestamp: '137131201',
        oauth_nonce: '7d8f3e4a',
      },
    );
    // RFC 5849 §3.4.1.1 without its form-encoded body parameters (Magento's REST bodies are JSON).
    expect(base).toBe(
      'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7',
    );
  });

  it('puts every protocol parameter and an HMAC-SHA256 signature in the header', () => {
    const header = oauth1AuthorizationHeader({
      method: 'GET',
      url: new URL('https://shop.test/rest/V1/orders'),
      credentials: { consumerKey: 'ck', consumerSecret: 'cs', accessToken: 'at', accessTokenSecret: 'as' },
      timestamp: 1_700_000_000,
      nonce: 'abc',
    });
    expect(header).toMatch(
      /^OAuth oauth_consumer_key="ck",oauth_nonce="abc",oauth_signature_method="HMAC-SHA256",oauth_timestamp="1700000000",oauth_token="at",oauth_version="1.0",oauth_signature="[A-Za-z0-9%]+"$/,
    );
  });
});

describe('magentoAuth', () => {
  const base = { baseUrl: 'https://shop.test', storeCode: 'default' };

  it('targets /rest/{store}/V1, or /rest/V1 without a store code', () => {
    expect(magentoApiBase({ ...base, auth: { kind: 'bearer', token: 't' } })).toBe(
      'https://shop.test/rest/default/V1',
    );
    expect(magentoApiBase({ baseUrl: 'https://shop.test/', auth: { kind: 'bearer', token: 't' } })).toBe(
      'https://shop.test/rest/V1',
    );
  });

  it('signs integration requests with OAuth 1.0a', async () => {
    const { context } = authContext({
      ...base,
      auth: {
        kind: 'oauth1',
        consumerKey: 'ck',
        consumerSecret: 'cs',
        accessToken: 'at',
        accessTokenSecret: 'as',
      },
    });
    const material = await magentoAuth.authenticate(context);
    expect(material.headers?.authorization).toMatch(
      /^OAuth oauth_consumer_key="ck",.*oauth_signature_method="HMAC-SHA256"/,
    );
  });

  it("exchanges admin credentials once for a token like the documented one ('admin-token.response.json')", async () => {
    const { context, exchanges } = authContext(
      { ...base, auth: { kind: 'admin', username: 'admin', password: 'secret' } },
      fixture('admin-token.response.json'),
    );
    expect((await magentoAuth.authenticate(context)).headers).toEqual({
      authorization: 'Bearer 5r8cvmpr11j6gmau8990rcj2qk7unh8i',
    });
    await magentoAuth.authenticate(context);
    expect(exchanges()).toBe(1);
    await magentoAuth.refresh?.(context);
    await magentoAuth.authenticate(context);
    expect(exchanges()).toBe(2);
  });

  it('refuses an admin token answer that is not a string', async () => {
    const { context } = authContext(
      { ...base, auth: { kind: 'admin', username: 'a', password: 'b' } },
      { token: 1 },
    );
    await expect(magentoAuth.authenticate(context)).rejects.toThrow('not a token string');
  });
});

describe('Magento error bodies', () => {
  const classifyContext = { now: 0, refreshableAuth: false };
  const request = { operation: 'products.save' };

  it("classifies the documented 400 ('error-400.response.json') as invalid_payload with its %1 filled", () => {
    const outcome = {
      kind: 'response' as const,
      request,
      response: response(400, fixture('error-400.response.json')),
    };
    expect(classifyDefault(outcome, classifyContext)).toEqual({
      action: 'fail',
      errorClass: 'invalid_payload',
      reason: 'HTTP 400: Invalid product data: Invalid attribute set entity type',
    });
  });

  it("classifies the backpressure 429 ('error-429-rate-limited.response.json') as rate limited", () => {
    const outcome = {
      kind: 'response' as const,
      request,
      response: response(429, fixture('error-429-rate-limited.response.json')),
    };
    expect(classifyDefault(outcome, classifyContext)).toMatchObject({
      action: 'rate_limited',
      errorClass: 'rate_limited',
      reason: 'HTTP 429: Too Many Requests',
    });
  });

  it('classifies a named-placeholder 401 as an auth failure with its parameters filled', () => {
    const body = {
      message: "The consumer isn't authorized to access %resources.",
      parameters: { resources: 'Magento_Sales::actions_view' },
    };
    expect(
      classifyDefault({ kind: 'response', request, response: response(401, body) }, classifyContext),
    ).toMatchObject({
      errorClass: 'auth',
      reason: "HTTP 401: The consumer isn't authorized to access Magento_Sales::actions_view.",
    });
  });
});

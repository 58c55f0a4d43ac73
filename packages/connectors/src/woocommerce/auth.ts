import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import { type AuthDefinition, type AuthMaterial, basicAuthHeader } from '../engine/auth';
import type { WooCredentials } from './credentials';

/**
 * OAuth 1.0a one-legged signing exactly as @woocommerce/woocommerce-rest-api does it over plain
 * HTTP: HMAC-SHA256, the request's query parameters included in the signature base, the `oauth_*`
 * parameters sent in the query string.
 */
export function oauthQuery(
  credentials: Pick<WooCredentials, 'consumerKey' | 'consumerSecret'>,
  method: string,
  url: URL,
): Record<string, string> {
  const oauth = new OAuth({
    consumer: { key: credentials.consumerKey, secret: credentials.consumerSecret },
    signature_method: 'HMAC-SHA256',
    hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64'),
  });
  const signed = oauth.authorize({ url: url.toString(), method });
  // `authorize` echoes the URL's own parameters too; only the oauth_* ones are added to the request.
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed)) {
    if (name.startsWith('oauth_')) query[name] = String(value);
  }
  return query;
}

/**
 * WooCommerce REST authentication, chosen per request like the official client: over HTTPS the
 * key pair as Basic auth (or as `consumer_key`/`consumer_secret` query parameters with
 * `queryStringAuth`); over HTTP an OAuth 1.0a signature. Signing happens on every attempt, so a
 * retried request carries a fresh nonce and timestamp (WooCommerce rejects a reused nonce).
 */
export const wooAuth: AuthDefinition<WooCredentials> = {
  authenticate({ credentials, request }): AuthMaterial {
    if (request.url.protocol === 'https:') {
      if (credentials.queryStringAuth) {
        return {
          query: { consumer_key: credentials.consumerKey, consumer_secret: credentials.consumerSecret },
        };
      }
      return { headers: basicAuthHeader(credentials.consumerKey, credentials.consumerSecret) };
    }
    return { query: oauthQuery(credentials, request.method, request.url) };
  },
};

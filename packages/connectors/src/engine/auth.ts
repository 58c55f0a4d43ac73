import type { ConnectorResponse, HttpMethod, RequestOptions } from './http-types';

/** What authorises one request: headers and/or query parameters (WooCommerce query-string auth). */
export interface AuthMaterial {
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

/** A cached secret with its absolute expiry (epoch milliseconds). */
export interface CachedToken {
  value: string;
  expiresAt: number;
}

/**
 * Per-store token cache owned by the engine. Concurrent loads of one key share a single exchange,
 * and a token expiring within the engine's refresh skew counts as expired.
 */
export interface TokenCache {
  get(key: string, load: () => Promise<CachedToken>): Promise<string>;
  invalidate(key: string): void;
}

/** The store side of an auth call: who is calling, with which (validated) credentials. */
export interface AuthStoreContext<TCredentials> {
  storeId: string;
  credentials: TCredentials;
  tokens: TokenCache;
  now(): number;
  /**
   * Sends a request through the engine (timeouts, retries, classification) without the connector's
   * auth — for token exchanges such as Amazon LWA. Pass `url` for hosts outside `baseUrl`.
   */
  exchange(request: Omit<RequestOptions, 'authenticate'>): Promise<ConnectorResponse>;
}

export interface AuthContext<TCredentials> extends AuthStoreContext<TCredentials> {
  /** The request being authorised (OAuth 1.0a signs method, URL and query). */
  request: { method: HttpMethod; url: URL };
}

/**
 * How a connector authorises requests. `refresh` marks the token as refreshable: on a 401 the engine
 * calls it once and retries; without it a 401 is a final `AuthError`.
 */
export interface AuthDefinition<TCredentials> {
  authenticate(context: AuthContext<TCredentials>): AuthMaterial | Promise<AuthMaterial>;
  refresh?(context: AuthStoreContext<TCredentials>): void | Promise<void>;
}

/**
 * Auth computed from credentials alone (API-key headers, Basic auth, static Bearer tokens).
 *
 * @example
 * auth: staticAuth((c) => ({ headers: { 'X-Shopify-Access-Token': c.accessToken } }))
 */
export function staticAuth<TCredentials>(
  build: (credentials: TCredentials) => AuthMaterial,
): AuthDefinition<TCredentials> {
  return { authenticate: ({ credentials }) => build(credentials) };
}

/** `Authorization: Basic base64(user:password)`. */
export function basicAuthHeader(user: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}` };
}

export interface TokenExchangeOptions<TCredentials> {
  /** Cache key within the store. @default 'access_token' */
  key?: string;
  /** Obtains a fresh token, typically via `context.exchange({ url, method: 'POST', form })`. */
  exchange(context: AuthStoreContext<TCredentials>): Promise<{ token: string; expiresInSeconds: number }>;
  /** Puts the token on a request. */
  apply(token: string, context: AuthContext<TCredentials>): AuthMaterial;
}

/**
 * Auth through an exchanged, expiring token (Amazon LWA refresh_token → access_token, Magento admin
 * tokens): cached per store until shortly before expiry, refreshed on a 401.
 *
 * @example
 * auth: tokenExchangeAuth({
 *   exchange: async (ctx) => { const r = await ctx.exchange({ operation: 'lwa.token', url, method: 'POST', form }); … },
 *   apply: (token) => ({ headers: { 'x-amz-access-token': token } }),
 * })
 */
export function tokenExchangeAuth<TCredentials>(
  options: TokenExchangeOptions<TCredentials>,
): AuthDefinition<TCredentials> {
  const key = options.key ?? 'access_token';
  return {
    async authenticate(context) {
      const token = await context.tokens.get(key, async () => {
        const { token: value, expiresInSeconds } = await options.exchange(context);
        return { value, expiresAt: context.now() + expiresInSeconds * 1000 };
      });
      return options.apply(token, context);
    },
    refresh(context) {
      context.tokens.invalidate(key);
    },
  };
}

/** In-memory token cache for one process, keyed by store; the engine creates one. */
export function createTokenCacheRegistry(options: { now(): number; refreshSkewMs: number }) {
  const tokens = new Map<string, CachedToken>();
  const loading = new Map<string, Promise<CachedToken>>();

  return {
    forStore(scope: string): TokenCache {
      return {
        async get(key, load) {
          const fullKey = `${scope}\u0000${key}`;
          const cached = tokens.get(fullKey);
          if (cached && cached.expiresAt - options.refreshSkewMs > options.now()) return cached.value;
          let pending = loading.get(fullKey);
          if (!pending) {
            pending = load().finally(() => loading.delete(fullKey));
            loading.set(fullKey, pending);
          }
          const fresh = await pending;
          tokens.set(fullKey, fresh);
          return fresh.value;
        },
        invalidate(key) {
          tokens.delete(`${scope}\u0000${key}`);
        },
      };
    },
  };
}

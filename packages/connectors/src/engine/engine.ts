import pRetry from 'p-retry';
import type { AuthStoreContext } from './auth';
import { createTokenCacheRegistry } from './auth';
import { type Classification, createClassifier } from './classify';
import type { Clock } from './clock';
import { systemClock } from './clock';
import type { ConnectionContext, StoreInput } from './connection';
import { connectStore } from './connection';
import type { AnyConnector } from './connector';
import { ConnectorError, createConnectorError } from './errors';
import type { AttemptOutcome, ConnectorResponse, QueryParams, RequestOptions } from './http-types';
import { MalformedBodyError, parseJson } from './json';
import type { EngineLogger } from './logger';
import { silentLogger } from './logger';
import { createRequestLimiter } from './rate-limit/create-request-limiter';
import type { LimiterFactory } from './rate-limit/limiter-factory';
import { createLimiterFactory } from './rate-limit/limiter-factory';
import type { RequestLimiter } from './rate-limit/rate-limit-types';
import { applyRateLimitOverride } from './rate-limit/rate-limit-types';
import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';

export interface ConnectorEngineOptions {
  /** pino-compatible logger. @default silent */
  logger?: EngineLogger;
  /** Where limiters come from; pass a Redis-backed factory to share limits across processes. @default in-process */
  limiterFactory?: LimiterFactory;
  /** The fetch used for every platform call (tests inject failures here). @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Time source for retry waits and in-process rate-limit buckets. @default system clock */
  clock?: Clock;
  /** Engine-wide retry policy; a connector's `retry` overrides it. */
  retry?: Partial<RetryPolicy>;
  /** Per-request timeout in milliseconds. @default 30_000 */
  timeoutMs?: number;
  /** Exchanged tokens are refreshed this long before they expire. @default 60_000 */
  tokenRefreshSkewMs?: number;
  /**
   * Called after every attempt, e.g. to count throttled replies per platform for metrics. Must not
   * throw.
   * @example onAttempt: (e) => e.action === 'rate_limited' && throttled.inc({ platform: e.platform })
   */
  onAttempt?(event: AttemptEvent): void;
}

/** One attempt as seen by metrics and benchmarks (no URL query, headers or bodies). */
export interface AttemptEvent {
  platform: string;
  storeId: string;
  operation: string;
  method: string;
  path: string;
  /** HTTP status; null for network errors and timeouts. */
  status: number | null;
  attempt: number;
  action: Classification['action'];
  reason: string;
  durationMs: number;
}

export interface FetchForOptions {
  /** Operation name for limits, learned costs and errors. @default 'fetch' */
  operation?: string | ((url: URL, init: RequestInit | undefined) => string);
}

export interface ConnectorEngine {
  /** Validates a store against a connector; see `connectStore`. */
  connect<TConnector extends AnyConnector>(
    connector: TConnector,
    store: StoreInput,
  ): ConnectionContext<TConnector>;
  /**
   * Sends one request with auth, the store's limiter, a timeout, retries (429/5xx/network, honouring
   * Retry-After) and classification. Resolves with the decoded response or throws a ConnectorError.
   */
  request(context: ConnectionContext, options: RequestOptions): Promise<ConnectorResponse>;
  /**
   * A fetch-compatible function going through `request` — for SDK clients that take a custom fetch
   * (e.g. @shopify/admin-api-client's `customFetchApi`). Failures classified as errors reject with a
   * ConnectorError instead of resolving with an error status.
   */
  fetchFor(context: ConnectionContext, options?: FetchForOptions): typeof fetch;
  /** The limiter of a connected store, created on first use. */
  limiterFor(context: ConnectionContext): RequestLimiter;
  readonly clock: Clock;
  readonly logger: EngineLogger;
  /** Releases limiters (and their Redis connection). */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

function joinUrl(base: string, path: string): URL {
  const trimmedBase = base.endsWith('/') ? base.slice(0, -1) : base;
  const trimmedPath = path.startsWith('/') ? path : `/${path}`;
  return new URL(`${trimmedBase}${trimmedPath}`);
}

function appendQuery(url: URL, query: QueryParams | undefined): void {
  if (!query) return;
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      url.searchParams.delete(key);
      for (const item of value) url.searchParams.append(key, String(item));
    } else {
      url.searchParams.set(key, String(value));
    }
  }
}

function requestBody(options: RequestOptions, headers: Headers): string | Uint8Array | undefined {
  if (options.rawBody !== undefined) return options.rawBody;
  if (options.form !== undefined) {
    if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded');
    return new URLSearchParams(options.form).toString();
  }
  if (options.body !== undefined) {
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    return JSON.stringify(options.body);
  }
  return undefined;
}

/**
 * Creates the engine that performs every platform call for every connector.
 *
 * @example
 * const engine = createConnectorEngine({ logger, limiterFactory: createLimiterFactory({ redis: env.REDIS_URL }) });
 * const ctx = engine.connect(shopifyConnector, { id: store.id, credentials, settings });
 * const res = await engine.request(ctx, { operation: 'shop', method: 'POST', path: '/graphql.json', body: { query } });
 */
export function createConnectorEngine(options: ConnectorEngineOptions = {}): ConnectorEngine {
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const limiterFactory = options.limiterFactory ?? createLimiterFactory({ logger, clock });
  const ownsFactory = options.limiterFactory === undefined;
  const tokens = createTokenCacheRegistry({
    now: () => clock.now(),
    refreshSkewMs: options.tokenRefreshSkewMs ?? 60_000,
  });
  const limiters = new Map<string, RequestLimiter>();

  function limiterFor(context: ConnectionContext): RequestLimiter {
    const key = `${context.connector.platform}:${context.store.id}`;
    let limiter = limiters.get(key);
    if (!limiter) {
      const definition = applyRateLimitOverride(context.connector.rateLimit, context.store.engine.rateLimit);
      limiter = createRequestLimiter(limiterFactory, key, definition);
      limiters.set(key, limiter);
    }
    return limiter;
  }

  function authContext(context: ConnectionContext): AuthStoreContext<unknown> {
    const { connector, store } = context;
    return {
      storeId: store.id,
      credentials: store.credentials,
      tokens: tokens.forStore(`${connector.platform}:${store.id}`),
      now: () => clock.now(),
      exchange: (request) => engine.request(context, { ...request, authenticate: false }),
    };
  }

  interface PreparedRequest {
    method: string;
    url: URL;
    headers: Headers;
    body: string | Uint8Array | undefined;
    authQueryKeys: string[];
  }

  /**
   * Builds URL, headers and body, and authorises them. Runs outside the limiter slot: a token
   * exchange is itself an engine request and must not wait for the slot its caller holds.
   */
  async function prepare(context: ConnectionContext, request: RequestOptions): Promise<PreparedRequest> {
    const { connector, store } = context;
    const method = request.method ?? 'GET';
    const url =
      request.url !== undefined
        ? new URL(request.url)
        : joinUrl(connector.baseUrl(store.credentials, store.settings), request.path ?? '/');
    appendQuery(url, request.query);
    const headers = new Headers({ accept: 'application/json' });
    for (const [name, value] of Object.entries(request.headers ?? {})) headers.set(name, value);
    const body = requestBody(request, headers);
    const authQueryKeys: string[] = [];
    if (request.authenticate !== false) {
      const material = await connector.auth.authenticate({
        ...authContext(context),
        request: { method, url },
      });
      for (const [name, value] of Object.entries(material.headers ?? {})) headers.set(name, value);
      for (const [name, value] of Object.entries(material.query ?? {})) {
        url.searchParams.set(name, value);
        authQueryKeys.push(name);
      }
    }
    return { method, url, headers, body, authQueryKeys };
  }

  async function attempt(
    context: ConnectionContext,
    request: RequestOptions,
    prepared: PreparedRequest,
  ): Promise<AttemptOutcome> {
    const { connector, store } = context;
    const { method, url, headers, body } = prepared;
    const timeoutMs = request.timeoutMs ?? store.engine.timeoutMs ?? connector.timeoutMs ?? options.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
    let status: number;
    let responseHeaders: Headers;
    let text: string;
    try {
      // Node's fetch sends any Uint8Array. The cast is for programs that also load lib.dom (graphql-yoga's
      // typings reference it, so the gateway's do), where BodyInit only takes ArrayBuffer-backed views.
      const init: RequestInit = {
        method,
        headers,
        body: body as RequestInit['body'],
        signal,
        redirect: 'follow',
      };
      const response = await fetchImpl(url, init);
      status = response.status;
      responseHeaders = response.headers;
      text = await response.text();
    } catch (error) {
      // A caller's abort is a decision, not a failure to classify or retry.
      if (request.signal?.aborted) throw request.signal.reason;
      return { kind: 'error', request, error };
    }
    const parse = request.parse ?? connector.json ?? 'json';
    let decoded: unknown = text;
    if (text.trim() === '') {
      decoded = null;
    } else if (parse !== 'text') {
      try {
        decoded = parseJson(text, parse);
      } catch {
        if (status >= 200 && status < 300) {
          return {
            kind: 'error',
            request,
            error: new MalformedBodyError(`HTTP ${status} body is not JSON (${text.length} bytes)`),
          };
        }
        // Error pages (HTML 502s) are kept as text for the error message.
        decoded = text;
      }
    }
    return {
      kind: 'response',
      request,
      response: {
        status,
        headers: responseHeaders,
        body: decoded,
        text,
        url: url.toString(),
        attempts: 1,
        authQueryKeys: prepared.authQueryKeys,
      },
    };
  }

  async function request(context: ConnectionContext, request: RequestOptions): Promise<ConnectorResponse> {
    const { connector, store } = context;
    const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry, ...connector.retry };
    const classify = createClassifier(connector.classify);
    const limiter = limiterFor(context);
    const canRefresh = request.authenticate !== false && typeof connector.auth.refresh === 'function';
    const errorContext = { platform: connector.platform, storeId: store.id, operation: request.operation };
    let refreshed = false;
    let lastAction: Classification['action'] = 'fail';
    // A platform asking for a longer wait than the retry budget gets a RateLimitedError carrying
    // that wait at once, so the caller (job scheduler) can come back later instead of blocking.
    const willRetry = (error: Error): boolean =>
      (lastAction === 'retry' || lastAction === 'rate_limited' || lastAction === 'refresh_auth') &&
      !(error instanceof ConnectorError && (error.retryAfterMs ?? 0) > policy.maxRetryTimeMs);

    return pRetry(
      async (attemptNumber) => {
        lastAction = 'fail';
        const started = clock.now();
        const prepared = await prepare(context, request);
        const { outcome, classification } = await limiter.schedule(request, async (grant) => {
          const result = await attempt(context, request, prepared);
          if (result.kind === 'response') await limiter.observe(request, result.response, grant);
          const decision = classify(result, { now: clock.now(), refreshableAuth: canRefresh && !refreshed });
          return { outcome: result, classification: decision };
        });
        lastAction = classification.action;
        const status = outcome.kind === 'response' ? outcome.response.status : null;
        const event: AttemptEvent = {
          ...errorContext,
          method: prepared.method,
          path: prepared.url.pathname,
          status,
          attempt: attemptNumber,
          action: classification.action,
          reason: classification.reason,
          durationMs: clock.now() - started,
        };
        logger.debug({ ...event }, 'connector request');
        options.onAttempt?.(event);
        if (classification.action === 'ok' && outcome.kind === 'response') {
          return { ...outcome.response, attempts: attemptNumber };
        }
        if (classification.action === 'refresh_auth') {
          refreshed = true;
          await connector.auth.refresh?.(authContext(context));
        }
        throw createConnectorError(
          classification.errorClass ?? 'invalid_payload',
          `${connector.platform} ${request.operation}: ${classification.reason}`,
          {
            ...errorContext,
            status,
            retryAfterMs: classification.waitMs ?? null,
            cause: outcome.kind === 'error' ? outcome.error : undefined,
          },
        );
      },
      {
        retries: policy.retries,
        factor: policy.factor,
        minTimeout: policy.minTimeoutMs,
        maxTimeout: policy.maxTimeoutMs,
        maxRetryTime: policy.maxRetryTimeMs,
        randomize: false,
        signal: request.signal,
        shouldRetry: ({ error }) => willRetry(error),
        onFailedAttempt: async ({ error, retriesLeft, retriesConsumed }) => {
          if (retriesLeft <= 0 || !willRetry(error)) return;
          logger.warn({ ...errorContext, err: error.message, retriesLeft }, 'connector request retrying');
          // p-retry then waits its own backoff; top it up so the total wait honours Retry-After.
          const wanted = error instanceof ConnectorError ? (error.retryAfterMs ?? 0) : 0;
          const extra = wanted - backoffDelay(policy, retriesConsumed);
          if (extra > 0) await clock.sleep(extra, request.signal);
        },
      },
    );
  }

  function fetchFor(context: ConnectionContext, fetchOptions: FetchForOptions = {}): typeof fetch {
    return async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input.toString());
      const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
      const operation =
        typeof fetchOptions.operation === 'function'
          ? fetchOptions.operation(url, init)
          : (fetchOptions.operation ?? 'fetch');
      const headers: Record<string, string> = {};
      new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).forEach(
        (value, name) => {
          headers[name] = value;
        },
      );
      let rawBody: string | Uint8Array | undefined;
      if (typeof init?.body === 'string' || init?.body instanceof Uint8Array) {
        rawBody = init.body;
      } else if (init?.body != null) {
        rawBody = new Uint8Array(await new Response(init.body).arrayBuffer());
      } else if (input instanceof Request && input.body !== null) {
        rawBody = new Uint8Array(await input.arrayBuffer());
      }
      const response = await request(context, {
        operation,
        method: method as RequestOptions['method'],
        url: url.toString(),
        headers,
        rawBody,
        signal: init?.signal ?? undefined,
      });
      return new Response(response.text === '' ? null : response.text, {
        status: response.status,
        headers: response.headers,
      });
    };
  }

  const engine: ConnectorEngine = {
    connect: connectStore,
    request,
    fetchFor,
    limiterFor,
    clock,
    logger,
    async close() {
      limiters.clear();
      if (ownsFactory) await limiterFactory.disconnect();
    },
  };
  return engine;
}

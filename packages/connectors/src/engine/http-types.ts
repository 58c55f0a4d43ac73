import type { BodyParse } from './json';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Arrays repeat the key (`a=1&a=2`); null/undefined values are dropped. */
export type QueryValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly (string | number | boolean)[];
export type QueryParams = Readonly<Record<string, QueryValue>>;

/**
 * One request a connector asks the engine to make. Connectors never call fetch themselves.
 *
 * @example
 * engine.request(ctx, { operation: 'orders.list', path: '/orders', query: { per_page: 100 } })
 */
export interface RequestOptions {
  /**
   * Names the platform operation. Keys per-operation limiters (Amazon token buckets), learned query
   * costs (Shopify) and appears in errors and logs.
   */
  operation: string;
  /** @default 'GET' */
  method?: HttpMethod;
  /** Path appended to the connector's `baseUrl(credentials)`; ignored when `url` is given. */
  path?: string;
  /** Absolute URL, e.g. a Link-header `next` URL or a token endpoint outside the API host. */
  url?: string;
  query?: QueryParams;
  /** Sent as JSON (`Content-Type: application/json`). */
  body?: unknown;
  /** Sent as `application/x-www-form-urlencoded` (OAuth token exchanges). Exclusive with `body`. */
  form?: Readonly<Record<string, string>>;
  /** Sent verbatim (used by `fetchFor`, whose callers serialize their own bodies). */
  rawBody?: string | Uint8Array;
  headers?: Readonly<Record<string, string>>;
  /** Requested cost for cost-bucket limiters; learned per operation when omitted. */
  cost?: number;
  /** @default the connector's timeoutMs, else the engine's (30 000) */
  timeoutMs?: number;
  /** @default the connector's `json` setting, else 'json' */
  parse?: BodyParse;
  /** Set false for token-exchange calls that must not carry the connector's auth. @default true */
  authenticate?: boolean;
  signal?: AbortSignal;
}

/** A fully read, decoded response. */
export interface ConnectorResponse<TBody = unknown> {
  status: number;
  headers: Headers;
  /** Decoded body: JSON value (per `parse`), the text for `text`, or null for an empty body. */
  body: TBody;
  /** The raw body text, kept for signature checks and error reporting. */
  text: string;
  /** Final URL including query string. May hold secrets for query-string auth: never log it. */
  url: string;
  /** 1 for a first-try success. */
  attempts: number;
  /**
   * Query parameters the connector's auth added (WooCommerce `consumer_secret`, OAuth 1.0a params).
   * Pagination strips them from next-page URLs so checkpoints never persist credentials.
   */
  authQueryKeys?: readonly string[];
}

/** What the engine got back from one attempt, handed to `classify`. */
export type AttemptOutcome =
  | { kind: 'response'; request: RequestOptions; response: ConnectorResponse }
  | { kind: 'error'; request: RequestOptions; error: unknown };

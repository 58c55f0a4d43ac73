import type { EntityOf, EntityType, Platform } from '@cartwire/model';
import type { z } from 'zod';
import type { AuthDefinition } from './auth';
import type { PlatformClassifier } from './classify';
import type { ConnectorResponse, RequestOptions } from './http-types';
import type { PageCursor, PaginationDefinition } from './pagination/pagination-types';
import type { RateLimitDefinition } from './rate-limit/rate-limit-types';
import type { RetryPolicy } from './retry-policy';
import type { WebhookDefinition } from './webhooks/webhook-types';

/** The store a stream, action or mapper runs for. Credentials are deliberately absent. */
export interface StoreView<TSettings = unknown> {
  id: string;
  /** The store's settings, parsed by the connector's `settings` schema. */
  settings: TSettings;
}

/** Input of a stream's first-page request. */
export interface StreamRequestInput {
  /**
   * Inclusive lower bound on the updated-at field (ISO-8601 UTC), already moved back by the
   * incremental overlap; null for a backfill.
   */
  since: string | null;
  store: StoreView;
  /** For child streams: the parent's raw (validated) record. */
  parent?: unknown;
}

export interface MapContext {
  storeId: string;
  platform: Platform;
  stream: string;
}

interface StreamBase<TSchema extends z.ZodType, TEntity extends EntityType> {
  /** The normalized entity this stream produces. */
  entity: TEntity;
  /** Schema of one raw platform record; records failing it are reported, not mapped. */
  schema: TSchema;
  /** Fields of the watermark: (updatedAt, id), compared in that order. */
  cursor: {
    /** ISO-8601 instant of the record's last change. */
    updatedAt(raw: z.output<TSchema>): string;
    id(raw: z.output<TSchema>): string;
  };
  /** Pure mapper from a raw record to the normalized entity (or several, e.g. one per location). */
  map(raw: z.output<TSchema>, context: MapContext): EntityOf<TEntity> | readonly EntityOf<TEntity>[];
  /**
   * The platform id of a record that failed validation, for the error report.
   * @default reads a top-level `id`
   */
  externalId?(record: unknown): string | null;
}

/** A stream read page by page through one of the closed pagination strategies. */
export interface PagedStreamDefinition<
  TSchema extends z.ZodType = z.ZodType,
  TEntity extends EntityType = EntityType,
> extends StreamBase<TSchema, TEntity> {
  /** The first-page request: endpoint, filters (`since`), sort order. Paging parameters are added. */
  request(input: StreamRequestInput): RequestOptions;
  paginate: PaginationDefinition;
  /** The raw records of one page. */
  records(response: ConnectorResponse): unknown[];
  /**
   * Read this stream once per record of `parent` (order → items). The parent's pages drive the
   * checkpoint; `request` receives each parent record.
   */
  parent?: { stream: string };
}

export interface CustomStreamContext {
  since: string | null;
  store: StoreView;
  /** Resume point saved after the last completed page of an interrupted run. */
  resumeFrom: PageCursor | null;
  request(options: RequestOptions): Promise<ConnectorResponse>;
  signal?: AbortSignal;
}

/** One page yielded by a custom stream; `next` is what a resumed run gets back as `resumeFrom`. */
export interface CustomPage {
  records: unknown[];
  next: PageCursor | null;
}

/** Escape hatch for flows no pagination strategy covers (Shopify bulk JSONL, Amazon reports). */
export interface CustomStreamDefinition<
  TSchema extends z.ZodType = z.ZodType,
  TEntity extends EntityType = EntityType,
> extends StreamBase<TSchema, TEntity> {
  custom(context: CustomStreamContext): AsyncIterable<CustomPage>;
}

export type StreamDefinition<TSchema extends z.ZodType = z.ZodType, TEntity extends EntityType = EntityType> =
  | PagedStreamDefinition<TSchema, TEntity>
  | CustomStreamDefinition<TSchema, TEntity>;

export interface ActionContext {
  store: StoreView;
  request(options: RequestOptions): Promise<ConnectorResponse>;
}

/** A write (create a webhook subscription, adjust inventory…); input validated before `run`. */
export interface ActionDefinition<TInput extends z.ZodType = z.ZodType, TResult = unknown> {
  input: TInput;
  run(context: ActionContext, input: z.output<TInput>): Promise<TResult>;
}

/**
 * A platform connector: data plus pure functions. The engine does HTTP, auth, limits, retries,
 * paging, checkpoints and validation.
 */
export interface ConnectorDefinition<
  TCredentials extends z.ZodType = z.ZodType,
  TSettings extends z.ZodType = z.ZodType,
  TStreams extends Record<string, StreamDefinition> = Record<string, StreamDefinition>,
> {
  platform: Platform;
  /** Validated when a store is connected; a mismatch is an AuthError. */
  credentials: TCredentials;
  /** Platform-specific per-store settings (API version, marketplace ids…), validated on connect. */
  settings?: TSettings;
  baseUrl(credentials: z.output<TCredentials>, settings: z.output<TSettings>): string;
  auth: AuthDefinition<z.output<TCredentials>>;
  /** Overridable per store through `settings.rateLimit`. */
  rateLimit: RateLimitDefinition;
  retry?: Partial<RetryPolicy>;
  /** @default the engine's timeout (30 000 ms) */
  timeoutMs?: number;
  /** Decode JSON keeping integers beyond 2^53 as strings. @default 'json' */
  json?: 'json' | 'json-bigint-safe';
  /** Platform-specific classification, consulted before the default rules. */
  classify?: PlatformClassifier;
  streams: TStreams;
  webhooks?: WebhookDefinition;
  actions?: Record<string, ActionDefinition>;
}

/** Any connector, for code that handles connectors generically. */
export type AnyConnector = ConnectorDefinition<z.ZodType, z.ZodType, Record<string, StreamDefinition>>;

/**
 * Declares a connector. An identity function: it exists for type inference.
 *
 * @example
 * export const wooConnector = defineConnector({
 *   platform: 'woocommerce',
 *   credentials: z.object({ url: z.url(), consumerKey: z.string(), consumerSecret: z.string() }),
 *   baseUrl: (c) => `${c.url}/wp-json/wc/v3`,
 *   auth: staticAuth((c) => ({ headers: basicAuthHeader(c.consumerKey, c.consumerSecret) })),
 *   rateLimit: { kind: 'fixed', maxConcurrent: 4, minTime: 50 },
 *   streams: { orders: ordersStream },
 * });
 */
export function defineConnector<
  TCredentials extends z.ZodType,
  TStreams extends Record<string, StreamDefinition>,
  TSettings extends z.ZodType = z.ZodType<Record<string, unknown>>,
>(
  definition: ConnectorDefinition<TCredentials, TSettings, TStreams>,
): ConnectorDefinition<TCredentials, TSettings, TStreams> {
  return definition;
}

/**
 * Declares a stream; the raw record type flows from `schema` into `cursor` and `map`.
 *
 * @example
 * const orders = defineStream({ entity: 'order', schema: RawOrder, map: (raw, ctx) => toOrder(raw, ctx), … });
 */
export function defineStream<TSchema extends z.ZodType, TEntity extends EntityType>(
  definition: StreamDefinition<TSchema, TEntity>,
): StreamDefinition<TSchema, TEntity> {
  return definition;
}

/**
 * Declares an action; the input type flows from `input` into `run`.
 *
 * @example
 * const setStock = defineAction({ input: z.object({ sku: z.string(), quantity: z.int() }), run: async (ctx, input) => … });
 */
export function defineAction<TInput extends z.ZodType, TResult>(
  definition: ActionDefinition<TInput, TResult>,
): ActionDefinition<TInput, TResult> {
  return definition;
}

export function isCustomStream(stream: StreamDefinition): stream is CustomStreamDefinition {
  return 'custom' in stream && typeof stream.custom === 'function';
}

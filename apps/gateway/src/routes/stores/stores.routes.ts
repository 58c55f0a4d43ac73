import { CurrencyCode, IsoDateTime, Platform, Store } from '@cartwire/model';
import { createRoute, z } from '@hono/zod-openapi';
import { IDEMPOTENCY_KEY_HEADER_DOC } from '../shared/idempotency';
import { AUTHED_ERRORS, BEARER, json, listOf, problem, StoreIdParam } from '../shared/responses';

const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(255).optional().openapi(IDEMPOTENCY_KEY_HEADER_DOC),
});

const Settings = z.record(z.string(), z.unknown()).openapi({
  description: 'Per-store settings: the engine’s (`rateLimit`, `timeoutMs`, …) and the platform’s.',
});

export const ConnectedStore = Store.omit({ externalId: true, currency: true, createdAt: true, raw: true })
  .extend({
    externalId: z.string().nullable().describe('The platform’s id of the shop once known.'),
    currency: CurrencyCode.nullable().describe('Shop currency once the first sync read it.'),
    createdAt: IsoDateTime.describe('When the store was connected.'),
    settings: Settings,
    hasPublishableKey: z.boolean().describe('Whether a storefront publishable key was issued.'),
  })
  .openapi('ConnectedStore', {
    description: 'A store connected to Cartwire. Credentials are never returned.',
  });

export const ConnectStoreBody = z
  .object({
    platform: Platform,
    name: z.string().trim().min(1).max(200),
    credentials: z.record(z.string(), z.unknown()).openapi({
      description: 'Validated against the platform connector’s credentials schema; stored encrypted.',
    }),
    settings: Settings.default({}),
  })
  .openapi('ConnectStore');

export const UpdateStoreBody = z
  .object({ name: z.string().trim().min(1).max(200).optional(), settings: Settings.optional() })
  .refine((body) => body.name !== undefined || body.settings !== undefined, 'give `name` or `settings`')
  .openapi('UpdateStore');

export const StreamStatus = z
  .object({
    stream: z.string().openapi({ example: 'orders' }),
    entity: z.string().openapi({ example: 'order' }),
    state: z.enum(['never_run', 'idle', 'running', 'failed']),
    lastSuccessAt: IsoDateTime.nullable(),
    runStartedAt: IsoDateTime.nullable(),
    recordsTotal: z.number().int(),
    lastError: z.string().nullable(),
    lastErrorClass: z.string().nullable(),
    lastErrorAt: IsoDateTime.nullable(),
    consecutiveFailures: z.number().int(),
    nextRunAt: IsoDateTime.nullable(),
  })
  .openapi('StreamSyncStatus');

export const SyncStatus = z
  .object({ object: z.literal('sync_status'), storeId: z.string(), streams: z.array(StreamStatus) })
  .openapi('SyncStatus');

export const TriggerSyncBody = z
  .object({
    streams: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .openapi({ description: 'All streams when omitted.' }),
    mode: z.enum(['incremental', 'backfill']).default('incremental'),
  })
  .openapi('TriggerSync');

export const SyncJob = z
  .object({
    object: z.literal('sync_job'),
    id: z.string(),
    stream: z.string(),
    state: z.string(),
    deduplicated: z
      .boolean()
      .openapi({ description: 'A sync of this stream was already queued; this is it.' }),
  })
  .openapi('SyncJob');

export const ConnectedStoreList = listOf(ConnectedStore, 'ConnectedStoreList');
export const SyncJobList = listOf(SyncJob, 'SyncJobList');

const tags = ['Stores'];
const notFound = { 404: problem('No such store for this tenant') };

export const connectStoreRoute = createRoute({
  method: 'post',
  path: '/v1/stores',
  tags,
  summary: 'Connect a store',
  description:
    'Validates the credentials against the platform connector, checks them with a live read, then saves ' +
    'the store with its credentials encrypted.',
  security: BEARER,
  request: {
    headers: IdempotencyHeaders,
    body: { content: { 'application/json': { schema: ConnectStoreBody } }, required: true },
  },
  responses: {
    201: json(ConnectedStore, 'Connected'),
    ...AUTHED_ERRORS,
    422: problem(
      'Credentials fail the connector schema, the platform refused them (`connector_error`), or the ' +
        'Idempotency-Key was used for another request',
    ),
    502: problem('The platform did not answer the check'),
  },
});

export const listStoresRoute = createRoute({
  method: 'get',
  path: '/v1/stores',
  tags,
  summary: 'List connected stores',
  security: BEARER,
  responses: { 200: json(ConnectedStoreList, 'Every store of the tenant, oldest first'), ...AUTHED_ERRORS },
});

export const getStoreRoute = createRoute({
  method: 'get',
  path: '/v1/stores/{storeId}',
  tags,
  summary: 'Get a store',
  security: BEARER,
  request: { params: StoreIdParam },
  responses: { 200: json(ConnectedStore, 'The store'), ...AUTHED_ERRORS, ...notFound },
});

export const updateStoreRoute = createRoute({
  method: 'patch',
  path: '/v1/stores/{storeId}',
  tags,
  summary: 'Rename a store or replace its settings',
  security: BEARER,
  request: {
    params: StoreIdParam,
    body: { content: { 'application/json': { schema: UpdateStoreBody } }, required: true },
  },
  responses: { 200: json(ConnectedStore, 'The updated store'), ...AUTHED_ERRORS, ...notFound },
});

export const disconnectStoreRoute = createRoute({
  method: 'delete',
  path: '/v1/stores/{storeId}',
  tags,
  summary: 'Disconnect a store',
  description: 'Sets the status to `disconnected` and cancels its queued jobs. Synced data stays readable.',
  security: BEARER,
  request: { params: StoreIdParam },
  responses: { 200: json(ConnectedStore, 'The disconnected store'), ...AUTHED_ERRORS, ...notFound },
});

export const getSyncStatusRoute = createRoute({
  method: 'get',
  path: '/v1/stores/{storeId}/sync',
  tags,
  summary: 'Sync status per stream',
  security: BEARER,
  request: { params: StoreIdParam },
  responses: {
    200: json(SyncStatus, 'One entry per stream of the connector'),
    ...AUTHED_ERRORS,
    ...notFound,
  },
});

export const triggerSyncRoute = createRoute({
  method: 'post',
  path: '/v1/stores/{storeId}/sync',
  tags,
  summary: 'Queue a sync',
  description: 'Enqueues one sync job per stream; a stream whose sync is already queued is not queued twice.',
  security: BEARER,
  request: {
    params: StoreIdParam,
    headers: IdempotencyHeaders,
    body: { content: { 'application/json': { schema: TriggerSyncBody } }, required: false },
  },
  responses: {
    202: json(SyncJobList, 'The queued jobs'),
    ...AUTHED_ERRORS,
    ...notFound,
    409: problem('The store is disconnected'),
  },
});

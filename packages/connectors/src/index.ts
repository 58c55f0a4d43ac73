export {
  type AuthContext,
  type AuthDefinition,
  type AuthMaterial,
  type AuthStoreContext,
  basicAuthHeader,
  type CachedToken,
  staticAuth,
  type TokenCache,
  type TokenExchangeOptions,
  tokenExchangeAuth,
} from './engine/auth';
export {
  Checkpoint,
  type CheckpointStore,
  compareWatermarks,
  createInMemoryCheckpointStore,
  InFlightRun,
  maxWatermark,
  Watermark,
} from './engine/checkpoints';
export {
  type Classification,
  type ClassifyAction,
  type ClassifyContext,
  classifyDefault,
  createClassifier,
  errorMessageFromBody,
  type PlatformClassifier,
} from './engine/classify';
export { type Clock, systemClock } from './engine/clock';
export {
  type ConnectionContext,
  connectStore,
  EngineStoreSettings,
  type StoreInput,
} from './engine/connection';
export {
  type ActionContext,
  type ActionDefinition,
  type AnyConnector,
  type ConnectorDefinition,
  type CustomPage,
  type CustomStreamContext,
  type CustomStreamDefinition,
  defineAction,
  defineConnector,
  defineStream,
  isCustomStream,
  type MapContext,
  type PagedStreamDefinition,
  type StoreView,
  type StreamDefinition,
  type StreamRequestInput,
} from './engine/connector';
export {
  type AttemptEvent,
  type ConnectorEngine,
  type ConnectorEngineOptions,
  createConnectorEngine,
  type FetchForOptions,
} from './engine/engine';
export {
  AuthError,
  CONNECTOR_ERROR_CODES,
  ConnectorDefinitionError,
  ConnectorError,
  type ConnectorErrorCode,
  type ConnectorErrorContext,
  createConnectorError,
  InvalidPayloadError,
  isConnectorError,
  NotFoundError,
  RateLimitedError,
  TransientError,
} from './engine/errors';
export type {
  AttemptOutcome,
  ConnectorResponse,
  HttpMethod,
  QueryParams,
  QueryValue,
  RequestOptions,
} from './engine/http-types';
export { type BodyParse, MalformedBodyError, parseJsonBigIntSafe } from './engine/json';
export { parseLinkHeader } from './engine/link-header';
export { type EngineLogger, silentLogger } from './engine/logger';
export {
  AddOrderNoteWrite,
  AddOrderTagsWrite,
  CreateDiscountCodeWrite,
  CreateFulfillmentWrite,
  type DiscountCodeWriteResult,
  DiscountValue,
  defineNeutralWrites,
  hasNeutralWrite,
  type InventoryWriteResult,
  NEUTRAL_WRITE_NAMES,
  NeutralOrderRef,
  NeutralTracking,
  type NeutralWriteImplementation,
  type NeutralWriteImplementations,
  type NeutralWriteInput,
  type NeutralWriteName,
  type NeutralWriteResults,
  neutralActionName,
  type OrderWriteResult,
  type RunNeutralWriteOptions,
  runNeutralWrite,
  SetInventoryLevelWrite,
  UnsupportedWriteError,
  UpdateOrderStatusWrite,
  unsupportedReason,
  WritableOrderStatus,
} from './engine/neutral-writes';
export { paginate } from './engine/pagination/paginate';
export {
  type CursorPagination,
  type GraphqlRelayPagination,
  type LinkPagination,
  type OffsetPagination,
  type Page,
  PageCursor,
  type PagePagination,
  type PaginateInput,
  type PaginationDefinition,
} from './engine/pagination/pagination-types';
export {
  type BucketGate,
  type BucketOptions,
  LocalBucketGate,
  SharedBucketGate,
} from './engine/rate-limit/bucket-gate';
export { CostBucketLimiter, type CostBucketSnapshot } from './engine/rate-limit/cost-bucket-limiter';
export { createRequestLimiter } from './engine/rate-limit/create-request-limiter';
export {
  createLimiterFactory,
  type LimiterFactory,
  type LimiterFactoryOptions,
  RedisTarget,
} from './engine/rate-limit/limiter-factory';
export {
  type CostBucketRateLimit,
  type CostObservation,
  type FixedRateLimit,
  type LimiterGrant,
  type RateLimitDefinition,
  RateLimitOverride,
  type RequestLimiter,
  type TokenBucket,
  type TokenBucketRateLimit,
} from './engine/rate-limit/rate-limit-types';
export { TokenBucketLimiter } from './engine/rate-limit/token-bucket-limiter';
export {
  processRecord,
  type RecordError,
  type RecordResult,
  recordExternalId,
} from './engine/record-pipeline';
export { parseRetryAfter } from './engine/retry-after';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './engine/retry-policy';
export { type RunActionOptions, runAction } from './engine/run-action';
export {
  DEFAULT_INCREMENTAL_OVERLAP_MS,
  type PageMeta,
  type RunStreamOptions,
  type RunStreamResult,
  runStream,
} from './engine/run-stream';
export { type HmacSignatureInput, signHmac, verifyHmacSignature } from './engine/webhooks/hmac-signature';
export {
  type ProcessWebhookInput,
  processWebhook,
  type WebhookOutcome,
} from './engine/webhooks/process-webhook';
export type {
  WebhookDefinition,
  WebhookInput,
  WebhookTopicDefinition,
  WebhookVerification,
} from './engine/webhooks/webhook-types';

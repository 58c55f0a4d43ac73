export {
  type CredentialCipher,
  type CredentialCipherOptions,
  createCredentialCipher,
  type EncryptedValue,
} from './crypto/credential-cipher';
export { loadOrCreateKeyFile } from './crypto/key-file';
export {
  type Database,
  type Db,
  type DriverName,
  type OpenDatabaseOptions,
  openDatabase,
} from './database';
export {
  createEntityListing,
  type EntityListing,
  type EntityListPage,
  type EntityListQuery,
  type EntityQuery,
  SEARCHABLE_COLUMNS,
  SKU_FILTERABLE_TYPES,
} from './entities/entity-listing';
export {
  createEntityRepository,
  type DeleteInput,
  type EntityPage,
  type EntityRepository,
  type ListEntitiesInput,
  type ReadOptions,
  type UpsertOutcome,
  type UpsertRecord,
  type UpsertResult,
} from './entities/entity-repository';
export {
  FILTERABLE_COLUMNS,
  type FilterableColumn,
  STORED_ENTITY_TYPES,
  type StoredEntityType,
} from './entities/entity-tables-by-type';
export {
  CredentialsDecryptError,
  DatabaseUnavailableError,
  KeyFileError,
  MigrationError,
  NotFoundError,
  StorageConflictError,
  StorageError,
  type StorageErrorCode,
  StorageInputError,
} from './errors';
export { createEventCursor, type EventCursor, type EventCursorOptions } from './events/event-cursor';
export {
  type AppendResult,
  createEventLog,
  type EventLog,
  type EventPage,
  type ListEventsInput,
  type StoredEvent,
} from './events/event-log';
export { createEventLookup, type EventLookup } from './events/event-lookup';
export { findLinkedCustomer } from './events/shopper-identity';
export {
  createIdempotencyStore,
  type IdempotencyDecision,
  type IdempotencyStore,
} from './idempotency/idempotency-store';
export {
  type BackoffOptions,
  type ClaimInput,
  createJobQueue,
  type EnqueueJobInput,
  type EnqueueResult,
  type FailOptions,
  type Job,
  type JobPayload,
  type JobQueue,
  type JobQueueOptions,
} from './jobs/job-queue';
export {
  createStoreJobCancellation,
  type StoreJobCancellation,
} from './jobs/store-job-cancellation';
export type { StorageLogger } from './logger';
export { MIGRATIONS_FOLDER, migrate } from './migrate';
export {
  type AttemptContext,
  type ClaimDeliveryJobsInput,
  createWebhookDeliveryRepository,
  type DeliveryAttemptRecord,
  type DeliveryJobOptions,
  type DeliveryRecord,
  type DeliveryStatus,
  type DeliveryWithAttempts,
  type FanOutResult,
  type RecordAttemptInput,
  type WebhookDeliveryRepository,
  type WebhookDeliveryRepositoryOptions,
} from './outbound-webhooks/delivery-repository';
export {
  type CreatedWebhookEndpoint,
  createWebhookEndpointRepository,
  type EndpointDisabledReason,
  generateWebhookSecret,
  type RecordOutcomeInput,
  WEBHOOK_SECRET_PATTERN,
  type WebhookEndpointRecord,
  type WebhookEndpointRepository,
  type WebhookEndpointRepositoryOptions,
} from './outbound-webhooks/endpoint-repository';
export { createRepositories, type Repositories, type RepositoriesOptions } from './repositories';
export { eventCursors } from './schema/event-cursors';
export {
  adsAudienceMembers,
  adsCatalogPauses,
  governancePolicies,
  governanceSignals,
  governanceSuppressions,
  messageInteractions,
  messageLog,
  offerCodes,
  onsiteMessages,
} from './schema/governance';
export { JOB_STATES, type JobState } from './schema/jobs';
export { messagingProviders, pushDevices } from './schema/messaging-providers';
export {
  type ClvModelStatus,
  type ClvSettings,
  clvModels,
  customerPredictions,
} from './schema/predictions';
export {
  type CategorySpend,
  customerMetrics,
  customerMetricsCursor,
  segmentMemberships,
  segments,
} from './schema/segments';
export { contentBlocks, messageTemplates, messagingSettings } from './schema/templates';
export {
  waitlistSubscriptions,
  workflowRuns,
  workflowStepEvents,
  workflows,
  workflowVersions,
} from './schema/workflows';
export {
  type CheckpointStore,
  type CheckpointStoreOptions,
  createCheckpointStore,
  type StreamKey,
  type SyncCheckpoint,
  type SyncRunState,
  type SyncWatermark,
} from './sync/checkpoint-store';
export { type ActiveStoreRef, listActiveStores } from './tenancy/active-stores';
export {
  type ApiKey,
  ApiKeyMode,
  type ApiKeyRepository,
  type ApiKeyRepositoryOptions,
  type CreatedApiKey,
  createApiKeyRepository,
} from './tenancy/api-key-repository';
export {
  createStoreRepository,
  type StoreCredentials,
  type StoreRecord,
  type StoreRepository,
  type StoreRepositoryOptions,
} from './tenancy/store-repository';
export { findStoreTenant } from './tenancy/store-tenant-lookup';
export { createTenantRepository, type Tenant, type TenantRepository } from './tenancy/tenant-repository';
export {
  createWebhookReceiptRepository,
  type PendingDelivery,
  type WebhookReceiptRepository,
} from './webhooks/webhook-receipt-repository';

import type { CredentialCipher } from './crypto/credential-cipher';
import type { Database } from './database';
import { createEntityListing, type EntityListing } from './entities/entity-listing';
import { createEntityRepository, type EntityRepository } from './entities/entity-repository';
import { createEventLog, type EventLog } from './events/event-log';
import { createEventLookup, type EventLookup } from './events/event-lookup';
import { createIdempotencyStore, type IdempotencyStore } from './idempotency/idempotency-store';
import { createJobQueue, type JobQueue, type JobQueueOptions } from './jobs/job-queue';
import { createStoreJobCancellation, type StoreJobCancellation } from './jobs/store-job-cancellation';
import {
  createWebhookDeliveryRepository,
  type WebhookDeliveryRepository,
} from './outbound-webhooks/delivery-repository';
import {
  createWebhookEndpointRepository,
  type WebhookEndpointRepository,
} from './outbound-webhooks/endpoint-repository';
import { type CheckpointStore, createCheckpointStore } from './sync/checkpoint-store';
import { type ApiKeyRepository, createApiKeyRepository } from './tenancy/api-key-repository';
import { createStoreRepository, type StoreRepository } from './tenancy/store-repository';
import { createTenantRepository, type TenantRepository } from './tenancy/tenant-repository';
import {
  createWebhookReceiptRepository,
  type WebhookReceiptRepository,
} from './webhooks/webhook-receipt-repository';

export interface Repositories {
  tenants: TenantRepository;
  apiKeys: ApiKeyRepository;
  stores: StoreRepository;
  entities: EntityRepository;
  /** Public list/count reads (keyset on created_at, search, sku). */
  entityListing: EntityListing;
  events: EventLog;
  eventLookup: EventLookup;
  checkpoints: CheckpointStore;
  jobs: JobQueue;
  idempotency: IdempotencyStore;
  storeJobs: StoreJobCancellation;
  webhookReceipts: WebhookReceiptRepository;
  /** Outbound webhook endpoints (signing secrets encrypted with the same cipher as credentials). */
  webhookEndpoints: WebhookEndpointRepository;
  /** Outbound webhook deliveries, their attempts, fan-out from the event log. */
  webhookDeliveries: WebhookDeliveryRepository;
}

export interface RepositoriesOptions {
  /** Encrypts store credentials at rest. */
  cipher: CredentialCipher;
  /** Clock for leases, run-at, last-used and checkpoint times. @default () => new Date() */
  now?: () => Date;
  backoff?: JobQueueOptions['backoff'];
}

/** Every repository on one database, for processes that want them all (gateway, workers). */
export function createRepositories(database: Database, options: RepositoriesOptions): Repositories {
  const { db } = database;
  const now = options.now ?? (() => new Date());
  return {
    tenants: createTenantRepository(db),
    apiKeys: createApiKeyRepository(db, { now }),
    stores: createStoreRepository(db, { cipher: options.cipher }),
    entities: createEntityRepository(db),
    entityListing: createEntityListing(db),
    events: createEventLog(db),
    eventLookup: createEventLookup(db),
    checkpoints: createCheckpointStore(db, { now }),
    jobs: createJobQueue(db, { now, ...(options.backoff ? { backoff: options.backoff } : {}) }),
    storeJobs: createStoreJobCancellation(db, { now }),
    idempotency: createIdempotencyStore(db),
    webhookReceipts: createWebhookReceiptRepository(db),
    webhookEndpoints: createWebhookEndpointRepository(db, { cipher: options.cipher, now }),
    webhookDeliveries: createWebhookDeliveryRepository(db, { cipher: options.cipher, now }),
  };
}

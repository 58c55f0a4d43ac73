import type { JobQueue } from '@cartwire/storage';
import { ZodError } from 'zod';
import {
  INBOUND_DELIVERY_QUEUE,
  type InboundDeliveryProcessor,
} from '../inbound-webhooks/inbound-delivery-job';
import type { Logger } from '../logger';
import { UnsupportedPlatformError } from '../sync/platform-connectors';
import { InvalidSyncSettingsError } from '../sync/store-sync-settings';
import { CART_CHECK_QUEUE, SYNC_QUEUE, SYNC_QUEUES } from '../sync/sync-jobs';
import { SyncJobPermanentError, type SyncService } from '../sync/sync-service';
import { type StartWorkersOptions, startWorkers, type Workers } from './worker-pool';

export interface StartSyncWorkersOptions
  extends Pick<StartWorkersOptions, 'concurrency' | 'leaseMs' | 'idleDelayMs' | 'workerId'> {
  sync: SyncService;
  /** Applies accepted inbound webhook deliveries. */
  inbound: InboundDeliveryProcessor;
  jobs: JobQueue;
  logger: Logger;
  /** @default every sync queue (`sync`, `cart-check`, `inbound-webhook`) */
  queues?: readonly string[];
}

class MissingTenantError extends Error {
  override readonly name = 'MissingTenantError';
}

/** Workers for the sync layer's queues: stream runs, cart abandonment checks and inbound webhook deliveries. */
export function startSyncWorkers(options: StartSyncWorkersOptions): Workers {
  const tenantOf = (tenantId: string | null) => {
    if (tenantId === null) throw new MissingTenantError('sync jobs carry their tenant');
    return tenantId;
  };
  return startWorkers({
    ...options,
    queues: options.queues ?? [...SYNC_QUEUES, INBOUND_DELIVERY_QUEUE],
    handlers: {
      [SYNC_QUEUE]: (job, signal) => options.sync.runSyncJob(tenantOf(job.tenantId), job.payload, signal),
      [CART_CHECK_QUEUE]: (job) => options.sync.runCartCheck(tenantOf(job.tenantId), job.payload),
      [INBOUND_DELIVERY_QUEUE]: (job) => options.inbound(tenantOf(job.tenantId), job.payload),
    },
    isPermanent: (error) =>
      error instanceof SyncJobPermanentError ||
      error instanceof InvalidSyncSettingsError ||
      error instanceof UnsupportedPlatformError ||
      error instanceof MissingTenantError ||
      error instanceof ZodError,
  });
}

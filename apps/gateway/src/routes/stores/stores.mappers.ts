import type { StoreRecord } from '@cartwire/storage';
import type { z } from '@hono/zod-openapi';
import type { EnqueuedSync, StreamSyncStatus } from '../../services/store-service';
import type { ConnectedStore, StreamStatus, SyncJob } from './stores.routes';

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

export function toConnectedStore(store: StoreRecord): z.infer<typeof ConnectedStore> {
  return {
    id: store.id,
    storeId: store.id,
    platform: store.platform,
    name: store.name,
    status: store.status,
    externalId: store.externalId,
    domain: store.domain,
    baseUrl: store.baseUrl,
    currency: store.currency,
    timeZone: store.timeZone,
    settings: store.settings,
    hasPublishableKey: store.hasPublishableKey,
    createdAt: store.createdAt.toISOString(),
    updatedAt: store.updatedAt.toISOString(),
  };
}

export function toStreamStatus({
  stream,
  entity,
  checkpoint,
}: StreamSyncStatus): z.infer<typeof StreamStatus> {
  return {
    stream,
    entity,
    state: checkpoint?.runState ?? 'never_run',
    lastSuccessAt: iso(checkpoint?.lastSuccessAt ?? null),
    runStartedAt: iso(checkpoint?.runStartedAt ?? null),
    recordsTotal: checkpoint?.recordsTotal ?? 0,
    lastError: checkpoint?.lastError ?? null,
    lastErrorClass: checkpoint?.lastErrorClass ?? null,
    lastErrorAt: iso(checkpoint?.lastErrorAt ?? null),
    consecutiveFailures: checkpoint?.consecutiveFailures ?? 0,
    nextRunAt: iso(checkpoint?.nextRunAt ?? null),
  };
}

export function toSyncJob({ stream, job, deduplicated }: EnqueuedSync): z.infer<typeof SyncJob> {
  return { object: 'sync_job', id: job.id, stream, state: job.state, deduplicated };
}

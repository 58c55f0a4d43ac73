import { randomBytes } from 'node:crypto';
import {
  createCredentialCipher,
  createRepositories,
  type Repositories,
  type StoredEvent,
} from '@cartwire/storage';
import type { TestDatabase } from '@cartwire/storage/testing';
import { pino } from 'pino';
import { createInboundDeliveryProcessor } from '../../apps/gateway/src/inbound-webhooks/inbound-delivery-job';
import {
  createSyncService,
  type SyncService,
  type SyncServiceOptions,
} from '../../apps/gateway/src/sync/sync-service';
import { startSyncWorkers } from '../../apps/gateway/src/workers/sync-workers';
import type { Workers } from '../../apps/gateway/src/workers/worker-pool';

/** A clock tests move forward (leases, abandonment windows) instead of sleeping. */
export interface TestClock {
  now(): Date;
  advance(ms: number): void;
}

export function createTestClock(start = new Date()): TestClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
  };
}

export const silentLogger = pino({ level: 'silent' });

export interface SyncHarness {
  repositories: Repositories;
  clock: TestClock;
  tenantId: string;
  service(options?: Partial<Pick<SyncServiceOptions, 'engine'>>): SyncService;
  workers(sync: SyncService, workerId: string, leaseMs?: number): Workers;
  /** Every event of the tenant, oldest first. */
  events(): Promise<StoredEvent[]>;
}

export async function createSyncHarness(database: TestDatabase): Promise<SyncHarness> {
  const clock = createTestClock();
  const repositories = createRepositories(database, {
    cipher: createCredentialCipher(randomBytes(32)),
    now: () => clock.now(),
  });
  const tenantId = (await repositories.tenants.createTenant({ name: 'Sync test' })).id;
  return {
    repositories,
    clock,
    tenantId,
    service: (options = {}) =>
      createSyncService({
        database,
        repositories,
        clock,
        logger: silentLogger,
        engine: { retry: { minTimeoutMs: 5, maxTimeoutMs: 50 }, ...options.engine },
      }),
    workers: (sync, workerId, leaseMs = 30_000) =>
      startSyncWorkers({
        sync,
        inbound: createInboundDeliveryProcessor({ database, repositories, sync, clock }),
        jobs: repositories.jobs,
        logger: silentLogger,
        workerId,
        concurrency: 2,
        leaseMs,
        idleDelayMs: 20,
      }),
    async events() {
      const all: StoredEvent[] = [];
      let afterSeq = 0;
      for (;;) {
        const page = await repositories.events.listEvents({ tenantId, afterSeq, limit: 1000 });
        all.push(...page.events);
        if (page.events.length === 0) return all;
        afterSeq = page.nextSeq;
      }
    },
  };
}

/** Counts events by `type` (and entity id), to assert "exactly one". */
export function countBy(
  events: readonly StoredEvent[],
  key: (event: StoredEvent) => string,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(key(event), (counts.get(key(event)) ?? 0) + 1);
  return counts;
}

import type { Repositories } from '@cartwire/storage';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { startScheduledQueue, UnrunnableJobError } from '../workers/scheduled-queue';
import type { ProviderChannels } from './provider-channels';
import type { ProviderSettings } from './provider-settings';

/** Job queue of ads audience sweeps; one job per tenant with an ads provider, tenant on the job. */
export const ADS_SWEEP_QUEUE = 'ads.sweep';

export interface AdsSweepSettings {
  /** A tenant's audiences are re-checked once its last sweep is this old. @default 15 minutes */
  sweepIntervalMs?: number;
  /** How often tenants due for a sweep are looked for. @default 60_000 */
  scheduleIntervalMs?: number;
  /** Lease of a sweep job; a crashed worker's sweep runs again after it. @default 10 minutes */
  leaseMs?: number;
  /** Wait between claims when no sweep is runnable. @default 5_000 */
  idleDelayMs?: number;
}

export interface AdsSweepsOptions extends AdsSweepSettings {
  repositories: Pick<Repositories, 'jobs'>;
  settings: ProviderSettings;
  providers: Pick<ProviderChannels, 'adsAudiences'>;
  clock: Clock;
  logger: Logger;
  workerId: string;
}

export interface AdsSweeps {
  /** Looks for due tenants and claims at once instead of waiting for the next tick. */
  nudge(): void;
  /** Resolves when no sweep is queued or running in this process's view (tests). */
  whenIdle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Removes customers who became suppressed, unsubscribed or unconsented from every ads audience without
 * anyone calling an API: a scheduler enqueues one `ads.sweep` job per tenant whose last sweep is older than
 * the interval (deduplicated per tenant, so any number of processes enqueue it once), and a worker claims
 * them from the durable jobs table, asks the governance gate about each member and removes the refused
 * ones through the tenant's ads provider. A failed sweep (provider down) is retried with the queue's
 * backoff; the tenant is marked swept only when its sweep completed.
 */
export function startAdsSweeps(options: AdsSweepsOptions): AdsSweeps {
  const { repositories, logger, workerId, clock } = options;
  const sweepIntervalMs = options.sweepIntervalMs ?? 15 * 60_000;
  return startScheduledQueue({
    name: 'ads audience sweep',
    queue: ADS_SWEEP_QUEUE,
    repositories,
    clock,
    logger,
    workerId,
    scheduleIntervalMs: options.scheduleIntervalMs,
    leaseMs: options.leaseMs,
    idleDelayMs: options.idleDelayMs,
    async schedule() {
      const due = await options.settings.adsTenantsDue(
        new Date(clock.now().getTime() - sweepIntervalMs),
        500,
      );
      if (due.length === 0) return;
      await repositories.jobs.enqueue(
        due.map((tenantId) => ({
          queue: ADS_SWEEP_QUEUE,
          tenantId,
          payload: {},
          dedupeKey: `${ADS_SWEEP_QUEUE}:${tenantId}`,
          maxAttempts: 5,
        })),
      );
    },
    async run(job) {
      const tenantId = job.tenantId;
      if (tenantId === null) throw new UnrunnableJobError('ads sweep job without a tenant');
      const audiences = await options.providers.adsAudiences(tenantId);
      // The provider was deleted since the job was queued: nothing is synced any more, nothing to sweep.
      const result = audiences ? await audiences.sweep(tenantId) : { checked: 0, removed: 0 };
      await options.settings.markSwept(tenantId, clock.now());
      if (result.removed > 0) logger.info({ tenantId, ...result }, 'ads audience sweep removed members');
    },
  });
}

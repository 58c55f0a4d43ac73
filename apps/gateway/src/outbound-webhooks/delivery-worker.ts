import type { Job, Repositories } from '@cartwire/storage';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { nextAttemptAt, WEBHOOK_DELIVERY_QUEUE } from './delivery-schedule';
import { signWebhook } from './signing';
import type { WebhookHttp } from './webhook-http';

export interface DeliveryWorkerOptions {
  repositories: Pick<Repositories, 'jobs' | 'webhookDeliveries' | 'webhookEndpoints'>;
  http: WebhookHttp;
  clock: Clock;
  logger: Logger;
  /** Lease owner id; unique per process. */
  workerId: string;
  /** Wait before each attempt (index 0: the first). */
  schedule: readonly number[];
  /** Deliveries in flight in this process. */
  concurrency: number;
  /** Deliveries in flight to one endpoint, across every process. */
  endpointConcurrency: number;
  /** An endpoint failing for this long is disabled. */
  disableAfterMs: number;
  /** Per attempt; the job lease is longer, so an attempt never outlives its lease. */
  timeoutMs: number;
  /** Wait between claims when nothing is runnable; doubles while idle. @default 250 */
  idleDelayMs?: number;
  /** Longest wait between claims while idle (a retry falls due at most this late). @default 1000 */
  maxIdleDelayMs?: number;
}

export interface DeliveryWorkers {
  /** Claim now instead of at the next idle tick (new deliveries were just scheduled). */
  nudge(): void;
  /** Stops claiming, waits for attempts in flight and hands back their leases. */
  stop(): Promise<void>;
}

type AttemptResult = 'succeeded' | 'retry' | 'failed' | 'skipped';

/**
 * Claim loop for the delivery queue: claims as many jobs as it has free slots, never more than
 * `endpointConcurrency` per endpoint, and runs them concurrently, so a slow endpoint holds at most
 * its own slots while every other endpoint keeps being served.
 */
export function startDeliveryWorkers(options: DeliveryWorkerOptions): DeliveryWorkers {
  const { repositories, http, clock, logger, workerId, schedule } = options;
  const idleDelayMs = options.idleDelayMs ?? 250;
  const maxIdleDelayMs = Math.max(idleDelayMs, options.maxIdleDelayMs ?? 1000);
  // Backs off while idle so an empty queue costs few queries; a nudge or any work resets it.
  let idleDelay = idleDelayMs;
  const leaseMs = options.timeoutMs + 60_000;
  const running = new Set<Promise<void>>();
  let stopped = false;
  let wake: (() => void) | null = null;
  const wakeUp = () => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };

  async function attempt(job: Job): Promise<AttemptResult> {
    const tenantId = job.tenantId;
    const deliveryId = job.payload.deliveryId;
    if (tenantId === null || typeof deliveryId !== 'string') return 'skipped';
    const context = await repositories.webhookDeliveries.loadAttemptContext(tenantId, deliveryId);
    // Deleted endpoint (its deliveries went with it), or a delivery that already finished.
    if (context?.delivery.status !== 'pending') return 'skipped';
    const { endpoint, event } = context;
    if (!endpoint.enabled) {
      await repositories.webhookDeliveries.cancelDelivery(tenantId, deliveryId);
      return 'skipped';
    }
    const sentAt = clock.now();
    const secrets = context.signingSecrets;
    const { seq: _seq, ...envelope } = event;
    const body = JSON.stringify(envelope);
    const headers = {
      ...signWebhook({ id: event.id, timestamp: sentAt, body, secrets }),
      'user-agent': 'Cartwire-Webhooks/1.0',
    };
    const outcome = await http.post(endpoint.url, headers, body);
    const at = clock.now();
    const status = outcome.statusCode;
    const succeeded = outcome.error === null && status !== null && status >= 200 && status < 300;
    const record = (state: 'succeeded' | 'pending' | 'failed', next: Date | null) =>
      repositories.webhookDeliveries.recordAttempt(tenantId, deliveryId, {
        attempt: {
          attemptedAt: sentAt,
          durationMs: outcome.durationMs,
          statusCode: status,
          responseExcerpt: outcome.responseExcerpt,
          error: outcome.error,
          succeeded,
        },
        status: state,
        nextAttemptAt: next,
      });
    const log = { deliveryId, endpointId: endpoint.id, eventId: event.id, attempt: job.attempts, status };
    if (succeeded) {
      await record('succeeded', null);
      if (endpoint.failingSince !== null) {
        await repositories.webhookEndpoints.recordOutcome(tenantId, endpoint.id, {
          succeeded: true,
          at,
          disableAfterMs: options.disableAfterMs,
        });
      }
      return 'succeeded';
    }
    if (status === 410) {
      // 410 Gone: the subscriber asks us to stop.
      await record('failed', null);
      if (await repositories.webhookEndpoints.disableEndpoint(tenantId, endpoint.id, 'gone', at)) {
        logger.warn(log, 'webhook endpoint answered 410 Gone: disabled');
      }
      return 'failed';
    }
    const disabled = await repositories.webhookEndpoints.recordOutcome(tenantId, endpoint.id, {
      succeeded: false,
      at,
      disableAfterMs: options.disableAfterMs,
    });
    if (disabled) logger.warn(log, 'webhook endpoint failing for too long: disabled');
    const next =
      disabled || job.attempts >= job.maxAttempts ? null : nextAttemptAt(schedule, job.attempts, at);
    logger.info(
      { ...log, error: outcome.error, retryAt: next?.toISOString() ?? null },
      'webhook attempt failed',
    );
    if (next === null) {
      await record('failed', null);
      return 'failed';
    }
    await record('pending', next);
    await repositories.jobs.fail(job.id, workerId, new Error(outcome.error ?? `HTTP ${status}`), {
      retryAt: next,
    });
    return 'retry';
  }

  async function run(job: Job): Promise<void> {
    try {
      const result = await attempt(job);
      if (result === 'retry') return;
      if (result === 'failed') {
        await repositories.jobs.fail(job.id, workerId, new Error('delivery failed'), { permanent: true });
      } else {
        await repositories.jobs.complete(job.id, workerId);
      }
    } catch (error) {
      // A database failure mid-attempt: the job retries on the queue's own backoff.
      logger.error({ jobId: job.id, err: (error as Error).message }, 'webhook delivery job failed');
      await repositories.jobs.fail(job.id, workerId, error).catch(() => undefined);
    }
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      const free = options.concurrency - running.size;
      let claimed: Job[] = [];
      if (free > 0) {
        try {
          claimed = await repositories.webhookDeliveries.claimDeliveryJobs({
            queue: WEBHOOK_DELIVERY_QUEUE,
            workerId,
            leaseMs,
            limit: free,
            maxPerEndpoint: options.endpointConcurrency,
          });
        } catch (error) {
          logger.error({ err: (error as Error).message }, 'claiming webhook deliveries failed');
        }
      }
      for (const job of claimed) {
        const task = run(job).finally(() => {
          running.delete(task);
          wakeUp();
        });
        running.add(task);
      }
      if (stopped) break;
      // A full claim may leave more runnable work: claim again at once. Otherwise wait for a slot to
      // free, a nudge, or the idle tick (retries become due as the clock moves).
      if (claimed.length > 0 && claimed.length === free) continue;
      const idle = claimed.length === 0 && free > 0;
      idleDelay = idle ? Math.min(maxIdleDelayMs, idleDelay * 2) : idleDelayMs;
      await new Promise<void>((resolve) => {
        wake = resolve;
        const timer = setTimeout(wakeUp, idle ? idleDelay : idleDelayMs);
        timer.unref();
      });
    }
  }

  const looping = loop();
  return {
    nudge() {
      idleDelay = idleDelayMs;
      wakeUp();
    },
    async stop() {
      stopped = true;
      wakeUp();
      await looping;
      await Promise.allSettled([...running]);
      await repositories.jobs.releaseAll(workerId);
    },
  };
}

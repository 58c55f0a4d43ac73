import type { Repositories } from '@cartwire/storage';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { DEFAULT_RETRY_SCHEDULE_MS, WEBHOOK_DELIVERY_QUEUE } from './delivery-schedule';
import { startDeliveryWorkers } from './delivery-worker';
import type { WebhookUrlPolicy } from './url-guard';
import { createWebhookHttp } from './webhook-http';

export interface OutboundWebhookSettings {
  /** Deliveries in flight in this process. @default 16 */
  concurrency?: number;
  /** Deliveries in flight to one endpoint (across processes). @default 4 */
  endpointConcurrency?: number;
  /** Per attempt. @default 15_000 */
  timeoutMs?: number;
  /** An endpoint failing (no success) for this long is disabled. @default 5 days */
  disableAfterMs?: number;
  /** Wait before each attempt. @default DEFAULT_RETRY_SCHEDULE_MS */
  schedule?: readonly number[];
  /** How often the event log is read for new events. @default 200 */
  pollIntervalMs?: number;
  /** Events read per fan-out transaction. @default 500 */
  batchSize?: number;
  /** Wait between delivery claims when nothing is runnable; doubles while idle. @default 250 */
  idleDelayMs?: number;
  /** Longest wait between delivery claims while idle: a due retry starts at most this late. @default 1000 */
  maxIdleDelayMs?: number;
}

export interface OutboundWebhooksOptions extends OutboundWebhookSettings {
  repositories: Pick<Repositories, 'jobs' | 'webhookDeliveries' | 'webhookEndpoints'>;
  clock: Clock;
  logger: Logger;
  workerId: string;
  /** Checked again on every attempt, after DNS resolution. */
  urlPolicy: WebhookUrlPolicy;
}

export interface OutboundWebhooks {
  /** Fan out and claim at once instead of waiting for the next tick. */
  nudge(): void;
  /** Stops fan-out and delivery, waits for attempts in flight and releases their jobs. */
  stop(): Promise<void>;
}

export const DEFAULT_DISABLE_AFTER_MS = 5 * 24 * 60 * 60 * 1000;

/**
 * The delivery side of outbound webhooks in one process: a fan-out loop turning new event-log
 * entries into deliveries (one process at a time holds the cursor), and delivery workers.
 *
 * @example const webhooks = startOutboundWebhooks({ repositories, clock, logger, workerId, urlPolicy });
 */
export function startOutboundWebhooks(options: OutboundWebhooksOptions): OutboundWebhooks {
  const { repositories, logger } = options;
  const schedule = options.schedule ?? DEFAULT_RETRY_SCHEDULE_MS;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const pollIntervalMs = options.pollIntervalMs ?? 200;
  const batchSize = options.batchSize ?? 500;
  const http = createWebhookHttp({ policy: options.urlPolicy, timeoutMs });
  const workers = startDeliveryWorkers({
    repositories,
    http,
    clock: options.clock,
    logger,
    workerId: options.workerId,
    schedule,
    concurrency: options.concurrency ?? 16,
    endpointConcurrency: options.endpointConcurrency ?? 4,
    disableAfterMs: options.disableAfterMs ?? DEFAULT_DISABLE_AFTER_MS,
    timeoutMs,
    ...(options.idleDelayMs === undefined ? {} : { idleDelayMs: options.idleDelayMs }),
    ...(options.maxIdleDelayMs === undefined ? {} : { maxIdleDelayMs: options.maxIdleDelayMs }),
  });

  let stopped = false;
  let wake: (() => void) | null = null;
  const wakeUp = () => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  async function fanOutLoop(): Promise<void> {
    while (!stopped) {
      let more = false;
      try {
        const result = await repositories.webhookDeliveries.fanOut({
          queue: WEBHOOK_DELIVERY_QUEUE,
          maxAttempts: schedule.length,
          limit: batchSize,
        });
        if (result.deliveries > 0) workers.nudge();
        more = result.more;
      } catch (error) {
        logger.error({ err: (error as Error).message }, 'webhook fan-out failed');
      }
      if (more || stopped) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(wakeUp, pollIntervalMs).unref();
      });
    }
  }
  const fanningOut = fanOutLoop();

  return {
    nudge() {
      wakeUp();
      workers.nudge();
    },
    async stop() {
      stopped = true;
      wakeUp();
      await fanningOut;
      await workers.stop();
      http.close();
    },
  };
}

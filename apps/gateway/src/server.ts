import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type SegmentRefresher, startSegmentRefresher } from '@cartwire/automation-sdk';
import { createCredentialCipher, type Database } from '@cartwire/storage';
import { createApp, type GatewayApp } from './app';
import { type Clock, systemClock } from './clock';
import type { GatewayConfig } from './config/env';
import { openGatewayDatabase } from './database';
import { type DevApiKey, ensureDevApiKey } from './dev-api-key';
import { resolveEncryptionKey } from './encryption-key';
import { type HttpListener, listen } from './http/listen';
import { createLogger, type Logger } from './logger';
import {
  type OutboundWebhookSettings,
  type OutboundWebhooks,
  startOutboundWebhooks,
} from './outbound-webhooks/outbound-webhooks-runtime';
import type { WebhookUrlPolicy } from './outbound-webhooks/url-guard';
import {
  createWebhookEndpointService,
  type WebhookEndpointService,
} from './outbound-webhooks/webhook-endpoint-service';
import { type ClvRefitSettings, type ClvRefits, startClvRefits } from './predictions/clv-refits';
import type { AdsSweepSettings, AdsSweeps } from './providers/ads-sweeps';
import { createMessagingProviders } from './providers/messaging-providers';
import { createGatewayRepositories, type GatewayRepositories } from './repositories';
import type { SandboxInbox } from './sandbox/sandbox-inbox';
import type { WebhookInspector } from './sandbox/webhook-inspector';
import type { SyncService } from './sync/sync-service';
import { createSyncRuntime, type WorkerSettings } from './workers/sync-runtime';
import { createMessaging } from './workflows/messaging';
import {
  startWorkflowEngine,
  type WorkflowEngine,
  type WorkflowEngineSettings,
} from './workflows/workflow-engine';

export interface StartGatewayOptions {
  /** @default a JSON logger at config.logLevel on stdout */
  readonly logger?: Logger;
  /** @default the system clock */
  readonly clock?: Clock;
  /**
   * Adds routes to the app before the server listens (an embedding product's own routes; tests'
   * instrumented routes). Hono cannot add routes once it has served a request.
   */
  readonly extendApp?: (app: GatewayApp) => void;
  /**
   * Sync workers of this process (stream runs, webhook follow-ups, cart checks); `false` for a
   * process that only serves HTTP while other processes work the same database.
   * @default { concurrency: 2, leaseMs: 60_000 }
   */
  readonly workers?: WorkerSettings | false;
  /** Largest inbound platform webhook body in bytes. @default 1 MiB */
  readonly webhookMaxBodyBytes?: number;
  /**
   * Outbound webhook delivery settings beyond the configuration (tests shorten the retry schedule
   * or poll faster). Deliveries run only where `workers` is not `false`.
   * @default the configuration's timeout, concurrency and disable-after period
   */
  readonly outboundWebhooks?: OutboundWebhookSettings & { readonly resolve?: WebhookUrlPolicy['resolve'] };
  /**
   * Scheduled CLV model refits (predictions/clv-refits.ts); they run only where `workers` is not `false`.
   * @default { refitIntervalMs: 24 h, scheduleIntervalMs: 60 s }
   */
  readonly clvRefits?: ClvRefitSettings;
  /**
   * The workflow engine (workflows/workflow-engine.ts): feed, step and delayed-send intervals, and
   * channels that deliver themselves. It runs only where `workers` is not `false`.
   */
  readonly workflows?: WorkflowEngineSettings;
  /** The scheduled ads audience sweep (providers/ads-sweeps.ts); only where `workers` is not `false`. */
  readonly adsSweeps?: AdsSweepSettings;
  /**
   * The sandbox's local SMTP inbox (sandbox/sandbox-inbox.ts): when SMTP_URL is not set, email is submitted
   * to it and /v1/sandbox/emails serves what it captured. The caller starts and closes it.
   */
  readonly sandboxInbox?: SandboxInbox;
  /**
   * The sandbox's webhook inspector (sandbox/webhook-inspector.ts): its loopback origin, and no other, is
   * trusted by the webhook URL policy, and /v1/sandbox/webhooks serves what it received. The caller starts,
   * subscribes (through `webhookEndpoints`) and closes it.
   */
  readonly webhookInspector?: WebhookInspector;
}

export interface RunningGateway {
  /** The workflow engine of this process; null when started with `workers: false`. */
  readonly workflows: WorkflowEngine | null;
  /** The ads audience sweep of this process; null when started with `workers: false`. */
  readonly adsSweeps: AdsSweeps | null;
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  readonly url: string;
  readonly port: number;
  readonly app: GatewayApp;
  readonly database: Database;
  readonly repositories: GatewayRepositories;
  /** Identifies this process as a job lease owner; its claimed jobs are released on stop. */
  readonly workerId: string;
  /** Sync scheduling and status (backfill on store connect, urgent fetches, per-stream status). */
  readonly sync: SyncService;
  /** The embedded-mode development key; null with DATABASE_URL or in production. */
  readonly devApiKey: DevApiKey | null;
  /** Webhook endpoints as the REST API manages them (same URL policy): how npm start subscribes its inspector. */
  readonly webhookEndpoints: WebhookEndpointService;
  /**
   * Stops accepting connections, lets in-flight requests finish (up to config.shutdownTimeoutMs),
   * releases this process's claimed jobs and closes the database. Idempotent.
   */
  stop(): Promise<void>;
}

/**
 * Everything `npm start` does short of signal handling: open and migrate the database, create the
 * development key on the first embedded run, serve HTTP. End-to-end tests call it on port 0.
 *
 * @example const gateway = await startGateway(loadConfig({ PORT: '0', CARTWIRE_DATA_DIR: dir }));
 */
export async function startGateway(
  config: GatewayConfig,
  options: StartGatewayOptions = {},
): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const clock = options.clock ?? systemClock;
  const workerId = `gateway:${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

  const database = await openGatewayDatabase(config, logger);
  let listener: HttpListener;
  let repositories: GatewayRepositories;
  let devApiKey: DevApiKey | null = null;
  try {
    const encryptionKey = await resolveEncryptionKey(config);
    const cipher = createCredentialCipher(encryptionKey);
    repositories = createGatewayRepositories(database, { clock, cipher });
    if (config.databaseUrl === undefined && config.nodeEnv !== 'production') {
      devApiKey = await ensureDevApiKey(config.devApiKeyPath, repositories);
    }
    const urlPolicy: WebhookUrlPolicy = {
      allowPrivate: config.allowPrivateWebhookUrls,
      requireHttps: config.webhooks.requireHttps,
      ...(options.outboundWebhooks?.resolve ? { resolve: options.outboundWebhooks.resolve } : {}),
      // The sandbox inspector is a plain-http receiver on loopback, which the guard refuses unless
      // CARTWIRE_ALLOW_PRIVATE_WEBHOOK_URLS opens every private address to every subscriber URL. Trusting its
      // exact origin (scheme, host, port) lets npm start subscribe it while the guard stays on for the rest.
      ...(options.webhookInspector ? { trustedOrigins: [options.webhookInspector.origin] } : {}),
    };
    const { resolve: _resolve, ...outboundSettings } = options.outboundWebhooks ?? {};
    const sandboxInbox = config.smtpUrl === undefined ? options.sandboxInbox : undefined;
    const messaging = createMessaging({
      config: { smtpUrl: config.smtpUrl ?? sandboxInbox?.smtpUrl, publicUrl: config.publicUrl },
      database,
      repositories,
      clock,
      encryptionKey,
    });
    const providers = createMessagingProviders({
      database,
      repositories,
      clock,
      logger,
      workerId,
      encryptionKey,
      urlPolicy,
      publicUrl: () => config.publicUrl ?? listener.url,
    });
    const app = createApp({
      config,
      database,
      repositories,
      logger,
      clock,
      encryptionKey,
      ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
      unsubscribe: messaging.unsubscribe,
      ...(sandboxInbox ? { sandboxInbox } : {}),
      ...(options.webhookInspector ? { webhookInspector: options.webhookInspector } : {}),
      graphiql: config.nodeEnv === 'development',
      tracking: { secret: messaging.trackingSecret },
      webhooks: {
        urlPolicy,
        ...(outboundSettings.schedule ? { schedule: outboundSettings.schedule } : {}),
      },
    });
    const syncRuntime = createSyncRuntime({
      database,
      repositories,
      clock,
      logger,
      workerId,
      ...(options.webhookMaxBodyBytes ? { webhookMaxBodyBytes: options.webhookMaxBodyBytes } : {}),
    });
    syncRuntime.mount(app);
    options.extendApp?.(app);
    listener = await listen(app.fetch, { port: config.port, host: config.host });
    logger.info(
      {
        url: listener.url,
        docs: `${listener.url}/docs`,
        openapi: `${listener.url}/openapi.json`,
        database: database.driver,
        workerId,
      },
      'cartwire gateway listening',
    );
    let outboundWebhooks: OutboundWebhooks | null = null;
    let segmentRefresher: SegmentRefresher | null = null;
    let clvRefits: ClvRefits | null = null;
    let workflows: WorkflowEngine | null = null;
    let adsSweeps: AdsSweeps | null = null;
    if (options.workers !== false) {
      syncRuntime.startWorkers(options.workers ?? {});
      outboundWebhooks = startOutboundWebhooks({
        repositories,
        clock,
        logger,
        workerId,
        urlPolicy,
        timeoutMs: config.webhooks.timeoutMs,
        concurrency: config.webhooks.concurrency,
        endpointConcurrency: config.webhooks.endpointConcurrency,
        disableAfterMs: config.webhooks.disableAfterMs,
        ...outboundSettings,
      });
      segmentRefresher = startSegmentRefresher({ db: database.db, workerId, now: () => clock.now(), logger });
      clvRefits = startClvRefits({ database, repositories, clock, logger, workerId, ...options.clvRefits });
      workflows = startWorkflowEngine({
        database,
        repositories,
        clock,
        logger,
        workerId,
        ...options.workflows,
        channels: [...providers.channels, ...messaging.channels, ...(options.workflows?.channels ?? [])],
        actions: { ...providers.actions, ...options.workflows?.actions },
      });
      adsSweeps = providers.startSweeps(options.adsSweeps);
    }
    let stopping: Promise<void> | undefined;
    return {
      url: listener.url,
      port: listener.port,
      app,
      database,
      repositories,
      workerId,
      sync: syncRuntime.sync,
      devApiKey,
      webhookEndpoints: createWebhookEndpointService({
        repositories,
        clock,
        urlPolicy,
        ...(outboundSettings.schedule ? { schedule: outboundSettings.schedule } : {}),
      }),
      workflows,
      adsSweeps,
      stop() {
        stopping ??= (async () => {
          logger.info({ timeoutMs: config.shutdownTimeoutMs }, 'shutting down: draining in-flight requests');
          try {
            await listener.close(config.shutdownTimeoutMs);
            await syncRuntime.close();
            await outboundWebhooks?.stop();
            await segmentRefresher?.stop();
            await clvRefits?.stop();
            await workflows?.stop();
            await adsSweeps?.stop();
            messaging.close();
            providers.close();
            const released = await repositories.jobs.releaseAll(workerId);
            logger.info({ releasedJobs: released }, 'released claimed jobs');
          } finally {
            await database.close();
            logger.info('gateway stopped');
          }
        })();
        return stopping;
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

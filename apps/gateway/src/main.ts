import path from 'node:path';
import { ConfigError, loadConfig } from './config/env';
import { DataDirLockedError } from './data-dir-lock';
import type { DevApiKey } from './dev-api-key';
import { createLogger } from './logger';
import { backfillPending, watchBackfill } from './sandbox/backfill-progress';
import { installSandboxEmail } from './sandbox/sandbox-email';
import { type SandboxInbox, startSandboxInbox } from './sandbox/sandbox-inbox';
import { installExampleWorkflows } from './sandbox/sandbox-workflows';
import { type RunningSandbox, startSandbox } from './sandbox/start-sandbox';
import {
  type InspectorEndpointOutcome,
  startWebhookInspector,
  subscribeWebhookInspector,
  type WebhookInspector,
} from './sandbox/webhook-inspector';
import { startGateway } from './server';
import { DEFAULT_CONNECTORS, syncStreamsOf } from './sync/platform-connectors';
import { readSyncSettings } from './sync/store-sync-settings';

/** Printed for a person, not the log pipeline: the secret must not land in JSON logs. */
function devKeyBanner(devApiKey: DevApiKey, url: string): string {
  const tryIt = `curl -H "Authorization: Bearer $(cat ${devApiKey.path})" ${url}/v1/tenant`;
  if (devApiKey.status === 'existing') {
    return `\n  Development API key: ${devApiKey.path}\n  Try: ${tryIt}\n  Docs: ${url}/docs\n\n`;
  }
  return [
    '',
    '  ┌──────────────────────────────────────────────────────────────────────┐',
    '  │ Created a development tenant and a test API key (shown only once).   │',
    '  └──────────────────────────────────────────────────────────────────────┘',
    '',
    `      ${devApiKey.secret}`,
    '',
    `  Saved to ${devApiKey.path} (mode 0600).`,
    `  Try: ${tryIt}`,
    `  Docs: ${url}/docs`,
    '',
    '',
  ].join('\n');
}

function inspectorBanner(inspector: WebhookInspector, endpointId: string, outcome: InspectorEndpointOutcome) {
  if (outcome === 'disabled') {
    return (
      `  Webhook inspector: its endpoint ${endpointId} is disabled, so it receives nothing;\n` +
      `    PATCH /v1/webhook-endpoints/${endpointId} with {"enabled":true} turns it back on\n\n`
    );
  }
  return (
    `  Webhook inspector: endpoint ${endpointId} (${outcome}) delivers every event to ${inspector.url},\n` +
    `    which verifies each signature; see them in the console's Webhooks tab or GET /v1/sandbox/webhooks\n\n`
  );
}

function sandboxBanner(sandbox: RunningSandbox): string {
  const lines = sandbox.shops.map(
    (shop) =>
      `    ${shop.platform.padEnd(12)} ${shop.storeId}  ${shop.url}  ${shop.connected ? '(connected; backfilling)' : ''}`,
  );
  return ['', '  Sandbox stores (CARTWIRE_SANDBOX=0 turns them off):', ...lines, '', ''].join('\n');
}

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  // The sandbox's email goes to a local inbox unless the user named an SMTP server. Same condition as the
  // sandbox stores (embedded development mode), decided before the gateway starts: its email channel is built then.
  const embeddedDevelopment = config.databaseUrl === undefined && config.nodeEnv !== 'production';
  let inbox: SandboxInbox | null = null;
  // The webhook inspector listens before the gateway starts: its origin goes into the gateway's URL policy.
  let inspector: WebhookInspector | null = null;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  try {
    if (config.sandbox && embeddedDevelopment && config.smtpUrl === undefined) {
      inbox = await startSandboxInbox({ logger });
    }
    if (config.sandbox && embeddedDevelopment) inspector = await startWebhookInspector({ logger });
    gateway = await startGateway(config, {
      logger,
      ...(inbox ? { sandboxInbox: inbox } : {}),
      ...(inspector ? { webhookInspector: inspector } : {}),
    });
  } catch (error) {
    await inbox?.close();
    await inspector?.close();
    if (error instanceof DataDirLockedError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    logger.fatal({ err: error }, 'gateway failed to start');
    process.exit(1);
  }
  if (gateway.devApiKey !== null) process.stdout.write(devKeyBanner(gateway.devApiKey, gateway.url));

  let sandbox: RunningSandbox | null = null;
  let stopProgress = () => {};
  let shuttingDown = false;
  if (config.sandbox && gateway.devApiKey !== null) {
    try {
      sandbox = await startSandbox({
        gatewayUrl: gateway.url,
        tenantId: gateway.devApiKey.tenantId,
        repositories: gateway.repositories,
        sync: gateway.sync,
        logger,
        dataDir: path.join(config.dataDir, 'sandbox'),
        supports: (platform) => DEFAULT_CONNECTORS[platform] !== undefined,
      });
      process.stdout.write(sandboxBanner(sandbox));
      const tenantId = gateway.devApiKey.tenantId;
      if (inbox) {
        await installSandboxEmail(gateway.database.db, tenantId);
        process.stdout.write(
          `  Sandbox inbox: workflow emails are captured on ${inbox.smtpUrl} (set SMTP_URL to send for real);\n` +
            `    read them in the console's Inbox or GET /v1/sandbox/emails\n\n`,
        );
      }
      const firstRun = sandbox.shops.filter((shop) => shop.connected);
      // Every sandbox store with the streams it syncs: the progress display follows this run's new stores,
      // the webhook inspector waits for all of them (a backfill a stopped run left resumes now).
      const shops = (
        await Promise.all(
          sandbox.shops.map(async (shop) => {
            const store = await gateway.repositories.stores.getStore(tenantId, shop.storeId);
            const connector = DEFAULT_CONNECTORS[shop.platform];
            const only = readSyncSettings(store?.settings ?? {}).streams;
            return { ...shop, streams: connector ? syncStreamsOf(connector, only) : [] };
          }),
        )
      ).filter((shop) => shop.streams.length > 0);
      const status = (storeId: string) => gateway.sync.getSyncStatus(tenantId, storeId);
      const subscribeInspector = async (running: WebhookInspector) => {
        const { endpointId, outcome } = await subscribeWebhookInspector({
          inspector: running,
          endpoints: gateway.webhookEndpoints,
          signingSecrets: (tenant, endpoint, at) =>
            gateway.repositories.webhookEndpoints.getSigningSecrets(tenant, endpoint, at),
          tenantId,
        });
        process.stdout.write(inspectorBanner(running, endpointId, outcome));
      };
      // A backfill announces every imported record as created: thousands of deliveries that would crowd the
      // demo's database and bury the live ones, so the inspector subscribes once no backfill is pending.
      const inspectorWaits = inspector !== null && (await backfillPending(shops, status));
      if (inspector && !inspectorWaits) await subscribeInspector(inspector);
      if (inspector && inspectorWaits) {
        process.stdout.write(
          `  Webhook inspector: listening on ${inspector.url}; it subscribes once the backfill is done\n` +
            '    (the backfill announces every imported record as created: thousands of deliveries)\n\n',
        );
      }
      const installed = await installExampleWorkflows(gateway.database.db, tenantId);
      if (installed.length > 0) {
        process.stdout.write(
          `  Example workflows activated (see GET /v1/workflows; pause any with POST /v1/workflows/{id}/pause):\n    ${installed.join(', ')}\n\n`,
        );
      }
      let displayed: Promise<unknown> = Promise.resolve();
      if (firstRun.length > 0) {
        process.stdout.write('  Initial backfill:\n');
        const progress = watchBackfill({
          shops: shops.filter((shop) => shop.connected),
          status,
          out: process.stdout,
        });
        stopProgress = progress.stop;
        displayed = progress.done.then(
          () => process.stdout.write(`\n  Backfill done. Console: ${gateway.url}/console\n\n`),
          (error: unknown) => logger.warn({ err: error }, 'backfill progress display stopped'),
        );
      }
      if (inspector && inspectorWaits) {
        const running = inspector;
        const waiting = watchBackfill({ shops, status, out: { write: () => true } });
        const stopDisplay = stopProgress;
        stopProgress = () => {
          stopDisplay();
          waiting.stop();
        };
        // After the display's last line too: a line printed while it redraws would be drawn over.
        void Promise.all([waiting.done, displayed])
          // A shutdown also ends the waiting: the database is closing, nothing to subscribe.
          .then(() => (shuttingDown ? undefined : subscribeInspector(running)))
          .catch((error: unknown) =>
            logger.error({ err: error }, 'the webhook inspector could not subscribe'),
          );
      }
    } catch (error) {
      logger.error({ err: error }, 'sandbox stores failed to start; the gateway runs without them');
    }
  } else if (config.sandbox) {
    logger.info('sandbox stores run only in the embedded development mode (no DATABASE_URL, not production)');
  }

  let signals = 0;
  const shutdown = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    logger.info({ signal }, 'shutdown requested');
    shuttingDown = true;
    stopProgress();
    (sandbox?.stop() ?? Promise.resolve())
      .catch((error: unknown) => logger.warn({ err: error }, 'sandbox stop failed'))
      .then(() => gateway.stop())
      .then(() => inbox?.close())
      .then(() => inspector?.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

await main();

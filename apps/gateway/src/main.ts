import { ConfigError, loadConfig } from './config/env';
import { DataDirLockedError } from './data-dir-lock';
import type { DevApiKey } from './dev-api-key';
import { createLogger } from './logger';
import { startGateway } from './server';

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
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  try {
    gateway = await startGateway(config, { logger });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    logger.fatal({ err: error }, 'gateway failed to start');
    process.exit(1);
  }
  if (gateway.devApiKey !== null) process.stdout.write(devKeyBanner(gateway.devApiKey, gateway.url));

  let signals = 0;
  const shutdown = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    logger.info({ signal }, 'shutdown requested');
    gateway.stop().then(
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

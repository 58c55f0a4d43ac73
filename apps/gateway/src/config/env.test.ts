import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env';
import { ENV_DOCS, type EnvName, renderEnvTable, SECRET_ENV_KEYS } from './env-docs';

const KEY = Buffer.alloc(32, 7).toString('base64');

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env, { cwd: '/srv/app' });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({}, { cwd: '/srv/app' });
    expect(config).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: '/srv/app/.cartwire',
      pgDataDir: '/srv/app/.cartwire/pgdata',
      devApiKeyPath: '/srv/app/.cartwire/dev-api-key',
      encryptionKey: { source: 'file', path: '/srv/app/.cartwire/encryption.key' },
      logLevel: 'info',
      nodeEnv: 'development',
      sandbox: true,
      redisUrl: undefined,
      allowPrivateWebhookUrls: false,
      publicUrl: undefined,
      smtpUrl: undefined,
      requestBodyLimitBytes: 1024 * 1024,
      rateLimit: { perSecond: 50, burst: 100 },
      shutdownTimeoutMs: 10_000,
    });
    expect(String(config.port)).toBe(ENV_DOCS.PORT.default);
    expect(config.host).toBe(ENV_DOCS.HOST.default);
  });

  it('resolves a relative data dir against INIT_CWD, where the user ran npm start', () => {
    const config = loadConfig({ INIT_CWD: '/home/me/cartwire', CARTWIRE_DATA_DIR: 'state' }, { cwd: '/x' });
    expect(config.dataDir).toBe('/home/me/cartwire/state');
    expect(loadConfig({ CARTWIRE_DATA_DIR: '/var/lib/cw' }).dataDir).toBe('/var/lib/cw');
  });

  it('parses every variable that is set', () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/cartwire',
      CARTWIRE_ENCRYPTION_KEY: KEY,
      LOG_LEVEL: 'debug',
      NODE_ENV: 'production',
      CARTWIRE_SANDBOX: '0',
      REDIS_URL: 'redis://127.0.0.1:6379',
      SMTP_URL: 'smtp://mailer:s3cret@smtp.example.com:587',
      CARTWIRE_PUBLIC_URL: 'https://cartwire.example.com/',
      REQUEST_BODY_LIMIT: '512kb',
      API_RATE_LIMIT_PER_SECOND: '0',
      SHUTDOWN_TIMEOUT_MS: '2500',
    });
    expect(config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/cartwire',
      logLevel: 'debug',
      nodeEnv: 'production',
      sandbox: false,
      redisUrl: 'redis://127.0.0.1:6379',
      allowPrivateWebhookUrls: false,
      smtpUrl: 'smtp://mailer:s3cret@smtp.example.com:587',
      publicUrl: 'https://cartwire.example.com',
      requestBodyLimitBytes: 512 * 1024,
      rateLimit: null,
      shutdownTimeoutMs: 2500,
    });
    expect(config.encryptionKey).toEqual({ source: 'env', key: Buffer.alloc(32, 7) });
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ' }).port).toBe(8787);
  });

  it('explains that DATABASE_URL needs an encryption key', () => {
    const error = configError({ DATABASE_URL: 'postgres://postgres@127.0.0.1/cw' });
    expect(error.issues).toEqual([
      { variable: 'CARTWIRE_ENCRYPTION_KEY', message: expect.stringContaining('required when DATABASE_URL') },
    ]);
    expect(error.message).toContain('openssl rand -base64 32');
  });

  it('lists every bad variable at once with what was expected', () => {
    const error = configError({
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      CARTWIRE_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64'),
      REQUEST_BODY_LIMIT: '12 parsecs',
      CARTWIRE_SANDBOX: 'maybe',
      SMTP_URL: 'http://smtp.example.com',
      CARTWIRE_PUBLIC_URL: 'https://cartwire.example.com/base',
    });
    expect(error.issues.map((issue) => issue.variable).sort()).toEqual([
      'CARTWIRE_ENCRYPTION_KEY',
      'CARTWIRE_PUBLIC_URL',
      'CARTWIRE_SANDBOX',
      'LOG_LEVEL',
      'PORT',
      'REQUEST_BODY_LIMIT',
      'SMTP_URL',
    ]);
    expect(error.message).toContain('decoded 16');
    expect(error.message).toContain('512kb');
  });

  it('never echoes a secret value in its error', () => {
    const error = configError({ DATABASE_URL: 'mysql://root:hunter2@db/x' });
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).not.toContain('hunter2');
  });
});

describe('ENV_DOCS', () => {
  it('marks the secret variables', () => {
    expect([...SECRET_ENV_KEYS].sort()).toEqual([
      'CARTWIRE_ENCRYPTION_KEY',
      'DATABASE_URL',
      'REDIS_URL',
      'SMTP_URL',
    ]);
  });

  it('renders a Markdown table row per variable', () => {
    const table = renderEnvTable();
    for (const name of Object.keys(ENV_DOCS) as EnvName[]) expect(table).toContain(`| \`${name}\` |`);
  });

  const readme = path.resolve(import.meta.dirname, '../../../../README.md');
  it.runIf(existsSync(readme))('is fully listed in the README configuration table', () => {
    const text = readFileSync(readme, 'utf8');
    const missing = (Object.keys(ENV_DOCS) as EnvName[]).filter((name) => !text.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});

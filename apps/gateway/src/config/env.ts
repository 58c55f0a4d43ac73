import path from 'node:path';
import { z } from 'zod';
import { ENV_DOCS, type EnvName } from './env-docs';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const BYTE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

const byteSize = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value, ctx) => {
    const match = /^(\d+)\s*(b|kb|mb|gb)?$/.exec(value);
    const amount = match?.[1];
    const multiplier = BYTE_UNITS[match?.[2] ?? 'b'];
    if (amount === undefined || multiplier === undefined || Number(amount) <= 0) {
      ctx.addIssue({ code: 'custom', message: 'expected a positive size such as 1048576, 512kb or 2mb' });
      return z.NEVER;
    }
    return Number(amount) * multiplier;
  });

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => /^postgres(ql)?:\/\/.+/.test(value), {
    message: 'expected a postgres:// or postgresql:// connection string',
  });

const encryptionKey = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(value) ? Buffer.from(value, 'base64') : Buffer.alloc(0);
    if (key.length !== 32) {
      ctx.addIssue({
        code: 'custom',
        message:
          `must be base64 of exactly 32 bytes (decoded ${key.length}); ` +
          'generate one with `openssl rand -base64 32`',
      });
      return z.NEVER;
    }
    return key;
  });

const port = z.coerce.number().int().min(0).max(65_535);
const nonNegativeNumber = z.coerce.number().finite().min(0);
const positiveInt = z.coerce.number().int().positive();

/**
 * The gateway's whole configuration surface, parsed once at the process edge. Keys are exactly the
 * documented variables (`satisfies` rejects a schema entry without docs and vice versa).
 */
const envShape = {
  PORT: port.default(8787),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATABASE_URL: postgresUrl.optional(),
  CARTWIRE_DATA_DIR: z.string().trim().min(1).default('.cartwire'),
  CARTWIRE_ENCRYPTION_KEY: encryptionKey.optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  CARTWIRE_SANDBOX: z.stringbool().default(true),
  REDIS_URL: z
    .string()
    .trim()
    .refine((value) => /^rediss?:\/\/.+/.test(value), { message: 'expected a redis:// or rediss:// URL' })
    .optional(),
  CARTWIRE_ALLOW_PRIVATE_WEBHOOK_URLS: z.stringbool().optional(),
  CARTWIRE_PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .refine((value) => {
      const url = new URL(value);
      return url.pathname === '/' && url.search === '' && url.hash === '';
    }, 'expected an origin such as https://cartwire.example.com (no path, query or fragment)')
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  SMTP_URL: z
    .string()
    .trim()
    .refine((value) => /^smtps?:\/\/[^/?#]+/.test(value) && URL.canParse(value), {
      message: 'expected an smtp:// or smtps:// URL such as smtp://user:pass@smtp.example.com:587',
    })
    .optional(),
  REQUEST_BODY_LIMIT: byteSize.default(1024 * 1024),
  API_RATE_LIMIT_PER_SECOND: nonNegativeNumber.default(50),
  API_RATE_LIMIT_BURST: positiveInt.default(100),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
  WEBHOOK_TIMEOUT_MS: positiveInt.max(120_000).default(15_000),
  WEBHOOK_CONCURRENCY: positiveInt.max(1000).default(16),
  WEBHOOK_ENDPOINT_CONCURRENCY: positiveInt.max(100).default(4),
  WEBHOOK_DISABLE_AFTER_HOURS: z.coerce.number().finite().positive().default(120),
} satisfies Record<EnvName, z.ZodType>;

export const Env = z.object(envShape).superRefine((env, ctx) => {
  if (env.DATABASE_URL !== undefined && env.CARTWIRE_ENCRYPTION_KEY === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['CARTWIRE_ENCRYPTION_KEY'],
      message:
        'is required when DATABASE_URL is set (store credentials are encrypted with it, and every ' +
        'gateway sharing the database must use the same key); generate one with `openssl rand -base64 32`',
    });
  }
});
export type Env = z.infer<typeof Env>;

/** Where the key encrypting store credentials comes from. */
export type EncryptionKeySource =
  | { readonly source: 'env'; readonly key: Buffer }
  | { readonly source: 'file'; readonly path: string };

export interface GatewayConfig {
  readonly port: number;
  readonly host: string;
  /** Unset: embedded PGlite persisted in `pgDataDir`. */
  readonly databaseUrl: string | undefined;
  /** Absolute. */
  readonly dataDir: string;
  readonly pgDataDir: string;
  readonly devApiKeyPath: string;
  readonly encryptionKey: EncryptionKeySource;
  readonly logLevel: LogLevel;
  readonly nodeEnv: Env['NODE_ENV'];
  readonly sandbox: boolean;
  readonly redisUrl: string | undefined;
  readonly allowPrivateWebhookUrls: boolean;
  /**
   * Where providers and email recipients reach this gateway (`CARTWIRE_PUBLIC_URL`, no trailing slash).
   * Unset: provider callbacks use the listener's URL, and workflow email carries no tracking links.
   */
  readonly publicUrl: string | undefined;
  /** Where workflow email is submitted (`SMTP_URL`); unset: no email channel. */
  readonly smtpUrl: string | undefined;
  readonly requestBodyLimitBytes: number;
  /** `null` when API rate limiting is disabled (`API_RATE_LIMIT_PER_SECOND=0`). */
  readonly rateLimit: { readonly perSecond: number; readonly burst: number } | null;
  readonly shutdownTimeoutMs: number;
  /** Outbound webhook delivery (Standard Webhooks). */
  readonly webhooks: {
    /** Subscriber URLs must be https (production). */
    readonly requireHttps: boolean;
    readonly timeoutMs: number;
    /** Deliveries in flight per process. */
    readonly concurrency: number;
    /** Deliveries in flight per endpoint. */
    readonly endpointConcurrency: number;
    /** An endpoint failing for this long is disabled. */
    readonly disableAfterMs: number;
  };
}

/** Thrown when the environment does not parse; the message lists every bad variable. */
export class ConfigError extends Error {
  readonly _tag = 'ConfigError';
  constructor(readonly issues: readonly { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i.variable}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** Base for a relative CARTWIRE_DATA_DIR when npm did not set INIT_CWD. @default process.cwd() */
  readonly cwd?: string;
}

/**
 * Parses the environment once. Empty strings count as unset (`FOO=` in a compose file).
 * A relative data dir resolves against `INIT_CWD` — the directory where the user ran `npm start`,
 * since npm runs the workspace script from apps/gateway — so `./.cartwire` lands at the repo root.
 *
 * @example const config = loadConfig(process.env);
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  options: LoadConfigOptions = {},
): GatewayConfig {
  const input = Object.fromEntries(
    (Object.keys(ENV_DOCS) as EnvName[])
      .map((name) => [name, env[name]] as const)
      .filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = Env.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: issue.path.map(String).join('.') || '(environment)',
        message: issue.message,
      })),
    );
  }
  const values = parsed.data;
  const base = env.INIT_CWD?.trim() || options.cwd || process.cwd();
  const dataDir = path.resolve(base, values.CARTWIRE_DATA_DIR);
  const isProduction = values.NODE_ENV === 'production';
  return {
    port: values.PORT,
    host: values.HOST,
    databaseUrl: values.DATABASE_URL,
    dataDir,
    pgDataDir: path.join(dataDir, 'pgdata'),
    devApiKeyPath: path.join(dataDir, 'dev-api-key'),
    encryptionKey:
      values.CARTWIRE_ENCRYPTION_KEY === undefined
        ? { source: 'file', path: path.join(dataDir, 'encryption.key') }
        : { source: 'env', key: values.CARTWIRE_ENCRYPTION_KEY },
    logLevel: values.LOG_LEVEL,
    nodeEnv: values.NODE_ENV,
    sandbox: values.CARTWIRE_SANDBOX,
    redisUrl: values.REDIS_URL,
    // The SSRF guard is on unless explicitly turned off, whatever NODE_ENV says.
    allowPrivateWebhookUrls: values.CARTWIRE_ALLOW_PRIVATE_WEBHOOK_URLS ?? false,
    publicUrl: values.CARTWIRE_PUBLIC_URL,
    smtpUrl: values.SMTP_URL,
    requestBodyLimitBytes: values.REQUEST_BODY_LIMIT,
    rateLimit:
      values.API_RATE_LIMIT_PER_SECOND === 0
        ? null
        : { perSecond: values.API_RATE_LIMIT_PER_SECOND, burst: values.API_RATE_LIMIT_BURST },
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS,
    webhooks: {
      requireHttps: isProduction,
      timeoutMs: values.WEBHOOK_TIMEOUT_MS,
      concurrency: values.WEBHOOK_CONCURRENCY,
      endpointConcurrency: values.WEBHOOK_ENDPOINT_CONCURRENCY,
      disableAfterMs: Math.round(values.WEBHOOK_DISABLE_AFTER_HOURS * 3_600_000),
    },
  };
}

import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config/env';
import { SECRET_ENV_KEYS } from './config/env-docs';

export type { Logger } from 'pino';

/** Field names whose values are secrets wherever they appear (top level or one object deep). */
const SECRET_FIELDS = [
  'authorization',
  'cookie',
  'set-cookie',
  'apiKey',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'password',
  'credentials',
  'encryptionKey',
  'consumerSecret',
  'clientSecret',
  ...SECRET_ENV_KEYS,
];

const REDACT_PATHS = [
  ...SECRET_FIELDS.flatMap((field) => [`["${field}"]`, `*["${field}"]`]),
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
];

export interface CreateLoggerOptions {
  /** @default 'info' */
  readonly level?: LogLevel;
  /** Where JSON lines go; tests pass a stream to read them back. @default stdout */
  readonly destination?: DestinationStream;
}

/**
 * JSON logs (one object per line) with secrets replaced by `[redacted]`, so a stray
 * `logger.info({ headers })` cannot leak an API key or credential.
 *
 * @example const logger = createLogger({ level: config.logLevel });
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'cartwire-gateway' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}

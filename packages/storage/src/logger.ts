/** The subset of a pino logger storage writes to; pass a pino instance or anything shaped like it. */
export interface StorageLogger {
  debug(fields: Record<string, unknown>, message?: string): void;
  info(fields: Record<string, unknown>, message?: string): void;
  warn(fields: Record<string, unknown>, message?: string): void;
  error(fields: Record<string, unknown>, message?: string): void;
}

const noop = () => {};

export const silentLogger: StorageLogger = { debug: noop, info: noop, warn: noop, error: noop };

/**
 * The logging surface the engine needs; pino's `logger.child({...})` satisfies it directly.
 * The engine logs operation names, statuses and URL paths only — never query strings (WooCommerce
 * query-string auth carries the consumer secret there), headers or bodies.
 */
export interface EngineLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export const silentLogger: EngineLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

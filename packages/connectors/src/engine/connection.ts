import { z } from 'zod';
import type { AnyConnector, StoreView } from './connector';
import { AuthError, InvalidPayloadError } from './errors';
import { RateLimitOverride } from './rate-limit/rate-limit-types';

/** Settings the engine itself reads from a store's settings object (the connector reads the rest). */
export const EngineStoreSettings = z.looseObject({
  /** Per-store limiter override (WooCommerce hosts differ; Shopify plans differ). */
  rateLimit: RateLimitOverride.optional(),
  /** Per-request timeout for this store, in milliseconds. */
  timeoutMs: z.int().positive().optional(),
  /** How far incremental runs re-read before the watermark, in milliseconds. */
  incrementalOverlapMs: z.int().nonnegative().optional(),
});
export type EngineStoreSettings = z.infer<typeof EngineStoreSettings>;

/** A store as the caller knows it: id, decrypted credentials, settings. */
export interface StoreInput {
  id: string;
  credentials: unknown;
  settings?: unknown;
}

/** A connector bound to one validated store: what every engine call takes. */
export interface ConnectionContext<TConnector extends AnyConnector = AnyConnector> {
  connector: TConnector;
  store: StoreView & { credentials: unknown; engine: EngineStoreSettings };
}

function issuePaths(error: z.ZodError): string {
  // Paths only: the values are secrets.
  return error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
}

/**
 * Validates a store's credentials and settings against a connector. Invalid credentials are an
 * `AuthError`; invalid settings an `InvalidPayloadError`. Neither message contains values.
 */
export function connectStore<TConnector extends AnyConnector>(
  connector: TConnector,
  store: StoreInput,
): ConnectionContext<TConnector> {
  const context = { platform: connector.platform, storeId: store.id, operation: 'connect' };
  const credentials = connector.credentials.safeParse(store.credentials);
  if (!credentials.success) {
    throw new AuthError(`invalid credentials: ${issuePaths(credentials.error)}`, context);
  }
  const rawSettings = store.settings ?? {};
  const engineSettings = EngineStoreSettings.safeParse(rawSettings);
  if (!engineSettings.success) {
    throw new InvalidPayloadError(`invalid store settings: ${issuePaths(engineSettings.error)}`, context);
  }
  const platformSettings = connector.settings ? connector.settings.safeParse(rawSettings) : null;
  if (platformSettings && !platformSettings.success) {
    throw new InvalidPayloadError(`invalid store settings: ${issuePaths(platformSettings.error)}`, context);
  }
  return {
    connector,
    store: {
      id: store.id,
      credentials: credentials.data,
      settings: platformSettings ? platformSettings.data : rawSettings,
      engine: engineSettings.data,
    },
  };
}

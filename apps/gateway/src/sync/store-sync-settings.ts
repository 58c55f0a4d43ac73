import { z } from 'zod';

const DEFAULT_POLL_INTERVAL_MS = 15 * 60_000;

/**
 * The sync layer's part of a store's settings (`settings.sync`); unknown keys are kept for others.
 *
 * @example { sync: { pollIntervalMs: { default: 600000, orders: 60000 }, abandonedCartWindowMinutes: 30 } }
 */
export const StoreSyncSettings = z
  .object({
    /**
     * Incremental poll interval in milliseconds: one number for every stream, or per stream with a
     * `default`. Polling is the safety net even where webhooks arrive.
     * @default 900000 (15 minutes)
     */
    pollIntervalMs: z
      .union([z.int().min(1000), z.record(z.string(), z.int().min(1000))])
      .default(DEFAULT_POLL_INTERVAL_MS),
    /** A cart with contact details and items not converted within this window is abandoned. @default 60 */
    abandonedCartWindowMinutes: z
      .int()
      .min(1)
      .max(60 * 24 * 30)
      .default(60),
    /** A variant whose stock falls from above this to at or below it is low on stock. @default 5 */
    lowStockThreshold: z.int().min(0).default(5),
    /** Streams to sync; every stream the connector has when omitted. */
    streams: z.array(z.string().min(1)).optional(),
  })
  .default({
    pollIntervalMs: DEFAULT_POLL_INTERVAL_MS,
    abandonedCartWindowMinutes: 60,
    lowStockThreshold: 5,
  });
export type StoreSyncSettings = z.infer<typeof StoreSyncSettings>;

export class InvalidSyncSettingsError extends Error {
  override readonly name = 'InvalidSyncSettingsError';
}

/** Reads `settings.sync` of a store; invalid settings are an error naming the paths, never the values. */
export function readSyncSettings(settings: Record<string, unknown>): StoreSyncSettings {
  const parsed = StoreSyncSettings.safeParse(settings.sync);
  if (!parsed.success) {
    const paths = parsed.error.issues.map((issue) => ['sync', ...issue.path].join('.')).join(', ');
    throw new InvalidSyncSettingsError(`invalid store sync settings: ${paths}`);
  }
  return parsed.data;
}

export function pollIntervalFor(settings: StoreSyncSettings, stream: string): number {
  const interval = settings.pollIntervalMs;
  if (typeof interval === 'number') return interval;
  return interval[stream] ?? interval.default ?? DEFAULT_POLL_INTERVAL_MS;
}

import { z } from 'zod';
import { PageCursor } from './pagination/pagination-types';

/** The newest record a completed run has seen: compared by updatedAt, then id. */
export const Watermark = z.object({
  updatedAt: z.iso.datetime({ offset: true }),
  id: z.string().min(1),
});
export type Watermark = z.infer<typeof Watermark>;

/** A run that has not completed yet; persisted after every page so it can resume. */
export const InFlightRun = z.object({
  mode: z.enum(['backfill', 'incremental']),
  /** The lower bound the run started with; a resumed run must reuse it for its cursors to stay valid. */
  since: z.iso.datetime({ offset: true }).nullable(),
  /** Where the next page starts. */
  next: PageCursor.nullable(),
  /** True once the last page was processed (only the watermark commit is missing). */
  exhausted: z.boolean(),
  /** Highest (updatedAt, id) seen so far in this run. */
  maxSeen: Watermark.nullable(),
  pages: z.int().nonnegative(),
  records: z.int().nonnegative(),
  startedAt: z.iso.datetime({ offset: true }),
});
export type InFlightRun = z.infer<typeof InFlightRun>;

export const Checkpoint = z.object({
  watermark: Watermark.nullable(),
  inFlight: InFlightRun.nullable(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

/**
 * Persistence of sync progress per (store, stream), in two parts: the in-flight page cursor saved
 * after every page, and the watermark committed only when a run completes. Implemented by the
 * storage package on Postgres; `createInMemoryCheckpointStore` serves tests.
 */
export interface CheckpointStore {
  load(storeId: string, stream: string): Promise<Checkpoint | null>;
  /** Saves the in-flight run after a page was fully handled; keeps the committed watermark. */
  savePage(storeId: string, stream: string, run: InFlightRun): Promise<void>;
  /** Commits the run's watermark and clears the in-flight run, in one write. */
  commitWatermark(storeId: string, stream: string, watermark: Watermark | null): Promise<void>;
}

/** Checkpoints held in memory (tests, one-off scripts). Values are copied in and out. */
export function createInMemoryCheckpointStore(): CheckpointStore & {
  snapshot(): Map<string, Checkpoint>;
} {
  const checkpoints = new Map<string, Checkpoint>();
  const keyOf = (storeId: string, stream: string) => `${storeId}\u0000${stream}`;
  return {
    async load(storeId, stream) {
      const found = checkpoints.get(keyOf(storeId, stream));
      return found ? structuredClone(found) : null;
    },
    async savePage(storeId, stream, run) {
      const key = keyOf(storeId, stream);
      const current = checkpoints.get(key);
      checkpoints.set(key, { watermark: current?.watermark ?? null, inFlight: structuredClone(run) });
    },
    async commitWatermark(storeId, stream, watermark) {
      checkpoints.set(keyOf(storeId, stream), { watermark: structuredClone(watermark), inFlight: null });
    },
    snapshot() {
      return new Map([...checkpoints].map(([key, value]) => [key, structuredClone(value)]));
    },
  };
}

function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const left = BigInt(a);
    const right = BigInt(b);
    return left < right ? -1 : left > right ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders watermarks by instant, then id (numeric ids numerically). */
export function compareWatermarks(a: Watermark, b: Watermark): number {
  const byTime = Date.parse(a.updatedAt) - Date.parse(b.updatedAt);
  if (byTime !== 0) return byTime < 0 ? -1 : 1;
  return compareIds(a.id, b.id);
}

export function maxWatermark(a: Watermark | null, b: Watermark | null): Watermark | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareWatermarks(a, b) >= 0 ? a : b;
}

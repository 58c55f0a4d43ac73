import { type CheckpointStore, InFlightRun, type Watermark } from '@cartwire/connectors';
import type { CheckpointStore as StorageCheckpoints } from '@cartwire/storage';

/**
 * The connector engine's CheckpointStore on the `sync_checkpoints` table, bound to one tenant: the
 * in-flight run (page cursor, run-local max watermark, counts) is saved after every page as the page
 * cursor; the watermark is committed when the run completes. A worker that dies mid-run leaves the
 * in-flight run behind, and the next worker's runStream resumes from it.
 */
export function createStorageCheckpointStore(
  checkpoints: StorageCheckpoints,
  tenantId: string,
  options: {
    /** When the next run is due; stored with the committed run so sync status shows it. */
    nextRunAt?: () => Date | null;
  } = {},
): CheckpointStore {
  const started = new Set<string>();
  const ensureStarted = async (storeId: string, stream: string) => {
    const key = `${storeId}\u0000${stream}`;
    if (started.has(key)) return;
    await checkpoints.startRun({ tenantId, storeId, stream });
    started.add(key);
  };
  return {
    async load(storeId, stream) {
      const saved = await checkpoints.get({ tenantId, storeId, stream });
      if (!saved) return null;
      const inFlight = InFlightRun.safeParse(saved.pageCursor);
      const watermark: Watermark | null = saved.watermark
        ? { updatedAt: saved.watermark.updatedAt.toISOString(), id: saved.watermark.id }
        : null;
      // A cursor written by another format (or none) starts a fresh run rather than failing the stream.
      return { watermark, inFlight: inFlight.success ? inFlight.data : null };
    },
    async savePage(storeId, stream, run) {
      await ensureStarted(storeId, stream);
      const before = await checkpoints.get({ tenantId, storeId, stream });
      const previous = InFlightRun.safeParse(before?.pageCursor);
      const already = previous.success ? previous.data.records : 0;
      await checkpoints.savePage({
        tenantId,
        storeId,
        stream,
        pageCursor: run,
        records: Math.max(0, run.records - already),
      });
    },
    async commitWatermark(storeId, stream, watermark) {
      await ensureStarted(storeId, stream);
      await checkpoints.commitRun({
        tenantId,
        storeId,
        stream,
        watermark: watermark ? { updatedAt: new Date(watermark.updatedAt), id: watermark.id } : null,
        nextRunAt: options.nextRunAt?.() ?? null,
      });
    },
  };
}

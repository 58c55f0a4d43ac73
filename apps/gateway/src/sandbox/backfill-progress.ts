import type { Platform } from '@cartwire/model';
import type { SyncCheckpoint } from '@cartwire/storage';

export interface StoreProgress {
  readonly platform: Platform;
  /** Streams with a finished first run. */
  readonly streamsDone: number;
  readonly streamsTotal: number;
  /** Records read so far across the store's streams. */
  readonly records: number;
  /** The latest error of a stream that has not finished, if any. */
  readonly error: string | null;
}

/**
 * A store's backfill from its sync checkpoints. `streams` names every stream the store syncs: a stream
 * not started yet has no checkpoint, and must still count as pending.
 */
export function progressOf(
  platform: Platform,
  streams: readonly string[],
  checkpoints: readonly SyncCheckpoint[],
): StoreProgress {
  const finished = new Set(
    checkpoints
      .filter((checkpoint) => checkpoint.lastSuccessAt !== null)
      .map((checkpoint) => checkpoint.stream),
  );
  const pending = checkpoints.filter((checkpoint) => !finished.has(checkpoint.stream));
  return {
    platform,
    streamsDone: streams.filter((stream) => finished.has(stream)).length,
    streamsTotal: streams.length,
    records: checkpoints.reduce(
      (sum, checkpoint) => sum + Math.max(checkpoint.recordsTotal, checkpoint.recordsInRun),
      0,
    ),
    error: pending.find((checkpoint) => checkpoint.lastError !== null)?.lastError ?? null,
  };
}

export function isFinished(progress: StoreProgress): boolean {
  return progress.streamsTotal > 0 && progress.streamsDone === progress.streamsTotal;
}

/**
 * Whether any of these stores has a stream whose first run has not finished: a backfill in progress,
 * or one a stopped process left to resume.
 */
export async function backfillPending(
  shops: BackfillWatchOptions['shops'],
  status: BackfillWatchOptions['status'],
): Promise<boolean> {
  const rows = await Promise.all(
    shops.map(async (shop) => progressOf(shop.platform, shop.streams, await status(shop.storeId))),
  );
  return !rows.every(isFinished);
}

/** One line per store: `shopify      [██████░░░░] 3/5 streams  1,204 records`. */
export function renderProgress(rows: readonly StoreProgress[], width = 20): string {
  return rows
    .map((row) => {
      const share = row.streamsTotal === 0 ? 0 : row.streamsDone / row.streamsTotal;
      const filled = Math.round(share * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      const state = isFinished(row) ? 'done' : row.error ? `retrying: ${row.error.slice(0, 60)}` : '';
      return `    ${row.platform.padEnd(12)} [${bar}] ${row.streamsDone}/${row.streamsTotal} streams  ${row.records.toLocaleString('en-US')} records  ${state}`.trimEnd();
    })
    .join('\n');
}

export interface BackfillWatchOptions {
  readonly shops: readonly {
    readonly platform: Platform;
    readonly storeId: string;
    /** Every stream the store syncs (see syncStreamsOf). */
    readonly streams: readonly string[];
  }[];
  readonly status: (storeId: string) => Promise<readonly SyncCheckpoint[]>;
  /** Where the bars are drawn; redrawn in place on a terminal, one line per finished store otherwise. */
  readonly out: { write(text: string): unknown; readonly isTTY?: boolean };
  /** @default 500 */
  readonly intervalMs?: number;
}

/**
 * Draws the initial backfill of the sandbox stores until every store has finished every stream (or
 * `stop()`), reading the same sync status the API serves.
 */
export function watchBackfill(options: BackfillWatchOptions): { readonly done: Promise<void>; stop(): void } {
  const { out } = options;
  let stopped = false;
  let drawnLines = 0;
  const announced = new Set<string>();
  const done = (async () => {
    for (;;) {
      const rows = await Promise.all(
        options.shops.map(async (shop) =>
          progressOf(shop.platform, shop.streams, await options.status(shop.storeId)),
        ),
      );
      if (out.isTTY) {
        const text = renderProgress(rows);
        out.write(`${drawnLines > 0 ? `\x1b[${drawnLines}A\x1b[0J` : ''}${text}\n`);
        drawnLines = rows.length;
      } else {
        for (const row of rows) {
          if (isFinished(row) && !announced.has(row.platform)) {
            announced.add(row.platform);
            out.write(`${renderProgress([row])}\n`);
          }
        }
      }
      if (stopped || rows.every(isFinished)) return;
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 500));
    }
  })();
  return {
    done,
    stop() {
      stopped = true;
    },
  };
}

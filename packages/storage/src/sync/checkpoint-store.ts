import { and, asc, eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db } from '../database';
import { NotFoundError } from '../errors';
import { syncCheckpoints } from '../schema/sync-checkpoints';
import { parseInput } from '../validate';

export type SyncRunState = 'idle' | 'running' | 'failed';

/** Where an incremental sync resumes: strictly after (updatedAt, id), minus the connector's look-back. */
export interface SyncWatermark {
  updatedAt: Date;
  id: string;
}

export interface SyncCheckpoint {
  tenantId: string;
  storeId: string;
  stream: string;
  /** Next page of the run in flight (resume here after a crash); null between runs. */
  pageCursor: unknown;
  watermark: SyncWatermark | null;
  runState: SyncRunState;
  runStartedAt: Date | null;
  pagesInRun: number;
  recordsInRun: number;
  recordsTotal: number;
  lastError: string | null;
  lastErrorClass: string | null;
  lastErrorAt: Date | null;
  consecutiveFailures: number;
  lastSuccessAt: Date | null;
  nextRunAt: Date | null;
  updatedAt: Date;
}

const StreamKey = z.object({
  tenantId: z.string().min(1),
  storeId: z.string().min(1),
  stream: z.string().min(1).max(100),
});
export type StreamKey = z.infer<typeof StreamKey>;

const SavePageInput = StreamKey.extend({
  /** Any JSON the paginator needs to fetch the next page; null when the last page was read. */
  pageCursor: z.json().nullable(),
  records: z.number().int().min(0),
});

const CommitInput = StreamKey.extend({
  watermark: z.object({ updatedAt: z.date(), id: z.string().min(1) }).nullable(),
  nextRunAt: z.date().nullable().default(null),
});

const ErrorInput = StreamKey.extend({
  error: z.string().max(4000),
  /** The engine's classification, e.g. `rate_limited`, `auth`, `server`, `mapping`. */
  errorClass: z.string().min(1).max(100),
  nextRunAt: z.date().nullable().default(null),
});

export interface CheckpointStore {
  get(key: StreamKey): Promise<SyncCheckpoint | null>;
  /** Marks a run started. An unfinished run's page cursor is kept, so the run resumes from it. */
  startRun(key: StreamKey): Promise<SyncCheckpoint>;
  /** Saves the in-flight cursor after a page was stored, and counts its records. */
  savePage(input: z.input<typeof SavePageInput>): Promise<void>;
  /**
   * Completes a run: the watermark moves forward (never back), the page cursor is cleared and the
   * failure streak reset.
   */
  commitRun(input: z.input<typeof CommitInput>): Promise<SyncCheckpoint>;
  /** Records a failed run; the page cursor stays so the next run resumes where this one stopped. */
  recordError(input: z.input<typeof ErrorInput>): Promise<void>;
  /** Every stream's state for one store, by stream name. */
  listForStore(tenantId: string, storeId: string): Promise<SyncCheckpoint[]>;
}

export interface CheckpointStoreOptions {
  /** @default () => new Date() */
  now?: () => Date;
}

export function createCheckpointStore(db: Db, options: CheckpointStoreOptions = {}): CheckpointStore {
  const now = options.now ?? (() => new Date());
  const matches = (key: StreamKey) =>
    and(
      eq(syncCheckpoints.tenantId, key.tenantId),
      eq(syncCheckpoints.storeId, key.storeId),
      eq(syncCheckpoints.stream, key.stream),
    );

  async function mustUpdate(key: StreamKey, values: PgUpdateSetSource<typeof syncCheckpoints>) {
    const [row] = await db.update(syncCheckpoints).set(values).where(matches(key)).returning();
    if (!row) throw new NotFoundError('Sync stream (call startRun first)', `${key.storeId}/${key.stream}`);
    return row;
  }

  return {
    async get(input) {
      const key = parseInput(StreamKey, input, 'checkpoint key');
      const [row] = await db.select().from(syncCheckpoints).where(matches(key));
      return row ? toCheckpoint(row) : null;
    },

    async startRun(input) {
      const key = parseInput(StreamKey, input, 'checkpoint key');
      const at = now();
      const started = { runState: 'running', runStartedAt: at, updatedAt: at } as const;
      const [row] = await db
        .insert(syncCheckpoints)
        .values({ ...key, ...started, pagesInRun: 0, recordsInRun: 0 })
        .onConflictDoUpdate({
          target: [syncCheckpoints.storeId, syncCheckpoints.stream],
          set: {
            ...started,
            // A resumed run keeps counting from where the interrupted one stopped.
            pagesInRun: sql`case when ${syncCheckpoints.pageCursor} is null then 0 else ${syncCheckpoints.pagesInRun} end`,
            recordsInRun: sql`case when ${syncCheckpoints.pageCursor} is null then 0 else ${syncCheckpoints.recordsInRun} end`,
          },
          setWhere: eq(syncCheckpoints.tenantId, key.tenantId),
        })
        .returning();
      // No row: the (store, stream) exists under another tenant, which this tenant must not learn.
      if (!row) throw new NotFoundError('Sync stream', `${key.storeId}/${key.stream}`);
      return toCheckpoint(row);
    },

    async savePage(input) {
      const { pageCursor, records, ...key } = parseInput(SavePageInput, input, 'page checkpoint');
      await mustUpdate(key, {
        pageCursor,
        pagesInRun: sql`${syncCheckpoints.pagesInRun} + 1`,
        recordsInRun: sql`${syncCheckpoints.recordsInRun} + ${records}`,
        recordsTotal: sql`${syncCheckpoints.recordsTotal} + ${records}`,
        updatedAt: now(),
      });
    },

    async commitRun(input) {
      const { watermark, nextRunAt, ...key } = parseInput(CommitInput, input, 'run completion');
      const at = now();
      // Both SET expressions read the old row, so they agree on whether the new watermark is ahead.
      const ahead = watermark
        ? sql`(${syncCheckpoints.watermarkUpdatedAt} is null or (${watermark.updatedAt.toISOString()}::timestamptz, ${watermark.id}::text) > (${syncCheckpoints.watermarkUpdatedAt}, coalesce(${syncCheckpoints.watermarkId}, '')))`
        : sql`false`;
      const row = await mustUpdate(key, {
        pageCursor: null,
        watermarkUpdatedAt: watermark
          ? sql`case when ${ahead} then ${watermark.updatedAt.toISOString()}::timestamptz else ${syncCheckpoints.watermarkUpdatedAt} end`
          : undefined,
        watermarkId: watermark
          ? sql`case when ${ahead} then ${watermark.id} else ${syncCheckpoints.watermarkId} end`
          : undefined,
        runState: 'idle',
        consecutiveFailures: 0,
        lastSuccessAt: at,
        nextRunAt,
        updatedAt: at,
      });
      return toCheckpoint(row);
    },

    async recordError(input) {
      const { error, errorClass, nextRunAt, ...key } = parseInput(ErrorInput, input, 'sync error');
      const at = now();
      await mustUpdate(key, {
        runState: 'failed',
        lastError: error,
        lastErrorClass: errorClass,
        lastErrorAt: at,
        consecutiveFailures: sql`${syncCheckpoints.consecutiveFailures} + 1`,
        nextRunAt,
        updatedAt: at,
      });
    },

    async listForStore(tenantId, storeId) {
      const rows = await db
        .select()
        .from(syncCheckpoints)
        .where(and(eq(syncCheckpoints.tenantId, tenantId), eq(syncCheckpoints.storeId, storeId)))
        .orderBy(asc(syncCheckpoints.stream));
      return rows.map(toCheckpoint);
    },
  };
}

function toCheckpoint(row: typeof syncCheckpoints.$inferSelect): SyncCheckpoint {
  return {
    tenantId: row.tenantId,
    storeId: row.storeId,
    stream: row.stream,
    pageCursor: row.pageCursor ?? null,
    watermark:
      row.watermarkUpdatedAt && row.watermarkId
        ? { updatedAt: row.watermarkUpdatedAt, id: row.watermarkId }
        : null,
    runState: row.runState as SyncRunState,
    runStartedAt: row.runStartedAt,
    pagesInRun: row.pagesInRun,
    recordsInRun: row.recordsInRun,
    recordsTotal: row.recordsTotal,
    lastError: row.lastError,
    lastErrorClass: row.lastErrorClass,
    lastErrorAt: row.lastErrorAt,
    consecutiveFailures: row.consecutiveFailures,
    lastSuccessAt: row.lastSuccessAt,
    nextRunAt: row.nextRunAt,
    updatedAt: row.updatedAt,
  };
}

import type { AnyEntity, EntityType } from '@cartwire/model';
import type { CheckpointStore, InFlightRun, Watermark } from './checkpoints';
import { maxWatermark } from './checkpoints';
import type { ConnectionContext, StoreInput } from './connection';
import type {
  AnyConnector,
  MapContext,
  PagedStreamDefinition,
  StoreView,
  StreamDefinition,
} from './connector';
import { isCustomStream } from './connector';
import type { ConnectorEngine } from './engine';
import { ConnectorDefinitionError, InvalidPayloadError, NotFoundError } from './errors';
import type { RequestOptions } from './http-types';
import { paginate } from './pagination/paginate';
import type { PageCursor } from './pagination/pagination-types';
import { processRecord, type RecordError } from './record-pipeline';

/** Default look-back of incremental runs: records sharing a timestamp at a run boundary are re-read. */
export const DEFAULT_INCREMENTAL_OVERLAP_MS = 5 * 60_000;

export interface PageMeta {
  stream: string;
  entity: EntityType;
  mode: 'backfill' | 'incremental';
  /** 1-based page number within this run (continues across a resume). */
  page: number;
  since: string | null;
  /** The cursor this page was fetched with; null for the first page. */
  cursor: PageCursor | null;
  next: PageCursor | null;
  /** Records on the page before validation. */
  rawCount: number;
  recordErrors: readonly RecordError[];
}

export interface RunStreamOptions<TConnector extends AnyConnector> {
  engine: ConnectorEngine;
  connector: TConnector;
  store: StoreInput;
  stream: keyof TConnector['streams'] & string;
  /** `backfill` reads everything; `incremental` reads from watermark − overlap (everything when none). */
  mode: 'backfill' | 'incremental';
  checkpoints: CheckpointStore;
  /**
   * Receives each page's entities; the page counts as done (and its cursor is saved) only after this
   * resolves. Must be idempotent: resumed and overlapping runs deliver some records again.
   */
  onPage(entities: AnyEntity[], meta: PageMeta): Promise<void> | void;
  onRecordError?(error: RecordError): Promise<void> | void;
  /** @default store setting `incrementalOverlapMs`, else 5 minutes */
  overlapMs?: number;
  /** Validate mapped entities against the normalized model. @default true */
  validateEntities?: boolean;
  signal?: AbortSignal;
}

export interface RunStreamResult {
  pages: number;
  entities: number;
  recordErrors: number;
  /** True when the run continued an interrupted one. */
  resumed: boolean;
  watermark: Watermark | null;
}

interface RawPage {
  records: unknown[];
  cursor: PageCursor | null;
  next: PageCursor | null;
}

function pagedStream(connector: AnyConnector, name: string): PagedStreamDefinition {
  const stream = connector.streams[name];
  if (!stream) throw new ConnectorDefinitionError(`${connector.platform} has no stream '${name}'`);
  if (isCustomStream(stream)) {
    throw new ConnectorDefinitionError(`stream '${name}' is custom and cannot be a parent`);
  }
  return stream;
}

/**
 * The raw pages of a stream from `start`: paged, custom, or child-of-parent (one child read per
 * parent record, checkpointed on the parent's pages).
 */
async function* rawPages(
  context: ConnectionContext,
  engine: ConnectorEngine,
  stream: StreamDefinition,
  input: { since: string | null; store: StoreView; start: PageCursor | null; signal?: AbortSignal },
): AsyncGenerator<RawPage> {
  const send = (request: RequestOptions) =>
    engine.request(context, input.signal ? { signal: input.signal, ...request } : request);
  if (isCustomStream(stream)) {
    let cursor = input.start;
    for await (const page of stream.custom({
      since: input.since,
      store: input.store,
      resumeFrom: input.start,
      request: send,
      signal: input.signal,
    })) {
      yield { records: page.records, cursor, next: page.next };
      cursor = page.next;
    }
    return;
  }
  if (!stream.parent) {
    yield* paginate({
      pagination: stream.paginate,
      base: stream.request({ since: input.since, store: input.store }),
      start: input.start,
      send,
      records: (response) => stream.records(response),
    });
    return;
  }
  const parent = pagedStream(context.connector, stream.parent.stream);
  for await (const parentPage of paginate({
    pagination: parent.paginate,
    base: parent.request({ since: input.since, store: input.store }),
    start: input.start,
    send,
    records: (response) => parent.records(response),
  })) {
    const records: unknown[] = [];
    for (const parentRecord of parentPage.records) {
      const parsed = parent.schema.safeParse(parentRecord);
      // An invalid parent is reported when the parent stream itself runs; here it has no children to read.
      if (!parsed.success) continue;
      for await (const childPage of paginate({
        pagination: stream.paginate,
        base: stream.request({ since: input.since, store: input.store, parent: parsed.data }),
        start: null,
        send,
        records: (response) => stream.records(response),
      })) {
        records.push(...childPage.records);
      }
    }
    yield { records, cursor: parentPage.cursor, next: parentPage.next };
  }
}

/**
 * The watermark a completed run may commit: never past the moment it started. A record changed while
 * the run was paging may have moved behind the pages already read (offset paging shifts, an
 * `updated_at` sort puts it at the end only if the run reaches the end after it), and a record stamped
 * by a platform clock running ahead would push the watermark into the future; either way the next
 * run would start past changes it never saw. Capped at the start, the next run re-reads everything
 * changed since then (the idempotent upsert absorbs the repeats). A resumed run keeps its original
 * start, since the pages read before the interruption are just as stale.
 */
export function notAfterRunStart(seen: Watermark | null, startedAt: string): Watermark | null {
  if (seen === null || Date.parse(seen.updatedAt) <= Date.parse(startedAt)) return seen;
  return { updatedAt: startedAt, id: seen.id };
}

/**
 * Reads one stream of one store to exhaustion, validating and mapping every record, saving the page
 * cursor after each page and committing the (updatedAt, id) watermark when the run completes. An
 * interrupted run (thrown error, crash) resumes from its last saved page on the next call.
 *
 * @example
 * await runStream({ engine, connector: wooConnector, store, stream: 'orders', mode: 'incremental',
 *   checkpoints, onPage: (orders) => repository.upsertMany(orders) });
 */
export async function runStream<TConnector extends AnyConnector>(
  options: RunStreamOptions<TConnector>,
): Promise<RunStreamResult> {
  const { engine, connector, checkpoints, mode } = options;
  const streamName = options.stream;
  const stream = connector.streams[streamName];
  if (!stream) throw new ConnectorDefinitionError(`${connector.platform} has no stream '${streamName}'`);
  const context = engine.connect(connector, options.store);
  const storeId = context.store.id;
  const storeView: StoreView = { id: storeId, settings: context.store.settings };
  const validateEntities = options.validateEntities ?? true;
  const mapContext: MapContext = { storeId, platform: connector.platform, stream: streamName };

  const saved = await checkpoints.load(storeId, streamName);
  const previousWatermark = saved?.watermark ?? null;
  const resumable = saved?.inFlight && (saved.inFlight.mode === mode || mode === 'incremental');
  let run: InFlightRun;
  if (resumable && saved.inFlight) {
    run = saved.inFlight;
  } else {
    const overlapMs =
      options.overlapMs ?? context.store.engine.incrementalOverlapMs ?? DEFAULT_INCREMENTAL_OVERLAP_MS;
    const since =
      mode === 'incremental' && previousWatermark
        ? new Date(Date.parse(previousWatermark.updatedAt) - overlapMs).toISOString()
        : null;
    run = {
      mode,
      since,
      next: null,
      exhausted: false,
      maxSeen: null,
      pages: 0,
      records: 0,
      startedAt: new Date(engine.clock.now()).toISOString(),
    };
  }
  const resumed = run.pages > 0;
  let recordErrorCount = 0;
  let pagesFetched = 0;

  const consume = async (start: PageCursor | null): Promise<void> => {
    for await (const page of rawPages(context, engine, stream, {
      since: run.since,
      store: storeView,
      start,
      signal: options.signal,
    })) {
      pagesFetched += 1;
      const entities: AnyEntity[] = [];
      const pageErrors: RecordError[] = [];
      let maxSeen = run.maxSeen;
      for (const record of page.records) {
        const result = processRecord(stream, record, mapContext, { validateEntities });
        if (!result.ok) {
          pageErrors.push(result.error);
          recordErrorCount += 1;
          await options.onRecordError?.(result.error);
          continue;
        }
        maxSeen = maxWatermark(maxSeen, result.watermark);
        entities.push(...result.entities);
      }
      await options.onPage(entities, {
        stream: streamName,
        entity: stream.entity,
        mode: run.mode,
        page: run.pages + 1,
        since: run.since,
        cursor: page.cursor,
        next: page.next,
        rawCount: page.records.length,
        recordErrors: pageErrors,
      });
      run = {
        ...run,
        next: page.next,
        exhausted: page.next === null,
        maxSeen,
        pages: run.pages + 1,
        records: run.records + entities.length,
      };
      await checkpoints.savePage(storeId, streamName, run);
    }
  };

  if (!run.exhausted) {
    const resumeFrom = run.next;
    try {
      await consume(resumeFrom);
    } catch (error) {
      // Saved cursors expire (Amazon NextToken after 24 h, FBA inventory after 30 s). A platform
      // rejecting the very page we resume from gets the run restarted from its first page, same
      // `since`; records read twice are absorbed downstream. Any other failure ends the run.
      const cursorRejected =
        resumeFrom !== null &&
        pagesFetched === 0 &&
        (error instanceof InvalidPayloadError || error instanceof NotFoundError);
      if (!cursorRejected) throw error;
      engine.logger.warn(
        { platform: connector.platform, storeId, stream: streamName, err: error.message },
        'saved page cursor rejected; restarting the run from its first page',
      );
      run = { ...run, next: null };
      await consume(null);
    }
  }
  const watermark = maxWatermark(previousWatermark, notAfterRunStart(run.maxSeen, run.startedAt));
  await checkpoints.commitWatermark(storeId, streamName, watermark);
  return { pages: run.pages, entities: run.records, recordErrors: recordErrorCount, resumed, watermark };
}

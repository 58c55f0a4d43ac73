import { type DocumentNode, Kind, parse, visit } from 'graphql';
import type { Clock } from '../store/clock';
import { CHUNK_PAGE_INFO, chunkDocument, rootConnectionKey } from './bulk-chunks';
import { flattenBulkResult } from './bulk-jsonl';
import { gid, shopifyId, storeIdFromGid } from './gid';
import { graphqlTime } from './time-format';

export type BulkOperationStatus =
  | 'CREATED'
  | 'RUNNING'
  | 'COMPLETED'
  | 'CANCELING'
  | 'CANCELED'
  | 'FAILED'
  | 'EXPIRED';

/** How fast the emulator pretends bulk work happens; times come from the injected clock. */
export interface BulkTiming {
  /** Time spent CREATED before RUNNING. @default 200 */
  startDelayMs: number;
  /** Objects written per second while RUNNING. @default 20000 */
  objectsPerSecond: number;
}

interface BulkOperationRecord {
  id: number;
  query: string;
  createdAt: number;
  runningAt: number;
  /** Set once the query has been read to the end (or failed). */
  completedAt: number | null;
  lines: string[];
  objectCount: number;
  rootObjectCount: number;
  text: string;
  errorCode: 'INTERNAL_SERVER_ERROR' | null;
  canceledAt: number | null;
  origin: string;
  finishAnnounced: boolean;
}

export interface BulkUserError {
  field: string[] | null;
  message: string;
  code: 'INVALID' | 'LIMIT_REACHED' | 'OPERATION_IN_PROGRESS' | null;
}

export type RunBulkQuery = (document: DocumentNode) => Promise<Record<string, unknown>>;

const RESULT_URL_LIFETIME_MS = 7 * 24 * 3600 * 1000;

/** Checks Shopify's bulk query rules: one to five connections, nested at most two deep. */
export function bulkQueryProblem(document: DocumentNode): string | undefined {
  const operations = document.definitions.filter(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (
    operations.length !== 1 ||
    operations[0]?.kind !== Kind.OPERATION_DEFINITION ||
    operations[0].operation !== 'query'
  ) {
    return 'Bulk queries must contain exactly one query operation.';
  }
  let connections = 0;
  let depth = 0;
  let maxDepth = 0;
  visit(document, {
    Field: {
      enter(node) {
        const isConnection = node.selectionSet?.selections.some(
          (selection) =>
            selection.kind === Kind.FIELD &&
            (selection.name.value === 'edges' || selection.name.value === 'nodes'),
        );
        if (isConnection) {
          connections += 1;
          depth += 1;
          maxDepth = Math.max(maxDepth, depth);
        }
      },
      leave(node) {
        const isConnection = node.selectionSet?.selections.some(
          (selection) =>
            selection.kind === Kind.FIELD &&
            (selection.name.value === 'edges' || selection.name.value === 'nodes'),
        );
        if (isConnection) depth -= 1;
      },
    },
  });
  if (connections === 0) return 'Bulk queries must contain at least one connection.';
  if (connections > 5) return 'Bulk queries cannot contain more than 5 connections.';
  if (maxDepth > 2) return 'Bulk queries cannot contain connections with a nesting depth greater than 2.';
  return undefined;
}

/**
 * Bulk query operations of one shop. The query reads the store in chunks of root objects, yielding
 * to the event loop between chunks so polls and other requests keep being answered; the status
 * advances CREATED → RUNNING → COMPLETED with the clock, at a configurable pace, and never
 * completes before the reading has.
 */
export class BulkOperationRegistry {
  readonly #operations = new Map<number, BulkOperationRecord>();
  readonly #running = new Set<Promise<void>>();
  readonly #clock: Clock;
  readonly #timing: BulkTiming;
  readonly #maxConcurrent: number;
  #nextId = 1;

  constructor(options: { clock: Clock; timing: BulkTiming; maxConcurrent: number }) {
    this.#clock = options.clock;
    this.#timing = options.timing;
    this.#maxConcurrent = options.maxConcurrent;
  }

  #status(operation: BulkOperationRecord, now: number): BulkOperationStatus {
    if (operation.canceledAt !== null) return 'CANCELED';
    if (operation.completedAt === null || now < operation.runningAt) {
      return now >= operation.runningAt ? 'RUNNING' : 'CREATED';
    }
    if (operation.errorCode) return 'FAILED';
    if (now >= operation.completedAt) {
      return now - operation.completedAt > RESULT_URL_LIFETIME_MS ? 'EXPIRED' : 'COMPLETED';
    }
    return 'RUNNING';
  }

  #inProgress(now: number): BulkOperationRecord[] {
    return [...this.#operations.values()].filter((operation) => {
      const status = this.#status(operation, now);
      return status === 'CREATED' || status === 'RUNNING';
    });
  }

  /** Reads one chunk; answers the cursor to continue from, or null when the query is exhausted. */
  async #readChunk(
    operation: BulkOperationRecord,
    document: DocumentNode,
    run: RunBulkQuery,
    rootKey: string | undefined,
    after: string | null,
  ): Promise<string | null> {
    const data = await run(rootKey === undefined ? document : chunkDocument(document, after));
    let next: string | null = null;
    if (rootKey !== undefined) {
      const root = { ...(data[rootKey] as Record<string, unknown>) };
      const pageInfo = root[CHUNK_PAGE_INFO] as
        | { hasNextPage: boolean; endCursor: string | null }
        | undefined;
      delete root[CHUNK_PAGE_INFO];
      data[rootKey] = root;
      next = pageInfo?.hasNextPage ? pageInfo.endCursor : null;
    }
    const result = flattenBulkResult(data);
    for (const line of result.lines) operation.lines.push(line);
    operation.objectCount += result.objectCount;
    operation.rootObjectCount += result.rootObjectCount;
    return next;
  }

  #finish(operation: BulkOperationRecord, errorCode: BulkOperationRecord['errorCode']): void {
    const paced =
      operation.runningAt + Math.ceil((operation.objectCount / this.#timing.objectsPerSecond) * 1000);
    operation.completedAt = Math.max(paced, this.#clock.now());
    operation.errorCode = errorCode;
    operation.text =
      errorCode === null && operation.lines.length > 0 ? `${operation.lines.join('\n')}\n` : '';
    operation.lines = [];
  }

  async #readRest(
    operation: BulkOperationRecord,
    document: DocumentNode,
    run: RunBulkQuery,
    rootKey: string | undefined,
    after: string,
  ): Promise<void> {
    let cursor: string | null = after;
    try {
      while (cursor !== null && operation.canceledAt === null) {
        await new Promise((resolve) => setImmediate(resolve));
        cursor = await this.#readChunk(operation, document, run, rootKey, cursor);
      }
      this.#finish(operation, null);
    } catch {
      // A query that fails while running leaves the operation FAILED, the way Shopify reports it.
      this.#finish(operation, 'INTERNAL_SERVER_ERROR');
    }
  }

  /** Starts a bulk query; `origin` is the emulator's base URL, used for the result file URL. */
  async start(
    query: string,
    origin: string,
    run: RunBulkQuery,
  ): Promise<{ operation: ReturnType<BulkOperationRegistry['view']> | null; userErrors: BulkUserError[] }> {
    const now = this.#clock.now();
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return {
        operation: null,
        userErrors: [{ field: ['query'], message: (error as Error).message, code: 'INVALID' }],
      };
    }
    const problem = bulkQueryProblem(document);
    if (problem)
      return { operation: null, userErrors: [{ field: ['query'], message: problem, code: 'INVALID' }] };
    const running = this.#inProgress(now);
    if (running.length >= this.#maxConcurrent) {
      const message =
        this.#maxConcurrent === 1
          ? `A bulk query operation for this app and shop is already in progress: ${gid('BulkOperation', running[0]?.id ?? 0)}.`
          : `Limit of ${this.#maxConcurrent} concurrent bulk query operations reached for this app and shop.`;
      return { operation: null, userErrors: [{ field: null, message, code: 'OPERATION_IN_PROGRESS' }] };
    }
    const operation: BulkOperationRecord = {
      id: this.#nextId++,
      query,
      createdAt: now,
      runningAt: now + this.#timing.startDelayMs,
      completedAt: null,
      lines: [],
      objectCount: 0,
      rootObjectCount: 0,
      text: '',
      errorCode: null,
      canceledAt: null,
      origin,
      finishAnnounced: false,
    };
    this.#operations.set(operation.id, operation);
    // The first chunk is read before answering, so small stores finish deterministically; larger ones
    // continue in the background.
    const rootKey = rootConnectionKey(document);
    let next: string | null = null;
    try {
      next = await this.#readChunk(operation, document, run, rootKey, null);
    } catch {
      this.#finish(operation, 'INTERNAL_SERVER_ERROR');
    }
    if (next !== null) {
      const rest = this.#readRest(operation, document, run, rootKey, next);
      this.#running.add(rest);
      void rest.finally(() => this.#running.delete(rest));
    } else if (operation.completedAt === null) {
      this.#finish(operation, null);
    }
    return { operation: this.view(operation.id), userErrors: [] };
  }

  /** Resolves once every operation has read its query to the end. */
  async settled(): Promise<void> {
    while (this.#running.size > 0) await Promise.all([...this.#running]);
  }

  /** The GraphQL `BulkOperation` as of now, or null for an unknown id. */
  view(id: number) {
    const operation = this.#operations.get(id);
    if (!operation) return null;
    const now = this.#clock.now();
    const status = this.#status(operation, now);
    const total = operation.objectCount;
    const done = status === 'COMPLETED' || status === 'EXPIRED';
    let written = 0;
    if (done) written = total;
    else if (status === 'RUNNING') {
      // Still reading: report what has been read; read but paced: report the paced share.
      const span =
        operation.completedAt === null ? 0 : Math.max(1, operation.completedAt - operation.runningAt);
      written = span === 0 ? total : Math.floor((total * (now - operation.runningAt)) / span);
    }
    const hasFile = status === 'COMPLETED' && total > 0;
    return {
      __typename: 'BulkOperation',
      id: gid('BulkOperation', operation.id),
      status,
      type: 'QUERY',
      errorCode: status === 'FAILED' ? operation.errorCode : null,
      createdAt: graphqlTime(new Date(operation.createdAt).toISOString()),
      completedAt:
        (done || status === 'FAILED') && operation.completedAt !== null
          ? graphqlTime(new Date(operation.completedAt).toISOString())
          : null,
      objectCount: String(written),
      rootObjectCount: String(done ? operation.rootObjectCount : 0),
      fileSize: hasFile ? String(Buffer.byteLength(operation.text)) : null,
      url: hasFile ? `${operation.origin}/bulk/${shopifyId('BulkOperation', operation.id)}.jsonl` : null,
      partialDataUrl: null,
      query: operation.query,
    };
  }

  viewByGid(value: string) {
    const id = storeIdFromGid('BulkOperation', value);
    return id === undefined ? null : this.view(id);
  }

  /** The most recently created query operation. */
  current() {
    const ids = [...this.#operations.keys()];
    const last = ids.at(-1);
    return last === undefined ? null : this.view(last);
  }

  cancel(value: string): { operation: ReturnType<BulkOperationRegistry['view']>; message: string | null } {
    const id = storeIdFromGid('BulkOperation', value);
    const operation = id === undefined ? undefined : this.#operations.get(id);
    if (!operation || id === undefined) return { operation: null, message: 'Bulk operation does not exist' };
    const status = this.#status(operation, this.#clock.now());
    if (status !== 'CREATED' && status !== 'RUNNING') {
      return {
        operation: this.view(id),
        message: `A bulk operation cannot be canceled when it is ${status.toLowerCase()}`,
      };
    }
    operation.canceledAt = this.#clock.now();
    return { operation: this.view(id), message: null };
  }

  /** The JSONL file of a completed operation, by its numeric Shopify id; undefined while not ready. */
  resultFile(numericId: bigint): string | undefined {
    const id = Number(numericId - shopifyId('BulkOperation', 0));
    const operation = this.#operations.get(id);
    if (!operation || this.#status(operation, this.#clock.now()) !== 'COMPLETED') return undefined;
    return operation.text;
  }

  /** Operations that reached a final state since the last call, for the `bulk_operations/finish` webhook. */
  takeFinished(): NonNullable<ReturnType<BulkOperationRegistry['view']>>[] {
    const now = this.#clock.now();
    const finished = [];
    for (const operation of this.#operations.values()) {
      if (operation.finishAnnounced) continue;
      const status = this.#status(operation, now);
      if (status === 'COMPLETED' || status === 'FAILED' || status === 'CANCELED') {
        operation.finishAnnounced = true;
        const view = this.view(operation.id);
        if (view) finished.push(view);
      }
    }
    return finished;
  }

  /** Milliseconds until the next operation finishes, for scheduling the finish webhook. */
  nextFinishInMs(): number | undefined {
    const now = this.#clock.now();
    const pending = this.#inProgress(now).map((operation) =>
      operation.completedAt === null ? this.#timing.startDelayMs : operation.completedAt - now,
    );
    return pending.length === 0 ? undefined : Math.max(0, Math.min(...pending));
  }
}

import { type DocumentNode, Kind, parse, visit } from 'graphql';
import type { Clock } from '../store/clock';
import { type BulkResult, flattenBulkResult } from './bulk-jsonl';
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
  completedAt: number;
  result: BulkResult | undefined;
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
 * Bulk query operations of one shop. The query runs against the store when the operation is
 * created (a snapshot, as Shopify's result reflects the data when it ran); the status then advances
 * CREATED → RUNNING → COMPLETED with the clock, at a configurable pace.
 */
export class BulkOperationRegistry {
  readonly #operations = new Map<number, BulkOperationRecord>();
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
    if (operation.errorCode) return now >= operation.runningAt ? 'FAILED' : 'CREATED';
    if (now >= operation.completedAt) {
      return now - operation.completedAt > RESULT_URL_LIFETIME_MS ? 'EXPIRED' : 'COMPLETED';
    }
    return now >= operation.runningAt ? 'RUNNING' : 'CREATED';
  }

  #inProgress(now: number): BulkOperationRecord[] {
    return [...this.#operations.values()].filter((operation) => {
      const status = this.#status(operation, now);
      return status === 'CREATED' || status === 'RUNNING';
    });
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
    let result: BulkResult | undefined;
    let errorCode: BulkOperationRecord['errorCode'] = null;
    try {
      result = flattenBulkResult(await run(document));
    } catch {
      // A query that fails while running leaves the operation FAILED, the way Shopify reports it.
      errorCode = 'INTERNAL_SERVER_ERROR';
    }
    const runningAt = now + this.#timing.startDelayMs;
    const objects = result?.objectCount ?? 0;
    const record: BulkOperationRecord = {
      id: this.#nextId++,
      query,
      createdAt: now,
      runningAt,
      completedAt: runningAt + Math.ceil((objects / this.#timing.objectsPerSecond) * 1000),
      result,
      text: result && result.lines.length > 0 ? `${result.lines.join('\n')}\n` : '',
      errorCode,
      canceledAt: null,
      origin,
      finishAnnounced: false,
    };
    this.#operations.set(record.id, record);
    return { operation: this.view(record.id), userErrors: [] };
  }

  /** The GraphQL `BulkOperation` as of now, or null for an unknown id. */
  view(id: number) {
    const operation = this.#operations.get(id);
    if (!operation) return null;
    const now = this.#clock.now();
    const status = this.#status(operation, now);
    const total = operation.result?.objectCount ?? 0;
    const done = status === 'COMPLETED' || status === 'EXPIRED';
    let written = 0;
    if (done) written = total;
    else if (status === 'RUNNING') {
      const span = Math.max(1, operation.completedAt - operation.runningAt);
      written = Math.floor((total * (now - operation.runningAt)) / span);
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
        done || status === 'FAILED' ? graphqlTime(new Date(operation.completedAt).toISOString()) : null,
      objectCount: String(written),
      rootObjectCount: String(done ? (operation.result?.rootObjectCount ?? 0) : 0),
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
    const pending = this.#inProgress(now).map((operation) => operation.completedAt - now);
    return pending.length === 0 ? undefined : Math.max(0, Math.min(...pending));
  }
}

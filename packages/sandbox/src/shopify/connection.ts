import { LosslessNumber, parse } from 'lossless-json';
import { toJsonText } from './json-text';

/** Shopify's per-connection page cap for `first` / `last`. */
export const MAX_PAGE_SIZE = 250;

export type SortValue = string | number | bigint | null;

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

/** A client error in connection arguments; the GraphQL layer reports it under the field's path. */
export class ConnectionArgumentError extends Error {
  override readonly name = 'ConnectionArgumentError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export interface CursorPosition {
  id: bigint;
  value: SortValue;
}

/** Cursors are base64 JSON `{"last_id":…,"last_value":…}` like Shopify's; clients must treat them as opaque. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(toJsonText({ last_id: position.id, last_value: position.value })).toString('base64');
}

function decodeCursor(cursor: string): CursorPosition {
  const invalid = new ConnectionArgumentError(
    `Invalid cursor for current pagination sort.`,
    'BAD_USER_INPUT',
  );
  let decoded: unknown;
  try {
    decoded = parse(Buffer.from(cursor, 'base64').toString('utf8'), null, (text) => new LosslessNumber(text));
  } catch {
    throw invalid;
  }
  if (typeof decoded !== 'object' || decoded === null || !('last_id' in decoded)) throw invalid;
  const { last_id: lastId, last_value: lastValue } = decoded as { last_id: unknown; last_value: unknown };
  if (!(lastId instanceof LosslessNumber) || !/^\d+$/.test(lastId.value)) throw invalid;
  let value: SortValue;
  if (lastValue instanceof LosslessNumber)
    value = /^-?\d+$/.test(lastValue.value) ? BigInt(lastValue.value) : Number(lastValue.value);
  else if (typeof lastValue === 'string' || lastValue === null) value = lastValue;
  else throw invalid;
  return { id: BigInt(lastId.value), value };
}

function compareValues(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  // Records without a sort value (say, an unprocessed order) sort first, as nulls do in Shopify's index.
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const left = typeof a === 'string' ? Number(a) : a;
  const right = typeof b === 'string' ? Number(b) : b;
  return left < right ? -1 : left > right ? 1 : 0;
}

function comparePositions(a: CursorPosition, b: CursorPosition): number {
  const byValue = compareValues(a.value, b.value);
  if (byValue !== 0) return byValue;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function checkPageSize(name: string, value: number | null | undefined): void {
  if (value == null) return;
  if (!Number.isInteger(value) || value < 0) {
    throw new ConnectionArgumentError(`${name} must be a non-negative integer`, 'BAD_USER_INPUT');
  }
  if (value > MAX_PAGE_SIZE) {
    throw new ConnectionArgumentError(
      `The page size ${name}: ${value} exceeds the maximum of ${MAX_PAGE_SIZE}.`,
      'MAX_PAGE_SIZE_EXCEEDED',
    );
  }
}

export interface PaginateOptions<T> {
  /** The Shopify numeric id, the tie-breaker that makes the order total. */
  id: (item: T) => bigint;
  /** The value of the chosen sort key; the id alone when sorting by ID. */
  sortValue: (item: T) => SortValue;
  /** Bulk operations read whole connections without first/last. */
  unbounded?: boolean;
}

/**
 * An edge whose cursor is encoded on first read: most queries select `nodes` or skip `cursor`, and
 * encoding one per line item of every order dominated bulk reads.
 */
function lazyEdge<T>(node: T, position: CursorPosition): Edge<T> {
  let cursor: string | undefined;
  return {
    node,
    get cursor() {
      cursor ??= encodeCursor(position);
      return cursor;
    },
  };
}

/** An item with its cursor position, in connection order. */
export interface Positioned<T> {
  node: T;
  position: CursorPosition;
}

/** Orders items by (sort value, id), reversed on request: the order a connection pages through. */
export function sortForPaging<T>(
  items: readonly T[],
  options: Pick<PaginateOptions<T>, 'id' | 'sortValue'>,
  reverse: boolean,
): Positioned<T>[] {
  const direction = reverse ? -1 : 1;
  const positioned = items.map((node) => ({
    node,
    position: { id: options.id(node), value: options.sortValue(node) },
  }));
  return positioned.sort((a, b) => direction * comparePositions(a.position, b.position));
}

/** First index in `sorted` whose position is past `cursor` (or at it, when `inclusive`). */
function boundary<T>(
  sorted: readonly Positioned<T>[],
  cursor: CursorPosition,
  direction: number,
  inclusive: boolean,
): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const comparison = direction * comparePositions(sorted[middle]!.position, cursor);
    if (comparison > 0 || (inclusive && comparison === 0)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * One page of an already sorted connection (see {@link sortForPaging}); cursors are located by
 * binary search, so paging a large list costs a page, not a scan.
 */
export function pageOfSorted<T>(
  sorted: readonly Positioned<T>[],
  args: PageArgs,
  options: { unbounded?: boolean } = {},
): Connection<T> {
  checkPageSize('first', args.first);
  checkPageSize('last', args.last);
  if (args.first == null && args.last == null && !options.unbounded) {
    throw new ConnectionArgumentError('you must provide one of first or last', 'BAD_USER_INPUT');
  }
  const direction = args.reverse ? -1 : 1;
  let start = args.after ? boundary(sorted, decodeCursor(args.after), direction, false) : 0;
  let end = args.before ? boundary(sorted, decodeCursor(args.before), direction, true) : sorted.length;
  end = Math.max(start, end);
  const hasNextPage = end < sorted.length || (args.first != null && end - start > args.first);
  const hasPreviousPage = start > 0 || (args.last != null && end - start > args.last);
  if (args.first != null) end = Math.min(end, start + args.first);
  if (args.last != null) start = Math.max(start, end - args.last);
  const edges = sorted.slice(start, end).map(({ node, position }) => lazyEdge(node, position));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/**
 * Relay pagination over an in-memory list, ordered by (sort value, id) and optionally reversed.
 * Because the order is total and cursors carry the full position, paging never skips or repeats a
 * record that did not change between pages.
 */
export function paginate<T>(items: readonly T[], args: PageArgs, options: PaginateOptions<T>): Connection<T> {
  return pageOfSorted(sortForPaging(items, options, Boolean(args.reverse)), args, options);
}

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

interface CursorPosition {
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
 * Relay pagination over an in-memory list, ordered by (sort value, id) and optionally reversed.
 * Because the order is total and cursors carry the full position, paging never skips or repeats a
 * record that did not change between pages.
 */
export function paginate<T>(items: readonly T[], args: PageArgs, options: PaginateOptions<T>): Connection<T> {
  checkPageSize('first', args.first);
  checkPageSize('last', args.last);
  if (args.first == null && args.last == null && !options.unbounded) {
    throw new ConnectionArgumentError('you must provide one of first or last', 'BAD_USER_INPUT');
  }
  const direction = args.reverse ? -1 : 1;
  const positioned = items.map((node) => ({
    node,
    position: { id: options.id(node), value: options.sortValue(node) },
  }));
  positioned.sort((a, b) => direction * comparePositions(a.position, b.position));

  let start = 0;
  let end = positioned.length;
  if (args.after) {
    const after = decodeCursor(args.after);
    while (start < end && direction * comparePositions(positioned[start]!.position, after) <= 0) start += 1;
  }
  if (args.before) {
    const before = decodeCursor(args.before);
    while (end > start && direction * comparePositions(positioned[end - 1]!.position, before) >= 0) end -= 1;
  }
  let window = positioned.slice(start, end);
  let hasNextPage = end < positioned.length;
  let hasPreviousPage = start > 0;
  if (args.first != null && window.length > args.first) {
    window = window.slice(0, args.first);
    hasNextPage = true;
  }
  if (args.last != null && window.length > args.last) {
    window = window.slice(window.length - args.last);
    hasPreviousPage = true;
  }
  const edges = window.map(({ node, position }) => ({ cursor: encodeCursor(position), node }));
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

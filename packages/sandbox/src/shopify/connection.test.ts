import { describe, expect, it } from 'vitest';
import { type Connection, ConnectionArgumentError, type PageArgs, paginate } from './connection';

interface Item {
  id: bigint;
  updatedAt: string;
}

// Several items share a timestamp: the boundary case that loses records when cursors carry only the time.
const items: Item[] = Array.from({ length: 23 }, (_, index) => ({
  id: 820982911946150000n + BigInt(index + 1),
  updatedAt: `2024-01-0${1 + Math.floor(index / 5)}T00:00:00.000Z`,
})).reverse();

const byUpdatedAt = { id: (item: Item) => item.id, sortValue: (item: Item) => item.updatedAt };

function collect(args: Omit<PageArgs, 'after' | 'before'>, backwards = false): bigint[] {
  const seen: bigint[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard += 1) {
    const page: Connection<Item> = paginate(
      items,
      backwards ? { ...args, before: cursor } : { ...args, after: cursor },
      byUpdatedAt,
    );
    seen.push(...(backwards ? page.nodes.map((n) => n.id).reverse() : page.nodes.map((n) => n.id)));
    const more = backwards ? page.pageInfo.hasPreviousPage : page.pageInfo.hasNextPage;
    if (!more) return seen;
    cursor = backwards ? page.pageInfo.startCursor : page.pageInfo.endCursor;
  }
  throw new Error('paging did not terminate');
}

describe('paginate', () => {
  it('pages forward to exhaustion without gaps or duplicates across equal sort values', () => {
    const seen = collect({ first: 4 });
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    expect(seen).toEqual([...items].map((i) => i.id).sort((a, b) => (a < b ? -1 : 1)));
  });

  it('honours reverse and last/before', () => {
    const reversed = collect({ first: 5, reverse: true });
    expect(reversed).toEqual([...collect({ first: 5 })].reverse());
    expect(collect({ last: 6 }, true).reverse()).toEqual(collect({ first: 50 }));
  });

  it('reports pageInfo like Shopify', () => {
    const page = paginate(items, { first: 2 }, byUpdatedAt);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.pageInfo.hasPreviousPage).toBe(false);
    expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor);
    const cursor = JSON.parse(Buffer.from(page.pageInfo.endCursor ?? '', 'base64').toString());
    expect(Object.keys(cursor)).toEqual(['last_id', 'last_value']);
    const empty = paginate([], { first: 10 }, byUpdatedAt);
    expect(empty.pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });

  it('rejects more than 250 per page, missing first/last and forged cursors', () => {
    expect(() => paginate(items, { first: 251 }, byUpdatedAt)).toThrow(ConnectionArgumentError);
    expect(() => paginate(items, { last: 300 }, byUpdatedAt)).toThrow(/maximum of 250/);
    expect(() => paginate(items, {}, byUpdatedAt)).toThrow(/first or last/);
    expect(() => paginate(items, { first: 1, after: 'bm90IGpzb24=' }, byUpdatedAt)).toThrow(/Invalid cursor/);
    expect(paginate(items, {}, { ...byUpdatedAt, unbounded: true }).nodes).toHaveLength(23);
  });
});

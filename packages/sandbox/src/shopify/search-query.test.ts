import { describe, expect, it } from 'vitest';
import {
  idField,
  matchesSearch,
  parseSearchQuery,
  type SearchFields,
  SearchSyntaxError,
  textField,
  timeField,
} from './search-query';

interface Row {
  id: bigint;
  email: string | null;
  status: string;
  updatedAt: string;
}

const NOW = Date.parse('2024-06-01T00:00:00Z');
const search: SearchFields<Row> = {
  fields: {
    id: idField((row) => row.id),
    email: textField((row) => row.email),
    status: textField((row) => row.status),
    updated_at: timeField(
      (row) => row.updatedAt,
      () => NOW,
    ),
  },
  text: (row, word) => (row.email ?? '').includes(word),
};

const rows: Row[] = [
  {
    id: 820982911946154501n,
    email: 'ann@example.com',
    status: 'open',
    updatedAt: '2024-01-01T12:00:00.000Z',
  },
  {
    id: 820982911946154502n,
    email: 'bob@example.com',
    status: 'closed',
    updatedAt: '2024-02-01T00:00:00.000Z',
  },
  { id: 820982911946154503n, email: null, status: 'open', updatedAt: '2024-03-01T00:00:00.000Z' },
];

function ids(query: string): bigint[] {
  const expression = parseSearchQuery(query);
  return rows.filter((row) => matchesSearch(row, expression, search)).map((row) => row.id % 10n);
}

describe('Shopify search syntax', () => {
  it('parses comparators, quotes and implicit AND', () => {
    expect(parseSearchQuery("updated_at:>'2024-01-01T00:00:00Z' status:open")).toEqual({
      type: 'and',
      operands: [
        { type: 'term', field: 'updated_at', comparator: '>', value: '2024-01-01T00:00:00Z' },
        { type: 'term', field: 'status', comparator: '=', value: 'open' },
      ],
    });
  });

  it('filters on time comparators with quoted, bare, date-only and now values', () => {
    expect(ids("updated_at:>'2024-01-01T12:00:00Z'")).toEqual([2n, 3n]);
    expect(ids('updated_at:>=2024-01-01T12:00:00Z')).toEqual([1n, 2n, 3n]);
    expect(ids('updated_at:<2024-02-01')).toEqual([1n]);
    expect(ids('updated_at:<=2024-02-01')).toEqual([1n, 2n]);
    expect(ids('updated_at:<now')).toEqual([1n, 2n, 3n]);
  });

  it('combines terms with AND, OR, NOT and parentheses', () => {
    expect(ids('status:open AND updated_at:>2024-02-01')).toEqual([3n]);
    expect(ids('email:bob@example.com OR status:open')).toEqual([1n, 2n, 3n]);
    expect(ids('-status:open')).toEqual([2n]);
    expect(ids('NOT (status:open AND email:ann@example.com)')).toEqual([2n, 3n]);
  });

  it('compares int64 ids without precision loss', () => {
    expect(ids('id:>820982911946154501')).toEqual([2n, 3n]);
    expect(ids('id:gid://shopify/Order/820982911946154502')).toEqual([2n]);
  });

  it('ignores unknown fields like Shopify and matches free text', () => {
    expect(ids('no_such_field:1')).toEqual([1n, 2n, 3n]);
    expect(ids('bob')).toEqual([2n]);
  });

  it('rejects malformed queries', () => {
    expect(() => parseSearchQuery("email:'unterminated")).toThrow(SearchSyntaxError);
    expect(() => parseSearchQuery('(status:open')).toThrow(SearchSyntaxError);
    expect(parseSearchQuery('   ')).toBeUndefined();
  });
});

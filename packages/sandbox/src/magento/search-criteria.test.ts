import { describe, expect, it } from 'vitest';
import { parseSearchCriteria, SearchCriteriaError, search } from './search-criteria';

function criteria(query: string) {
  return parseSearchCriteria(new URLSearchParams(query));
}

function filter(group: number, index: number, field: string, value: string, condition?: string): string {
  const prefix = `searchCriteria[filter_groups][${group}][filters][${index}]`;
  const parts = [`${prefix}[field]=${field}`, `${prefix}[value]=${encodeURIComponent(value)}`];
  if (condition) parts.push(`${prefix}[condition_type]=${condition}`);
  return parts.join('&');
}

const rows = [
  { id: 1, sku: 'MS-Champ-S', price: 25, updated_at: '2017-11-29 20:40:07', color: '52,53', note: null },
  { id: 2, sku: 'MS-Champ-M', price: 25, updated_at: '2017-11-30 08:00:00', color: '53', note: 'gift' },
  { id: 3, sku: 'WS12-M-Orange', price: 22, updated_at: '2017-08-21 22:22:19', color: '60', note: null },
  { id: 4, sku: '24-UG02', price: 16, updated_at: '2017-09-15 16:15:54', color: '', note: 'x' },
  { id: 5, sku: '24-UG03', price: 22.5, updated_at: '2017-09-15 16:15:54', color: '52', note: null },
];

function ids(query: string, lastPageRepeat = true): number[] {
  return search(rows, criteria(query), { lastPageRepeat }).items.map((row) => row.id);
}

describe('parseSearchCriteria', () => {
  it('reads the bracketed syntax into groups, sort orders and paging, defaulting eq and DESC', () => {
    const parsed = criteria(
      `${filter(0, 0, 'updated_at', '2024-01-01 00:00:00', 'gteq')}&${filter(1, 0, 'sku', 'MS%')}` +
        '&searchCriteria[sortOrders][0][field]=updated_at&searchCriteria[pageSize]=10&searchCriteria[currentPage]=2',
    );
    expect(parsed).toEqual({
      filter_groups: [
        { filters: [{ field: 'updated_at', value: '2024-01-01 00:00:00', condition_type: 'gteq' }] },
        { filters: [{ field: 'sku', value: 'MS%', condition_type: 'eq' }] },
      ],
      sort_orders: [{ field: 'updated_at', direction: 'DESC' }],
      page_size: 10,
      current_page: 2,
    });
  });

  it('refuses an unknown condition type with a %1 message and its parameter', () => {
    const error = (() => {
      try {
        criteria(filter(0, 0, 'sku', 'x', 'between'));
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(SearchCriteriaError);
    expect(error).toMatchObject({ template: 'Invalid condition type: %1', parameters: ['between'] });
  });

  it('refuses a non-numeric page size', () => {
    expect(() => criteria('searchCriteria[pageSize]=ten')).toThrow(SearchCriteriaError);
  });
});

describe('search', () => {
  it('ORs filters within a group and ANDs groups', () => {
    const orWithin = `${filter(0, 0, 'sku', 'MS-Champ-S')}&${filter(0, 1, 'sku', '24-UG02')}`;
    expect(ids(orWithin)).toEqual([1, 4]);
    const andAcross = `${filter(0, 0, 'price', '25')}&${filter(1, 0, 'updated_at', '2017-11-30 00:00:00', 'gteq')}`;
    expect(ids(andAcross)).toEqual([2]);
  });

  it.each([
    ['eq', '22', [3]],
    ['neq', '25', [3, 4, 5]],
    ['gt', '22', [1, 2, 5]],
    ['gteq', '22', [1, 2, 3, 5]],
    ['moreq', '22.5', [1, 2, 5]],
    ['lt', '22', [4]],
    ['lteq', '22', [3, 4]],
    ['in', '16,22.5, 25', [1, 2, 4, 5]],
    ['nin', '25,22', [4, 5]],
  ])('price %s %s', (condition, value, expected) => {
    expect(ids(filter(0, 0, 'price', value, condition))).toEqual(expected);
  });

  it('compares dates lexically and supports from/to ranges', () => {
    const range = `${filter(0, 0, 'updated_at', '2017-09-01 00:00:00', 'from')}&${filter(1, 0, 'updated_at', '2017-11-29 23:59:59', 'to')}`;
    expect(ids(range)).toEqual([1, 4, 5]);
  });

  it('matches like/nlike with SQL wildcards, case-insensitively', () => {
    expect(ids(filter(0, 0, 'sku', 'ms-champ-%', 'like'))).toEqual([1, 2]);
    expect(ids(filter(0, 0, 'sku', '24-UG0_', 'like'))).toEqual([4, 5]);
    expect(ids(filter(0, 0, 'sku', '%Champ%', 'nlike'))).toEqual([3, 4, 5]);
  });

  it('supports finset/nfinset and null/notnull', () => {
    expect(ids(filter(0, 0, 'color', '52', 'finset'))).toEqual([1, 5]);
    expect(ids(filter(0, 0, 'color', '53', 'nfinset'))).toEqual([3, 4, 5]);
    expect(ids(filter(0, 0, 'note', '', 'null'))).toEqual([1, 3, 5]);
    expect(ids(filter(0, 0, 'note', '', 'notnull'))).toEqual([2, 4]);
  });

  it('sorts by several orders, keeping id order on ties, descending by default', () => {
    expect(
      ids('searchCriteria[sortOrders][0][field]=updated_at&searchCriteria[sortOrders][0][direction]=ASC'),
    ).toEqual([3, 4, 5, 1, 2]);
    expect(
      ids(
        'searchCriteria[sortOrders][0][field]=price&searchCriteria[sortOrders][1][field]=id&searchCriteria[sortOrders][1][direction]=ASC',
      ),
    ).toEqual([1, 2, 5, 3, 4]);
  });

  it('pages with total_count and echoes the criteria', () => {
    const result = search(rows, criteria('searchCriteria[pageSize]=2&searchCriteria[currentPage]=2'), {
      lastPageRepeat: true,
    });
    expect(result.items.map((row) => row.id)).toEqual([3, 4]);
    expect(result.total_count).toBe(5);
    expect(result.search_criteria).toEqual({ filter_groups: [], page_size: 2, current_page: 2 });
  });

  it('answers a page past the end with the last page again, or nothing when that behaviour is off', () => {
    const past = 'searchCriteria[pageSize]=2&searchCriteria[currentPage]=7';
    expect(ids(past, true)).toEqual([5]);
    expect(ids(past, false)).toEqual([]);
    expect(ids('searchCriteria[pageSize]=2&searchCriteria[currentPage]=0')).toEqual([1, 2]);
  });

  it('returns every match when no page size is given', () => {
    expect(ids('')).toEqual([1, 2, 3, 4, 5]);
  });
});

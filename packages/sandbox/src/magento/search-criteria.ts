import { z } from 'zod';

/** Every `condition_type` Magento's `searchCriteria` accepts (performing-searches.md). */
export const CONDITION_TYPES = [
  'eq',
  'finset',
  'from',
  'gt',
  'gteq',
  'in',
  'like',
  'lt',
  'lteq',
  'moreq',
  'neq',
  'nfinset',
  'nin',
  'nlike',
  'notnull',
  'null',
  'to',
] as const;
export type ConditionType = (typeof CONDITION_TYPES)[number];

export interface SearchFilter {
  field: string;
  value: string;
  condition_type: ConditionType;
}

export interface SortOrder {
  field: string;
  direction: 'ASC' | 'DESC';
}

/** A parsed `searchCriteria`, in the shape Magento echoes back as `search_criteria`. */
export interface SearchCriteria {
  filter_groups: { filters: SearchFilter[] }[];
  sort_orders?: SortOrder[];
  page_size?: number;
  current_page?: number;
}

/** A searchCriteria Magento would refuse; rendered as a 400 with `%1` placeholders. */
export class SearchCriteriaError extends Error {
  constructor(
    readonly template: string,
    readonly parameters: string[],
  ) {
    super(template.replace(/%(\d+)/g, (_whole, index: string) => parameters[Number(index) - 1] ?? ''));
    this.name = 'SearchCriteriaError';
  }
}

type Tree = { [key: string]: Tree | string };

const BRACKETED = /^searchCriteria((?:\[[^\]]*\])+)$/;

/** Turns `searchCriteria[a][0][b]=v` pairs into a nested tree, like PHP's query-string parser. */
function toTree(params: URLSearchParams): Tree {
  const root: Tree = {};
  for (const [key, value] of params) {
    const match = BRACKETED.exec(key);
    if (!match?.[1]) continue;
    const path = [...match[1].matchAll(/\[([^\]]*)\]/g)].map((part) => part[1] ?? '');
    let node = root;
    path.forEach((segment, index) => {
      if (index === path.length - 1) {
        node[segment] = value;
        return;
      }
      const child = node[segment];
      if (typeof child === 'object') {
        node = child;
      } else {
        const fresh: Tree = {};
        node[segment] = fresh;
        node = fresh;
      }
    });
  }
  return root;
}

function indexed(node: Tree | string | undefined): Tree[] {
  if (node === undefined || typeof node === 'string') return [];
  return Object.keys(node)
    .filter((key) => /^\d+$/.test(key))
    .sort((a, b) => Number(a) - Number(b))
    .map((key) => node[key])
    .filter((child): child is Tree => typeof child === 'object');
}

function text(node: Tree | string | undefined): string | undefined {
  return typeof node === 'string' ? node : undefined;
}

const PositiveInt = z.coerce.number().int().nonnegative();

function intParam(node: Tree | string | undefined, name: string): number | undefined {
  const raw = text(node);
  if (raw === undefined) return undefined;
  const parsed = PositiveInt.safeParse(raw);
  if (!parsed.success) throw new SearchCriteriaError('"%1" is not a valid integer for "%2".', [raw, name]);
  return parsed.data;
}

/**
 * Parses Magento's bracketed `searchCriteria` query parameters.
 *
 * @example
 * parseSearchCriteria(new URLSearchParams('searchCriteria[pageSize]=10&searchCriteria[currentPage]=2'))
 * // { filter_groups: [], page_size: 10, current_page: 2 }
 */
export function parseSearchCriteria(params: URLSearchParams): SearchCriteria {
  const tree = toTree(params);
  const criteria: SearchCriteria = {
    filter_groups: indexed(tree.filter_groups ?? tree.filterGroups).map((group) => ({
      filters: indexed(group.filters).map((filter) => {
        const field = text(filter.field);
        if (!field) throw new SearchCriteriaError('"%1" is required. Enter and try again.', ['field']);
        const condition = (text(filter.condition_type ?? filter.conditionType) ?? 'eq').toLowerCase();
        if (!(CONDITION_TYPES as readonly string[]).includes(condition)) {
          throw new SearchCriteriaError('Invalid condition type: %1', [condition]);
        }
        return { field, value: text(filter.value) ?? '', condition_type: condition as ConditionType };
      }),
    })),
  };
  const sortOrders = indexed(tree.sortOrders ?? tree.sort_orders).map((order): SortOrder => {
    const field = text(order.field);
    if (!field) throw new SearchCriteriaError('"%1" is required. Enter and try again.', ['field']);
    // Magento sorts descending when no direction is given.
    return { field, direction: text(order.direction)?.toUpperCase() === 'ASC' ? 'ASC' : 'DESC' };
  });
  if (sortOrders.length > 0) criteria.sort_orders = sortOrders;
  const pageSize = intParam(tree.pageSize ?? tree.page_size, 'pageSize');
  if (pageSize !== undefined) criteria.page_size = pageSize;
  const currentPage = intParam(tree.currentPage ?? tree.current_page, 'currentPage');
  if (currentPage !== undefined) criteria.current_page = currentPage;
  return criteria;
}

type Row = Record<string, unknown>;

function scalar(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return null;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** MySQL compares numbers numerically and `YYYY-MM-DD HH:MM:SS` strings lexically; so do we. */
function compare(left: string, right: string): number {
  if (NUMERIC.test(left) && NUMERIC.test(right)) return Number(left) - Number(right);
  return left < right ? -1 : left > right ? 1 : 0;
}

function likePattern(value: string): RegExp {
  const body = value
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  // The default MySQL collations compare case-insensitively.
  return new RegExp(`^${body}$`, 'is');
}

function list(value: string): string[] {
  return value.split(',').map((part) => part.trim());
}

/** Table column names a resource answers to besides its JSON keys (products: `entity_id` → `id`). */
export type FieldAliases = Readonly<Record<string, string>>;

function fieldValue(row: Row, field: string, aliases: FieldAliases): unknown {
  const alias = aliases[field];
  return field in row || alias === undefined ? row[field] : row[alias];
}

/** Numbers compare by value ("5" = "5.0"), anything else as text. */
function canonical(value: string): string {
  return NUMERIC.test(value) ? String(Number(value)) : value;
}

type Predicate = (actual: string | null) => boolean;

/** Compiles one filter into a predicate once per search, not once per row. */
function compileFilter(filter: SearchFilter): Predicate {
  const { value } = filter;
  switch (filter.condition_type) {
    case 'null':
      return (actual) => actual === null;
    case 'notnull':
      return (actual) => actual !== null;
    case 'eq':
      return (actual) => actual !== null && compare(actual, value) === 0;
    case 'neq':
      return (actual) => actual !== null && compare(actual, value) !== 0;
    case 'gt':
      return (actual) => actual !== null && compare(actual, value) > 0;
    case 'gteq':
    case 'moreq':
    case 'from':
      return (actual) => actual !== null && compare(actual, value) >= 0;
    case 'lt':
      return (actual) => actual !== null && compare(actual, value) < 0;
    case 'lteq':
    case 'to':
      return (actual) => actual !== null && compare(actual, value) <= 0;
    case 'in': {
      const members = new Set(list(value).map(canonical));
      return (actual) => actual !== null && members.has(canonical(actual));
    }
    case 'nin': {
      const members = new Set(list(value).map(canonical));
      return (actual) => actual !== null && !members.has(canonical(actual));
    }
    case 'like': {
      const pattern = likePattern(value);
      return (actual) => actual !== null && pattern.test(actual);
    }
    case 'nlike': {
      const pattern = likePattern(value);
      return (actual) => actual !== null && !pattern.test(actual);
    }
    case 'finset':
      return (actual) => actual !== null && list(actual).includes(value);
    case 'nfinset':
      return (actual) => actual !== null && !list(actual).includes(value);
  }
}

export function matchesFilter(row: Row, filter: SearchFilter, aliases: FieldAliases = {}): boolean {
  return compileFilter(filter)(scalar(fieldValue(row, filter.field, aliases)));
}

export interface SearchResult<T> {
  items: T[];
  search_criteria: SearchCriteria;
  total_count: number;
}

export interface SearchOptions {
  /**
   * Answer a `currentPage` past the end with the last page again, as Magento did before 2.4
   * (magento2 #3787, #8099, #26986). When false, such a page is empty.
   */
  lastPageRepeat: boolean;
  aliases?: FieldAliases;
}

/**
 * Applies a searchCriteria to rows: filters OR'ed within a group and groups AND'ed, sort orders in
 * sequence (ties keep the rows' natural id order), then `pageSize`/`currentPage` paging.
 * Without `pageSize` every match is returned.
 */
export function search<T extends Row>(
  rows: readonly T[],
  criteria: SearchCriteria,
  options: SearchOptions,
): SearchResult<T> {
  const aliases = options.aliases ?? {};
  const groups = criteria.filter_groups
    .filter((group) => group.filters.length > 0)
    .map((group) => group.filters.map((filter) => ({ field: filter.field, test: compileFilter(filter) })));
  const matching = rows.filter((row) =>
    groups.every((group) => group.some(({ field, test }) => test(scalar(fieldValue(row, field, aliases))))),
  );
  const sorted = [...matching];
  const orders = criteria.sort_orders ?? [];
  if (orders.length > 0) {
    sorted.sort((a, b) => {
      for (const order of orders) {
        const left = scalar(fieldValue(a, order.field, aliases));
        const right = scalar(fieldValue(b, order.field, aliases));
        if (left === right) continue;
        if (left === null) return order.direction === 'ASC' ? -1 : 1;
        if (right === null) return order.direction === 'ASC' ? 1 : -1;
        const result = compare(left, right);
        if (result !== 0) return order.direction === 'ASC' ? result : -result;
      }
      return 0;
    });
  }
  let items = sorted;
  const pageSize = criteria.page_size;
  if (pageSize !== undefined && pageSize > 0) {
    const lastPage = Math.max(1, Math.ceil(sorted.length / pageSize));
    // currentPage 0 is treated as 1.
    let page = Math.max(1, criteria.current_page ?? 1);
    if (page > lastPage && options.lastPageRepeat) page = lastPage;
    items = sorted.slice((page - 1) * pageSize, page * pageSize);
  }
  return { items, search_criteria: criteria, total_count: matching.length };
}

import type { QueryParams } from '../engine/http-types';
import { toMagentoDate } from './wire-values';

export interface MagentoFilter {
  field: string;
  value: string;
  /** @default 'eq' */
  conditionType?: string;
}

export interface MagentoSearch {
  /** AND across groups, OR within one. */
  groups?: MagentoFilter[][];
  sort?: { field: string; direction: 'ASC' | 'DESC' }[];
}

/**
 * Encodes a search as Magento's bracketed `searchCriteria` query parameters.
 *
 * @example
 * searchCriteriaQuery({ groups: [[{ field: 'updated_at', value: '2026-01-01 00:00:00', conditionType: 'gteq' }]] })
 */
export function searchCriteriaQuery(search: MagentoSearch): Record<string, string> {
  const query: Record<string, string> = {};
  (search.groups ?? []).forEach((filters, group) => {
    filters.forEach((filter, index) => {
      const prefix = `searchCriteria[filter_groups][${group}][filters][${index}]`;
      query[`${prefix}[field]`] = filter.field;
      query[`${prefix}[value]`] = filter.value;
      query[`${prefix}[condition_type]`] = filter.conditionType ?? 'eq';
    });
  });
  (search.sort ?? []).forEach((order, index) => {
    query[`searchCriteria[sortOrders][${index}][field]`] = order.field;
    query[`searchCriteria[sortOrders][${index}][direction]`] = order.direction;
  });
  return query;
}

/**
 * The incremental search every Magento stream uses: `updated_at gteq since` (when incremental), sorted
 * by `updated_at` then the id ascending so pages are stable, plus any extra filter groups.
 */
export function incrementalQuery(
  since: string | null,
  idField: string,
  extra: MagentoFilter[][] = [],
): QueryParams {
  const groups = [...extra];
  if (since !== null)
    groups.push([{ field: 'updated_at', value: toMagentoDate(since), conditionType: 'gteq' }]);
  return searchCriteriaQuery({
    groups,
    sort: [
      { field: 'updated_at', direction: 'ASC' },
      { field: idField, direction: 'ASC' },
    ],
  });
}

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
 * The search every Magento stream pages with: `updated_at gteq since` on incremental runs, ordered
 * by the entity id ascending.
 *
 * Why the id and not `updated_at`: with offset paging (`currentPage`), a record updated while a run
 * pages through an `updated_at`-sorted result moves to the end, every later record shifts one place
 * back, and the record that slides onto an already-read page is skipped by this run without a
 * trace. Ids never change and new records get higher ones, so an id-ordered result only grows at
 * its end: nothing is skipped, and records updated mid-run are still read (they stay matched by
 * `gteq`). The watermark does not depend on the order: the engine commits the highest
 * (updated_at, id) seen when the run completes.
 */
export function incrementalQuery(
  since: string | null,
  idField: string,
  extra: MagentoFilter[][] = [],
): QueryParams {
  const groups = [...extra];
  if (since !== null)
    groups.push([{ field: 'updated_at', value: toMagentoDate(since), conditionType: 'gteq' }]);
  return searchCriteriaQuery({ groups, sort: [{ field: idField, direction: 'ASC' }] });
}

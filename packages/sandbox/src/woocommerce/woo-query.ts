import { z } from 'zod';
import { invalidParams } from './woo-errors';
import { timeZoneOffsetMs } from './woo-format';

export interface CollectionSpec {
  orderby: readonly string[];
  defaultOrderby: string;
  /** Allowed `status` values; empty when the collection has no status filter. */
  statuses: readonly string[];
  defaultStatus: string;
  defaultOrder: 'asc' | 'desc';
}

export interface ListQuery {
  page: number;
  perPage: number;
  offset: number | null;
  order: 'asc' | 'desc';
  orderby: string;
  /** Bounds in whole seconds since the epoch, compared as WooCommerce does (strictly after/before). */
  afterS: number | null;
  beforeS: number | null;
  modifiedAfterS: number | null;
  modifiedBeforeS: number | null;
  include: number[];
  exclude: number[];
  search: string | null;
  status: string[];
  customer: number | null;
  product: number | null;
  sku: string | null;
  email: string | null;
  role: string;
  dp: number;
}

const integerText = z
  .string()
  .regex(/^-?\d+$/)
  .transform(Number);
const booleanText = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const dateText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i);

/** Reads `name`, `name[]` and `name[0]` forms, and comma-separated lists, as WordPress does. */
function listValues(params: URLSearchParams, name: string): string[] | null {
  const values: string[] = [];
  for (const [key, value] of params) {
    if (key === name || key === `${name}[]` || new RegExp(`^${name}\\[\\d+\\]$`).test(key)) {
      values.push(
        ...value
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part !== ''),
      );
    }
  }
  return values.length > 0 || params.has(name) ? values : null;
}

function toEpochSeconds(text: string, gmt: boolean, timeZone: string): number {
  const normalized = text.replace(' ', 'T');
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(normalized);
  const ms = Date.parse(hasZone ? normalized : `${normalized}Z`);
  const utc = hasZone || gmt ? ms : ms - timeZoneOffsetMs(timeZone, ms);
  return Math.floor(utc / 1000);
}

/**
 * Validates collection query parameters with WordPress's rules and messages (`rest_invalid_param`
 * naming every bad parameter).
 */
export function parseListQuery(params: URLSearchParams, spec: CollectionSpec, timeZone: string): ListQuery {
  const problems: Record<string, string> = {};
  const int = (name: string, fallback: number, min: number, max: number | null): number => {
    const raw = params.get(name);
    if (raw === null) return fallback;
    const parsed = integerText.safeParse(raw);
    if (!parsed.success) {
      problems[name] = `${name} is not of type integer.`;
      return fallback;
    }
    if (parsed.data < min || (max !== null && parsed.data > max)) {
      problems[name] =
        max === null
          ? `${name} must be greater than or equal to ${min}`
          : `${name} must be between ${min} (inclusive) and ${max} (inclusive)`;
      return fallback;
    }
    return parsed.data;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = params.get(name);
    if (raw === null) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems[name] = `${name} is not one of ${allowed.join(', ')}.`;
      return fallback;
    }
    return raw as T;
  };
  const ids = (name: string): number[] => {
    const values = listValues(params, name) ?? [];
    const parsed = values.map((value) => integerText.safeParse(value));
    if (parsed.some((result) => !result.success)) {
      problems[name] = `${name}[0] is not of type integer.`;
      return [];
    }
    return parsed.map((result) => (result.success ? result.data : 0));
  };

  const gmtRaw = params.get('dates_are_gmt');
  const gmtParsed = gmtRaw === null ? null : booleanText.safeParse(gmtRaw);
  if (gmtParsed && !gmtParsed.success) problems.dates_are_gmt = 'dates_are_gmt is not of type boolean.';
  const gmt = gmtParsed?.success ? gmtParsed.data : false;
  const date = (name: string): number | null => {
    const raw = params.get(name);
    if (raw === null) return null;
    if (!dateText.safeParse(raw).success || Number.isNaN(Date.parse(raw.replace(' ', 'T')))) {
      problems[name] = 'Invalid date.';
      return null;
    }
    return toEpochSeconds(raw, gmt, timeZone);
  };

  const statusValues = listValues(params, 'status');
  let status = statusValues ?? [spec.defaultStatus];
  if (spec.statuses.length > 0 && status.some((value) => !spec.statuses.includes(value))) {
    problems.status = `status[0] is not one of ${spec.statuses.join(', ')}.`;
    status = [spec.defaultStatus];
  }
  const offsetRaw = params.get('offset');
  const customerRaw = params.get('customer');
  const productRaw = params.get('product');
  const dpRaw = params.get('dp');

  const query: ListQuery = {
    page: int('page', 1, 1, null),
    perPage: int('per_page', 10, 1, 100),
    offset: offsetRaw === null ? null : int('offset', 0, 0, null),
    order: oneOf('order', ['asc', 'desc'] as const, spec.defaultOrder),
    orderby: oneOf('orderby', spec.orderby, spec.defaultOrderby),
    afterS: date('after'),
    beforeS: date('before'),
    modifiedAfterS: date('modified_after'),
    modifiedBeforeS: date('modified_before'),
    include: ids('include'),
    exclude: ids('exclude'),
    search: params.get('search') || null,
    status,
    customer: customerRaw === null ? null : int('customer', 0, 0, null),
    product: productRaw === null ? null : int('product', 0, 0, null),
    sku: params.get('sku') || null,
    email: params.get('email') || null,
    role: params.get('role') ?? 'customer',
    dp: dpRaw === null ? 2 : int('dp', 2, 0, 10),
  };
  if (Object.keys(problems).length > 0) throw invalidParams(problems);
  return query;
}

/** Whether an ISO timestamp passes the created/modified bounds, at WooCommerce's 1-second precision. */
export function withinDates(createdIso: string, modifiedIso: string, query: ListQuery): boolean {
  const created = Math.floor(Date.parse(createdIso) / 1000);
  const modified = Math.floor(Date.parse(modifiedIso) / 1000);
  if (query.afterS !== null && !(created > query.afterS)) return false;
  if (query.beforeS !== null && !(created < query.beforeS)) return false;
  if (query.modifiedAfterS !== null && !(modified > query.modifiedAfterS)) return false;
  if (query.modifiedBeforeS !== null && !(modified < query.modifiedBeforeS)) return false;
  return true;
}

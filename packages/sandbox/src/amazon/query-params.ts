import type { Context } from 'hono';

/** SP-API list parameters arrive comma-separated (`includedData=BUYER,RECIPIENT`) or repeated. */
export function listParam(c: Context, name: string): string[] {
  return (c.req.queries(name) ?? [])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

export function singleParam(c: Context, name: string): string | undefined {
  const value = c.req.query(name);
  return value === undefined || value === '' ? undefined : value;
}

/** An ISO-8601 instant in milliseconds, or null when absent; throws a message for bad input. */
export function instantParam(c: Context, name: string): number | null {
  const value = singleParam(c, name);
  if (value === undefined) return null;
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || !Number.isFinite(ms)) {
    throw new ParamError(`${name} must be an ISO 8601 date-time.`);
  }
  return ms;
}

export function intParam(c: Context, name: string, min: number, max: number, fallback: number): number {
  const value = singleParam(c, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new ParamError(`${name} must be an integer between ${min} and ${max}.`);
  }
  return parsed;
}

/** A request parameter the operation rejects with 400 InvalidInput. */
export class ParamError extends Error {
  override readonly name = 'ParamError';
}

const TWO_MINUTES_MS = 2 * 60_000;

export interface TimeWindow {
  field: 'created' | 'lastUpdated';
  after: number;
  before: number | null;
}

/**
 * The created/last-updated window shared by getOrders and searchOrders: exactly one of the two
 * `…After` parameters, no mixing of the families, `…Before` not before `…After` and at least two
 * minutes before now.
 */
export function timeWindow(
  c: Context,
  names: { createdAfter: string; createdBefore: string; lastUpdatedAfter: string; lastUpdatedBefore: string },
  now: number,
): TimeWindow {
  const createdAfter = instantParam(c, names.createdAfter);
  const createdBefore = instantParam(c, names.createdBefore);
  const lastUpdatedAfter = instantParam(c, names.lastUpdatedAfter);
  const lastUpdatedBefore = instantParam(c, names.lastUpdatedBefore);
  if ((createdAfter === null) === (lastUpdatedAfter === null)) {
    throw new ParamError(
      `Exactly one of ${names.createdAfter} or ${names.lastUpdatedAfter} must be specified.`,
    );
  }
  const created = createdAfter !== null;
  if ((created && lastUpdatedBefore !== null) || (!created && createdBefore !== null)) {
    throw new ParamError(
      `${names.createdAfter}/${names.createdBefore} cannot be combined with ${names.lastUpdatedAfter}/${names.lastUpdatedBefore}.`,
    );
  }
  const after = (created ? createdAfter : lastUpdatedAfter) as number;
  const before = created ? createdBefore : lastUpdatedBefore;
  const beforeName = created ? names.createdBefore : names.lastUpdatedBefore;
  if (after > now) {
    throw new ParamError(
      `${created ? names.createdAfter : names.lastUpdatedAfter} must not be in the future.`,
    );
  }
  if (before !== null) {
    if (before < after) throw new ParamError(`${beforeName} must be equal to or after the After date.`);
    if (before > now - TWO_MINUTES_MS) {
      throw new ParamError(
        `${beforeName} must be no later than 2 minutes before the time the request was submitted.`,
      );
    }
  }
  return { field: created ? 'created' : 'lastUpdated', after, before };
}

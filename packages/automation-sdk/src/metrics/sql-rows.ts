import type { Db } from '@cartwire/storage';
import type { SQL } from 'drizzle-orm';

/** Rows of a raw query on either driver (postgres.js answers an array, PGlite `{ rows }`). */
export async function queryRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** A timestamp column as a Date whatever the driver hands back (Date or ISO text). */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}

/** A numeric column as its exact decimal text (never through a float). */
export function toDecimalText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return String(value);
}

/** JSON text of a list, to pass a whole id list as one parameter (`jsonb_array_elements_text`). */
export function jsonList(values: readonly string[]): string {
  return JSON.stringify(values);
}

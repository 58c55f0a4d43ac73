import { z } from 'zod';
import { ValidationError } from '../../http/problem';

/** The 400 every list answers to a cursor it did not hand out (or one that no longer points anywhere). */
export function invalidCursor(message = 'not a cursor this endpoint returned'): ValidationError {
  return new ValidationError([{ in: 'query', path: 'cursor', code: 'invalid_cursor', message }]);
}

/**
 * An opaque list cursor: the position (checked by `schema`) as base64url JSON. Clients pass it back
 * unchanged; anything else, or a position of the wrong shape, is a 400 naming `cursor`.
 * @example const cursor = opaqueCursor(z.object({ createdAt: z.iso.datetime(), id: z.string() }))
 */
export function opaqueCursor<T>(schema: z.ZodType<T>) {
  return {
    encode: (position: T): string => Buffer.from(JSON.stringify(position)).toString('base64url'),
    decode(raw: string): T {
      let value: unknown;
      try {
        value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
      } catch {
        throw invalidCursor();
      }
      const parsed = schema.safeParse(value);
      if (!parsed.success) throw invalidCursor();
      return parsed.data;
    },
  };
}

/** A time-ordered position (newest first lists): when, and the id that breaks ties. */
export const TimeAndId = z.object({
  at: z.string().refine((value) => !Number.isNaN(Date.parse(value))),
  id: z.string().min(1),
});

/**
 * The entries of an in-memory list (newest first) after the one whose id is `cursor`, for the sandbox's
 * bounded buffers: an id that is not there (never was, or fell out of the buffer) is a 400 saying so.
 */
export function entriesAfterId<T extends { id: string }>(
  all: readonly T[],
  cursor: string | undefined,
  what: string,
): readonly T[] {
  if (!cursor) return all;
  const at = all.findIndex((entry) => entry.id === cursor);
  if (at === -1) throw invalidCursor(`not a cursor this endpoint returned, or its ${what}`);
  return all.slice(at + 1);
}

/** The first `limit` entries as a list page whose cursor is the last entry's id. */
export function pageById<T extends { id: string }>(entries: readonly T[], limit: number) {
  const page = entries.slice(0, limit);
  const hasMore = entries.length > limit;
  return { page, has_more: hasMore, next_cursor: hasMore ? (page.at(-1)?.id ?? null) : null };
}

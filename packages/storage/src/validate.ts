import type { z } from 'zod';
import { StorageInputError } from './errors';

/** Parses a value crossing into storage; a failure becomes a typed error naming the failing paths. */
export function parseInput<TSchema extends z.ZodType>(
  schema: TSchema,
  value: unknown,
  what: string,
): z.output<TSchema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new StorageInputError(
    `Invalid ${what}`,
    result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  );
}

import { z } from '@hono/zod-openapi';
import { PROBLEM_CONTENT_TYPE, Problem } from '../../http/problem';
import { BEARER_SECURITY_SCHEME } from '../../openapi/document';

/** A problem+json response entry for createRoute's `responses`. */
export const problem = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: Problem } },
});

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** Security requirement of every `/v1` route. */
export const BEARER = [{ [BEARER_SECURITY_SCHEME]: [] }];

/** Failures every authenticated route can answer with. */
export const AUTHED_ERRORS = {
  400: problem('Invalid parameters: `errors` lists each failing field'),
  401: problem('Missing, malformed, unknown or revoked API key'),
  429: problem('Rate limit exceeded for this API key'),
} as const;

/** The list envelope: newest first, `next_cursor` continues, null on the last page. */
export function listOf<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({
      object: z.literal('list'),
      data: z.array(item),
      has_more: z.boolean().openapi({ description: 'Whether another page follows.' }),
      next_cursor: z
        .string()
        .nullable()
        .openapi({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
    })
    .openapi(name);
}

export const Count = z
  .object({ object: z.literal('count'), count: z.number().int().min(0) })
  .openapi('Count', { description: 'How many records match the filters.' });

export const StoreIdParam = z.object({
  storeId: z
    .string()
    .min(1)
    .openapi({ param: { name: 'storeId', in: 'path' }, example: 'sto_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
});

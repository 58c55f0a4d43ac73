import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../database';
import { idempotencyKeys } from '../schema/idempotency-keys';
import { parseInput } from '../validate';

const BeginInput = z.object({
  tenantId: z.string().min(1),
  key: z.string().min(1).max(255),
  requestHash: z.string().min(1).max(128),
});

const CompleteInput = BeginInput.omit({ requestHash: true }).extend({
  status: z.number().int().min(100).max(599),
  body: z.unknown(),
});

/**
 * What to do with a request carrying an idempotency key: `proceed` (first time: run it, then
 * `complete`), `replay` (same request finished before: answer with the stored response),
 * `mismatch` (the key was used for another request), `in_progress` (the first is still running).
 */
export type IdempotencyDecision =
  | { readonly outcome: 'proceed' }
  | { readonly outcome: 'replay'; readonly status: number; readonly body: unknown }
  | { readonly outcome: 'mismatch' }
  | { readonly outcome: 'in_progress' };

export interface IdempotencyStore {
  begin(input: z.input<typeof BeginInput>): Promise<IdempotencyDecision>;
  /** Stores the response of the request that `begin` let proceed. */
  complete(input: z.input<typeof CompleteInput>): Promise<void>;
  /** Forgets an unfinished key (the request failed before a response worth replaying), so a retry may run. */
  release(tenantId: string, key: string): Promise<void>;
}

export function createIdempotencyStore(db: Db): IdempotencyStore {
  return {
    async begin(input) {
      const { tenantId, key, requestHash } = parseInput(BeginInput, input, 'idempotency key');
      // The insert is the claim: of two concurrent first requests exactly one inserts.
      const inserted = await db
        .insert(idempotencyKeys)
        .values({ tenantId, key, requestHash })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (inserted.length > 0) return { outcome: 'proceed' };
      const [row] = await db
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key)));
      if (!row) return { outcome: 'in_progress' };
      if (row.requestHash !== requestHash) return { outcome: 'mismatch' };
      if (row.responseStatus === null) return { outcome: 'in_progress' };
      return { outcome: 'replay', status: row.responseStatus, body: row.responseBody };
    },

    async complete(input) {
      const { tenantId, key, status, body } = parseInput(CompleteInput, input, 'idempotent response');
      await db
        .update(idempotencyKeys)
        .set({ responseStatus: status, responseBody: body ?? null, completedAt: new Date() })
        .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key)));
    },

    async release(tenantId, key) {
      await db
        .delete(idempotencyKeys)
        .where(
          and(
            eq(idempotencyKeys.tenantId, tenantId),
            eq(idempotencyKeys.key, key),
            isNull(idempotencyKeys.responseStatus),
          ),
        );
    },
  };
}

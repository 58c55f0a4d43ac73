import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../database';
import { jobs } from '../schema/jobs';
import { parseInput } from '../validate';

const CancelInput = z.object({
  tenantId: z.string().min(1),
  storeId: z.string().min(1),
  /** Kept as the jobs' last error so an operator sees why they never ran. */
  reason: z.string().min(1).max(500),
});

export interface StoreJobCancellation {
  /**
   * Ends every queued or retry-scheduled job of one store (payload `storeId`) as `dead` with `reason`.
   * Running jobs keep their lease: a worker re-reads the store when it runs and stops on its own.
   * @returns how many jobs were cancelled
   */
  cancelStoreJobs(input: z.input<typeof CancelInput>): Promise<number>;
}

export function createStoreJobCancellation(db: Db, options: { now?: () => Date } = {}): StoreJobCancellation {
  const now = options.now ?? (() => new Date());
  return {
    async cancelStoreJobs(input) {
      const { tenantId, storeId, reason } = parseInput(CancelInput, input, 'job cancellation');
      const at = now();
      const cancelled = await db
        .update(jobs)
        .set({ state: 'dead', lastError: reason, finishedAt: at, updatedAt: at })
        .where(
          and(
            eq(jobs.tenantId, tenantId),
            sql`${jobs.payload}->>'storeId' = ${storeId}`,
            inArray(jobs.state, ['queued', 'failed']),
          ),
        )
        .returning({ id: jobs.id });
      return cancelled.length;
    },
  };
}

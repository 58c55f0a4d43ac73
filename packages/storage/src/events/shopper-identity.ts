import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../database';
import { events } from '../schema/events';
import { parseInput } from '../validate';

const LookupInput = z.object({
  tenantId: z.string().min(1),
  storeId: z.string().min(1),
  anonymousId: z.string().min(1).max(200),
});

/**
 * Identity stitching over the behaviour events already logged: the customer an anonymous storefront id
 * was last seen with (a tracked event carrying both, sent on login or checkout). Later events carrying
 * only the anonymous id resolve to that customer. @returns null when the id was never linked.
 */
export async function findLinkedCustomer(db: Db, input: z.input<typeof LookupInput>): Promise<string | null> {
  const { tenantId, storeId, anonymousId } = parseInput(LookupInput, input, 'identity lookup');
  const customerId = sql<string>`${events.data} -> 'shopper' ->> 'customerId'`;
  const [row] = await db
    .select({ customerId })
    .from(events)
    .where(
      and(
        eq(events.tenantId, tenantId),
        eq(events.storeId, storeId),
        eq(events.entityType, 'behavior'),
        sql`${events.data} -> 'shopper' ->> 'anonymousId' = ${anonymousId}`,
        isNotNull(customerId),
      ),
    )
    .orderBy(desc(events.seq))
    .limit(1);
  return row?.customerId ?? null;
}

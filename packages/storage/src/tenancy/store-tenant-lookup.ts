import { Platform } from '@cartwire/model';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../database';
import { stores } from '../schema/stores';
import { parseInput } from '../validate';

const LookupInput = z.object({ platform: Platform, storeId: z.string().min(1).max(100) });

/**
 * The tenant owning a store, for the one caller that knows only the store id: an inbound platform
 * webhook (`/webhooks/{platform}/{storeId}`), which carries no API key. Every later query is scoped to
 * the tenant found here. @returns null when no store of that platform has this id.
 */
export async function findStoreTenant(
  db: Db,
  input: z.input<typeof LookupInput>,
): Promise<{ tenantId: string } | null> {
  const { platform, storeId } = parseInput(LookupInput, input, 'store lookup');
  const [row] = await db
    .select({ tenantId: stores.tenantId })
    .from(stores)
    .where(and(eq(stores.id, storeId), eq(stores.platform, platform)));
  return row ?? null;
}

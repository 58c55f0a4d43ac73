import { Platform } from '@cartwire/model';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../database';
import { stores } from '../schema/stores';

export interface ActiveStoreRef {
  tenantId: string;
  storeId: string;
  platform: Platform;
}

/**
 * Every active store of every tenant, ids only: for the sync scheduler, which is not acting for one
 * tenant but makes sure each connected store is being synced. Callers scope every later query to the
 * returned tenant.
 */
export async function listActiveStores(db: Db): Promise<ActiveStoreRef[]> {
  const rows = await db
    .select({ tenantId: stores.tenantId, storeId: stores.id, platform: stores.platform })
    .from(stores)
    .where(eq(stores.status, 'active'))
    .orderBy(asc(stores.id));
  return rows.flatMap((row) => {
    const platform = Platform.safeParse(row.platform);
    return platform.success ? [{ ...row, platform: platform.data }] : [];
  });
}

import type { LiveData, RefreshableEntity } from '@cartwire/automation-sdk';
import type { Database, Repositories } from '@cartwire/storage';
import { sql } from 'drizzle-orm';
import type { EntityService } from '../services/entity-service';

export interface LiveRefreshOptions {
  readonly database: Database;
  readonly repositories: Pick<Repositories, 'entities' | 'stores'>;
  /** The read API's entity service: its `fresh` read is the one live read path through the connectors. */
  readonly entities: Pick<EntityService, 'get'>;
  /** A stored record older than this (since Cartwire last wrote it) is re-read before a send. */
  readonly maxAgeMs: number;
  readonly now: () => Date;
}

const TABLES: Record<RefreshableEntity, string> = { cart: 'carts', order: 'orders', variant: 'variants' };

/**
 * The workflow runtime's `liveData.refresh`: a stored cart, order or variant that Cartwire has not
 * written for `maxAgeMs` is read again from its platform through the same fresh read as
 * `GET …?fresh=true` (a variant through its product) before a send re-checks it. Errors propagate: the
 * runtime then sends on the stored copy and records why.
 */
export function createLiveRefresh(options: LiveRefreshOptions): NonNullable<LiveData['refresh']> {
  const { database, repositories } = options;

  async function syncedAt(entity: RefreshableEntity, tenantId: string, id: string): Promise<Date | null> {
    const result = await database.db.execute(
      sql`select synced_at from ${sql.identifier(TABLES[entity])}
          where tenant_id = ${tenantId} and id = ${id} and deleted_at is null`,
    );
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
      synced_at: Date | string;
    }[];
    const value = rows[0]?.synced_at;
    return value === undefined ? null : new Date(value);
  }

  return async (tenantId, entity, id) => {
    const stored = await syncedAt(entity, tenantId, id);
    // A record never stored has no platform copy to compare with: the run uses what its event carried.
    if (stored === null || options.now().getTime() - stored.getTime() < options.maxAgeMs) return;
    if (entity !== 'variant') {
      await options.entities.get(tenantId, entity, id, { fresh: true, includeRaw: false });
      return;
    }
    const variant = await repositories.entities.getEntity('variant', tenantId, id);
    if (!variant) return;
    // The fresh read records the product with its variants (stock, price) and their events, like a sync.
    await options.entities.get(tenantId, 'product', variant.productId, { fresh: true, includeRaw: false });
  };
}

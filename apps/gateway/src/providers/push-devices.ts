import { type Db, pushDevices } from '@cartwire/storage';
import { and, eq, inArray } from 'drizzle-orm';

/** A customer has a handful of devices; more than this is an app registering on every launch. */
export const MAX_DEVICES_PER_CUSTOMER = 20;

/**
 * Push device tokens per customer, registered by the app through the storefront API (publishable key and
 * signed customer token). The push channel reads them at send time and deletes the ones the provider
 * reports as unregistered.
 */
export function createPushDevices(options: { db: Db; now: () => Date }) {
  const { db } = options;
  return {
    /** Registers (or moves to this customer) a device token; the oldest devices beyond the cap are dropped. */
    async register(input: {
      tenantId: string;
      storeId: string;
      customerId: string;
      token: string;
      platform: string | null;
    }): Promise<{ createdAt: Date; updatedAt: Date }> {
      const at = options.now();
      const [row] = await db
        .insert(pushDevices)
        .values({ ...input, createdAt: at, updatedAt: at })
        .onConflictDoUpdate({
          target: [pushDevices.tenantId, pushDevices.token],
          set: {
            storeId: input.storeId,
            customerId: input.customerId,
            platform: input.platform,
            updatedAt: at,
          },
        })
        .returning();
      if (!row) throw new Error('push_devices upsert returned no row');
      const devices = await db
        .select({ token: pushDevices.token, updatedAt: pushDevices.updatedAt })
        .from(pushDevices)
        .where(and(eq(pushDevices.tenantId, input.tenantId), eq(pushDevices.customerId, input.customerId)));
      if (devices.length > MAX_DEVICES_PER_CUSTOMER) {
        const stale = devices
          .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())
          .slice(MAX_DEVICES_PER_CUSTOMER)
          .map((device) => device.token);
        await this.remove(input.tenantId, stale);
      }
      return { createdAt: row.createdAt, updatedAt: row.updatedAt };
    },

    /** @returns false when the customer had no such device in this store */
    async unregister(tenantId: string, storeId: string, customerId: string, token: string): Promise<boolean> {
      const deleted = await db
        .delete(pushDevices)
        .where(
          and(
            eq(pushDevices.tenantId, tenantId),
            eq(pushDevices.storeId, storeId),
            eq(pushDevices.customerId, customerId),
            eq(pushDevices.token, token),
          ),
        )
        .returning({ token: pushDevices.token });
      return deleted.length > 0;
    },

    async tokens(tenantId: string, customerId: string): Promise<string[]> {
      const rows = await db
        .select({ token: pushDevices.token })
        .from(pushDevices)
        .where(and(eq(pushDevices.tenantId, tenantId), eq(pushDevices.customerId, customerId)));
      return rows.map((row) => row.token);
    },

    async remove(tenantId: string, tokens: readonly string[]): Promise<void> {
      if (tokens.length === 0) return;
      await db
        .delete(pushDevices)
        .where(and(eq(pushDevices.tenantId, tenantId), inArray(pushDevices.token, [...tokens])));
    },
  };
}

export type PushDevices = ReturnType<typeof createPushDevices>;

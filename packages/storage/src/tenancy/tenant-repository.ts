import { ID_PREFIX, newId } from '@cartwire/model';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../database';
import { tenants } from '../schema/tenants';
import { parseInput } from '../validate';

export interface Tenant {
  id: string;
  name: string;
  createdAt: Date;
}

const CreateTenantInput = z.object({ name: z.string().trim().min(1).max(200) });

export interface TenantRepository {
  createTenant(input: z.input<typeof CreateTenantInput>): Promise<Tenant>;
  getTenant(tenantId: string): Promise<Tenant | null>;
}

export function createTenantRepository(db: Db): TenantRepository {
  return {
    async createTenant(input) {
      const { name } = parseInput(CreateTenantInput, input, 'tenant');
      const [row] = await db
        .insert(tenants)
        .values({ id: newId(ID_PREFIX.tenant), name })
        .returning();
      return toTenant(row!);
    },
    async getTenant(tenantId) {
      const [row] = await db.select().from(tenants).where(eq(tenants.id, tenantId));
      return row ? toTenant(row) : null;
    },
  };
}

export function toTenant(row: typeof tenants.$inferSelect): Tenant {
  return { id: row.id, name: row.name, createdAt: row.createdAt };
}

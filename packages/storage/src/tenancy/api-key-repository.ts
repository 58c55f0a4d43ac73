import { ID_PREFIX, newId } from '@cartwire/model';
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../database';
import { apiKeys } from '../schema/api-keys';
import { tenants } from '../schema/tenants';
import { parseInput } from '../validate';
import { generateSecret, hashSecret, SECRET_BODY_PATTERN } from './secret-token';
import { type Tenant, toTenant } from './tenant-repository';

export const ApiKeyMode = z.enum(['live', 'test']);
export type ApiKeyMode = z.infer<typeof ApiKeyMode>;

/** What is stored about a key: enough to show and revoke it, never enough to use it. */
export interface ApiKey {
  id: string;
  tenantId: string;
  name: string | null;
  mode: ApiKeyMode;
  /** e.g. `cw_live_4fZ` — shown in dashboards next to `last4`. */
  prefix: string;
  last4: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** The full secret. Returned once, here; only its sha256 is stored. */
  secret: string;
}

const CreateApiKeyInput = z.object({
  tenantId: z.string().min(1),
  mode: ApiKeyMode,
  name: z.string().trim().min(1).max(200).nullable().default(null),
});

const SECRET_PATTERN = new RegExp(`^cw_(live|test)_${SECRET_BODY_PATTERN}$`);
const DISPLAY_PREFIX_LENGTH = 'cw_live_'.length + 4;
/** `last_used_at` is a hint for dashboards: writing it on every request would make reads cost a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiKeyRepository {
  createApiKey(input: z.input<typeof CreateApiKeyInput>): Promise<CreatedApiKey>;
  /** The tenant and key a secret belongs to, or null for an unknown, malformed or revoked secret. */
  verifyApiKey(secret: string): Promise<{ tenant: Tenant; apiKey: ApiKey } | null>;
  /** @returns false when the tenant has no such active key. */
  revokeApiKey(tenantId: string, apiKeyId: string): Promise<boolean>;
  listApiKeys(tenantId: string): Promise<ApiKey[]>;
}

export interface ApiKeyRepositoryOptions {
  /** @default () => new Date() */
  now?: () => Date;
}

export function createApiKeyRepository(db: Db, options: ApiKeyRepositoryOptions = {}): ApiKeyRepository {
  const now = options.now ?? (() => new Date());
  return {
    async createApiKey(input) {
      const { tenantId, mode, name } = parseInput(CreateApiKeyInput, input, 'API key');
      const secret = generateSecret(`cw_${mode}_`);
      const [row] = await db
        .insert(apiKeys)
        .values({
          id: newId(ID_PREFIX.api_key),
          tenantId,
          name,
          mode,
          prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH),
          last4: secret.slice(-4),
          secretHash: hashSecret(secret),
          createdAt: now(),
        })
        .returning();
      return { apiKey: toApiKey(row!), secret };
    },

    async verifyApiKey(secret) {
      if (typeof secret !== 'string' || !SECRET_PATTERN.test(secret)) return null;
      // Looked up by hash: the comparison happens on digests inside an index, so response time
      // reveals nothing about how much of a guessed secret was right.
      const [found] = await db
        .select({ key: apiKeys, tenant: tenants })
        .from(apiKeys)
        .innerJoin(tenants, eq(tenants.id, apiKeys.tenantId))
        .where(and(eq(apiKeys.secretHash, hashSecret(secret)), isNull(apiKeys.revokedAt)));
      if (!found) return null;
      const at = now();
      const touched = await db
        .update(apiKeys)
        .set({ lastUsedAt: at })
        .where(
          and(
            eq(apiKeys.id, found.key.id),
            or(
              isNull(apiKeys.lastUsedAt),
              lt(apiKeys.lastUsedAt, new Date(at.getTime() - LAST_USED_RESOLUTION_MS)),
            ),
          ),
        )
        .returning({ lastUsedAt: apiKeys.lastUsedAt });
      const key = toApiKey(found.key);
      return { tenant: toTenant(found.tenant), apiKey: touched[0] ? { ...key, lastUsedAt: at } : key };
    },

    async revokeApiKey(tenantId, apiKeyId) {
      const rows = await db
        .update(apiKeys)
        .set({ revokedAt: now() })
        .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, apiKeyId), isNull(apiKeys.revokedAt)))
        .returning({ id: apiKeys.id });
      return rows.length === 1;
    },

    async listApiKeys(tenantId) {
      const rows = await db
        .select()
        .from(apiKeys)
        .where(eq(apiKeys.tenantId, tenantId))
        .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
      return rows.map(toApiKey);
    },
  };
}

function toApiKey(row: typeof apiKeys.$inferSelect): ApiKey {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    mode: ApiKeyMode.parse(row.mode),
    prefix: row.prefix,
    last4: row.last4,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}

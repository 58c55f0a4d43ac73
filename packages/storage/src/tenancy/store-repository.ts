import { CurrencyCode, ID_PREFIX, newId, Platform, StoreStatus } from '@cartwire/model';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { CredentialCipher } from '../crypto/credential-cipher';
import type { Db } from '../database';
import { NotFoundError } from '../errors';
import { stores } from '../schema/stores';
import { parseInput } from '../validate';
import { generateSecret, hashSecret, SECRET_BODY_PATTERN } from './secret-token';

/** A connected store as the tenant configured it. Credentials are deliberately absent. */
export interface StoreRecord {
  id: string;
  tenantId: string;
  platform: Platform;
  name: string;
  status: StoreStatus;
  externalId: string | null;
  domain: string | null;
  baseUrl: string | null;
  currency: string | null;
  timeZone: string | null;
  settings: Record<string, unknown>;
  hasPublishableKey: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Platform credentials (tokens, consumer keys…): an object whose shape each connector validates. */
export type StoreCredentials = Record<string, unknown>;

const Credentials = z.record(z.string(), z.unknown());
const Settings = z.record(z.string(), z.unknown());

const CreateStoreInput = z.object({
  tenantId: z.string().min(1),
  platform: Platform,
  name: z.string().trim().min(1).max(200),
  credentials: Credentials,
  settings: Settings.default({}),
  externalId: z.string().min(1).nullable().default(null),
  domain: z.string().min(1).nullable().default(null),
  baseUrl: z.url().nullable().default(null),
});

const StoreProfileInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    externalId: z.string().min(1).nullable(),
    domain: z.string().min(1).nullable(),
    baseUrl: z.url().nullable(),
    currency: CurrencyCode.nullable(),
    timeZone: z.string().min(1).nullable(),
    status: StoreStatus,
    settings: Settings,
  })
  .partial();

export interface StoreRepository {
  createStore(input: z.input<typeof CreateStoreInput>): Promise<StoreRecord>;
  getStore(tenantId: string, storeId: string): Promise<StoreRecord | null>;
  listStores(tenantId: string): Promise<StoreRecord[]>;
  /** Name, status, platform-reported profile or settings. @throws NotFoundError */
  updateStore(
    tenantId: string,
    storeId: string,
    changes: z.input<typeof StoreProfileInput>,
  ): Promise<StoreRecord>;
  /** The decrypted credentials: the only way to read them, so every use is explicit. @throws NotFoundError */
  getStoreCredentials(tenantId: string, storeId: string): Promise<StoreCredentials>;
  /** @throws NotFoundError */
  replaceStoreCredentials(tenantId: string, storeId: string, credentials: StoreCredentials): Promise<void>;
  /** Issues a new storefront publishable key (`cw_pk_…`), returned once; the previous one stops working. */
  rotatePublishableKey(tenantId: string, storeId: string): Promise<string>;
  /** The store a storefront publishable key belongs to, or null. */
  findStoreByPublishableKey(publishableKey: string): Promise<StoreRecord | null>;
}

export interface StoreRepositoryOptions {
  cipher: CredentialCipher;
}

const PUBLISHABLE_KEY_PATTERN = new RegExp(`^cw_pk_${SECRET_BODY_PATTERN}$`);

export function createStoreRepository(db: Db, { cipher }: StoreRepositoryOptions): StoreRepository {
  // The store id is the associated data: a ciphertext copied onto another store's row won't decrypt.
  const encrypt = (storeId: string, credentials: StoreCredentials) => {
    const sealed = cipher.encrypt(JSON.stringify(credentials), storeId);
    return {
      credentialsKeyVersion: sealed.keyVersion,
      credentialsIv: sealed.iv,
      credentialsTag: sealed.tag,
      credentialsData: sealed.data,
    };
  };
  const byTenantAndId = (tenantId: string, storeId: string) =>
    and(eq(stores.tenantId, tenantId), eq(stores.id, storeId));

  return {
    async createStore(input) {
      const store = parseInput(CreateStoreInput, input, 'store');
      const id = newId(ID_PREFIX.store);
      const [row] = await db
        .insert(stores)
        .values({
          id,
          tenantId: store.tenantId,
          platform: store.platform,
          name: store.name,
          externalId: store.externalId,
          domain: store.domain,
          baseUrl: store.baseUrl,
          settings: store.settings,
          ...encrypt(id, store.credentials),
        })
        .returning();
      return toStoreRecord(row!);
    },

    async getStore(tenantId, storeId) {
      const [row] = await db.select().from(stores).where(byTenantAndId(tenantId, storeId));
      return row ? toStoreRecord(row) : null;
    },

    async listStores(tenantId) {
      const rows = await db
        .select()
        .from(stores)
        .where(eq(stores.tenantId, tenantId))
        .orderBy(asc(stores.createdAt), asc(stores.id));
      return rows.map(toStoreRecord);
    },

    async updateStore(tenantId, storeId, changes) {
      const values = parseInput(StoreProfileInput, changes, 'store changes');
      const [row] = await db
        .update(stores)
        .set({ ...values, updatedAt: new Date() })
        .where(byTenantAndId(tenantId, storeId))
        .returning();
      if (!row) throw new NotFoundError('Store', storeId);
      return toStoreRecord(row);
    },

    async getStoreCredentials(tenantId, storeId) {
      const [row] = await db
        .select({
          keyVersion: stores.credentialsKeyVersion,
          iv: stores.credentialsIv,
          tag: stores.credentialsTag,
          data: stores.credentialsData,
        })
        .from(stores)
        .where(byTenantAndId(tenantId, storeId));
      if (!row) throw new NotFoundError('Store', storeId);
      return Credentials.parse(JSON.parse(cipher.decrypt(row, storeId)));
    },

    async replaceStoreCredentials(tenantId, storeId, credentials) {
      const parsed = parseInput(Credentials, credentials, 'store credentials');
      const rows = await db
        .update(stores)
        .set({ ...encrypt(storeId, parsed), updatedAt: new Date() })
        .where(byTenantAndId(tenantId, storeId))
        .returning({ id: stores.id });
      if (rows.length === 0) throw new NotFoundError('Store', storeId);
    },

    async rotatePublishableKey(tenantId, storeId) {
      const key = generateSecret('cw_pk_');
      const rows = await db
        .update(stores)
        .set({ publishableKeyHash: hashSecret(key), updatedAt: new Date() })
        .where(byTenantAndId(tenantId, storeId))
        .returning({ id: stores.id });
      if (rows.length === 0) throw new NotFoundError('Store', storeId);
      return key;
    },

    async findStoreByPublishableKey(publishableKey) {
      if (typeof publishableKey !== 'string' || !PUBLISHABLE_KEY_PATTERN.test(publishableKey)) return null;
      const [row] = await db
        .select()
        .from(stores)
        .where(eq(stores.publishableKeyHash, hashSecret(publishableKey)));
      return row ? toStoreRecord(row) : null;
    },
  };
}

function toStoreRecord(row: typeof stores.$inferSelect): StoreRecord {
  return {
    id: row.id,
    tenantId: row.tenantId,
    platform: Platform.parse(row.platform),
    name: row.name,
    status: StoreStatus.parse(row.status),
    externalId: row.externalId,
    domain: row.domain,
    baseUrl: row.baseUrl,
    currency: row.currency,
    timeZone: row.timeZone,
    settings: row.settings,
    hasPublishableKey: row.publishableKeyHash !== null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

import { randomBytes } from 'node:crypto';
import { CATALOG_PAUSE_LABELS, type CatalogPauseLabel } from '@cartwire/automation-sdk';
import { type CredentialCipher, type Db, messagingProviders } from '@cartwire/storage';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { ValidationError } from '../http/problem';
import { checkWebhookUrl, type WebhookUrlPolicy } from '../outbound-webhooks/url-guard';

/** The channels a tenant can plug its own provider into. */
export const ProviderKind = z.enum(['sms', 'push', 'ads']);
export type ProviderKind = z.infer<typeof ProviderKind>;

const EndpointUrl = z.url({ protocol: /^https?$/ }).max(2000);
const Secret = z.string().min(8).max(4000);
const Country = z
  .string()
  .regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code such as DE')
  .nullable()
  .default(null);

/**
 * The reference Twilio-style HTTP SMS adapter (`createHttpSmsProvider`). The auth token is the basic-auth
 * password and the key the provider signs status callbacks with; optional once stored (kept as is).
 */
export const SmsProviderInput = z
  .object({
    endpointUrl: EndpointUrl.describe('REST base, e.g. https://api.twilio.com/2010-04-01.'),
    accountId: z.string().trim().min(1).max(200),
    authToken: Secret.optional(),
    from: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .describe('E.164 number, alphanumeric sender id, or messaging service id (MG…).'),
    defaultCountry: Country,
  })
  .strict();
export type SmsProviderInput = z.input<typeof SmsProviderInput>;

/**
 * The reference HTTP push adapter (`createHttpPushProvider`). `callbackSecret` keys the signature on the
 * provider's status callbacks: give the one your provider issued, or leave it out and Cartwire generates
 * one (answered once, in the response that created it).
 */
export const PushProviderInput = z
  .object({
    endpointUrl: EndpointUrl.describe('Messages are POSTed to {endpointUrl}/messages.'),
    apiKey: Secret.optional(),
    callbackSecret: z.string().min(16).max(500).optional(),
  })
  .strict();
export type PushProviderInput = z.input<typeof PushProviderInput>;

const AudienceName = z.string().trim().min(1).max(200);

/**
 * The catalogue item audiences (`subject: 'items'`) pause SKUs in: the reference adapter
 * (`createHttpAdsCatalogProvider`) sets `pauseLabel` to `pausedValue` on the items through Meta's Catalog
 * Batch API and empties it to resume; the product sets the ads use filter that value out.
 */
export const AdsCatalogInput = z
  .object({
    catalogId: z
      .string()
      .trim()
      .regex(/^\d{1,32}$/, 'expected the numeric catalogue id Commerce Manager shows'),
    pauseLabel: z.enum(CATALOG_PAUSE_LABELS).default('custom_label_4'),
    pausedValue: z.string().trim().min(1).max(100).default('cartwire_paused'),
  })
  .strict();

/**
 * The reference ads audience adapter (`createHttpAdsAudienceProvider`, Meta Custom Audiences shape).
 * `audiences` maps the names workflows' audience actions use to the platform's audience ids; a name
 * without a mapping is sent as the id itself. `catalog` enables item audiences (pausing out-of-stock SKUs).
 */
export const AdsProviderInput = z
  .object({
    endpointUrl: EndpointUrl.describe(
      'Graph API base including the version, e.g. https://graph.facebook.com/v21.0.',
    ),
    accessToken: Secret.optional(),
    audiences: z
      .record(AudienceName, z.string().trim().min(1).max(200))
      .refine((map) => Object.keys(map).length <= 500, 'at most 500 audiences')
      .default({}),
    defaultCountry: Country,
    catalog: AdsCatalogInput.nullable().default(null),
  })
  .strict();
export type AdsProviderInput = z.input<typeof AdsProviderInput>;

export interface AdsCatalogSettings {
  catalogId: string;
  pauseLabel: CatalogPauseLabel;
  pausedValue: string;
}

export interface ProviderConfigs {
  sms: {
    settings: { endpointUrl: string; accountId: string; from: string; defaultCountry: string | null };
    credentials: { authToken: string };
  };
  push: {
    settings: { endpointUrl: string };
    credentials: { apiKey: string; callbackSecret: string };
  };
  ads: {
    settings: {
      endpointUrl: string;
      audiences: Record<string, string>;
      defaultCountry: string | null;
      /** Absent on settings saved before catalogues existed: read it as null. */
      catalog?: AdsCatalogSettings | null;
    };
    credentials: { accessToken: string };
  };
}

export interface StoredProvider<K extends ProviderKind = ProviderKind> {
  tenantId: string;
  kind: K;
  settings: ProviderConfigs[K]['settings'];
  /** Decrypted: for the adapters only, never for a response. */
  credentials: ProviderConfigs[K]['credentials'];
  createdAt: Date;
  updatedAt: Date;
}

export interface PutProviderResult<K extends ProviderKind> {
  provider: StoredProvider<K>;
  /** The callback secret Cartwire generated in this call (push), shown to the caller this once. */
  generatedCallbackSecret: string | null;
}

export interface ProviderSettingsOptions {
  db: Db;
  /** Encrypts the credentials; the gateway's store-credential cipher. */
  cipher: CredentialCipher;
  /** Endpoint URLs are checked against it when saved (and requests again when sent). */
  urlPolicy: WebhookUrlPolicy;
  now: () => Date;
}

const INPUTS = { sms: SmsProviderInput, push: PushProviderInput, ads: AdsProviderInput } as const;

/** The field holding each kind's required credential, for the "required on first configuration" error. */
const REQUIRED_SECRET: Record<ProviderKind, string> = {
  sms: 'authToken',
  push: 'apiKey',
  ads: 'accessToken',
};

const associatedData = (tenantId: string, kind: ProviderKind) => `messaging-provider:${tenantId}:${kind}`;

/** A new push callback secret: `pcs_` + 32 random bytes, base64url. */
export function newCallbackSecret(): string {
  return `pcs_${randomBytes(32).toString('base64url')}`;
}

/** The last four characters of a secret, the only part of it the API ever shows. */
export const last4 = (secret: string) => secret.slice(-4);

/**
 * Per-tenant SMS, push and ads provider settings. Credentials are AES-256-GCM encrypted, bound to the
 * tenant and kind (a ciphertext copied to another row does not decrypt); endpoint URLs must pass the SSRF
 * guard of webhook endpoints.
 */
export function createProviderSettings(options: ProviderSettingsOptions) {
  const { db, cipher } = options;

  function toStored<K extends ProviderKind>(row: typeof messagingProviders.$inferSelect): StoredProvider<K> {
    const credentials = JSON.parse(
      cipher.decrypt(
        {
          keyVersion: row.credentialsKeyVersion,
          iv: row.credentialsIv,
          tag: row.credentialsTag,
          data: row.credentialsData,
        },
        associatedData(row.tenantId, row.kind),
      ),
    );
    return {
      tenantId: row.tenantId,
      kind: row.kind as K,
      settings: row.settings as unknown as ProviderConfigs[K]['settings'],
      credentials,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  async function get<K extends ProviderKind>(tenantId: string, kind: K): Promise<StoredProvider<K> | null> {
    const [row] = await db
      .select()
      .from(messagingProviders)
      .where(and(eq(messagingProviders.tenantId, tenantId), eq(messagingProviders.kind, kind)));
    return row ? toStored<K>(row) : null;
  }

  /** Splits a validated input into what may be shown and what is encrypted, keeping stored secrets. */
  function split<K extends ProviderKind>(
    kind: K,
    input: z.infer<(typeof INPUTS)[K]>,
    existing: StoredProvider<K> | null,
  ): {
    settings: ProviderConfigs[K]['settings'];
    credentials: ProviderConfigs[K]['credentials'];
    generated: string | null;
  } {
    const missing = () =>
      new ValidationError([
        {
          in: 'body',
          path: REQUIRED_SECRET[kind],
          message: 'is required the first time the provider is configured',
          code: 'invalid_type',
        },
      ]);
    switch (kind) {
      case 'sms': {
        const body = input as z.infer<typeof SmsProviderInput>;
        const previous = existing as StoredProvider<'sms'> | null;
        const authToken = body.authToken ?? previous?.credentials.authToken;
        if (!authToken) throw missing();
        const { authToken: _secret, ...settings } = body;
        return { settings, credentials: { authToken }, generated: null } as never;
      }
      case 'push': {
        const body = input as z.infer<typeof PushProviderInput>;
        const previous = existing as StoredProvider<'push'> | null;
        const apiKey = body.apiKey ?? previous?.credentials.apiKey;
        if (!apiKey) throw missing();
        const kept = body.callbackSecret ?? previous?.credentials.callbackSecret;
        const callbackSecret = kept ?? newCallbackSecret();
        return {
          settings: { endpointUrl: body.endpointUrl },
          credentials: { apiKey, callbackSecret },
          generated: kept ? null : callbackSecret,
        } as never;
      }
      case 'ads': {
        const body = input as z.infer<typeof AdsProviderInput>;
        const previous = existing as StoredProvider<'ads'> | null;
        const accessToken = body.accessToken ?? previous?.credentials.accessToken;
        if (!accessToken) throw missing();
        const { accessToken: _secret, ...settings } = body;
        return { settings, credentials: { accessToken }, generated: null } as never;
      }
    }
    throw new Error(`unknown provider kind ${String(kind)}`);
  }

  return {
    get,

    /**
     * Replaces the tenant's provider of `kind`. Secrets left out are kept from the stored settings.
     * @throws ValidationError for an unsafe endpoint URL or a first configuration without its credential
     */
    async put<K extends ProviderKind>(
      tenantId: string,
      kind: K,
      input: unknown,
    ): Promise<PutProviderResult<K>> {
      const parsed = INPUTS[kind].safeParse(input);
      if (!parsed.success) {
        throw new ValidationError(
          parsed.error.issues.map((issue) => ({
            in: 'body' as const,
            path: issue.path.map(String).join('.'),
            message: issue.message,
            code: issue.code,
          })),
        );
      }
      const verdict = await checkWebhookUrl(parsed.data.endpointUrl, options.urlPolicy);
      if (!verdict.ok) {
        throw new ValidationError([
          { in: 'body', path: 'endpointUrl', message: `URL ${verdict.reason}`, code: 'unsafe_url' },
        ]);
      }
      const existing = await get(tenantId, kind);
      const { settings, credentials, generated } = split(
        kind,
        parsed.data as z.infer<(typeof INPUTS)[K]>,
        existing,
      );
      const sealed = cipher.encrypt(JSON.stringify(credentials), associatedData(tenantId, kind));
      const at = options.now();
      const values = {
        settings: settings as unknown as Record<string, unknown>,
        credentialsKeyVersion: sealed.keyVersion,
        credentialsIv: sealed.iv,
        credentialsTag: sealed.tag,
        credentialsData: sealed.data,
        updatedAt: at,
      };
      const [row] = await db
        .insert(messagingProviders)
        .values({ tenantId, kind, ...values, sweptAt: null, createdAt: at })
        .onConflictDoUpdate({ target: [messagingProviders.tenantId, messagingProviders.kind], set: values })
        .returning();
      if (!row) throw new Error('messaging_providers upsert returned no row');
      return { provider: toStored<K>(row), generatedCallbackSecret: generated };
    },

    /** @returns false when the tenant had no provider of that kind */
    async remove(tenantId: string, kind: ProviderKind): Promise<boolean> {
      const deleted = await db
        .delete(messagingProviders)
        .where(and(eq(messagingProviders.tenantId, tenantId), eq(messagingProviders.kind, kind)))
        .returning({ tenantId: messagingProviders.tenantId });
      return deleted.length > 0;
    },

    /** Tenants whose ads audiences were last swept before `before` (never swept first). */
    async adsTenantsDue(before: Date, limit: number): Promise<string[]> {
      const rows = await db
        .select({ tenantId: messagingProviders.tenantId })
        .from(messagingProviders)
        .where(
          and(
            eq(messagingProviders.kind, 'ads'),
            or(isNull(messagingProviders.sweptAt), lt(messagingProviders.sweptAt, before)),
          ),
        )
        .orderBy(sql`${messagingProviders.sweptAt} asc nulls first`)
        .limit(limit);
      return rows.map((row) => row.tenantId);
    },

    async markSwept(tenantId: string, at: Date): Promise<void> {
      await db
        .update(messagingProviders)
        .set({ sweptAt: at })
        .where(and(eq(messagingProviders.tenantId, tenantId), eq(messagingProviders.kind, 'ads')));
    },
  };
}

export type ProviderSettings = ReturnType<typeof createProviderSettings>;

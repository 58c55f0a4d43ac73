import { randomBytes } from 'node:crypto';
import { EventTypePattern, ID_PREFIX, newId } from '@cartwire/model';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { CredentialCipher } from '../crypto/credential-cipher';
import type { Db } from '../database';
import { NotFoundError } from '../errors';
import { events } from '../schema/events';
import { webhookEndpoints } from '../schema/outbound-webhooks';
import { parseInput } from '../validate';

export type EndpointDisabledReason = 'manual' | 'gone' | 'failing';

/** A webhook endpoint as the API shows it. The signing secrets are deliberately absent. */
export interface WebhookEndpointRecord {
  id: string;
  tenantId: string;
  url: string;
  description: string;
  eventTypes: string[];
  storeIds: string[] | null;
  enabled: boolean;
  disabledReason: EndpointDisabledReason | null;
  disabledAt: Date | null;
  failingSince: Date | null;
  /** When the secret before the last rotation stops signing; null when there is none. */
  previousSecretExpiresAt: Date | null;
  startSeq: number;
  createdAt: Date;
  updatedAt: Date;
}

/** `whsec_` + base64 of 32 random bytes, as the Standard Webhooks specification describes. */
export const WEBHOOK_SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]{43}=$/;

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

const StoreIds = z
  .array(z.string().regex(/^sto_[0-9a-z]+$/, 'expected a store id (sto_…)'))
  .min(1)
  .max(100);
const EventTypes = z.array(EventTypePattern).min(1).max(100);

const CreateEndpointInput = z.object({
  tenantId: z.string().min(1),
  url: z.url().max(2000),
  description: z.string().max(500).default(''),
  eventTypes: EventTypes,
  storeIds: StoreIds.nullable().default(null),
  enabled: z.boolean().default(true),
});

const UpdateEndpointInput = z
  .object({
    url: z.url().max(2000),
    description: z.string().max(500),
    eventTypes: EventTypes,
    storeIds: StoreIds.nullable(),
    enabled: z.boolean(),
  })
  .partial();

const ListEndpointsInput = z.object({
  tenantId: z.string().min(1),
  after: z.string().min(1).optional(),
  limit: z.number().int().min(1).max(101).default(50),
});

export interface CreatedWebhookEndpoint {
  endpoint: WebhookEndpointRecord;
  /** The signing secret, returned once. */
  secret: string;
}

export interface RecordOutcomeInput {
  succeeded: boolean;
  at: Date;
  /** A failure this long after the first failure since the last success disables the endpoint. */
  disableAfterMs: number;
}

export interface WebhookEndpointRepository {
  createEndpoint(input: z.input<typeof CreateEndpointInput>): Promise<CreatedWebhookEndpoint>;
  getEndpoint(tenantId: string, endpointId: string): Promise<WebhookEndpointRecord | null>;
  /** Oldest first; `after` continues from an endpoint id. */
  listEndpoints(input: z.input<typeof ListEndpointsInput>): Promise<WebhookEndpointRecord[]>;
  /** Enabling clears the disabled reason and the failing period. @throws NotFoundError */
  updateEndpoint(
    tenantId: string,
    endpointId: string,
    changes: z.input<typeof UpdateEndpointInput>,
  ): Promise<WebhookEndpointRecord>;
  /** @returns false when there was no such endpoint. Its deliveries and attempts go with it. */
  deleteEndpoint(tenantId: string, endpointId: string): Promise<boolean>;
  /**
   * A new secret, returned once; the current one keeps signing (deliveries carry both signatures)
   * for `overlapMs`. @throws NotFoundError
   */
  rotateSecret(
    tenantId: string,
    endpointId: string,
    options: { overlapMs: number },
  ): Promise<CreatedWebhookEndpoint>;
  /** The secrets that sign a delivery at `at`: the current one first. @throws NotFoundError */
  getSigningSecrets(tenantId: string, endpointId: string, at: Date): Promise<string[]>;
  /**
   * Tracks the endpoint's health after an attempt: a success ends the failing period; a failure
   * starts it, or disables the endpoint (`failing`) once it has lasted `disableAfterMs`.
   * @returns whether this call disabled the endpoint.
   */
  recordOutcome(tenantId: string, endpointId: string, input: RecordOutcomeInput): Promise<boolean>;
  /** Disables an enabled endpoint with a reason. @returns whether it was enabled. */
  disableEndpoint(
    tenantId: string,
    endpointId: string,
    reason: EndpointDisabledReason,
    at: Date,
  ): Promise<boolean>;
}

export interface WebhookEndpointRepositoryOptions {
  cipher: CredentialCipher;
  /** @default () => new Date() */
  now?: () => Date;
}

export function createWebhookEndpointRepository(
  db: Db,
  options: WebhookEndpointRepositoryOptions,
): WebhookEndpointRepository {
  const { cipher } = options;
  const now = options.now ?? (() => new Date());
  // The endpoint id is the associated data: a ciphertext copied onto another endpoint won't decrypt.
  const seal = (endpointId: string, secret: string) => cipher.encrypt(secret, endpointId);
  const byTenantAndId = (tenantId: string, endpointId: string) =>
    and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, endpointId));

  const repository: WebhookEndpointRepository = {
    async createEndpoint(input) {
      const values = parseInput(CreateEndpointInput, input, 'webhook endpoint');
      const id = newId(ID_PREFIX.webhook_endpoint);
      const secret = generateWebhookSecret();
      const at = now();
      // Events already in the log predate the endpoint: only a replay sends them.
      const [last] = await db.select({ seq: sql<number>`coalesce(max(${events.seq}), 0)` }).from(events);
      const [row] = await db
        .insert(webhookEndpoints)
        .values({
          id,
          tenantId: values.tenantId,
          url: values.url,
          description: values.description,
          eventTypes: values.eventTypes,
          storeIds: values.storeIds,
          enabled: values.enabled,
          disabledReason: values.enabled ? null : 'manual',
          disabledAt: values.enabled ? null : at,
          startSeq: Number(last?.seq ?? 0),
          secret: seal(id, secret),
          createdAt: at,
          updatedAt: at,
        })
        .returning();
      return { endpoint: toRecord(row!), secret };
    },

    async getEndpoint(tenantId, endpointId) {
      const [row] = await db.select().from(webhookEndpoints).where(byTenantAndId(tenantId, endpointId));
      return row ? toRecord(row) : null;
    },

    async listEndpoints(input) {
      const { tenantId, after, limit } = parseInput(ListEndpointsInput, input, 'webhook endpoint query');
      const rows = await db
        .select()
        .from(webhookEndpoints)
        .where(
          and(eq(webhookEndpoints.tenantId, tenantId), after ? gt(webhookEndpoints.id, after) : undefined),
        )
        .orderBy(asc(webhookEndpoints.id))
        .limit(limit);
      return rows.map(toRecord);
    },

    async updateEndpoint(tenantId, endpointId, changes) {
      const values = parseInput(UpdateEndpointInput, changes, 'webhook endpoint changes');
      const at = now();
      const { enabled, ...rest } = values;
      const health =
        enabled === undefined
          ? {}
          : enabled
            ? { enabled: true, disabledReason: null, disabledAt: null, failingSince: null }
            : { enabled: false, disabledReason: 'manual', disabledAt: at };
      const [row] = await db
        .update(webhookEndpoints)
        .set({ ...rest, ...health, updatedAt: at })
        .where(byTenantAndId(tenantId, endpointId))
        .returning();
      if (!row) throw new NotFoundError('Webhook endpoint', endpointId);
      return toRecord(row);
    },

    async deleteEndpoint(tenantId, endpointId) {
      const rows = await db
        .delete(webhookEndpoints)
        .where(byTenantAndId(tenantId, endpointId))
        .returning({ id: webhookEndpoints.id });
      return rows.length === 1;
    },

    async rotateSecret(tenantId, endpointId, { overlapMs }) {
      const overlap = parseInput(z.number().int().min(0), overlapMs, 'rotation overlap');
      const secret = generateWebhookSecret();
      const at = now();
      const [row] = await db
        .update(webhookEndpoints)
        .set({
          previousSecret: overlap === 0 ? null : webhookEndpoints.secret,
          previousSecretExpiresAt: overlap === 0 ? null : new Date(at.getTime() + overlap),
          secret: seal(endpointId, secret),
          updatedAt: at,
        })
        .where(byTenantAndId(tenantId, endpointId))
        .returning();
      if (!row) throw new NotFoundError('Webhook endpoint', endpointId);
      return { endpoint: toRecord(row), secret };
    },

    async getSigningSecrets(tenantId, endpointId, at) {
      const [row] = await db
        .select({
          secret: webhookEndpoints.secret,
          previousSecret: webhookEndpoints.previousSecret,
          previousSecretExpiresAt: webhookEndpoints.previousSecretExpiresAt,
        })
        .from(webhookEndpoints)
        .where(byTenantAndId(tenantId, endpointId));
      if (!row) throw new NotFoundError('Webhook endpoint', endpointId);
      const secrets = [cipher.decrypt(row.secret, endpointId)];
      if (row.previousSecret && row.previousSecretExpiresAt && row.previousSecretExpiresAt > at) {
        secrets.push(cipher.decrypt(row.previousSecret, endpointId));
      }
      return secrets;
    },

    async recordOutcome(tenantId, endpointId, { succeeded, at, disableAfterMs }) {
      if (succeeded) {
        await db
          .update(webhookEndpoints)
          .set({ failingSince: null })
          .where(and(byTenantAndId(tenantId, endpointId), sql`${webhookEndpoints.failingSince} is not null`));
        return false;
      }
      const [row] = await db
        .update(webhookEndpoints)
        .set({
          failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${at.toISOString()}::timestamptz)`,
        })
        .where(byTenantAndId(tenantId, endpointId))
        .returning({ failingSince: webhookEndpoints.failingSince, enabled: webhookEndpoints.enabled });
      if (!row?.enabled || !row.failingSince) return false;
      if (at.getTime() - row.failingSince.getTime() < disableAfterMs) return false;
      return repository.disableEndpoint(tenantId, endpointId, 'failing', at);
    },

    async disableEndpoint(tenantId, endpointId, reason, at) {
      const rows = await db
        .update(webhookEndpoints)
        .set({ enabled: false, disabledReason: reason, disabledAt: at, updatedAt: at })
        .where(and(byTenantAndId(tenantId, endpointId), eq(webhookEndpoints.enabled, true)))
        .returning({ id: webhookEndpoints.id });
      return rows.length === 1;
    },
  };
  return repository;
}

export function toWebhookEndpointRecord(row: typeof webhookEndpoints.$inferSelect): WebhookEndpointRecord {
  return toRecord(row);
}

function toRecord(row: typeof webhookEndpoints.$inferSelect): WebhookEndpointRecord {
  return {
    id: row.id,
    tenantId: row.tenantId,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    storeIds: row.storeIds ?? null,
    enabled: row.enabled,
    disabledReason: row.disabledReason as EndpointDisabledReason | null,
    disabledAt: row.disabledAt,
    failingSince: row.failingSince,
    previousSecretExpiresAt: row.previousSecretExpiresAt,
    startSeq: row.startSeq,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

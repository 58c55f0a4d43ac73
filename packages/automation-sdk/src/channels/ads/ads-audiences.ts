import type { Customer } from '@cartwire/model';
import { adsAudienceMembers, type Db } from '@cartwire/storage';
import { and, eq, or, sql } from 'drizzle-orm';
import { StepFailedError } from '../../errors';
import type { RefusalReason } from '../../governance/errors';
import type { GovernanceGate, SuppressionEntry, SuppressionScope } from '../../governance/gate';
import type { ActionHandler, Channel, OutboundMessage } from '../../runtime/channels';
import { asStepFailure } from '../provider-http';
import type { AdsAudienceProvider } from './ads-provider';
import type { AdsCatalogItems } from './catalog-items';
import {
  type HashedIdentifiers,
  hashIdentifiers,
  normalizeAdsEmail,
  normalizeAdsPhone,
  sha256Hex,
} from './identifiers';

export interface AdsAudiencesOptions {
  db: Db;
  provider: AdsAudienceProvider;
  /** The governance gate: `sweep` asks it whether each member may still be targeted. */
  gate: GovernanceGate;
  /** Reads the customer's current emails and phone at sync time; `LiveData` fits. */
  customers: { customer(tenantId: string, id: string): Promise<Customer | null> };
  /** Country for phone numbers stored without an international prefix (else the address country). */
  defaultCountry?: string;
  /**
   * The catalogue item audiences (`subject: 'items'`) of workflow audience actions go to
   * (`createAdsCatalogItems`). Without it those actions fail, not retryably.
   */
  items?: AdsCatalogItems;
  /** @default () => new Date() */
  now?: () => Date;
}

export interface AudienceMemberRecord {
  platform: string;
  audience: string;
  customerId: string;
  hashedIdentifiers: HashedIdentifiers;
  status: 'member' | 'removed';
  reason: string | null;
  updatedAt: Date;
}

/** Gate refusals that are about the person (not pacing), so they end ads targeting too. */
const TARGETING_REFUSALS: readonly RefusalReason[] = [
  'suppressed',
  'unsubscribed',
  'no_consent',
  'no_recipient',
];

/**
 * Customer-list audiences on an ads platform, with membership kept in `ads_audience_members` (the hashes
 * as uploaded, so a customer can be removed even after their email changed).
 *
 * - `channel` (name `ads`): a send adds the message's customer to the audience named by the send's
 *   `template`. Wrap it with `createGovernedChannel`: the gate refuses suppressed and unconsented customers
 *   (ads use the email marketing consent) before anything is uploaded.
 * - `suppress` puts entries on a suppression list through the gate and removes every matching member from
 *   every audience right away; `sweep` removes members the gate now refuses (consent withdrawn,
 *   unsubscribed from ads, suppressed by another path). Run `sweep` on a timer.
 */
export function createAdsAudiences(options: AdsAudiencesOptions) {
  const { db, provider, gate } = options;
  const platform = provider.platform;
  const now = options.now ?? (() => new Date());

  async function identifiersOf(
    tenantId: string,
    customerId: string,
    extra: { email?: string | null; phone?: string | null },
  ) {
    const customer = await options.customers.customer(tenantId, customerId);
    const emails = [extra.email, customer?.email].filter((v): v is string => !!v);
    const phones = [extra.phone, customer?.phone].filter((v): v is string => !!v);
    return hashIdentifiers(platform, {
      emails,
      phones,
      defaultCountry: customer?.defaultAddress?.countryCode ?? options.defaultCountry ?? null,
    }).identifiers;
  }

  async function memberRow(tenantId: string, audience: string, customerId: string) {
    const [row] = await db
      .select()
      .from(adsAudienceMembers)
      .where(
        and(
          eq(adsAudienceMembers.tenantId, tenantId),
          eq(adsAudienceMembers.platform, platform),
          eq(adsAudienceMembers.audience, audience),
          eq(adsAudienceMembers.customerId, customerId),
        ),
      );
    return row;
  }

  async function add(
    tenantId: string,
    audience: string,
    customerId: string,
    extra: { email?: string | null; phone?: string | null } = {},
  ): Promise<HashedIdentifiers> {
    const identifiers = await identifiersOf(tenantId, customerId, extra);
    if (identifiers.email.length === 0 && identifiers.phone.length === 0) {
      throw new StepFailedError('the customer has no email or valid phone number to match on', false);
    }
    const existing = await memberRow(tenantId, audience, customerId);
    const previous = existing?.status === 'member' ? existing.hashedIdentifiers : null;
    if (previous) {
      // Identifiers that changed since the last upload: take the old hashes out so they stop matching.
      const stale: HashedIdentifiers = {
        email: (previous.email ?? []).filter((h) => !identifiers.email.includes(h)),
        phone: (previous.phone ?? []).filter((h) => !identifiers.phone.includes(h)),
      };
      if (stale.email.length > 0 || stale.phone.length > 0) await provider.removeMembers(audience, [stale]);
    }
    await provider.addMembers(audience, [identifiers]);
    const at = now();
    await db
      .insert(adsAudienceMembers)
      .values({
        tenantId,
        platform,
        audience,
        customerId,
        hashedIdentifiers: { ...identifiers },
        status: 'member',
        reason: null,
        updatedAt: at,
      })
      .onConflictDoUpdate({
        target: [
          adsAudienceMembers.tenantId,
          adsAudienceMembers.platform,
          adsAudienceMembers.audience,
          adsAudienceMembers.customerId,
        ],
        set: { hashedIdentifiers: { ...identifiers }, status: 'member', reason: null, updatedAt: at },
      });
    return identifiers;
  }

  /** Removes the stored hashes from the platform and marks the rows removed; returns how many. */
  async function removeRows(
    rows: (typeof adsAudienceMembers.$inferSelect)[],
    reason: string,
  ): Promise<number> {
    let removed = 0;
    for (const row of rows) {
      if (row.status !== 'member') continue;
      await provider.removeMembers(row.audience, [row.hashedIdentifiers as unknown as HashedIdentifiers]);
      await db
        .update(adsAudienceMembers)
        .set({ status: 'removed', reason, updatedAt: now() })
        .where(
          and(
            eq(adsAudienceMembers.tenantId, row.tenantId),
            eq(adsAudienceMembers.platform, row.platform),
            eq(adsAudienceMembers.audience, row.audience),
            eq(adsAudienceMembers.customerId, row.customerId),
          ),
        );
      removed++;
    }
    return removed;
  }

  async function membersWhere(condition: ReturnType<typeof and>) {
    return db
      .select()
      .from(adsAudienceMembers)
      .where(
        and(eq(adsAudienceMembers.platform, platform), eq(adsAudienceMembers.status, 'member'), condition),
      );
  }

  /** A message the gate can judge for this member (the same shape a workflow send has). */
  function probe(tenantId: string, customerId: string, audience: string): OutboundMessage {
    return {
      channel: 'ads',
      template: audience,
      offer: { kind: 'none' },
      discountedVariantIds: null,
      recommendedProductIds: [],
      recipient: { customerId, email: null, phone: null },
      subject: { cartId: null, orderId: null, variantId: null, productId: null },
      origin: {
        tenantId,
        storeId: '',
        workflowId: '',
        workflowKey: '',
        version: 0,
        runId: `ads-sweep:${audience}`,
        nodeId: 'ads-sweep',
        variants: {},
        idempotencyKey: `ads-sweep:${platform}:${audience}:${customerId}`,
      },
    };
  }

  /** Takes a customer out of one audience (no gate: removing is always allowed). */
  async function remove(
    tenantId: string,
    audience: string,
    customerId: string,
    reason = 'removed',
  ): Promise<boolean> {
    const row = await memberRow(tenantId, audience, customerId);
    return row ? (await removeRows([row], reason)) > 0 : false;
  }

  const channel: Channel = {
    name: 'ads',
    async send(message) {
      const customerId = message.recipient.customerId;
      try {
        if (!customerId) throw new StepFailedError('an ads audience send needs a customer', false);
        await add(message.origin.tenantId, message.template, customerId, message.recipient);
      } catch (error) {
        return asStepFailure(error);
      }
      return { messageId: `${platform}:${message.template}:${customerId}` };
    },
  };

  return {
    platform,
    channel,
    /** The catalogue item audiences given as `items`, or null. */
    catalogItems: options.items ?? null,

    /** The customer's membership rows on this platform (every audience), newest first. */
    async members(
      tenantId: string,
      filter: { audience?: string; customerId?: string } = {},
    ): Promise<AudienceMemberRecord[]> {
      const rows = await db
        .select()
        .from(adsAudienceMembers)
        .where(
          and(
            eq(adsAudienceMembers.tenantId, tenantId),
            eq(adsAudienceMembers.platform, platform),
            ...(filter.audience ? [eq(adsAudienceMembers.audience, filter.audience)] : []),
            ...(filter.customerId ? [eq(adsAudienceMembers.customerId, filter.customerId)] : []),
          ),
        )
        .orderBy(sql`${adsAudienceMembers.updatedAt} desc`);
      return rows.map((row) => ({
        platform: row.platform,
        audience: row.audience,
        customerId: row.customerId,
        hashedIdentifiers: row.hashedIdentifiers as unknown as HashedIdentifiers,
        status: row.status,
        reason: row.reason,
        updatedAt: row.updatedAt,
      }));
    },

    remove,

    /** Takes a customer out of every audience on this platform. */
    async removeEverywhere(tenantId: string, customerId: string, reason: string): Promise<number> {
      const rows = await membersWhere(
        and(eq(adsAudienceMembers.tenantId, tenantId), eq(adsAudienceMembers.customerId, customerId)),
      );
      return removeRows(rows, reason);
    },

    /**
     * `gate.suppress` plus the removal of every member the entries match, in every audience of the scope
     * (every tenant for the global list): customer ids directly, emails and phones through their hashes.
     */
    async suppress(
      scope: SuppressionScope,
      entries: readonly SuppressionEntry[],
    ): Promise<{ suppressed: number; removed: number }> {
      const suppressed = await gate.suppress(scope, entries);
      const matches = entries.flatMap((entry) => {
        const value = entry.value.trim();
        if (entry.kind === 'customer_id') return [eq(adsAudienceMembers.customerId, value)];
        let hashed: string;
        try {
          hashed =
            entry.kind === 'email'
              ? sha256Hex(normalizeAdsEmail(value))
              : sha256Hex(normalizeAdsPhone(platform, value, options.defaultCountry ?? null));
        } catch {
          return []; // a phone that cannot exist was never uploaded
        }
        return [
          sql`${adsAudienceMembers.hashedIdentifiers} -> ${entry.kind} @> ${JSON.stringify([hashed])}::jsonb`,
        ];
      });
      if (matches.length === 0) return { suppressed, removed: 0 };
      const rows = await membersWhere(
        and(scope === 'global' ? undefined : eq(adsAudienceMembers.tenantId, scope.tenantId), or(...matches)),
      );
      const reason = `suppressed${entries[0]?.reason ? `: ${entries[0].reason}` : ''}`;
      return { suppressed, removed: await removeRows(rows, reason) };
    },

    /**
     * Re-checks every member of the tenant (or of every tenant) against the gate and removes those it
     * refuses for who they are (suppressed, unsubscribed from ads, no marketing consent).
     */
    async sweep(tenantId?: string): Promise<{ checked: number; removed: number }> {
      const rows = await membersWhere(tenantId ? eq(adsAudienceMembers.tenantId, tenantId) : undefined);
      let removed = 0;
      for (const row of rows) {
        const decision = await gate.check(probe(row.tenantId, row.customerId, row.audience), 'ads');
        if (decision.decision === 'refuse' && TARGETING_REFUSALS.includes(decision.reason)) {
          removed += await removeRows([row], `${decision.reason}: ${decision.detail}`);
        }
      }
      return { checked: rows.length, removed };
    },

    /**
     * Handler for workflow `audience` actions. On the run's customer: `add` goes through `governed` (the
     * governed ads channel, so the gate decides and logs), `remove` straight to the platform. On the run's
     * items (`subject: 'items'`, catalogue product sets): the `items` option pauses (`remove`) or resumes
     * (`add`) their SKUs, without the gate since no customer data is involved.
     */
    actionHandler(governed: Channel): ActionHandler<'audience'> {
      const items = options.items?.actionHandler();
      return async (action, target, origin) => {
        if (action.subject === 'items') {
          if (!items) {
            throw new StepFailedError(
              'no ads catalogue is configured for item audiences (catalogue product sets)',
              false,
            );
          }
          return items(action, target, origin);
        }
        if (!target.customerId) throw new StepFailedError('the run has no customer for the audience', false);
        if (action.operation === 'remove') {
          await remove(origin.tenantId, action.audience, target.customerId, `workflow ${origin.workflowKey}`);
          return;
        }
        await governed.send({
          channel: 'ads',
          template: action.audience,
          offer: { kind: 'none' },
          discountedVariantIds: null,
          recommendedProductIds: [],
          recipient: { customerId: target.customerId, email: target.email, phone: null },
          subject: { cartId: target.cartId, orderId: target.orderId, variantId: null, productId: null },
          origin,
        });
      };
    },
  };
}

export type AdsAudiences = ReturnType<typeof createAdsAudiences>;

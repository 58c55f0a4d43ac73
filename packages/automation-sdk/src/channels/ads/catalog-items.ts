import type { Variant } from '@cartwire/model';
import { adsCatalogPauses, type Db } from '@cartwire/storage';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { StepFailedError } from '../../errors';
import type { ActionHandler } from '../../runtime/channels';
import { asStepFailure } from '../provider-http';
import type { AdsCatalogProvider } from './ads-provider';

export interface AdsCatalogItemsOptions {
  db: Db;
  provider: AdsCatalogProvider;
  /** The platform's catalogue id the items live in (Meta: the product catalogue id). */
  catalogId: string;
  /** Reads a variant's current SKU when pausing; `LiveData` fits. */
  variants: { variant(tenantId: string, id: string): Promise<Variant | null> };
  /** @default () => new Date() */
  now?: () => Date;
}

export interface CatalogPauseRecord {
  platform: string;
  catalogId: string;
  sku: string;
  variantId: string;
  status: 'paused' | 'resumed';
  audience: string;
  batchHandle: string | null;
  pausedAt: Date;
  updatedAt: Date;
}

/** Which step asks: the action's audience (product set) name and the step's idempotency key. */
export interface CatalogStep {
  audience: string;
  key: string;
}

/**
 * Item audiences (catalogue product sets): SKUs paused from and resumed in the ads that show a catalogue,
 * with what Cartwire paused kept in `ads_catalog_pauses`.
 *
 * - `pause` marks the variants' SKUs paused on the platform and records them.
 * - `resume` un-pauses only SKUs Cartwire recorded as paused for those variants (looked up by variant, so a
 *   SKU renamed meanwhile is still the one resumed); an item the merchant excluded themselves is never
 *   touched.
 * - Both are idempotent per step: a retried step (same idempotency key) does not send what it already sent.
 */
export function createAdsCatalogItems(options: AdsCatalogItemsOptions) {
  const { db, provider, catalogId } = options;
  const platform = provider.platform;
  const now = options.now ?? (() => new Date());

  const scope = (tenantId: string) =>
    and(
      eq(adsCatalogPauses.tenantId, tenantId),
      eq(adsCatalogPauses.platform, platform),
      eq(adsCatalogPauses.catalogId, catalogId),
    );

  /** Refusals the platform returned for every item sent: nothing changed, and retrying will not help. */
  function allRejected(rejected: { sku: string; message: string }[]): StepFailedError {
    const detail = rejected.map((r) => `${r.sku}: ${r.message}`).join('; ');
    return new StepFailedError(`${provider.name} refused every catalogue item (${detail})`, false);
  }

  async function pause(
    tenantId: string,
    variantIds: readonly string[],
    step: CatalogStep,
  ): Promise<{ paused: string[]; rejected: { sku: string; message: string }[] }> {
    const items = new Map<string, string>(); // sku → variant id
    for (const id of new Set(variantIds)) {
      const variant = await options.variants.variant(tenantId, id);
      const sku = variant?.sku?.trim();
      if (sku) items.set(sku, id);
    }
    if (items.size === 0) {
      throw new StepFailedError(
        `none of the run's variants (${[...new Set(variantIds)].join(', ')}) has a SKU to match catalogue items on`,
        false,
      );
    }
    const done = await db
      .select({ sku: adsCatalogPauses.sku })
      .from(adsCatalogPauses)
      .where(
        and(
          scope(tenantId),
          inArray(adsCatalogPauses.sku, [...items.keys()]),
          eq(adsCatalogPauses.status, 'paused'),
          eq(adsCatalogPauses.stepKey, step.key),
        ),
      );
    for (const row of done) items.delete(row.sku);
    if (items.size === 0) return { paused: [], rejected: [] };

    const skus = [...items.keys()];
    let result: Awaited<ReturnType<AdsCatalogProvider['pauseItems']>>;
    try {
      result = await provider.pauseItems(catalogId, skus);
    } catch (error) {
      return asStepFailure(error);
    }
    const refused = new Set(result.rejected.map((r) => r.sku));
    const accepted = skus.filter((sku) => !refused.has(sku));
    if (accepted.length === 0) throw allRejected(result.rejected);
    const at = now();
    await db
      .insert(adsCatalogPauses)
      .values(
        accepted.map((sku) => ({
          tenantId,
          platform,
          catalogId,
          sku,
          variantId: items.get(sku) ?? '',
          status: 'paused' as const,
          audience: step.audience,
          stepKey: step.key,
          batchHandle: result.handles[0] ?? null,
          pausedAt: at,
          updatedAt: at,
        })),
      )
      .onConflictDoUpdate({
        target: [
          adsCatalogPauses.tenantId,
          adsCatalogPauses.platform,
          adsCatalogPauses.catalogId,
          adsCatalogPauses.sku,
        ],
        set: {
          variantId: sql`excluded.variant_id`,
          // A SKU paused again while still paused keeps the time it first left the ads.
          pausedAt: sql`case when ${adsCatalogPauses.status} = 'paused' then ${adsCatalogPauses.pausedAt} else excluded.paused_at end`,
          status: 'paused',
          audience: step.audience,
          stepKey: step.key,
          batchHandle: sql`excluded.batch_handle`,
          updatedAt: at,
        },
      });
    return { paused: accepted, rejected: result.rejected };
  }

  async function resume(
    tenantId: string,
    variantIds: readonly string[],
    step: CatalogStep,
  ): Promise<{ resumed: string[]; rejected: { sku: string; message: string }[] }> {
    const ids = [...new Set(variantIds)];
    if (ids.length === 0) return { resumed: [], rejected: [] };
    // Only what Cartwire paused: a retried step finds its SKUs already `resumed` and sends nothing.
    const rows = await db
      .select({ sku: adsCatalogPauses.sku })
      .from(adsCatalogPauses)
      .where(
        and(scope(tenantId), inArray(adsCatalogPauses.variantId, ids), eq(adsCatalogPauses.status, 'paused')),
      );
    const skus = rows.map((row) => row.sku);
    if (skus.length === 0) return { resumed: [], rejected: [] };
    let result: Awaited<ReturnType<AdsCatalogProvider['resumeItems']>>;
    try {
      result = await provider.resumeItems(catalogId, skus);
    } catch (error) {
      return asStepFailure(error);
    }
    const refused = new Set(result.rejected.map((r) => r.sku));
    const accepted = skus.filter((sku) => !refused.has(sku));
    if (accepted.length === 0) throw allRejected(result.rejected);
    await db
      .update(adsCatalogPauses)
      .set({
        status: 'resumed',
        audience: step.audience,
        stepKey: step.key,
        batchHandle: result.handles[0] ?? null,
        updatedAt: now(),
      })
      .where(and(scope(tenantId), inArray(adsCatalogPauses.sku, accepted)));
    return { resumed: accepted, rejected: result.rejected };
  }

  return {
    platform,
    catalogId,
    pause,
    resume,

    /** The tenant's catalogue items Cartwire paused or resumed in this catalogue, newest change first. */
    async items(
      tenantId: string,
      filter: { status?: 'paused' | 'resumed' } = {},
    ): Promise<CatalogPauseRecord[]> {
      const rows = await db
        .select()
        .from(adsCatalogPauses)
        .where(and(scope(tenantId), ...(filter.status ? [eq(adsCatalogPauses.status, filter.status)] : [])))
        .orderBy(sql`${adsCatalogPauses.updatedAt} desc`, adsCatalogPauses.sku);
      return rows.map((row) => ({
        platform: row.platform,
        catalogId: row.catalogId,
        sku: row.sku,
        variantId: row.variantId,
        status: row.status,
        audience: row.audience,
        batchHandle: row.batchHandle,
        pausedAt: row.pausedAt,
        updatedAt: row.updatedAt,
      }));
    },

    /**
     * Handler for workflow `audience` actions with `subject: 'items'`: `remove` pauses the run's variants,
     * `add` resumes those Cartwire paused. No governance gate: no person is targeted or uploaded, only
     * the merchant's own catalogue items, so consent, suppression and caps do not apply.
     */
    actionHandler(): ActionHandler<'audience'> {
      return async (action, target, origin) => {
        if (action.subject !== 'items') {
          throw new StepFailedError('catalogue items handle item audiences only', false);
        }
        if (target.variantIds.length === 0) {
          throw new StepFailedError('the run has no items (variants) for the catalogue action', false);
        }
        const step = { audience: action.audience, key: origin.idempotencyKey };
        if (action.operation === 'remove') await pause(origin.tenantId, target.variantIds, step);
        else await resume(origin.tenantId, target.variantIds, step);
      };
    },
  };
}

export type AdsCatalogItems = ReturnType<typeof createAdsCatalogItems>;

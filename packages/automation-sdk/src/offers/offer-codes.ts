import { randomBytes } from 'node:crypto';
import { type Db, offerCodes } from '@cartwire/storage';
import { and, asc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { durationMs } from '../definition/duration';
import type { Offer } from '../definition/workflow-definition';
import { StepFailedError } from '../errors';
import { customerKeyOf } from '../governance/gate';
import type { Channel, OutboundMessage } from '../runtime/channels';

/** A code the platform created or the pool handed out, tied to one run and one customer. */
export interface IssuedOffer {
  offerKey: string;
  code: string;
  source: 'generated' | 'pool';
  runId: string;
  customerKey: string;
  issuedAt: Date;
  expiresAt: Date | null;
}

/** What a platform is asked to create: a single-use code for one customer, valid until `expiresAt`. */
export interface DiscountCodeRequest {
  tenantId: string;
  storeId: string;
  code: string;
  offer: Exclude<Offer, { kind: 'none' }>;
  expiresAt: Date | null;
  /** Restrict the code to this customer where the platform can. */
  customer: { customerId: string | null; email: string | null };
  /** The variants a margin-limited percent-off applies to (null: the whole order). */
  variantIds: string[] | null;
}

/**
 * Creates a discount code on the store's platform (the connector's `createDiscountCode` neutral write), or
 * answers why it cannot (Magento, Amazon, a store without the permission), in which case the pool is used.
 */
export type DiscountCodeIssuer = (
  request: DiscountCodeRequest,
) => Promise<{ code: string } | { unsupported: string }>;

/** Pool import input that is not a list of usable codes. */
export class OfferInputError extends Error {
  readonly code = 'invalid_offer_input';
  override readonly name = 'OfferInputError';
  constructor(
    message: string,
    readonly issues: readonly { path: string; message: string }[],
  ) {
    super(issues[0] ? `${message}: ${issues[0].path}: ${issues[0].message}` : message);
  }
}

/**
 * No unissued, unexpired code is left in the pool (and the platform cannot generate one). Not retryable:
 * the run is parked with this reason until someone imports codes.
 */
export class OfferPoolExhaustedError extends StepFailedError {
  readonly reason = 'offer_pool_exhausted';
  constructor(
    readonly offerKey: string,
    detail: string,
  ) {
    super(`No discount code left for offer "${offerKey}": ${detail}`, false);
  }
}

const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$/;
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random code without look-alike characters (no 0/O, 1/I/L), e.g. `CW-7KQ2M9XH4T`. */
export function randomOfferCode(prefix = 'CW', length = 10): string {
  const bytes = randomBytes(length);
  let body = '';
  for (const byte of bytes) body += ALPHABET[byte % ALPHABET.length];
  return prefix ? `${prefix}-${body}` : body;
}

export interface OfferCodesOptions {
  db: Db;
  /** Generates per-recipient codes on the platform; without it every code comes from the pool. */
  issuer?: DiscountCodeIssuer;
  /** @default 'CW' */
  codePrefix?: string;
  /** @default () => new Date() */
  now?: () => Date;
}

export interface IssueOfferInput {
  tenantId: string;
  storeId: string;
  /** The pool key (e.g. "cart-10pct"); also groups generated codes. */
  offerKey: string;
  runId: string;
  /** Customer id, else email/phone key (`customerKeyOf`). */
  customerKey: string;
  customer: { customerId: string | null; email: string | null };
  offer: Exclude<Offer, { kind: 'none' }>;
  variantIds?: string[] | null;
  /** ISO-8601 duration the code stays valid for. @default 'P7D' */
  validFor?: string;
}

type OfferRow = typeof offerCodes.$inferSelect;

function toIssued(row: OfferRow): IssuedOffer {
  return {
    offerKey: row.offerKey,
    code: row.code,
    source: row.source,
    runId: row.runId ?? '',
    customerKey: row.customerKey ?? '',
    issuedAt: row.issuedAt ?? row.createdAt,
    expiresAt: row.expiresAt,
  };
}

/**
 * Discount codes per recipient: generated on the platform where it can (unique, single-use, expiring), else
 * claimed from a per-tenant pool with `FOR UPDATE SKIP LOCKED` (codes expiring soonest first). A (run, customer, offer) gets one code,
 * however often or concurrently it asks: a retried step gets the same code back.
 */
export function createOfferCodes(options: OfferCodesOptions) {
  const { db } = options;
  const now = options.now ?? (() => new Date());

  async function issuedFor(
    tx: Db,
    input: Pick<IssueOfferInput, 'tenantId' | 'offerKey' | 'runId' | 'customerKey'>,
  ) {
    const [row] = await tx
      .select()
      .from(offerCodes)
      .where(
        and(
          eq(offerCodes.tenantId, input.tenantId),
          eq(offerCodes.offerKey, input.offerKey),
          eq(offerCodes.runId, input.runId),
          eq(offerCodes.customerKey, input.customerKey),
        ),
      );
    return row;
  }

  return {
    /**
     * Loads codes into the tenant's pool for `offerKey`. Codes already known to the tenant are skipped.
     * @throws OfferInputError listing every code that is not 3-64 letters, digits, '-' or '_'
     */
    async importPool(
      tenantId: string,
      offerKey: string,
      codes: readonly string[],
      importOptions: { expiresAt?: Date | null } = {},
    ): Promise<{ imported: number; skipped: number }> {
      const issues = codes.flatMap((code, index) =>
        CODE_PATTERN.test(code.trim())
          ? []
          : [{ path: `codes.${index}`, message: `not a usable code: ${JSON.stringify(code)}` }],
      );
      if (!offerKey.trim()) issues.unshift({ path: 'offerKey', message: 'required' });
      if (issues.length > 0) throw new OfferInputError('Invalid offer code import', issues);
      const unique = [...new Set(codes.map((code) => code.trim()))];
      if (unique.length === 0) return { imported: 0, skipped: 0 };
      const at = now();
      const inserted = await db
        .insert(offerCodes)
        .values(
          unique.map((code) => ({
            tenantId,
            offerKey,
            code,
            source: 'pool' as const,
            expiresAt: importOptions.expiresAt ?? null,
            createdAt: at,
          })),
        )
        .onConflictDoNothing()
        .returning({ code: offerCodes.code });
      return { imported: inserted.length, skipped: codes.length - inserted.length };
    },

    /** Unissued, unexpired pool codes left for the offer. */
    async available(tenantId: string, offerKey: string): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(offerCodes)
        .where(
          and(
            eq(offerCodes.tenantId, tenantId),
            eq(offerCodes.offerKey, offerKey),
            isNull(offerCodes.issuedAt),
            or(isNull(offerCodes.expiresAt), gt(offerCodes.expiresAt, now())),
          ),
        );
      return Number(row?.n ?? 0);
    },

    /** The code issued to this run and customer, if any. */
    async issued(
      tenantId: string,
      offerKey: string,
      runId: string,
      customerKey: string,
    ): Promise<IssuedOffer | null> {
      const row = await issuedFor(db, { tenantId, offerKey, runId, customerKey });
      return row ? toIssued(row) : null;
    },

    /**
     * The code for this run and customer: the one issued before, else a new platform code, else one from
     * the pool. @throws OfferPoolExhaustedError
     */
    async issue(input: IssueOfferInput): Promise<IssuedOffer> {
      const at = now();
      const validUntil = new Date(at.getTime() + durationMs(input.validFor ?? 'P7D'));
      const before = await issuedFor(db, input);
      if (before) return toIssued(before);

      // The platform call happens outside any transaction: it is slow, and the issuer reads the store and
      // its records itself. A concurrent request for the same key may create a second platform code; only
      // one is stored and handed out (the other, single-use and expiring, is never sent to anyone).
      let generated: string | null = null;
      let unsupported: string | null = null;
      if (options.issuer) {
        const created = await options.issuer({
          tenantId: input.tenantId,
          storeId: input.storeId,
          code: randomOfferCode(options.codePrefix ?? 'CW'),
          offer: input.offer,
          expiresAt: validUntil,
          customer: input.customer,
          variantIds: input.variantIds ?? null,
        });
        if ('code' in created) generated = created.code;
        else unsupported = created.unsupported;
      }

      return db.transaction(async (tx) => {
        // Serializes concurrent requests of the same (run, customer, offer): the second finds the first's code.
        await tx.execute(
          sql`select pg_advisory_xact_lock(hashtextextended(${`offer:${input.tenantId}:${input.offerKey}:${input.runId}:${input.customerKey}`}, 0))`,
        );
        const existing = await issuedFor(tx, input);
        if (existing) return toIssued(existing);

        if (generated !== null) {
          const [row] = await tx
            .insert(offerCodes)
            .values({
              tenantId: input.tenantId,
              offerKey: input.offerKey,
              code: generated,
              source: 'generated',
              runId: input.runId,
              customerKey: input.customerKey,
              issuedAt: at,
              expiresAt: validUntil,
              createdAt: at,
            })
            .returning();
          if (!row) throw new Error('offer_codes insert returned no row');
          return toIssued(row);
        }

        const [free] = await tx
          .select()
          .from(offerCodes)
          .where(
            and(
              eq(offerCodes.tenantId, input.tenantId),
              eq(offerCodes.offerKey, input.offerKey),
              isNull(offerCodes.issuedAt),
              or(isNull(offerCodes.expiresAt), gt(offerCodes.expiresAt, at)),
            ),
          )
          .orderBy(
            sql`${offerCodes.expiresAt} asc nulls last`,
            asc(offerCodes.createdAt),
            asc(offerCodes.code),
          )
          .limit(1)
          .for('update', { skipLocked: true });
        if (!free) {
          throw new OfferPoolExhaustedError(
            input.offerKey,
            unsupported
              ? `the platform cannot generate codes (${unsupported}) and the pool is empty`
              : 'the pool is empty',
          );
        }
        const expiresAt = free.expiresAt && free.expiresAt < validUntil ? free.expiresAt : validUntil;
        const [claimed] = await tx
          .update(offerCodes)
          .set({ runId: input.runId, customerKey: input.customerKey, issuedAt: at, expiresAt })
          .where(and(eq(offerCodes.tenantId, input.tenantId), eq(offerCodes.code, free.code)))
          .returning();
        if (!claimed) throw new Error('claimed offer code vanished');
        return toIssued(claimed);
      });
    },
  };
}

export type OfferCodes = ReturnType<typeof createOfferCodes>;

/** A message with the discount code issued for it (templates read `offerCode.code`). */
export type OfferedMessage = OutboundMessage & { offerCode?: IssuedOffer };

export interface WithOfferCodesOptions {
  offers: OfferCodes;
  /** @default (m) => `${m.origin.workflowKey}:${m.origin.nodeId}` */
  offerKeyOf?: (message: OutboundMessage) => string;
  /** @default 'P7D' */
  validFor?: string;
}

/**
 * Wraps a channel so every message carrying an offer gets its customer's code (as `offerCode`) before it
 * goes out. Put it inside `createGovernedChannel` so refused sends never consume a code.
 */
export function withOfferCodes(channel: Channel, options: WithOfferCodesOptions): Channel {
  const keyOf = options.offerKeyOf ?? ((m: OutboundMessage) => `${m.origin.workflowKey}:${m.origin.nodeId}`);
  return {
    name: channel.name,
    async send(message) {
      if (message.offer.kind === 'none') return channel.send(message);
      const r = message.recipient;
      const customerKey = customerKeyOf(message);
      const offerCode = await options.offers.issue({
        tenantId: message.origin.tenantId,
        storeId: message.origin.storeId,
        offerKey: keyOf(message),
        runId: message.origin.runId,
        customerKey,
        customer: { customerId: r.customerId, email: r.email },
        offer: message.offer,
        variantIds: message.discountedVariantIds,
        ...(options.validFor ? { validFor: options.validFor } : {}),
      });
      const offered: OfferedMessage = { ...message, offerCode };
      return channel.send(offered);
    },
  };
}

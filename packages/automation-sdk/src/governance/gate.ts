import type { Customer, EventEnvelope } from '@cartwire/model';
import {
  type Db,
  governancePolicies,
  governanceSignals,
  governanceSuppressions,
  messageLog,
} from '@cartwire/storage';
import { and, asc, eq, gt, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { durationMs } from '../definition/duration';
import { nextLocalTime } from '../evaluate/time-of-day';
import type { OutboundMessage } from '../runtime/channels';
import { GovernanceInputError, type RefusalReason } from './errors';
import {
  applyOverride,
  type ChannelKind,
  DEFAULT_GOVERNANCE_POLICY,
  type FrequencyCap,
  GovernanceOverride,
  type GovernancePolicy,
  parseOverride,
  parsePolicy,
} from './policy';

export type GateDecision =
  | { decision: 'allow' }
  | { decision: 'refuse'; reason: RefusalReason; detail: string }
  | { decision: 'delay'; until: Date; reason: 'quiet_hours'; detail: string };

export type MessageStatus = (typeof messageLog.$inferSelect)['status'];

export interface MessageLogRecord {
  id: string;
  tenantId: string;
  customerKey: string;
  channelKind: string;
  channelName: string;
  workflowKey: string | null;
  runId: string | null;
  nodeId: string | null;
  idempotencyKey: string;
  promo: boolean;
  decision: 'allow' | 'refuse' | 'delay';
  reason: string | null;
  deliverAt: Date | null;
  status: MessageStatus;
  providerMessageId: string | null;
  error: string | null;
  createdAt: Date;
}

export const SuppressionKind = z.enum(['email', 'phone', 'customer_id']);
export type SuppressionKind = z.infer<typeof SuppressionKind>;

export const SuppressionEntry = z.object({
  kind: SuppressionKind,
  value: z.string().trim().min(1),
  reason: z.string().nullable().default(null),
});
export type SuppressionEntry = z.input<typeof SuppressionEntry>;

/** A tenant's list, or the global list every tenant honours. */
export type SuppressionScope = { tenantId: string } | 'global';

/** Who to unsubscribe: any of the identifiers a customer is known by. */
export interface Contact {
  customerId?: string | null;
  email?: string | null;
  phone?: string | null;
}

export interface GovernanceGateOptions {
  db: Db;
  /** Reads the customer (marketing consent, time zone, contacts) at send time; `LiveData` fits. */
  customers: { customer(tenantId: string, id: string): Promise<Customer | null> };
  /** @default () => new Date() */
  now?: () => Date;
}

export interface GovernanceGate {
  readonly db: Db;
  now(): Date;
  /** Replaces the tenant policy; omitted rules take the defaults. @throws GovernanceInputError */
  setPolicy(tenantId: string, policy: unknown): Promise<GovernancePolicy>;
  /** Sets (or with null removes) a workflow's override of the tenant policy. @throws GovernanceInputError */
  setWorkflowOverride(tenantId: string, workflowKey: string, override: unknown): Promise<void>;
  /** The workflow's override as stored; null when the workflow follows the tenant policy. */
  workflowOverride(tenantId: string, workflowKey: string): Promise<GovernanceOverride | null>;
  /** The rules a send of this workflow is checked against. */
  effectivePolicy(tenantId: string, workflowKey?: string | null, tx?: Db): Promise<GovernancePolicy>;
  suppress(scope: SuppressionScope, entries: readonly SuppressionEntry[]): Promise<number>;
  unsuppress(scope: SuppressionScope, entries: readonly Omit<SuppressionEntry, 'reason'>[]): Promise<number>;
  /** Ordered by kind, then value; `after` continues from the last entry of a page. */
  listSuppressions(
    scope: SuppressionScope,
    page?: { limit?: number; after?: { kind: SuppressionKind; value: string } },
  ): Promise<{ kind: SuppressionKind; value: string; reason: string | null }[]>;
  /** CSV `kind,value,reason` with a header line. @throws GovernanceInputError (every bad line listed) */
  importSuppressions(scope: SuppressionScope, csv: string): Promise<number>;
  exportSuppressions(scope: SuppressionScope): Promise<string>;
  /** Opt out of one channel kind (the unsubscribe API). */
  unsubscribe(tenantId: string, contact: Contact, channel: ChannelKind, reason?: string): Promise<void>;
  resubscribe(tenantId: string, contact: Contact, channel: ChannelKind): Promise<void>;
  /** Feeds purchases (`order.created`, `order.paid`) and refunds (`order.refunded`) to the suppression rules. */
  observeEvent(event: EventEnvelope): Promise<void>;
  openSupportCase(
    tenantId: string,
    input: { caseId: string; customerId: string; openedAt?: Date },
  ): Promise<void>;
  /** @returns the closed case; null when the tenant has no such case */
  closeSupportCase(tenantId: string, caseId: string, closedAt?: Date): Promise<SupportCaseRecord | null>;
  /**
   * Discount messages the customer received (or has scheduled) within the window (default: the tenant's
   * promo-pressure window). Conditions can route high-pressure customers to content instead of a discount.
   */
  promoPressure(tenantId: string, customerKey: string, window?: string): Promise<number>;
  /** Decides without recording anything (previews and dry runs). */
  check(message: OutboundMessage, channelKind: ChannelKind): Promise<GateDecision>;
  /** The recorded decisions and delivery statuses, newest first. */
  messages(tenantId: string, filter?: { customerKey?: string; runId?: string }): Promise<MessageLogRecord[]>;
  /**
   * @internal used by governed channels: the recipient's customer record and contacts, read before the
   * decision's transaction (on an embedded single-connection database a read outside an open
   * transaction would wait for it forever).
   */
  contacts(message: OutboundMessage): Promise<RecipientContacts>;
  /** @internal used by governed channels: decide under the customer's lock */
  decide(
    tx: Db,
    message: OutboundMessage,
    channelKind: ChannelKind,
    options?: { excludeLogId?: string; contacts?: RecipientContacts },
  ): Promise<GateDecision>;
}

/** A support case as the gate keeps it. */
export interface SupportCaseRecord {
  caseId: string;
  customerId: string;
  openedAt: Date;
  closedAt: Date | null;
}

/** Who a message reaches: the stored customer (when known) and every normalized email and phone. */
export interface RecipientContacts {
  customer: Customer | null;
  emails: string[];
  phones: string[];
}

/** Customer id, else normalized email, else phone: what caps, pressure and the lock are keyed by. */
export function customerKeyOf(message: Pick<OutboundMessage, 'recipient' | 'origin'>): string {
  const r = message.recipient;
  if (r.customerId) return r.customerId;
  if (r.email) return `email:${normalizeEmail(r.email)}`;
  if (r.phone) return `phone:${normalizePhone(r.phone)}`;
  return `run:${message.origin.runId}`;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Digits with a leading +, so "+49 (151) 234-567" and "+49151234567" match. */
export function normalizePhone(phone: string): string {
  const trimmed = phone.trim();
  const digits = trimmed.replace(/[^\d]/g, '');
  return trimmed.startsWith('+') || trimmed.startsWith('00') ? `+${digits.replace(/^00/, '')}` : `+${digits}`;
}

function normalizeValue(kind: SuppressionKind, value: string): string {
  if (kind === 'email') return normalizeEmail(value);
  if (kind === 'phone') return normalizePhone(value);
  return value.trim();
}

const scopeOf = (scope: SuppressionScope) => (scope === 'global' ? '*' : scope.tenantId);

/**
 * Statuses of messages that went out or will: they count toward caps, smart sending and pressure.
 * `held_out` (a holdout run's message, never delivered) is deliberately absent: the customer got nothing.
 */
export const COUNTED_STATUSES: MessageStatus[] = ['allowed', 'scheduled', 'sent', 'delivered'];

/** When a logged message goes (or went) out: its delivery time if delayed, else its decision time. */
const effectiveAt = sql`coalesce(${messageLog.deliverAt}, ${messageLog.createdAt})`;

function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

function minutesOf(hhmm: string): number {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

function safeZone(zone: string | null | undefined, fallback: string): string {
  if (!zone) return fallback;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return fallback;
  }
}

function refuseWith(reason: RefusalReason, detail: string): GateDecision {
  return { decision: 'refuse', reason, detail };
}

function describeCap(cap: FrequencyCap): string {
  const channels = cap.channels === 'all' ? 'messages on any channel' : `${cap.channels.join('/')} messages`;
  return `at most ${cap.max} ${cap.promoOnly ? 'promo ' : ''}${channels} per ${cap.window}${
    cap.scope === 'workflow' ? ' from this workflow' : ''
  }`;
}

export function toRecord(row: typeof messageLog.$inferSelect): MessageLogRecord {
  return {
    id: row.id,
    tenantId: row.tenantId,
    customerKey: row.customerKey,
    channelKind: row.channelKind,
    channelName: row.channelName,
    workflowKey: row.workflowKey,
    runId: row.runId,
    nodeId: row.nodeId,
    idempotencyKey: row.idempotencyKey,
    promo: row.promo,
    decision: row.decision,
    reason: row.reason,
    deliverAt: row.deliverAt,
    status: row.status,
    providerMessageId: row.providerMessageId,
    error: row.error,
    createdAt: row.createdAt,
  };
}

/**
 * The send-time governance gate: consent, suppression lists, purchase/refund/support-case suppression,
 * double-discount guard, promo pressure, smart sending, frequency caps and quiet hours, configured per
 * tenant and overridable per workflow. Wrap channels with `createGovernedChannel` to apply it to every send.
 */
export function createGovernanceGate(options: GovernanceGateOptions): GovernanceGate {
  const { db } = options;
  const now = options.now ?? (() => new Date());

  async function effectivePolicy(tenantId: string, workflowKey?: string | null, tx: Db = db) {
    const keys = workflowKey ? ['', workflowKey] : [''];
    const rows = await tx
      .select()
      .from(governancePolicies)
      .where(and(eq(governancePolicies.tenantId, tenantId), inArray(governancePolicies.workflowKey, keys)));
    const base = rows.find((r) => r.workflowKey === '');
    const override = rows.find((r) => r.workflowKey !== '' && r.workflowKey === workflowKey);
    const policy = base ? parsePolicy(base.policy) : DEFAULT_GOVERNANCE_POLICY;
    return applyOverride(policy, override ? GovernanceOverride.parse(override.policy) : null);
  }

  async function countMessages(
    tx: Db,
    tenantId: string,
    customerKey: string,
    since: Date,
    filter: { kinds?: readonly string[]; promoOnly?: boolean; workflowId?: string; excludeId?: string } = {},
  ): Promise<number> {
    const conditions = [
      eq(messageLog.tenantId, tenantId),
      eq(messageLog.customerKey, customerKey),
      inArray(messageLog.status, COUNTED_STATUSES),
      sql`${effectiveAt} > ${since.toISOString()}`,
    ];
    if (filter.kinds) conditions.push(inArray(messageLog.channelKind, [...filter.kinds]));
    if (filter.promoOnly) conditions.push(eq(messageLog.promo, true));
    if (filter.workflowId) conditions.push(eq(messageLog.workflowId, filter.workflowId));
    if (filter.excludeId) conditions.push(ne(messageLog.id, filter.excludeId));
    const [row] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(messageLog)
      .where(and(...conditions));
    return Number(row?.n ?? 0);
  }

  async function contactsOf(message: OutboundMessage): Promise<RecipientContacts> {
    const customer = message.recipient.customerId
      ? await options.customers.customer(message.origin.tenantId, message.recipient.customerId)
      : null;
    const emails = [message.recipient.email, customer?.email]
      .filter((e): e is string => !!e)
      .map(normalizeEmail);
    const phones = [message.recipient.phone, customer?.phone]
      .filter((p): p is string => !!p)
      .map(normalizePhone);
    return { customer, emails: [...new Set(emails)], phones: [...new Set(phones)] };
  }

  /** Suppression lists, unsubscribes and consent: the rules about the person rather than the message. */
  async function contactRefusal(
    tx: Db,
    tenantId: string,
    kind: ChannelKind,
    policy: GovernancePolicy,
    who: { customerId: string | null; customer: Customer | null; emails: string[]; phones: string[] },
  ): Promise<GateDecision | null> {
    const { customerId, customer, emails, phones } = who;
    if (!customerId && emails.length === 0 && phones.length === 0) {
      return refuseWith('no_recipient', 'the message names no customer, email or phone');
    }
    if (kind === 'email' && emails.length === 0)
      return refuseWith('no_address', 'no email address for an email');
    if (kind === 'sms' && phones.length === 0) return refuseWith('no_address', 'no phone number for an SMS');

    // Suppression lists (global and tenant) and unsubscribes, on every identifier the customer has.
    const ids: { kind: SuppressionKind; value: string }[] = [
      ...(customerId ? [{ kind: 'customer_id' as const, value: customerId }] : []),
      ...emails.map((value) => ({ kind: 'email' as const, value })),
      ...phones.map((value) => ({ kind: 'phone' as const, value })),
    ];
    const listed = await tx
      .select()
      .from(governanceSuppressions)
      .where(
        and(
          inArray(governanceSuppressions.scope, ['*', tenantId]),
          or(
            ...ids.map((id) =>
              and(eq(governanceSuppressions.kind, id.kind), eq(governanceSuppressions.value, id.value)),
            ),
          ),
          or(
            eq(governanceSuppressions.list, 'suppression'),
            and(eq(governanceSuppressions.list, 'unsubscribe'), eq(governanceSuppressions.channel, kind)),
          ),
        ),
      );
    const suppression = listed.find((s) => s.list === 'suppression');
    if (suppression) {
      return refuseWith(
        'suppressed',
        `${suppression.kind} on the ${suppression.scope === '*' ? 'global' : 'tenant'} suppression list${
          suppression.reason ? `: ${suppression.reason}` : ''
        }`,
      );
    }
    const unsubscribed = listed.find((s) => s.list === 'unsubscribe');
    if (unsubscribed) return refuseWith('unsubscribed', `${unsubscribed.kind} unsubscribed from ${kind}`);

    // Ads audiences use the email marketing consent (custom audiences are built from marketing contacts).
    const consentOf = kind === 'email' || kind === 'ads' ? 'email' : kind === 'sms' ? 'sms' : null;
    if (policy.consent.enabled && consentOf) {
      const state = customer?.marketingConsent[consentOf].state ?? 'unknown';
      if (state !== 'subscribed')
        return refuseWith('no_consent', `${consentOf} marketing consent is ${state}`);
    }
    return null;
  }

  async function decide(
    tx: Db,
    message: OutboundMessage,
    kind: ChannelKind,
    decideOptions: { excludeLogId?: string; contacts?: RecipientContacts } = {},
  ): Promise<GateDecision> {
    const { tenantId, workflowKey, workflowId, runId } = message.origin;
    const at = now();
    const policy = await effectivePolicy(tenantId, workflowKey, tx);
    const { customer, emails, phones } = decideOptions.contacts ?? (await contactsOf(message));
    const customerId = message.recipient.customerId;
    const refuse = (reason: RefusalReason, detail: string): GateDecision => ({
      decision: 'refuse',
      reason,
      detail,
    });

    const contactProblem = await contactRefusal(tx, tenantId, kind, policy, {
      customerId,
      customer,
      emails,
      phones,
    });
    if (contactProblem) return contactProblem;

    if (customerId) {
      const signals = await tx
        .select()
        .from(governanceSignals)
        .where(and(eq(governanceSignals.tenantId, tenantId), eq(governanceSignals.customerId, customerId)));
      const latest = (k: 'purchase' | 'refund') =>
        signals
          .filter((s) => s.kind === k)
          .reduce<Date | null>((m, s) => (!m || s.occurredAt > m ? s.occurredAt : m), null);
      const windows = [
        ['purchase', policy.suppressAfter.purchase, 'recent_purchase'],
        ['refund', policy.suppressAfter.refund, 'recent_refund'],
      ] as const;
      for (const [k, window, reason] of windows) {
        const last = latest(k);
        if (window && last && last.getTime() > at.getTime() - durationMs(window)) {
          return refuse(reason, `${k} at ${last.toISOString()} is within ${window}`);
        }
      }
      const openCase = signals.find((s) => s.kind === 'support_case' && s.closedAt === null);
      if (policy.suppressAfter.openSupportCase && openCase) {
        return refuse('open_support_case', `support case ${openCase.ref} is open`);
      }
    }

    const customerKey = customerKeyOf(message);
    const promo = message.offer.kind !== 'none';
    const exclude = decideOptions.excludeLogId;
    if (promo && policy.doubleDiscount.enabled) {
      const since = new Date(at.getTime() - durationMs(policy.doubleDiscount.activeFor));
      const [active] = await tx
        .select({ id: messageLog.id, workflowKey: messageLog.workflowKey })
        .from(messageLog)
        .where(
          and(
            eq(messageLog.tenantId, tenantId),
            eq(messageLog.customerKey, customerKey),
            eq(messageLog.promo, true),
            inArray(messageLog.status, COUNTED_STATUSES),
            sql`${effectiveAt} > ${since.toISOString()}`,
            or(isNull(messageLog.runId), ne(messageLog.runId, runId)),
            ...(exclude ? [ne(messageLog.id, exclude)] : []),
          ),
        )
        .limit(1);
      if (active) {
        return refuse(
          'double_discount',
          `an offer from workflow ${active.workflowKey ?? '(none)'} is still active`,
        );
      }
    }
    if (promo && policy.promoPressure.max !== null) {
      const since = new Date(at.getTime() - durationMs(policy.promoPressure.window));
      const pressure = await countMessages(tx, tenantId, customerKey, since, {
        promoOnly: true,
        excludeId: exclude,
      });
      if (pressure >= policy.promoPressure.max) {
        return refuse(
          'promo_pressure',
          `${pressure} discount messages within ${policy.promoPressure.window} (max ${policy.promoPressure.max})`,
        );
      }
    }

    const smart = policy.smartSending[kind];
    if (smart) {
      const since = new Date(at.getTime() - durationMs(smart));
      const recent = await countMessages(tx, tenantId, customerKey, since, {
        kinds: [kind],
        excludeId: exclude,
      });
      if (recent > 0) return refuse('smart_sending', `a ${kind} message went out within ${smart}`);
    }

    for (const cap of policy.caps) {
      if (cap.channels !== 'all' && !cap.channels.includes(kind)) continue;
      if (cap.promoOnly && !promo) continue;
      const since = new Date(at.getTime() - durationMs(cap.window));
      const count = await countMessages(tx, tenantId, customerKey, since, {
        ...(cap.channels === 'all' ? {} : { kinds: cap.channels }),
        promoOnly: cap.promoOnly,
        ...(cap.scope === 'workflow' ? { workflowId } : {}),
        excludeId: exclude,
      });
      if (count >= cap.max) return refuse('frequency_cap', describeCap(cap));
    }

    const quiet = policy.quietHours;
    if (quiet?.channels.includes(kind)) {
      const zone = safeZone(customer?.timeZone, quiet.fallbackTimeZone);
      const local = localMinutes(at, zone);
      const start = minutesOf(quiet.start);
      const end = minutesOf(quiet.end);
      const inside = start <= end ? local >= start && local < end : local >= start || local < end;
      if (inside) {
        return {
          decision: 'delay',
          until: nextLocalTime(at, quiet.end, zone),
          reason: 'quiet_hours',
          detail: `quiet hours ${quiet.start}-${quiet.end} in ${zone}`,
        };
      }
    }
    return { decision: 'allow' };
  }

  async function upsertSuppressions(
    scope: SuppressionScope,
    list: 'suppression' | 'unsubscribe',
    channel: string,
    entries: readonly SuppressionEntry[],
  ): Promise<number> {
    const parsed = entries.map((entry, i) => {
      const result = SuppressionEntry.safeParse(entry);
      if (!result.success) {
        throw new GovernanceInputError(
          'Invalid suppression entry',
          result.error.issues.map((issue) => ({
            path: [i, ...issue.path].join('.'),
            message: issue.message,
          })),
        );
      }
      return result.data;
    });
    if (parsed.length === 0) return 0;
    const createdAt = now();
    const rows = parsed.map((e) => ({
      scope: scopeOf(scope),
      list,
      kind: e.kind,
      value: normalizeValue(e.kind, e.value),
      channel,
      reason: e.reason,
      createdAt,
    }));
    const inserted = await db
      .insert(governanceSuppressions)
      .values(rows)
      .onConflictDoNothing()
      .returning({ value: governanceSuppressions.value });
    return inserted.length;
  }

  function contactEntries(contact: Contact): { kind: SuppressionKind; value: string }[] {
    return [
      ...(contact.customerId ? [{ kind: 'customer_id' as const, value: contact.customerId }] : []),
      ...(contact.email ? [{ kind: 'email' as const, value: contact.email }] : []),
      ...(contact.phone ? [{ kind: 'phone' as const, value: contact.phone }] : []),
    ];
  }

  async function deleteEntries(
    scope: SuppressionScope,
    list: 'suppression' | 'unsubscribe',
    channel: string,
    entries: readonly { kind: SuppressionKind; value: string }[],
  ): Promise<number> {
    let removed = 0;
    for (const entry of entries) {
      const kind = SuppressionKind.parse(entry.kind);
      const rows = await db
        .delete(governanceSuppressions)
        .where(
          and(
            eq(governanceSuppressions.scope, scopeOf(scope)),
            eq(governanceSuppressions.list, list),
            eq(governanceSuppressions.kind, kind),
            eq(governanceSuppressions.value, normalizeValue(kind, entry.value)),
            eq(governanceSuppressions.channel, channel),
          ),
        )
        .returning({ value: governanceSuppressions.value });
      removed += rows.length;
    }
    return removed;
  }

  async function listSuppressions(
    scope: SuppressionScope,
    page: { limit?: number; after?: { kind: SuppressionKind; value: string } } = {},
  ) {
    const after = page.after;
    const query = db
      .select()
      .from(governanceSuppressions)
      .where(
        and(
          eq(governanceSuppressions.scope, scopeOf(scope)),
          eq(governanceSuppressions.list, 'suppression'),
          after
            ? or(
                gt(governanceSuppressions.kind, after.kind),
                and(
                  eq(governanceSuppressions.kind, after.kind),
                  gt(governanceSuppressions.value, after.value),
                ),
              )
            : undefined,
        ),
      )
      .orderBy(asc(governanceSuppressions.kind), asc(governanceSuppressions.value));
    const rows = await (page.limit === undefined ? query : query.limit(page.limit));
    return rows.map((r) => ({ kind: r.kind, value: r.value, reason: r.reason }));
  }

  async function upsertSignal(row: typeof governanceSignals.$inferInsert) {
    await db
      .insert(governanceSignals)
      .values(row)
      .onConflictDoUpdate({
        target: [governanceSignals.tenantId, governanceSignals.kind, governanceSignals.ref],
        set: { occurredAt: row.occurredAt, customerId: row.customerId },
      });
  }

  const gate: GovernanceGate = {
    db,
    now,
    async setPolicy(tenantId, input) {
      const policy = parsePolicy(input);
      await db
        .insert(governancePolicies)
        .values({ tenantId, workflowKey: '', policy, updatedAt: now() })
        .onConflictDoUpdate({
          target: [governancePolicies.tenantId, governancePolicies.workflowKey],
          set: { policy, updatedAt: now() },
        });
      return policy;
    },
    async setWorkflowOverride(tenantId, workflowKey, input) {
      if (!workflowKey)
        throw new GovernanceInputError('Invalid governance override', [
          { path: 'workflowKey', message: 'required' },
        ]);
      if (input === null) {
        await db
          .delete(governancePolicies)
          .where(
            and(eq(governancePolicies.tenantId, tenantId), eq(governancePolicies.workflowKey, workflowKey)),
          );
        return;
      }
      const override = parseOverride(input);
      await db
        .insert(governancePolicies)
        .values({ tenantId, workflowKey, policy: override, updatedAt: now() })
        .onConflictDoUpdate({
          target: [governancePolicies.tenantId, governancePolicies.workflowKey],
          set: { policy: override, updatedAt: now() },
        });
    },
    async workflowOverride(tenantId, workflowKey) {
      if (!workflowKey) return null;
      const [row] = await db
        .select({ policy: governancePolicies.policy })
        .from(governancePolicies)
        .where(
          and(eq(governancePolicies.tenantId, tenantId), eq(governancePolicies.workflowKey, workflowKey)),
        );
      return row ? GovernanceOverride.parse(row.policy) : null;
    },
    effectivePolicy,
    suppress: (scope, entries) => upsertSuppressions(scope, 'suppression', '*', entries),
    unsuppress: (scope, entries) => deleteEntries(scope, 'suppression', '*', entries),
    listSuppressions,
    async importSuppressions(scope, csv) {
      const lines = csv.split(/\r?\n/).map((l) => l.trim());
      const issues: { path: string; message: string }[] = [];
      const entries: SuppressionEntry[] = [];
      lines.forEach((line, i) => {
        if (line === '' || (i === 0 && /^kind\s*,/i.test(line))) return;
        const [kind = '', value = '', ...rest] = line.split(',');
        const parsed = SuppressionEntry.safeParse({
          kind: kind.trim(),
          value,
          reason: rest.join(',').trim() || null,
        });
        if (parsed.success) entries.push(parsed.data);
        else
          issues.push({
            path: `line ${i + 1}`,
            message: parsed.error.issues.map((x) => x.message).join('; '),
          });
      });
      if (issues.length > 0) throw new GovernanceInputError('Invalid suppression import', issues);
      return upsertSuppressions(scope, 'suppression', '*', entries);
    },
    async exportSuppressions(scope) {
      const rows = await listSuppressions(scope);
      const lines = rows.map((r) => `${r.kind},${r.value},${(r.reason ?? '').replace(/[\r\n,]/g, ' ')}`);
      return `${['kind,value,reason', ...lines].join('\n')}\n`;
    },
    async unsubscribe(tenantId, contact, channel, reason) {
      const entries = contactEntries(contact).map((e) => ({ ...e, reason: reason ?? 'unsubscribed' }));
      if (entries.length === 0)
        throw new GovernanceInputError('Invalid unsubscribe', [{ path: '', message: 'no identifier given' }]);
      await upsertSuppressions({ tenantId }, 'unsubscribe', channel, entries);
    },
    async resubscribe(tenantId, contact, channel) {
      await deleteEntries({ tenantId }, 'unsubscribe', channel, contactEntries(contact));
    },
    async observeEvent(event) {
      const purchase = event.type === 'order.created' || event.type === 'order.paid';
      if (!purchase && event.type !== 'order.refunded') return;
      const order = event.data as { id?: unknown; customerId?: unknown };
      if (typeof order.id !== 'string' || typeof order.customerId !== 'string') return;
      await upsertSignal({
        tenantId: event.tenantId,
        kind: purchase ? 'purchase' : 'refund',
        ref: order.id,
        customerId: order.customerId,
        occurredAt: new Date(event.occurredAt),
      });
    },
    async openSupportCase(tenantId, input) {
      await db
        .insert(governanceSignals)
        .values({
          tenantId,
          kind: 'support_case',
          ref: input.caseId,
          customerId: input.customerId,
          occurredAt: input.openedAt ?? now(),
        })
        .onConflictDoUpdate({
          target: [governanceSignals.tenantId, governanceSignals.kind, governanceSignals.ref],
          set: { closedAt: null },
        });
    },
    async closeSupportCase(tenantId, caseId, closedAt) {
      const rows = await db
        .update(governanceSignals)
        .set({ closedAt: closedAt ?? now() })
        .where(
          and(
            eq(governanceSignals.tenantId, tenantId),
            eq(governanceSignals.kind, 'support_case'),
            eq(governanceSignals.ref, caseId),
          ),
        )
        .returning();
      const row = rows[0];
      return row
        ? { caseId: row.ref, customerId: row.customerId, openedAt: row.occurredAt, closedAt: row.closedAt }
        : null;
    },
    async promoPressure(tenantId, customerKey, window) {
      const span = window ?? (await effectivePolicy(tenantId)).promoPressure.window;
      return countMessages(db, tenantId, customerKey, new Date(now().getTime() - durationMs(span)), {
        promoOnly: true,
      });
    },
    async check(message, kind) {
      const contacts = await contactsOf(message);
      return db.transaction((tx) => decide(tx, message, kind, { contacts }));
    },
    contacts: contactsOf,
    async messages(tenantId, filter = {}) {
      const rows = await db
        .select()
        .from(messageLog)
        .where(
          and(
            eq(messageLog.tenantId, tenantId),
            ...(filter.customerKey ? [eq(messageLog.customerKey, filter.customerKey)] : []),
            ...(filter.runId ? [eq(messageLog.runId, filter.runId)] : []),
          ),
        )
        .orderBy(sql`${messageLog.createdAt} desc`, sql`${messageLog.id} desc`);
      return rows.map(toRecord);
    },
    decide,
  };
  return gate;
}

/** Rows of a governed channel due for delivery (delayed by quiet hours), oldest first. */
export function dueScheduledCondition(channelName: string, at: Date) {
  return and(
    eq(messageLog.status, 'scheduled'),
    eq(messageLog.channelName, channelName),
    lte(messageLog.deliverAt, at),
  );
}

import { type EventEnvelope, ID_PREFIX, newId, parseEvent } from '@cartwire/model';
import { createJobQueue, type Db, type Job, workflowRuns, workflowStepEvents } from '@cartwire/storage';
import { and, asc, desc, eq, gte, inArray, or, sql } from 'drizzle-orm';
import type { Condition } from '../definition/condition';
import {
  type Action,
  assertNever,
  type EventMatch,
  type NodeOf,
  type WorkflowDefinition,
  type WorkflowEventRule,
  type WorkflowNode,
} from '../definition/workflow-definition';
import {
  AutomationError,
  NoActionHandlerError,
  NoChannelError,
  RunNotFoundError,
  SendRefusedError,
  StepFailedError,
} from '../errors';
import { customerOfEvent, type EvaluationContext, recordsOfEvent } from '../evaluate/context';
import { decideEntry, triggerOf } from '../evaluate/entry';
import { evaluateCondition, resolveKey } from '../evaluate/evaluate-condition';
import { itemVariantIds, liveCheckFailure, priceSnapshot } from '../evaluate/live-checks';
import type { MetricName } from '../evaluate/metrics';
import { decideStep } from '../evaluate/plan';
import { assignArm, HOLDOUT_ARM } from '../experiments/assignment';
import type { ActionHandlers, ActionTarget, Channel, StepOrigin } from './channels';
import { loadEntryContext, loadVariants } from './entry-context';
import type { LiveData, RefreshableEntity } from './live-data';
import { createWorkflowStore, type WorkflowStore } from './workflow-store';

export const WORKFLOW_QUEUE = 'workflow.step';

export type RunArm = 'holdout' | 'treatment';

/**
 * The arm a customer's run of a workflow takes: deterministic in (workflow key, customer key), so the same
 * customer is held out on every entry, in every process, without storing anything first.
 */
export function runArmOf(definition: WorkflowDefinition, customerKey: string): RunArm {
  const share = definition.holdout?.share ?? 0;
  if (share === 0) return 'treatment';
  const arm = assignArm(definition.key, customerKey, [{ key: 'treatment', weight: 1 }], {
    holdoutShare: share,
  });
  return arm === HOLDOUT_ARM ? 'holdout' : 'treatment';
}

export type RunStatus = 'active' | 'waiting' | 'completed' | 'converted' | 'exited' | 'parked' | 'cancelled';
const OPEN: RunStatus[] = ['active', 'waiting'];

/** Ids of the run's records and what it decided so far; kept on the run row, never in queue payloads. */
interface RunRefs {
  customerId: string | null;
  cartId: string | null;
  orderId: string | null;
  variantId: string | null;
  productId: string | null;
  /** Prices of the run's variants at entry, for `price_not_increased`. */
  entryPrices: Record<string, string>;
  /** Split arms taken, by split node id. */
  variants: Record<string, string>;
}

export interface RunRecord {
  id: string;
  tenantId: string;
  storeId: string;
  workflowId: string;
  version: number;
  triggerEventId: string;
  correlationKey: string;
  customerKey: string | null;
  /** `holdout` when the workflow's holdout drew this customer: sends are recorded, not delivered. */
  arm: RunArm;
  status: RunStatus;
  currentNode: string | null;
  waitingEventType: string | null;
  wakeAt: Date | null;
  endReason: string | null;
  variants: Record<string, string>;
  enteredAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export interface StepEventRecord {
  seq: number;
  nodeId: string | null;
  nodeType: string | null;
  /**
   * `entered`, `passed`, `waiting`, `resumed`, `event_received`, `timed_out`, `branched`, `assigned`, `sent`,
   * `held_out` (a holdout run's send, recorded and not delivered), `acted`, `blocked`, `failed`, `parked`,
   * `completed`, `converted`, `exited`, `cancelled`, and `refresh_failed` (a stale record could not be
   * refreshed before a send; the stored copy was used).
   */
  outcome: string;
  branch: string | null;
  variant: string | null;
  reason: string | null;
  detail: Record<string, unknown> | null;
  at: Date;
  workflowId: string;
  version: number;
}

export interface HandleEventResult {
  /** Runs this event started. */
  started: string[];
  /** Workflows it did not start, with why (`filter`, `reentry`, `no_correlation_key`, `duplicate`). */
  skipped: { workflowId: string; reason: string }[];
  /** Waiting runs it resumed. */
  resumed: string[];
  /** Runs it ended through a goal (`converted`) or an exit event (`exited`). */
  ended: { runId: string; status: 'converted' | 'exited'; reason: string }[];
}

export interface RetryOptions {
  /**
   * Attempts of a failing send or action before the run is parked.
   * @default 5
   */
  maxAttempts?: number;
  /** @default 30_000 */
  baseMs?: number;
  /** @default 3_600_000 */
  maxMs?: number;
}

export interface WorkflowRuntimeOptions {
  db: Db;
  liveData: LiveData;
  /** Channels by `name`; a send node names one. */
  channels: readonly Channel[];
  actions?: ActionHandlers;
  /** Clock for run times and timers (tests move it instead of sleeping). @default () => new Date() */
  now?: () => Date;
  /** @default a random id per runtime */
  workerId?: string;
  /** @default 60_000 */
  leaseMs?: number;
  /**
   * Claimed jobs advanced at once by this runtime. Each run still moves only through conditional `seq`
   * transitions, so two jobs of one run cannot both act. Raise it on a Postgres server (each lane uses a
   * pooled connection; 4 lanes roughly doubled wake-ups per second in the bench); keep 1 on PGlite, whose
   * single connection would run one lane's statements inside another's transaction.
   * @default 1
   */
  concurrency?: number;
  /** Jobs claimed per poll. @default 50 */
  claimBatch?: number;
  /**
   * How long a `liveData.refresh` may take before a send goes on with the stored copy (recorded as a
   * `refresh_failed` step).
   * @default 5_000
   */
  refreshTimeoutMs?: number;
  retry?: RetryOptions;
  /**
   * Segment membership of a customer among the ids asked, once segments exist (issue 10). Without it a
   * condition on a segment parks the run with `segments_unavailable`.
   */
  segments?: (
    tenantId: string,
    customerId: string,
    segmentIds: readonly string[],
  ) => Promise<ReadonlySet<string>>;
  /** @default createWorkflowStore(db) */
  store?: WorkflowStore;
}

export interface WorkflowRuntime {
  readonly store: WorkflowStore;
  /**
   * Feeds one event: ends runs whose goal or exit event it is, resumes runs waiting for it, and starts
   * runs of active workflows it triggers. Idempotent: the same event again changes nothing.
   * @throws InvalidEventError when it is not a valid event.
   */
  handleEvent(event: unknown): Promise<HandleEventResult>;
  /** Claims due step jobs (timers, new runs, retries) and advances their runs. @returns jobs handled */
  runDue(limit?: number): Promise<number>;
  /** `runDue` until nothing is due at the current clock. */
  drain(): Promise<number>;
  /** Polls for due work every `pollMs` until `stop()`. */
  start(options?: { pollMs?: number }): void;
  stop(): Promise<void>;
  getRun(tenantId: string, runId: string): Promise<{ run: RunRecord; steps: StepEventRecord[] } | null>;
  listRuns(
    tenantId: string,
    workflowId: string,
    options?: { limit?: number; status?: RunStatus },
  ): Promise<RunRecord[]>;
  /** @throws RunNotFoundError */
  cancelRun(tenantId: string, runId: string): Promise<RunRecord>;
}

type RunRow = typeof workflowRuns.$inferSelect;

/**
 * The durable workflow runtime on Postgres: runs are rows, every wake-up (new run, timer, retry) is a job
 * on the shared jobs table carrying `{ runId, seq }` only. A run's `seq` moves with each transition under a
 * conditional update, so a timer that lost the race to an event (or fires twice) does nothing.
 */
export function createWorkflowRuntime(options: WorkflowRuntimeOptions): WorkflowRuntime {
  const { db, liveData } = options;
  const now = options.now ?? (() => new Date());
  const workerId = options.workerId ?? newId('wrk_');
  const leaseMs = options.leaseMs ?? 60_000;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  const refreshTimeoutMs = options.refreshTimeoutMs ?? 5_000;
  const maxAttempts = options.retry?.maxAttempts ?? 5;
  const baseMs = options.retry?.baseMs ?? 30_000;
  const maxMs = options.retry?.maxMs ?? 3_600_000;
  const store = options.store ?? createWorkflowStore(db, { now });
  const queue = createJobQueue(db, { now });
  const channels = new Map(options.channels.map((channel) => [channel.name, channel]));
  const definitions = new Map<string, WorkflowDefinition>();
  /** The row a step's transition just wrote, by run id: the next step starts from it instead of re-reading. */
  const movedTo = new Map<string, RunRow>();

  async function definitionOf(
    tenantId: string,
    workflowId: string,
    version: number,
  ): Promise<WorkflowDefinition> {
    const cacheKey = `${workflowId}@${version}`;
    const cached = definitions.get(cacheKey);
    if (cached) return cached;
    const found = await store.getVersion(tenantId, workflowId, version);
    if (!found) throw new TypeError(`Run references missing version ${version} of ${workflowId}`);
    // Versions are immutable, so caching them is always safe.
    definitions.set(cacheKey, found.definition);
    return found.definition;
  }

  async function wake(tx: Db, run: { id: string; tenantId: string }, seq: number, at: Date, attempt = 1) {
    await createJobQueue(tx, { now }).enqueue({
      queue: WORKFLOW_QUEUE,
      tenantId: run.tenantId,
      payload: { runId: run.id, seq, attempt },
      runAt: at,
      dedupeKey: `workflow:${run.id}:${seq}:${attempt}`,
      maxAttempts: 10,
    });
  }

  async function recordStep(
    tx: Db,
    run: Pick<RunRow, 'id' | 'tenantId' | 'workflowId' | 'version'>,
    seq: number,
    node: WorkflowNode | null,
    outcome: string,
    extra: { branch?: string; variant?: string; reason?: string; detail?: Record<string, unknown> } = {},
  ) {
    await tx.insert(workflowStepEvents).values({
      tenantId: run.tenantId,
      runId: run.id,
      workflowId: run.workflowId,
      version: run.version,
      seq,
      nodeId: node?.id ?? null,
      nodeType: node?.type ?? null,
      outcome,
      branch: extra.branch ?? null,
      variant: extra.variant ?? null,
      reason: extra.reason ?? null,
      detail: extra.detail ?? null,
      at: now(),
    });
  }

  /** Moves a run from `seq` on, or returns false when someone else moved it first. */
  async function transition(tx: Db, run: RunRow, changes: Partial<RunRow>): Promise<boolean> {
    const rows = await tx
      .update(workflowRuns)
      .set({ ...changes, seq: run.seq + 1, updatedAt: now() })
      .where(and(eq(workflowRuns.id, run.id), eq(workflowRuns.seq, run.seq)))
      .returning({ id: workflowRuns.id });
    return rows.length === 1;
  }

  /**
   * `transition` and `recordStep` in one statement (the update in a CTE, the step event inserted from
   * its row): atomic like the transaction they stand for, in one round trip instead of four. Returns the
   * run as it now is, or null when someone else moved it first.
   */
  async function moveAndRecord(
    run: RunRow,
    changes: Partial<RunRow>,
    node: WorkflowNode | null,
    outcome: string,
    extra: { branch?: string; variant?: string; reason?: string; detail?: Record<string, unknown> } = {},
  ): Promise<RunRow | null> {
    const at = now();
    const seq = run.seq + 1;
    const update = db
      .update(workflowRuns)
      .set({ ...changes, seq, updatedAt: at })
      .where(and(eq(workflowRuns.id, run.id), eq(workflowRuns.seq, run.seq)))
      .returning({ id: workflowRuns.id });
    const result = await db.execute(sql`
      with moved as (${update.getSQL()})
      insert into ${workflowStepEvents} (tenant_id, run_id, workflow_id, version, seq, node_id, node_type,
        outcome, branch, variant, reason, detail, at)
      select ${run.tenantId}, moved.id, ${run.workflowId}, ${run.version}::int, ${seq}::int, ${node?.id ?? null},
        ${node?.type ?? null}, ${outcome}, ${extra.branch ?? null}, ${extra.variant ?? null},
        ${extra.reason ?? null}, ${extra.detail ? JSON.stringify(extra.detail) : null}::jsonb,
        ${at.toISOString()}::timestamptz
      from moved
      returning run_id`);
    const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
    return rows.length === 1 ? { ...run, ...changes, seq, updatedAt: at } : null;
  }

  function finishChanges(status: RunStatus, reason: string): Partial<RunRow> {
    return {
      status,
      endReason: reason,
      currentNode: null,
      waitingEventType: null,
      wakeAt: null,
      finishedAt: now(),
    };
  }

  // ---- context ------------------------------------------------------------------------------------

  async function loadContext(
    run: RunRow,
    definition: WorkflowDefinition,
    node: WorkflowNode | null,
  ): Promise<EvaluationContext> {
    const refs = run.refs as unknown as RunRefs;
    const event = run.triggerEvent as EventEnvelope;
    const carried = recordsOfEvent(event);
    const tenant = run.tenantId;
    const [customer, cart, order, variant, product] = await Promise.all([
      refs.customerId ? liveData.customer(tenant, refs.customerId) : null,
      refs.cartId ? liveData.cart(tenant, refs.cartId) : null,
      refs.orderId ? liveData.order(tenant, refs.orderId) : null,
      refs.variantId ? liveData.variant(tenant, refs.variantId) : null,
      refs.productId ? liveData.product(tenant, refs.productId) : null,
    ]);
    // Records not (yet) stored fall back to the copy the trigger event carried.
    const context: EvaluationContext = {
      event,
      customer: customer ?? carried.customer,
      cart: cart ?? carried.cart,
      order: order ?? carried.order,
      variant: variant ?? carried.variant,
      product,
      variants: new Map(),
      now: now(),
    };
    context.variants = await loadVariants(tenant, context, liveData);
    if (node?.type === 'send' && node.recommendations?.strategy === 'cross_sell') {
      context.catalogue = await liveData.catalogue(tenant, run.storeId);
    }
    const segmentIds = segmentsUsed(definition);
    if (segmentIds.length > 0 && options.segments && context.customer) {
      context.segments = await options.segments(tenant, context.customer.id, segmentIds);
    }
    const variantId = context.variant?.id ?? refs.variantId;
    const who = customerOfEvent(event);
    const shopper = {
      customerId: context.customer?.id ?? refs.customerId ?? who.customerId,
      email: context.customer?.email ?? who.email,
    };
    // Intent lookups cost a query each, so only workflows whose conditions read them pay for them.
    if (liveData.waitlisted && variantId && readsMetric(definition, 'shopperOnWaitlist')) {
      context.onWaitlist = await liveData.waitlisted(tenant, variantId, shopper);
    }
    if (liveData.shopperCarts && readsMetric(definition, 'shopperCartHasVariant')) {
      context.shopperCarts = await liveData.shopperCarts(tenant, shopper);
    }
    if (
      liveData.prediction &&
      context.customer &&
      PREDICTION_METRICS.some((m) => readsMetric(definition, m))
    ) {
      context.prediction = await liveData.prediction(tenant, context.customer.id);
    }
    return context;
  }

  /**
   * Before a send or action, refreshes the records its live checks and the flow filter read (the run's
   * cart and order, its variants) through `liveData.refresh`. A refresh that fails or takes longer than
   * `refreshTimeoutMs` leaves the stored copy in use; the step history says so.
   */
  async function refreshStale(
    run: RunRow,
    definition: WorkflowDefinition,
    node: NodeOf<'send'> | NodeOf<'action'>,
  ): Promise<void> {
    const refresh = liveData.refresh;
    if (!refresh || (node.checks.length === 0 && !definition.flowFilter)) return;
    const refs = run.refs as unknown as RunRefs;
    const targets: [RefreshableEntity, string][] = [];
    if (refs.cartId) targets.push(['cart', refs.cartId]);
    if (refs.orderId) targets.push(['order', refs.orderId]);
    if (node.checks.includes('items_in_stock') || node.checks.includes('price_not_increased')) {
      // The variants of the run's items were priced at entry; a variant run has its own.
      const variantIds = new Set(Object.keys(refs.entryPrices));
      if (refs.variantId) variantIds.add(refs.variantId);
      for (const id of variantIds) targets.push(['variant', id]);
    }
    const failures: { entity: RefreshableEntity; id: string; error: string }[] = [];
    await Promise.all(
      targets.map(async ([entity, id]) => {
        try {
          await withTimeout(refresh(run.tenantId, entity, id), refreshTimeoutMs);
        } catch (error) {
          failures.push({ entity, id, error: error instanceof Error ? error.message : String(error) });
        }
      }),
    );
    const [first] = failures;
    if (first) {
      await recordStep(db, run, run.seq, node, 'refresh_failed', {
        reason: `${first.entity} ${first.id}: ${first.error}`,
        detail: { failures },
      });
    }
  }

  // ---- events -------------------------------------------------------------------------------------

  function eventMatches(match: EventMatch, run: RunRow, event: EventEnvelope): boolean {
    if (event.id === run.triggerEventId) return false;
    if (match.by === 'correlation') return resolveKey(eventOnly(event), match.field) === run.correlationKey;
    const who = customerOfEvent(event);
    return run.customerKey !== null && (who.customerId === run.customerKey || who.email === run.customerKey);
  }

  function ruleMatches(rule: WorkflowEventRule | NodeOf<'wait'>['until'], run: RunRow, event: EventEnvelope) {
    if (!('event' in rule) || rule.event !== event.type) return false;
    if (!('match' in rule) || !eventMatches(rule.match, run, event)) return false;
    return !rule.filter || evaluateCondition(rule.filter, eventOnly(event));
  }

  async function openRunsFor(event: EventEnvelope): Promise<RunRow[]> {
    const keys = idLikeValues(event);
    const who = customerOfEvent(event);
    const customerKeys = [who.customerId, who.email].filter((k): k is string => k !== null);
    const byKey = [
      keys.length > 0 ? inArray(workflowRuns.correlationKey, keys) : undefined,
      customerKeys.length > 0 ? inArray(workflowRuns.customerKey, customerKeys) : undefined,
    ].filter((c) => c !== undefined);
    if (byKey.length === 0) return [];
    return db
      .select()
      .from(workflowRuns)
      .where(
        and(eq(workflowRuns.tenantId, event.tenantId), inArray(workflowRuns.status, OPEN), or(...byKey)),
      );
  }

  async function endOrResume(event: EventEnvelope, result: HandleEventResult) {
    for (const run of await openRunsFor(event)) {
      const definition = await definitionOf(run.tenantId, run.workflowId, run.version);
      const goal = definition.goals.find((rule) => ruleMatches(rule, run, event));
      const exitRule = goal ? undefined : definition.exitOn.find((rule) => ruleMatches(rule, run, event));
      if (goal || exitRule) {
        const status = goal ? 'converted' : 'exited';
        const reason = `${goal ? 'goal' : 'exit'}:${(goal ?? exitRule)?.name}`;
        const moved = await db.transaction(async (tx) => {
          if (!(await transition(tx, run, finishChanges(status, reason)))) return false;
          await recordStep(tx, run, run.seq + 1, null, status, { reason, detail: { eventId: event.id } });
          return true;
        });
        if (moved) result.ended.push({ runId: run.id, status, reason });
        continue;
      }
      if (run.status !== 'waiting' || run.waitingEventType !== event.type || !run.currentNode) continue;
      const node = definition.nodes.find((n) => n.id === run.currentNode);
      if (node?.type !== 'wait' || node.until.kind !== 'event' || !ruleMatches(node.until, run, event))
        continue;
      const next = node.next as string;
      const moved = await db.transaction(async (tx) => {
        const changes = {
          status: 'active' as const,
          currentNode: next,
          waitingEventType: null,
          wakeAt: null,
        };
        if (!(await transition(tx, run, changes))) return false;
        await recordStep(tx, run, run.seq + 1, node, 'event_received', { detail: { eventId: event.id } });
        await wake(tx, run, run.seq + 1, now());
        return true;
      });
      if (moved) result.resumed.push(run.id);
    }
  }

  async function start(event: EventEnvelope, result: HandleEventResult) {
    for (const { workflow, version } of await store.activeForTrigger(event.tenantId, event.type)) {
      const definition = version.definition;
      definitions.set(`${workflow.id}@${version.version}`, definition);
      const context = await loadEntryContext(event, liveData, now());
      const customer = context.customer;
      const variant = context.variant;
      const product = context.product;
      const segmentIds = segmentsUsed(definition);
      if (segmentIds.length > 0 && options.segments && customer) {
        context.segments = await options.segments(event.tenantId, customer.id, segmentIds);
      }
      let entry: ReturnType<typeof decideEntry>;
      try {
        entry = decideEntry(definition, context);
      } catch (error) {
        if (error instanceof AutomationError) {
          result.skipped.push({ workflowId: workflow.id, reason: error.code });
          continue;
        }
        throw error;
      }
      if (!entry.entered) {
        result.skipped.push({ workflowId: workflow.id, reason: entry.reason });
        continue;
      }
      const refs: RunRefs = {
        customerId: customer?.id ?? customerOfEvent(event).customerId,
        cartId: context.cart?.id ?? null,
        orderId: context.order?.id ?? null,
        variantId: variant?.id ?? stringField(event, 'variantId'),
        productId: product?.id ?? variant?.productId ?? stringField(event, 'productId'),
        entryPrices: priceSnapshot(context),
        variants: {},
      };
      const trigger = triggerOf(definition);
      const arm = runArmOf(definition, entry.customerKey ?? `correlation:${entry.correlationKey}`);
      const outcome = await db.transaction(async (tx) => {
        const reentryKey = entry.customerKey ?? `correlation:${entry.correlationKey}`;
        // Serializes entries of one customer into one workflow, so two concurrent events cannot both pass
        // the re-entry check.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${workflow.id}:${reentryKey}`}))`);
        if (trigger.reentry.policy !== 'always') {
          const since =
            trigger.reentry.policy === 'once_per'
              ? new Date(now().getTime() - trigger.reentry.days * 86_400_000)
              : new Date(0);
          const [previous] = await tx
            .select({ id: workflowRuns.id, triggerEventId: workflowRuns.triggerEventId })
            .from(workflowRuns)
            .where(
              and(
                eq(workflowRuns.workflowId, workflow.id),
                entry.customerKey
                  ? eq(workflowRuns.customerKey, entry.customerKey)
                  : eq(workflowRuns.correlationKey, entry.correlationKey),
                entry.customerKey && trigger.reentry.per === 'customer_and_correlation'
                  ? eq(workflowRuns.correlationKey, entry.correlationKey)
                  : undefined,
                gte(workflowRuns.enteredAt, since),
              ),
            )
            .orderBy(desc(workflowRuns.enteredAt))
            .limit(1);
          if (previous) return previous.triggerEventId === event.id ? 'duplicate' : 'reentry';
        }
        const at = now();
        const [run] = await tx
          .insert(workflowRuns)
          .values({
            id: newId(ID_PREFIX.run),
            tenantId: event.tenantId,
            storeId: event.storeId,
            workflowId: workflow.id,
            version: version.version,
            triggerEventId: event.id,
            triggerEvent: event,
            correlationKey: entry.correlationKey,
            customerKey: entry.customerKey,
            arm,
            refs: refs as unknown as Record<string, unknown>,
            status: 'active',
            currentNode: trigger.id,
            seq: 0,
            enteredAt: at,
            updatedAt: at,
          })
          .onConflictDoNothing()
          .returning();
        if (!run) return 'duplicate';
        await recordStep(tx, run, 0, trigger, 'entered', {
          detail: { eventId: event.id, correlationKey: entry.correlationKey, arm },
        });
        await wake(tx, run, 0, at);
        return run.id;
      });
      if (outcome === 'duplicate' || outcome === 'reentry')
        result.skipped.push({ workflowId: workflow.id, reason: outcome });
      else result.started.push(outcome);
    }
  }

  // ---- stepping -----------------------------------------------------------------------------------

  async function readRun(runId: string): Promise<RunRow | null> {
    const [row] = await db.select().from(workflowRuns).where(eq(workflowRuns.id, runId));
    return row ?? null;
  }

  async function advance(job: Job): Promise<void> {
    const runId = String(job.payload.runId);
    const seq = Number(job.payload.seq);
    const attempt = Number(job.payload.attempt ?? 1);
    let run = await readRun(runId);
    // Stale wake-ups (a timer after an event resumed the run, a cancelled run) do nothing.
    if (!run || run.seq !== seq || !OPEN.includes(run.status)) return;
    const definition = await definitionOf(run.tenantId, run.workflowId, run.version);
    const byId = new Map(definition.nodes.map((node) => [node.id, node]));

    if (run.status === 'waiting') {
      const waitingAt = run.currentNode ? byId.get(run.currentNode) : undefined;
      const timedOut = waitingAt?.type === 'wait' && waitingAt.until.kind === 'event';
      const changes: Partial<RunRow> = {
        status: 'active',
        waitingEventType: null,
        wakeAt: null,
        ...(timedOut ? { currentNode: (waitingAt as NodeOf<'wait'>).timeoutNext as string } : {}),
      };
      run = await moveAndRecord(
        run,
        changes,
        timedOut ? (waitingAt ?? null) : null,
        timedOut ? 'timed_out' : 'resumed',
      );
      if (!run) return;
    }

    // Runs node after node until the run waits, ends, or another process moves it.
    try {
      for (let steps = 0; steps < 1000 && run && run.status === 'active' && run.currentNode; steps++) {
        const node = byId.get(run.currentNode);
        if (!node) throw new TypeError(`Run ${run.id} is at unknown node ${run.currentNode}`);
        const continued = await step(run, node, definition, attempt);
        if (!continued) return;
        run = movedTo.get(runId) ?? (await readRun(runId));
        movedTo.delete(runId);
      }
    } finally {
      movedTo.delete(runId);
    }
  }

  /** Executes one node. @returns false when the run stopped moving in this job (waits, ends, retries). */
  async function step(
    run: RunRow,
    node: WorkflowNode,
    definition: WorkflowDefinition,
    attempt: number,
  ): Promise<boolean> {
    const refs = run.refs as unknown as RunRefs;
    let context: EvaluationContext;
    let decision: ReturnType<typeof decideStep>;
    try {
      if (node.type === 'send' || node.type === 'action') await refreshStale(run, definition, node);
      context = await loadContext(run, definition, node);
      if (node.type === 'send' || node.type === 'action') {
        const blocked =
          definition.flowFilter && !evaluateCondition(definition.flowFilter, context)
            ? 'flow_filter'
            : (node.checks
                .map((check) => liveCheckFailure(check, context, refs.entryPrices))
                .find((f) => f !== null) ?? null);
        if (blocked) {
          await db.transaction(async (tx) => {
            if (!(await transition(tx, run, finishChanges('exited', blocked)))) return;
            await recordStep(tx, run, run.seq + 1, node, 'blocked', { reason: blocked });
          });
          return false;
        }
      }
      decision = decideStep(node, context, {
        workflowKey: definition.key,
        assignmentKey: run.customerKey ?? run.correlationKey,
      });
      if (decision.kind === 'send' || decision.kind === 'action') {
        const origin: StepOrigin = {
          tenantId: run.tenantId,
          storeId: run.storeId,
          workflowId: run.workflowId,
          workflowKey: definition.key,
          version: run.version,
          runId: run.id,
          nodeId: node.id,
          variants: refs.variants,
          arm: run.arm,
          idempotencyKey: `${run.id}:${run.seq}`,
        };
        if (decision.kind === 'send') {
          const channel = channels.get(decision.message.channel);
          if (!channel) throw new NoChannelError(decision.message.channel);
          const sent = decision;
          if (run.arm === 'holdout' && !channel.recordsHoldout) {
            // Nothing can record it without delivering it: the holdout run moves on as if it had sent.
            return await moveOn(run, node, sent.next, 'held_out', {
              reason: 'holdout',
              detail: { messageId: null, channel: sent.message.channel, template: sent.message.template },
            });
          }
          let result: Awaited<ReturnType<Channel['send']>>;
          try {
            result = await channel.send({ ...decision.message, origin });
          } catch (error) {
            if (!(error instanceof SendRefusedError)) throw error;
            return await moveOn(run, node, sent.next, 'refused', {
              reason: error.reason,
              detail: { messageId: error.messageId, channel: sent.message.channel },
            });
          }
          const heldOut = run.arm === 'holdout' || result.heldOut === true;
          return await moveOn(run, node, sent.next, heldOut ? 'held_out' : 'sent', {
            ...(heldOut ? { reason: 'holdout' } : {}),
            detail: {
              messageId: result.messageId,
              channel: sent.message.channel,
              template: sent.message.template,
              offer: sent.message.offer,
              discountedVariantIds: sent.message.discountedVariantIds,
              recommendedProductIds: sent.message.recommendedProductIds,
            },
          });
        }
        const target: ActionTarget = {
          customerId: context.customer?.id ?? refs.customerId,
          email:
            context.customer?.email ??
            context.cart?.email ??
            context.order?.email ??
            customerOfEvent(context.event).email,
          variantIds: itemVariantIds(context),
          cartId: context.cart?.id ?? null,
          orderId: context.order?.id ?? null,
        };
        const act = decision.action;
        if (run.arm === 'holdout' && reachesCustomer(act)) {
          // Like its sends, a holdout run's outreach is recorded and not carried out, so the holdout
          // measures doing nothing for these customers.
          return await moveOn(run, node, decision.next, 'held_out', {
            reason: 'holdout',
            detail: { action: act.kind },
          });
        }
        const handler = options.actions?.[act.kind] as
          | ((a: typeof act, t: ActionTarget, o: StepOrigin) => Promise<void>)
          | undefined;
        if (!handler) throw new NoActionHandlerError(act.kind);
        await handler(act, target, origin);
        return await moveOn(run, node, decision.next, 'acted', { detail: { action: act.kind } });
      }
    } catch (error) {
      await failStep(run, node, attempt, error);
      return false;
    }

    switch (decision.kind) {
      case 'continue':
        return moveOn(run, node, decision.next, 'passed');
      case 'branch':
        return moveOn(run, node, decision.next, 'branched', { branch: decision.branch });
      case 'variant':
        return moveOn(run, node, decision.next, 'assigned', {
          variant: decision.variant,
          refs: { ...refs, variants: { ...refs.variants, [node.id]: decision.variant } },
        });
      case 'wait':
      case 'wait_event': {
        const until = decision.kind === 'wait' ? decision.until : decision.deadline;
        await db.transaction(async (tx) => {
          const changes: Partial<RunRow> = {
            status: 'waiting',
            wakeAt: until,
            currentNode: decision.kind === 'wait' ? decision.next : node.id,
            waitingEventType: node.type === 'wait' && node.until.kind === 'event' ? node.until.event : null,
          };
          if (!(await transition(tx, run, changes))) return;
          await recordStep(tx, run, run.seq + 1, node, 'waiting', { detail: { until: until.toISOString() } });
          await wake(tx, run, run.seq + 1, until);
        });
        return false;
      }
      case 'exit':
        await moveAndRecord(run, finishChanges('completed', decision.reason), node, 'completed', {
          reason: decision.reason,
        });
        return false;
      default:
        return false;
    }
  }

  async function moveOn(
    run: RunRow,
    node: WorkflowNode,
    next: string,
    outcome: string,
    extra: {
      branch?: string;
      variant?: string;
      reason?: string;
      detail?: Record<string, unknown>;
      refs?: RunRefs;
    } = {},
  ): Promise<boolean> {
    const changes: Partial<RunRow> = {
      currentNode: next,
      ...(extra.refs ? { refs: extra.refs as unknown as Record<string, unknown> } : {}),
    };
    const { refs: _refs, ...stepExtra } = extra;
    const moved = await moveAndRecord(run, changes, node, outcome, stepExtra);
    if (moved) movedTo.set(run.id, moved);
    return moved !== null;
  }

  /** Retries with exponential backoff (same seq, so the same idempotency key), then parks with the reason. */
  async function failStep(run: RunRow, node: WorkflowNode, attempt: number, error: unknown) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const permanent =
      (error instanceof StepFailedError && !error.retryable) ||
      (error instanceof AutomationError && !(error instanceof StepFailedError));
    await db.transaction(async (tx) => {
      if (permanent || attempt >= maxAttempts) {
        if (!(await transition(tx, run, finishChanges('parked', `${node.id}: ${reason}`)))) return;
        await recordStep(tx, run, run.seq + 1, node, 'parked', { reason, detail: { attempt } });
        return;
      }
      await recordStep(tx, run, run.seq, node, 'failed', { reason, detail: { attempt } });
      const delay = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
      await wake(tx, run, run.seq, new Date(now().getTime() + delay), attempt + 1);
    });
  }

  // ---- workers ------------------------------------------------------------------------------------

  async function handleJob(job: Job): Promise<void> {
    try {
      await advance(job);
      await queue.complete(job.id, workerId);
    } catch (error) {
      // An unexpected failure (database down, a bug): the job retries with the queue's backoff.
      await queue.fail(job.id, workerId, error);
    }
  }

  async function runDue(limit = options.claimBatch ?? 50): Promise<number> {
    const jobs = await queue.claim({ queues: [WORKFLOW_QUEUE], workerId, leaseMs, limit });
    // A few lanes take the claimed jobs in claim order, so the earliest due still go first.
    let next = 0;
    const lane = async () => {
      while (next < jobs.length) await handleJob(jobs[next++] as Job);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, lane));
    return jobs.length;
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = true;

  async function toRecord(row: RunRow): Promise<RunRecord> {
    return {
      id: row.id,
      tenantId: row.tenantId,
      storeId: row.storeId,
      workflowId: row.workflowId,
      version: row.version,
      triggerEventId: row.triggerEventId,
      correlationKey: row.correlationKey,
      customerKey: row.customerKey,
      arm: row.arm,
      status: row.status,
      currentNode: row.currentNode,
      waitingEventType: row.waitingEventType,
      wakeAt: row.wakeAt,
      endReason: row.endReason,
      variants: (row.refs as unknown as RunRefs).variants,
      enteredAt: row.enteredAt,
      updatedAt: row.updatedAt,
      finishedAt: row.finishedAt,
    };
  }

  return {
    store,

    async handleEvent(input) {
      const event = parseEvent(input) as EventEnvelope;
      const result: HandleEventResult = { started: [], skipped: [], resumed: [], ended: [] };
      await endOrResume(event, result);
      await start(event, result);
      return result;
    },

    runDue,

    async drain() {
      let total = 0;
      for (;;) {
        const handled = await runDue();
        total += handled;
        if (handled === 0) return total;
      }
    },

    start(startOptions = {}) {
      if (!stopped) return;
      stopped = false;
      const pollMs = startOptions.pollMs ?? 1000;
      const loop = () => {
        if (stopped) return;
        running = runDue().then(
          (handled) => {
            if (!stopped) timer = setTimeout(loop, handled > 0 ? 0 : pollMs);
          },
          () => {
            if (!stopped) timer = setTimeout(loop, pollMs);
          },
        );
      };
      loop();
    },

    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await queue.releaseAll(workerId);
    },

    async getRun(tenantId, runId) {
      const [row] = await db
        .select()
        .from(workflowRuns)
        .where(and(eq(workflowRuns.tenantId, tenantId), eq(workflowRuns.id, runId)));
      if (!row) return null;
      const steps = await db
        .select()
        .from(workflowStepEvents)
        .where(and(eq(workflowStepEvents.tenantId, tenantId), eq(workflowStepEvents.runId, runId)))
        .orderBy(asc(workflowStepEvents.id));
      return {
        run: await toRecord(row),
        steps: steps.map((s) => ({
          seq: s.seq,
          nodeId: s.nodeId,
          nodeType: s.nodeType,
          outcome: s.outcome,
          branch: s.branch,
          variant: s.variant,
          reason: s.reason,
          detail: s.detail ?? null,
          at: s.at,
          workflowId: s.workflowId,
          version: s.version,
        })),
      };
    },

    async listRuns(tenantId, workflowId, listOptions = {}) {
      const rows = await db
        .select()
        .from(workflowRuns)
        .where(
          and(
            eq(workflowRuns.tenantId, tenantId),
            eq(workflowRuns.workflowId, workflowId),
            listOptions.status ? eq(workflowRuns.status, listOptions.status) : undefined,
          ),
        )
        .orderBy(desc(workflowRuns.enteredAt), desc(workflowRuns.id))
        .limit(Math.min(listOptions.limit ?? 50, 500));
      return Promise.all(rows.map(toRecord));
    },

    async cancelRun(tenantId, runId) {
      for (;;) {
        const [row] = await db
          .select()
          .from(workflowRuns)
          .where(and(eq(workflowRuns.tenantId, tenantId), eq(workflowRuns.id, runId)));
        if (!row) throw new RunNotFoundError(runId);
        if (!OPEN.includes(row.status)) return toRecord(row);
        const moved = await db.transaction(async (tx) => {
          if (!(await transition(tx, row, finishChanges('cancelled', 'cancelled')))) return false;
          await recordStep(tx, row, row.seq + 1, null, 'cancelled', { reason: 'cancelled' });
          return true;
        });
        if (moved) {
          const after = await readRun(runId);
          return toRecord(after as RunRow);
        }
      }
    },
  };
}

/** Rejects when `work` has not settled within `ms` (the work itself is not cancelled). */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A context holding only an event, for goal/exit/wait filters and correlation fields. */
function eventOnly(event: EventEnvelope): EvaluationContext {
  return {
    event,
    ...recordsOfEvent(event),
    variants: new Map(),
    now: new Date(event.occurredAt),
  };
}

const ID_LIKE = /^[a-z]{2,4}_[0-9a-z]{8,}$/;

/**
 * Cartwire ids anywhere in the event (three levels deep): the candidates for correlation keys, so one
 * indexed query finds the open runs an event can concern; each rule then checks its own field.
 */
function idLikeValues(event: EventEnvelope): string[] {
  const found = new Set<string>();
  const visit = (value: unknown, depth: number) => {
    if (typeof value === 'string') {
      if (ID_LIKE.test(value)) found.add(value);
    } else if (depth < 4 && value !== null && typeof value === 'object') {
      for (const child of Array.isArray(value) ? value : Object.values(value)) visit(child, depth + 1);
    }
  };
  if (event.entityId) found.add(event.entityId);
  visit(event.data, 0);
  found.delete(event.tenantId);
  found.delete(event.storeId);
  return [...found];
}

function stringField(event: EventEnvelope, name: string): string | null {
  const value = (event.data as Record<string, unknown> | null)?.[name];
  return typeof value === 'string' ? value : null;
}

const metricsRead = new WeakMap<WorkflowDefinition, ReadonlySet<string>>();

/** Whether any condition of the definition reads `metrics.<name>`. */
/**
 * Actions that reach the customer (a webhook that may message them, ads targeting them, a support agent
 * contacting them). Bookkeeping (tags, waitlist marks, removals, catalogue item pauses) runs for every arm.
 */
function reachesCustomer(action: Action): boolean {
  switch (action.kind) {
    case 'webhook':
    case 'support_task':
      return true;
    case 'audience':
      return action.operation === 'add' && action.subject === 'customer';
    case 'tag_customer':
    case 'waitlist':
      return false;
    default:
      return assertNever(action);
  }
}

/** Metrics read from the customer's CLV prediction: one lookup serves them all. */
const PREDICTION_METRICS: readonly MetricName[] = [
  'customerProbabilityAlive',
  'customerExpectedPurchases30',
  'customerExpectedPurchases90',
  'customerExpectedPurchases365',
  'customerPredictedClv',
];

function readsMetric(definition: WorkflowDefinition, name: MetricName): boolean {
  let names = metricsRead.get(definition);
  if (names === undefined) {
    names = new Set(
      [...JSON.stringify(definition).matchAll(/"metrics\.([A-Za-z0-9]+)"/g)].map((m) => m[1] as string),
    );
    metricsRead.set(definition, names);
  }
  return names.has(name);
}

function segmentsUsed(definition: WorkflowDefinition): string[] {
  const ids = new Set<string>();
  const visit = (condition: Condition | undefined) => {
    if (!condition) return;
    if ('all' in condition) condition.all.forEach(visit);
    else if ('any' in condition) condition.any.forEach(visit);
    else if ('not' in condition) visit(condition.not);
    else if ('segment' in condition) ids.add(condition.segment);
  };
  visit(definition.flowFilter);
  for (const node of definition.nodes) {
    if (node.type === 'trigger') visit(node.filter);
    if (node.type === 'condition') for (const branch of node.branches) visit(branch.when);
  }
  return [...ids];
}

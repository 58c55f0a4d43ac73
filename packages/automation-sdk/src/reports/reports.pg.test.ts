import type { Customer } from '@cartwire/model';
import { createEntityRepository, type EntityRepository, messageLog } from '@cartwire/storage';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { asc, eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ATTRIBUTION_WINDOWS } from '../attribution/attribute';
import { defineWorkflow, send, split, wait } from '../definition/builder';
import { experimentResults } from '../experiments/statistics';
import { createGovernanceGate } from '../governance/gate';
import { createGovernedChannel } from '../governance/governed-channel';
import { createMemoryChannel } from '../runtime/channels';
import { createEntityLiveData } from '../runtime/live-data';
import { createWorkflowRuntime, runArmOf, type WorkflowRuntime } from '../runtime/workflow-runtime';
import { customer, event, order, storeId, T0, tenantId, variant } from '../test-fixtures';
import { DAY, ensureTenant, HOUR } from '../test-harness';
import { listAttributions } from './attribution-service';
import { getAttributionSettings, setAttributionSettings } from './attribution-settings';
import { recordInteraction } from './interactions';
import { workflowExperiment, workflowReport } from './workflow-report';

const welcome = defineWorkflow({
  key: 'welcome-ab',
  name: 'Welcome A/B with holdout',
  trigger: { event: 'customer.created', reentry: { policy: 'once' } },
  holdout: { share: 0.5 },
  steps: [
    split(
      [
        { key: 'a', weight: 1, steps: [send({ id: 'hello-a', channel: 'email', template: 'hello-a' })] },
        {
          key: 'b',
          weight: 1,
          // Variant b differs in template (subject line), offer and send time.
          steps: [
            wait.for('PT1H', { id: 'later' }),
            send({
              id: 'hello-b',
              channel: 'email',
              template: 'hello-b',
              offer: { kind: 'percent_off', percent: 10 },
            }),
          ],
        },
      ],
      { id: 'subject' },
    ),
    wait.for('P1D', { id: 'pause' }),
    send({ id: 'tips', channel: 'email', template: 'tips' }),
  ],
});

const shirt = variant('shirt', '40.00', '10.00', 10);
const people: Customer[] = Array.from({ length: 12 }, (_, i) =>
  customer(`p${i}`, {
    email: `p${i}@example.com`,
    // One customer without email consent: every send to them is refused by the gate, in either arm.
    ...(i === 11
      ? {
          marketingConsent: {
            email: { state: 'not_subscribed', source: null, updatedAt: null },
            sms: { state: 'not_subscribed', source: null, updatedAt: null },
          },
        }
      : {}),
  }),
);
const armOf = (c: Customer) => runArmOf(welcome, c.id);
const at = (ms: number) => new Date(Date.parse(T0) + ms);

describe.each(testDatabases())('experiments, attribution and reports on $name', ({ create }) => {
  let database: TestDatabase;
  let entities: EntityRepository;
  let runtime: WorkflowRuntime;
  const clock = { now: new Date(T0) };
  const sink = createMemoryChannel('email');
  let workflowId: string;

  async function placeOrder(externalId: string, who: Customer, total: string, placed: Date) {
    await entities.upsertEntities('order', [
      {
        tenantId,
        entity: order(externalId, [[shirt, Number(total) / 40]], {
          customerId: who.id,
          email: who.email,
          createdAt: placed.toISOString(),
          updatedAt: placed.toISOString(),
          processedAt: placed.toISOString(),
        }),
        raw: {},
      },
    ]);
  }

  beforeEach(async () => {
    clock.now = new Date(T0);
    database = await create();
    await ensureTenant(database);
    await database.db.execute(
      sql`insert into stores (id, tenant_id, platform, name, currency, credentials_key_version, credentials_iv, credentials_tag, credentials_data)
          values (${storeId}, ${tenantId}, 'shopify', 'Demo', 'EUR', 1, 'iv', 'tag', 'data')`,
    );
    entities = createEntityRepository(database.db);
    await entities.upsertEntities(
      'customer',
      people.map((entity) => ({ tenantId, entity, raw: {} })),
    );
    const liveData = createEntityLiveData(entities);
    const now = () => clock.now;
    const gate = createGovernanceGate({ db: database.db, customers: liveData, now });
    await gate.setPolicy(tenantId, { smartSending: { email: null }, quietHours: null });
    runtime = createWorkflowRuntime({
      db: database.db,
      liveData,
      channels: [createGovernedChannel({ gate, channel: sink })],
      now,
    });
    const { workflow } = await runtime.store.create(tenantId, welcome);
    await runtime.store.approve(tenantId, workflow.id, 1);
    await runtime.store.activate(tenantId, workflow.id, 1);
    workflowId = workflow.id;
    for (const person of people) await runtime.handleEvent(event('customer.created', person));
    await runtime.drain();
    clock.now = at(2 * HOUR);
    await runtime.drain();
    clock.now = at(DAY + 3 * HOUR);
    await runtime.drain();
  });

  afterEach(async () => {
    await database?.close();
  });

  const logRows = () =>
    database.db
      .select()
      .from(messageLog)
      .where(eq(messageLog.tenantId, tenantId))
      .orderBy(asc(messageLog.createdAt), asc(messageLog.id));

  it('holds out a deterministic share: same path and gate checks, recorded as held_out, never delivered', async () => {
    const holdout = people.filter((p) => armOf(p) === 'holdout');
    const treated = people.filter((p) => armOf(p) === 'treatment');
    expect(holdout.length).toBeGreaterThan(1);
    expect(treated.length).toBeGreaterThan(1);

    const runs = await runtime.listRuns(tenantId, workflowId, { limit: 100 });
    expect(runs).toHaveLength(12);
    for (const run of runs) {
      const who = people.find((p) => p.id === run.customerKey) as Customer;
      expect(run.arm).toBe(armOf(who));
      // Holdout runs take the split too: the same path, so splits compare against them.
      expect(Object.keys(run.variants)).toEqual(['subject']);
    }

    // Only treated, consenting customers got anything; two messages each (greeting, tips).
    const consenting = (list: Customer[]) => list.filter((p) => p !== people[11]);
    const delivered = new Set(sink.messages.map((m) => m.recipient.customerId));
    expect([...delivered].sort()).toEqual(
      consenting(treated)
        .map((p) => p.id)
        .sort(),
    );
    expect(sink.messages).toHaveLength(consenting(treated).length * 2);

    const rows = await logRows();
    // The split varies subject line (template), offer and send time, for delivered and held-out alike.
    for (const row of rows.filter((r) => r.nodeId?.startsWith('hello-'))) {
      const b = row.variants.subject === 'b';
      expect(row.nodeId).toBe(b ? 'hello-b' : 'hello-a');
      expect(row.template).toBe(b ? 'hello-b' : 'hello-a');
      expect(row.promo).toBe(b);
      expect(row.createdAt).toEqual(b ? at(2 * HOUR) : at(0));
    }
    expect(new Set(rows.map((r) => r.variants.subject))).toEqual(new Set(['a', 'b']));
    const heldOut = rows.filter((r) => r.status === 'held_out');
    expect(heldOut).toHaveLength(consenting(holdout).length * 2);
    for (const row of heldOut) {
      expect(row.arm).toBe('holdout');
      expect(row.decision).toBe('allow');
    }
    // The gate refuses the unconsenting customer in whichever arm (both sends: a refusal skips the step and
    // the run goes on): refusals are the same for both arms.
    const refused = rows.filter((r) => r.status === 'refused');
    expect(refused.map((r) => r.reason)).toEqual(['no_consent', 'no_consent']);
    expect(refused[0]?.arm).toBe(armOf(people[11] as Customer));
    // Every row carries the run's split variant.
    for (const row of rows) {
      const run = runs.find((r) => r.id === row.runId);
      expect(row.variants).toEqual(run?.variants);
    }
    // The step history says the holdout's sends were held out, not sent.
    const holdoutRun = runs.find((r) => r.arm === 'holdout' && r.customerKey !== people[11]?.id);
    const history = await runtime.getRun(tenantId, holdoutRun?.id as string);
    expect(history?.steps.filter((s) => s.nodeType === 'send').map((s) => s.outcome)).toEqual([
      'held_out',
      'held_out',
    ]);
    expect(history?.run.status).toBe('completed');

    // Held-out rows never count toward caps: a cap of 1 email a day still lets a holdout customer's
    // next message through the gate.
    const gate = createGovernanceGate({
      db: database.db,
      customers: createEntityLiveData(entities),
      now: () => clock.now,
    });
    await gate.setPolicy(tenantId, {
      smartSending: { email: null },
      quietHours: null,
      caps: [{ channels: ['email'], max: 1, window: 'P1D' }],
    });
    const someone = holdout.find((p) => p !== people[11]) as Customer;
    const check = await gate.check(
      {
        channel: 'email',
        template: 'x',
        offer: { kind: 'none' },
        discountedVariantIds: null,
        recommendedProductIds: [],
        recipient: { customerId: someone.id, email: someone.email, phone: null },
        subject: { cartId: null, orderId: null, variantId: null, productId: null },
        origin: {
          tenantId,
          storeId,
          workflowId,
          workflowKey: 'welcome-ab',
          version: 1,
          runId: 'run_x',
          nodeId: 'x',
          variants: {},
          idempotencyKey: 'cap-check',
        },
      },
      'email',
    );
    expect(check).toEqual({ decision: 'allow' });
  });

  it('records opens and clicks of delivered messages only, and credits orders to the latest touch', async () => {
    const rows = await logRows();
    const [clicker, opener, silent] = people.filter((p) => armOf(p) === 'treatment' && p !== people[11]);
    const holdoutPerson = people.find((p) => armOf(p) === 'holdout' && p !== people[11]) as Customer;
    const firstOf = (who: Customer | undefined) =>
      rows.find((r) => r.customerId === who?.id && r.status === 'sent') as (typeof rows)[number];

    // Ada clicks her greeting 2 h in; the opener only opens. A held-out message cannot be interacted with.
    const clicked = await recordInteraction(database.db, {
      tenantId,
      messageId: firstOf(clicker).id,
      interaction: 'clicked',
      source: 'api',
      at: at(2 * HOUR),
      recordedAt: at(2 * HOUR),
    });
    expect(clicked.recorded).toBe(true);
    await recordInteraction(database.db, {
      tenantId,
      // The idempotency key a `message.requested` event carried names the message too.
      messageId: firstOf(opener).idempotencyKey,
      interaction: 'opened',
      source: 'api',
      at: at(3 * HOUR),
      recordedAt: at(3 * HOUR),
    });
    const heldOutRow = rows.find((r) => r.customerId === holdoutPerson.id && r.status === 'held_out');
    expect(
      await recordInteraction(database.db, {
        tenantId,
        messageId: heldOutRow?.id as string,
        interaction: 'opened',
        source: 'api',
        at: at(HOUR),
        recordedAt: at(HOUR),
      }),
    ).toEqual({ recorded: false, reason: 'message_not_delivered', status: 'held_out' });
    expect(
      await recordInteraction(database.db, {
        tenantId: 'ten_test0othertenant',
        messageId: firstOf(clicker).id,
        interaction: 'opened',
        source: 'api',
        at: at(HOUR),
        recordedAt: at(HOUR),
      }),
    ).toEqual({ recorded: false, reason: 'message_not_found' });

    await placeOrder('o-click', clicker as Customer, '80', at(5 * HOUR));
    await placeOrder('o-open', opener as Customer, '40', at(4 * DAY));
    // Six days after the open: outside the 5-day email window.
    await placeOrder('o-late', opener as Customer, '40', at(9 * DAY));
    // Received but never opened: the default windows credit nothing for mere receipt.
    await placeOrder('o-silent', silent as Customer, '120', at(6 * HOUR));

    const window = { tenantId, from: at(0), to: at(30 * DAY), windows: DEFAULT_ATTRIBUTION_WINDOWS };
    const attributed = await listAttributions(database.db, window);
    expect(
      attributed.map((a) => [a.orderName, a.interaction, a.message.nodeId, a.message.arm, a.lagMs]),
    ).toEqual([
      ['#o-open', 'opened', firstOf(opener).nodeId, 'treatment', 4 * DAY - 3 * HOUR],
      ['#o-click', 'clicked', firstOf(clicker).nodeId, 'treatment', 3 * HOUR],
    ]);
    expect(attributed[1]?.message).toMatchObject({
      id: firstOf(clicker).id,
      workflowId,
      variants: firstOf(clicker).variants,
    });
    expect(attributed[1]?.total).toEqual({ amount: '80.00', currency: 'EUR' });

    // A tenant that credits receipt for a day: the silent customer's order now goes to the greeting.
    expect((await getAttributionSettings(database.db, tenantId)).isDefault).toBe(true);
    await setAttributionSettings(
      database.db,
      tenantId,
      { windows: { email: { received: 'P1D', opened: 'P5D', clicked: 'P5D' } } },
      clock.now,
    );
    const settings = await getAttributionSettings(database.db, tenantId);
    const withReceipt = await listAttributions(database.db, { ...window, windows: settings.windows });
    expect(withReceipt.find((a) => a.orderName === '#o-silent')).toMatchObject({ interaction: 'received' });
    // Paging: newest first, continuing after the last order seen.
    const first = await listAttributions(database.db, { ...window, windows: settings.windows, limit: 1 });
    const rest = await listAttributions(database.db, {
      ...window,
      windows: settings.windows,
      after: { placedAt: first[0]?.placedAt as Date, orderId: first[0]?.orderId as string },
    });
    expect([...first, ...rest].map((a) => a.orderName)).toEqual(withReceipt.map((a) => a.orderName));
    // Another workflow's filter finds nothing.
    expect(await listAttributions(database.db, { ...window, workflowId: 'wf_other' })).toEqual([]);
  });

  it('reports per arm, variant and node, and the experiment matches the statistics of the counts', async () => {
    const treated = people.filter((p) => armOf(p) === 'treatment');
    const holdout = people.filter((p) => armOf(p) === 'holdout');
    // Two treated customers and one holdout customer order within the 7-day conversion window; one treated
    // customer orders after it, and one orders before entering: neither converts.
    await placeOrder('t1', treated[0] as Customer, '80', at(2 * DAY));
    await placeOrder('t1b', treated[0] as Customer, '40', at(3 * DAY));
    await placeOrder('t2', treated[1] as Customer, '120', at(6 * DAY));
    await placeOrder('h1', holdout[0] as Customer, '40', at(DAY));
    await placeOrder('late', treated[2] as Customer, '200', at(8 * DAY));
    await placeOrder('early', holdout[1] as Customer, '200', at(-DAY));

    const query = { tenantId, workflowId, from: at(-HOUR), to: at(HOUR), conversionWindowMs: 7 * DAY };
    const byArm = await workflowReport(database.db, query, 'arm');
    const sendsOf = (list: Customer[]) => list.filter((p) => p !== people[11]).length * 2;
    // Both sends to the unconsenting customer are refused.
    const refusedIn = (arm: string) => (armOf(people[11] as Customer) === arm ? 2 : 0);
    expect(byArm.totals).toMatchObject({
      key: 'all',
      entries: 12,
      holdoutEntries: holdout.length,
      sends: sendsOf(treated),
      heldOut: sendsOf(holdout),
      suppressions: { no_consent: 2 },
      sendEligibilityRate: 22 / 24,
      conversions: 3,
      conversionRate: 3 / 12,
      recoveryRate: null,
      revenue: [{ amount: '280.00', currency: 'EUR' }],
    });
    const treatedRow = byArm.groups.find((g) => g.key === 'treatment');
    const holdoutRow = byArm.groups.find((g) => g.key === 'holdout');
    expect(treatedRow).toMatchObject({
      entries: treated.length,
      conversions: 2,
      revenue: [{ amount: '240.00', currency: 'EUR' }],
      suppressions: refusedIn('treatment') ? { no_consent: 2 } : {},
    });
    expect(holdoutRow).toMatchObject({ entries: holdout.length, conversions: 1, heldOut: sendsOf(holdout) });
    // Incremental revenue: treated revenue minus the holdout's revenue per run times the treated runs.
    const incremental = (240 - (40 / holdout.length) * treated.length).toFixed(2);
    expect(treatedRow?.incrementalRevenue).toEqual([{ amount: incremental, currency: 'EUR' }]);
    expect(byArm.totals.incrementalRevenue).toEqual([{ amount: incremental, currency: 'EUR' }]);
    expect(byArm.totals.revenuePerRun).toEqual([{ amount: (280 / 12).toFixed(2), currency: 'EUR' }]);

    // By node: the sends of each send node, and the runs that reached it.
    const byNode = await workflowReport(database.db, query, 'node');
    const tips = byNode.groups.find((g) => g.key === 'tips');
    expect(tips).toMatchObject({ entries: 12, sends: sendsOf(treated) / 2, heldOut: sendsOf(holdout) / 2 });
    const helloA = byNode.groups.find((g) => g.key === 'hello-a');
    const helloB = byNode.groups.find((g) => g.key === 'hello-b');
    expect((helloA?.entries ?? 0) + (helloB?.entries ?? 0)).toBe(12);

    const byVariant = await workflowReport(database.db, query, 'variant');
    expect(byVariant.groups.map((g) => g.key).sort()).toEqual(
      [helloA ? 'subject:a' : null, helloB ? 'subject:b' : null].filter(Boolean),
    );

    // Last touch credits revenue to messages and steps: with receipt crediting for 7 days, the treated
    // customers' orders go to the latest message they received, the second send ("tips"); the holdout's
    // order has no message to go to (held out), and the late order falls after the period's window.
    const receipt = { email: { received: 'P7D', opened: 'P5D', clicked: 'P5D' } };
    const credited = await workflowReport(database.db, query, 'node', { attributionWindows: receipt });
    expect(credited.totals).toMatchObject({
      attributedOrders: 3,
      attributedRevenue: [{ amount: '240.00', currency: 'EUR' }],
    });
    expect(credited.groups.find((g) => g.key === 'tips')).toMatchObject({
      attributedOrders: 3,
      attributedRevenue: [{ amount: '240.00', currency: 'EUR' }],
    });
    expect(credited.groups.find((g) => g.key === 'hello-a')?.attributedOrders ?? 0).toBe(0);
    expect(byArm.totals.attributedOrders).toBe(0);

    // Runs outside the period are not reported.
    const later = await workflowReport(
      database.db,
      { ...query, from: at(HOUR), to: at(2 * HOUR) },
      'version',
    );
    expect(later.totals.entries).toBe(0);
    expect(later.groups).toEqual([]);

    const experiment = await workflowExperiment(database.db, query);
    expect(experiment.currency).toBe('EUR');
    const main = experiment.experiments.find((e) => e.key === 'holdout');
    const expected = experimentResults([
      { key: 'holdout', recipients: holdout.length, conversions: 1, revenue: 40, revenueSquares: 1600 },
      {
        key: 'treatment',
        recipients: treated.length,
        conversions: 2,
        revenue: 240,
        revenueSquares: 120 * 120 + 120 * 120,
      },
    ]);
    expect(main?.baseline).toBe('holdout');
    expect(main?.arms).toEqual(expected.arms);
    expect(main?.comparisons).toEqual(expected.comparisons);
    expect(main?.comparisons[0]?.verdict).toBe('too_small');
    expect(main?.comparisons[0]?.note).toMatch(/^Too small to conclude: /);
    const splitExperiment = experiment.experiments.find((e) => e.key === 'split:subject');
    expect(splitExperiment?.baseline).toBe('holdout');
    expect(splitExperiment?.arms.reduce((n, a) => n + a.recipients, 0)).toBe(12);
  });

  it('keeps tenants apart', async () => {
    const other = 'ten_test0othertenant';
    const query = { tenantId: other, workflowId, from: at(-HOUR), to: at(HOUR), conversionWindowMs: 7 * DAY };
    expect((await workflowReport(database.db, query, 'arm')).totals.entries).toBe(0);
    expect((await workflowExperiment(database.db, query)).experiments).toEqual([]);
    const elsewhere = {
      tenantId: other,
      from: at(0),
      to: at(30 * DAY),
      windows: DEFAULT_ATTRIBUTION_WINDOWS,
    };
    await placeOrder('x1', people[0] as Customer, '40', at(HOUR));
    expect(await listAttributions(database.db, elsewhere)).toEqual([]);
  });
});

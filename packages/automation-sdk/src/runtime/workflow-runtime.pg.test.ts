import { createEntityRepository, createJobQueue } from '@cartwire/storage';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { action, byCorrelation, byCustomer, defineWorkflow, exit, send, wait } from '../definition/builder';
import { RunNotFoundError, StepFailedError, WorkflowVersionNotApprovedError } from '../errors';
import { cart, customer, event, order, storeId, tenantId, variant } from '../test-fixtures';
import { createHarness, DAY, ensureTenant, HOUR } from '../test-harness';
import type { Channel, OutboundMessage } from './channels';
import { createEntityLiveData, createMemoryLiveData, type LiveData } from './live-data';
import { runArmOf, WORKFLOW_QUEUE } from './workflow-runtime';

const reminder = (template = 'reminder') =>
  defineWorkflow({
    key: `cart-${template}`,
    name: 'Cart reminder',
    trigger: { event: 'cart.abandoned', reentry: { policy: 'once_per', days: 7 } },
    goals: [{ name: 'purchased', event: 'order.created', match: byCustomer }],
    steps: [
      wait.for('PT1H'),
      send({ channel: 'webhook', template, checks: ['cart_not_converted', 'items_in_stock'] }),
      wait.forEvent('cart.converted', {
        match: byCorrelation('event.entityId'),
        timeout: 'PT24H',
        onEvent: [exit('recovered')],
      }),
      send({ channel: 'webhook', template: `${template}-2` }),
    ],
  });

describe.each(testDatabases())('workflow runtime on $name', ({ create }) => {
  // A database per test: every runtime drains the one shared jobs table.
  let database: TestDatabase;
  beforeEach(async () => {
    database = await create();
    await ensureTenant(database);
  });
  afterEach(async () => {
    await database?.close();
  });

  it('never hands a holdout run’s message to a channel that cannot record it without delivering', async () => {
    const h = createHarness(database);
    const welcome = defineWorkflow({
      key: 'welcome-holdout',
      name: 'Welcome',
      trigger: { event: 'customer.created', reentry: { policy: 'once' } },
      holdout: { share: 0.5 },
      steps: [send({ id: 'hello', channel: 'webhook', template: 'hello' })],
    });
    const workflowId = await h.deploy(welcome);
    const people = Array.from({ length: 10 }, (_, i) => customer(`h${i}`));
    h.live.put(tenantId, ...people);
    for (const person of people) await h.feed(event('customer.created', person));
    const runs = await h.runtime.listRuns(tenantId, workflowId, { limit: 50 });
    const held = runs.filter((run) => run.arm === 'holdout');
    expect(held.length).toBeGreaterThan(0);
    expect(held.length).toBeLessThan(10);
    for (const run of runs) expect(run.arm).toBe(runArmOf(welcome, run.customerKey as string));
    // The plain webhook sink got the treated runs' messages only, each carrying the arm.
    expect(h.sink.messages.map((m) => m.recipient.customerId).sort()).toEqual(
      runs
        .filter((run) => run.arm === 'treatment')
        .map((run) => run.customerKey)
        .sort(),
    );
    for (const m of h.sink.messages) expect(m.origin.arm).toBe('treatment');
    const history = await h.runtime.getRun(tenantId, held[0]?.id as string);
    expect(history?.steps.map((s) => [s.outcome, s.reason])).toEqual([
      ['entered', null],
      ['passed', null],
      ['held_out', 'holdout'],
      ['completed', 'completed'],
    ]);
    expect(history?.steps[0]?.detail).toMatchObject({ arm: 'holdout' });
  });

  it('holds out a holdout run’s outreach actions and still does its bookkeeping', async () => {
    const done: string[] = [];
    const record = (kind: string) => async (_a: unknown, target: { customerId: string | null }) => {
      done.push(`${kind}:${target.customerId}`);
    };
    const h = createHarness(database, {
      actions: {
        webhook: record('webhook'),
        support_task: record('support_task'),
        audience: record('audience'),
        tag_customer: record('tag_customer'),
      },
    });
    const outreach = defineWorkflow({
      key: 'outreach-holdout',
      name: 'Outreach',
      trigger: { event: 'customer.created', reentry: { policy: 'once' } },
      holdout: { share: 0.5 },
      steps: [
        action({ kind: 'tag_customer', operation: 'add', tags: ['welcomed'] }),
        action({ kind: 'audience', operation: 'add', audience: 'aud_1', subject: 'customer' }),
        action({ kind: 'support_task', subject: 'Say hello', priority: 'low' }),
        action({ kind: 'webhook', url: 'https://hooks.example/hello' }),
      ],
    });
    const workflowId = await h.deploy(outreach);
    const people = Array.from({ length: 10 }, (_, i) => customer(`o${i}`));
    h.live.put(tenantId, ...people);
    for (const person of people) await h.feed(event('customer.created', person));
    const runs = await h.runtime.listRuns(tenantId, workflowId, { limit: 50 });
    const held = runs.filter((run) => run.arm === 'holdout').map((run) => run.customerKey);
    const treated = runs.filter((run) => run.arm === 'treatment').map((run) => run.customerKey);
    expect(held.length).toBeGreaterThan(0);
    expect(treated.length).toBeGreaterThan(0);
    for (const key of treated) {
      for (const kind of ['tag_customer', 'audience', 'support_task', 'webhook'])
        expect(done).toContain(`${kind}:${key}`);
    }
    for (const key of held) {
      expect(done).toContain(`tag_customer:${key}`);
      expect(done.filter((entry) => entry.endsWith(`:${key}`))).toEqual([`tag_customer:${key}`]);
    }
    const heldRun = runs.find((run) => run.arm === 'holdout');
    const history = await h.runtime.getRun(tenantId, heldRun?.id as string);
    expect(history?.steps.filter((step) => step.outcome === 'held_out').map((step) => step.detail)).toEqual([
      { action: 'audience' },
      { action: 'support_task' },
      { action: 'webhook' },
    ]);
  });

  it('starts one run per trigger event, fires each timer once, and survives a restart', async () => {
    const h = createHarness(database);
    const workflowId = await h.deploy(reminder('restart'));
    const shirt = variant('r1', '30.00', '10.00', 4);
    h.live.put(tenantId, shirt, customer());
    const trigger = event('cart.abandoned', cart('r1', [[shirt, 1]]));
    const first = await h.feed(trigger);
    expect(first.started).toHaveLength(1);
    // The same event redelivered (or replayed) starts nothing.
    expect((await h.feed(trigger)).skipped).toEqual([{ workflowId, reason: 'duplicate' }]);
    // Another event of the same customer within 7 days is a re-entry.
    expect((await h.feed(event('cart.abandoned', cart('r1b', [[shirt, 1]])))).skipped).toEqual([
      { workflowId, reason: 'reentry' },
    ]);

    await h.runtime.drain();
    await h.advance(HOUR / 2);
    expect(h.sink.messages).toHaveLength(0);

    // The first process stops without notice; a new one on the same database takes over the timer.
    const other = h.restart('worker-b');
    h.clock.now = new Date(h.clock.now.getTime() + HOUR / 2);
    await other.drain();
    await h.runtime.drain();
    await other.drain();
    expect(h.sink.messages.map((m) => m.template)).toEqual(['restart']);
    const message = h.sink.messages[0] as OutboundMessage;
    expect(message.recipient.email).toBe('c55@example.com');
    expect(message.origin).toMatchObject({ workflowId, version: 1, runId: first.started[0] });

    const detail = await h.runtime.getRun(tenantId, first.started[0] as string);
    expect(detail?.run).toMatchObject({ status: 'waiting', waitingEventType: 'cart.converted' });
    expect(detail?.steps.map((s) => s.outcome)).toEqual([
      'entered',
      'passed',
      'waiting',
      'resumed',
      'sent',
      'waiting',
    ]);
  });

  it('reads live data from the stored entities: a sold-out item stops the reminder', async () => {
    await database.db.execute(
      sql`insert into stores (id, tenant_id, platform, name, credentials_key_version, credentials_iv, credentials_tag, credentials_data)
          values (${storeId}, ${tenantId}, 'shopify', 'Demo', 1, 'iv', 'tag', 'data')`,
    );
    const entities = createEntityRepository(database.db);
    const stored = variant('e1', '30.00', '10.00', 4);
    const buyer = customer('e1', { email: 'e1@example.com' });
    await entities.upsertEntities('variant', [{ tenantId, entity: stored }]);
    await entities.upsertEntities('customer', [{ tenantId, entity: buyer }]);
    const h = createHarness(database, { liveData: createEntityLiveData(entities) });
    await h.deploy(reminder('stored'));
    const [run] = (
      await h.feed(
        event('cart.abandoned', cart('e1', [[stored, 1]], { customerId: buyer.id, email: buyer.email })),
      )
    ).started;
    const soldOut = { ...stored, inventoryQuantity: 0, updatedAt: '2026-03-02T10:30:00.000Z' };
    await entities.upsertEntities('variant', [{ tenantId, entity: soldOut }]);
    await h.advance(HOUR);
    expect(h.sink.messages).toHaveLength(0);
    expect((await h.runtime.getRun(tenantId, run as string))?.run.endReason).toBe(
      `out_of_stock:${stored.id}`,
    );
  });

  it('refreshes stale records before a send; a failed or slow refresh goes on with the stored copy and says so', async () => {
    const live = createMemoryLiveData();
    const soldOutOnPlatform = variant('r1', '30.00', '10.00', 0);
    const asked: string[] = [];
    const liveData: LiveData = {
      ...live,
      async refresh(tenant, entity, id) {
        asked.push(`${entity}:${id}`);
        // The platform sold r1 out before the store synced; r2's platform is down; r3's never answers.
        if (id === soldOutOnPlatform.id) live.put(tenant, soldOutOnPlatform);
        if (id === variant('r2', '1.00', null, 1).id) throw new Error('platform down');
        if (id === variant('r3', '1.00', null, 1).id) await new Promise(() => {});
      },
    };
    const h = createHarness(database, { liveData, refreshTimeoutMs: 200 });
    await h.deploy(reminder('fresh'));
    const runs: string[] = [];
    for (const n of ['r1', 'r2', 'r3']) {
      const item = variant(n, '30.00', '10.00', 4);
      const shopper = customer(n, { email: `${n}@example.com` });
      live.put(tenantId, item, shopper);
      const [run] = (
        await h.feed(
          event('cart.abandoned', cart(n, [[item, 1]], { customerId: shopper.id, email: shopper.email })),
        )
      ).started;
      runs.push(run as string);
    }
    await h.advance(HOUR);
    expect(asked).toEqual(
      expect.arrayContaining([`cart:${cart('r1', []).id}`, `variant:${soldOutOnPlatform.id}`]),
    );
    const [blocked, failed, slow] = await Promise.all(runs.map((id) => h.runtime.getRun(tenantId, id)));
    expect(blocked?.run.endReason).toBe(`out_of_stock:${soldOutOnPlatform.id}`);
    expect(h.sink.messages.map((m) => m.recipient.email).sort()).toEqual([
      'r2@example.com',
      'r3@example.com',
    ]);
    expect(failed?.steps.find((s) => s.outcome === 'refresh_failed')).toMatchObject({
      nodeType: 'send',
      reason: `variant ${variant('r2', '1.00', null, 1).id}: platform down`,
    });
    expect(slow?.steps.find((s) => s.outcome === 'refresh_failed')?.reason).toBe(
      `variant ${variant('r3', '1.00', null, 1).id}: no answer within 200 ms`,
    );
    expect(blocked?.steps.some((s) => s.outcome === 'refresh_failed')).toBe(false);
  });

  it('picks up a step whose worker died mid-way once its lease expires, sending once', async () => {
    const h = createHarness(database);
    await h.deploy(reminder('lease'));
    const shirt = variant('d1', '30.00', '10.00', 4);
    h.live.put(tenantId, shirt);
    const [run] = (await h.feed(event('cart.abandoned', cart('d1', [[shirt, 1]])))).started;
    h.clock.now = new Date(h.clock.now.getTime() + HOUR);
    // A worker claims the due timer and dies without finishing it.
    const claimed = await createJobQueue(database.db, { now: () => h.clock.now }).claim({
      queues: [WORKFLOW_QUEUE],
      workerId: 'dies',
      leaseMs: 60_000,
    });
    expect(claimed.map((job) => job.payload.runId)).toEqual([run]);
    await h.runtime.drain();
    expect(h.sink.messages).toHaveLength(0);
    await h.advance(61_000);
    expect(h.sink.messages.map((m) => m.template)).toEqual(['lease']);
    await h.advance(61_000);
    expect(h.sink.messages).toHaveLength(1);
  });

  it('matches a wait-until-event by the correlation key only, and takes the timeout otherwise', async () => {
    const h = createHarness(database);
    await h.deploy(reminder('correlate'));
    const shirt = variant('c1', '30.00', '10.00', 4);
    const mine = cart('mine', [[shirt, 1]], { customerId: null, email: 'guest1@example.com' });
    const theirs = cart('theirs', [[shirt, 1]], { customerId: null, email: 'guest2@example.com' });
    const [runA] = (await h.feed(event('cart.abandoned', mine))).started;
    const [runB] = (await h.feed(event('cart.abandoned', theirs))).started;
    await h.advance(HOUR);
    expect(h.sink.messages).toHaveLength(2);

    // Another cart converting resumes nobody else's run.
    const converted = await h.feed(event('cart.converted', { ...mine, status: 'converted' }));
    expect(converted.resumed).toEqual([runA]);
    await h.runtime.drain();
    expect((await h.runtime.getRun(tenantId, runA as string))?.run).toMatchObject({
      status: 'completed',
      endReason: 'recovered',
    });
    await h.advance(24 * HOUR);
    const b = await h.runtime.getRun(tenantId, runB as string);
    expect(b?.run.status).toBe('completed');
    expect(b?.steps.map((s) => s.outcome)).toContain('timed_out');
    expect(h.sink.messages.map((m) => m.template)).toEqual(['correlate', 'correlate', 'correlate-2']);
  });

  it('ends a run on its goal event and re-checks live data before sending', async () => {
    const h = createHarness(database);
    await h.deploy(reminder('live'));
    const shirt = variant('l1', '30.00', '10.00', 4);
    const buyer = customer('77', { email: 'c77@example.com' });
    h.live.put(tenantId, buyer, shirt);
    const theCart = cart('l1', [[shirt, 1]], { customerId: buyer.id, email: buyer.email });
    const [run] = (await h.feed(event('cart.abandoned', theCart))).started;
    const ended = await h.feed(event('order.created', order('o77', [[shirt, 1]], { customerId: buyer.id })));
    expect(ended.ended).toEqual([{ runId: run, status: 'converted', reason: 'goal:purchased' }]);
    await h.advance(HOUR);
    expect(h.sink.messages).toHaveLength(0);

    // Stock gone by send time: the run ends with the reason instead of sending.
    const socks = variant('l2', '5.00', '1.00', 3);
    h.live.put(tenantId, socks);
    const other = customer('78', { email: 'c78@example.com' });
    const [run2] = (
      await h.feed(
        event('cart.abandoned', cart('l2', [[socks, 1]], { customerId: other.id, email: other.email })),
      )
    ).started;
    h.live.put(tenantId, { ...socks, inventoryQuantity: 0 });
    await h.advance(HOUR);
    expect(h.sink.messages).toHaveLength(0);
    expect((await h.runtime.getRun(tenantId, run2 as string))?.run).toMatchObject({
      status: 'exited',
      endReason: `out_of_stock:${socks.id}`,
    });
  });

  it('retries a failing send with backoff under the same idempotency key, then parks with the reason', async () => {
    let calls = 0;
    const keys: string[] = [];
    const flaky: Channel = {
      name: 'webhook',
      async send(message) {
        calls++;
        keys.push(message.origin.idempotencyKey);
        if (message.template === 'always-fails' || calls < 3) throw new StepFailedError('provider 503', true);
        return { messageId: 'm1' };
      },
    };
    const h = createHarness(database, { channels: [flaky], retry: { maxAttempts: 3, baseMs: 60_000 } });
    await h.deploy(
      defineWorkflow({
        key: 'flaky',
        name: 'Flaky',
        trigger: { event: 'customer.created', reentry: { policy: 'always' } },
        steps: [send({ channel: 'webhook', template: 'welcome' })],
      }),
    );
    const [run] = (await h.feed(event('customer.created', customer('90')))).started;
    await h.runtime.drain();
    await h.advance(60_000);
    expect(calls).toBe(2);
    await h.advance(120_000);
    expect(calls).toBe(3);
    expect(new Set(keys).size).toBe(1);
    const done = await h.runtime.getRun(tenantId, run as string);
    expect(done?.run.status).toBe('completed');
    expect(done?.steps.filter((s) => s.outcome === 'failed').map((s) => s.reason)).toEqual([
      'StepFailedError: provider 503',
      'StepFailedError: provider 503',
    ]);

    await h.deploy(
      defineWorkflow({
        key: 'doomed',
        name: 'Doomed',
        trigger: { event: 'customer.updated', reentry: { policy: 'always' } },
        steps: [send({ channel: 'webhook', template: 'always-fails' })],
      }),
    );
    const [doomed] = (await h.feed(event('customer.updated', customer('91')))).started;
    for (let i = 0; i < 4; i++) await h.advance(10 * 60_000);
    expect((await h.runtime.getRun(tenantId, doomed as string))?.run).toMatchObject({
      status: 'parked',
      endReason: 'send-1: StepFailedError: provider 503',
    });
  });

  it('keeps running runs on their version while new runs take the activated one', async () => {
    const h = createHarness(database);
    const v1 = defineWorkflow({
      key: 'versioned',
      name: 'Versioned',
      trigger: { event: 'order.paid', reentry: { policy: 'always' } },
      steps: [wait.for('P1D'), send({ channel: 'webhook', template: 'v1' })],
    });
    const workflowId = await h.deploy(v1);
    const [oldRun] = (await h.feed(event('order.paid', order('v1', [])))).started;
    await h.runtime.drain();
    const v2 = defineWorkflow({
      ...specOf(v1),
      steps: [wait.for('P1D'), send({ channel: 'webhook', template: 'v2' })],
    });
    await h.runtime.store.addVersion(tenantId, workflowId, v2);
    await expect(h.runtime.store.activate(tenantId, workflowId, 2)).rejects.toBeInstanceOf(
      WorkflowVersionNotApprovedError,
    );
    await h.runtime.store.approve(tenantId, workflowId, 2);
    await h.runtime.store.activate(tenantId, workflowId, 2);
    const [newRun] = (await h.feed(event('order.paid', order('v2', [])))).started;
    await h.advance(DAY);
    expect(h.sink.messages.map((m) => [m.origin.runId, m.template, m.origin.version])).toEqual([
      [oldRun, 'v1', 1],
      [newRun, 'v2', 2],
    ]);
  });

  it('cancels a run (its timer then does nothing) and keeps runs of one tenant from another', async () => {
    const h = createHarness(database);
    await h.deploy(
      defineWorkflow({
        key: 'cancel-me',
        name: 'Cancel me',
        trigger: { event: 'order.fulfilled', reentry: { policy: 'always' } },
        steps: [wait.for('PT1H'), send({ channel: 'webhook', template: 'never' })],
      }),
    );
    const [run] = (await h.feed(event('order.fulfilled', order('x1', [])))).started;
    await h.runtime.drain();
    expect(await h.runtime.getRun('ten_someoneelse0000', run as string)).toBeNull();
    await expect(h.runtime.cancelRun('ten_someoneelse0000', run as string)).rejects.toBeInstanceOf(
      RunNotFoundError,
    );
    expect((await h.runtime.cancelRun(tenantId, run as string)).status).toBe('cancelled');
    await h.advance(2 * HOUR);
    expect(h.sink.messages).toHaveLength(0);
  });
});

function specOf(definition: ReturnType<typeof defineWorkflow>) {
  return {
    key: definition.key,
    name: definition.name,
    trigger: { event: 'order.paid' as const, reentry: { policy: 'always' as const } },
  };
}

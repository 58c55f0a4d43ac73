import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineWorkflow, send } from '../definition/builder';
import type { Offer } from '../definition/workflow-definition';
import { createMemoryChannel, type OutboundMessage } from '../runtime/channels';
import { createMemoryLiveData } from '../runtime/live-data';
import { cart, customer, event, order, storeId, T0, tenantId, variant } from '../test-fixtures';
import { createHarness, DAY, ensureTenant, HOUR } from '../test-harness';
import { GovernanceInputError, GovernanceRefusedError } from './errors';
import { createGovernanceGate, type GovernanceGate, type GovernanceGateOptions } from './gate';
import { createGovernedChannel } from './governed-channel';

const otherTenant = 'ten_test0othertenant';
const quiet = { smartSending: { email: null, sms: null, push: null }, quietHours: null };

describe.each(testDatabases())('governance gate on $name', ({ create }) => {
  let database: TestDatabase;
  let clock: { now: Date };
  let gate: GovernanceGate;
  const live = createMemoryLiveData();
  const ada = customer('55', {
    phone: '+49 151 2345678',
    marketingConsent: {
      email: { state: 'subscribed', source: null, updatedAt: null },
      sms: { state: 'subscribed', source: null, updatedAt: null },
    },
  });
  const bob = customer('56', {
    marketingConsent: {
      email: { state: 'subscribed', source: null, updatedAt: null },
      sms: { state: 'not_subscribed', source: null, updatedAt: null },
    },
  });
  live.put(tenantId, ada, bob);

  let seq = 0;
  function message(
    channel: string,
    who = ada,
    overrides: { offer?: Offer; workflowKey?: string; runId?: string; key?: string; tenant?: string } = {},
  ): OutboundMessage {
    seq++;
    return {
      channel,
      template: 'reminder',
      offer: overrides.offer ?? { kind: 'none' },
      discountedVariantIds: null,
      recommendedProductIds: [],
      recipient: { customerId: who.id, email: who.email, phone: who.phone },
      subject: { cartId: null, orderId: null, variantId: null, productId: null },
      origin: {
        tenantId: overrides.tenant ?? tenantId,
        storeId,
        workflowId: `wf_${overrides.workflowKey ?? 'cart'}`,
        workflowKey: overrides.workflowKey ?? 'cart',
        version: 1,
        runId: overrides.runId ?? `run_${seq}`,
        nodeId: 'send-1',
        variants: {},
        idempotencyKey: overrides.key ?? `key_${seq}`,
      },
    };
  }

  async function refusal(promise: Promise<unknown>): Promise<GovernanceRefusedError> {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GovernanceRefusedError);
    return error as GovernanceRefusedError;
  }

  beforeEach(async () => {
    database = await create();
    clock = { now: new Date(T0) };
    gate = createGovernanceGate({ db: database.db, customers: live, now: () => clock.now });
  });
  afterEach(async () => {
    await database?.close();
  });

  function channels() {
    const emailSink = createMemoryChannel('email');
    const smsSink = createMemoryChannel('sms');
    return {
      emailSink,
      smsSink,
      email: createGovernedChannel({ gate, channel: emailSink }),
      sms: createGovernedChannel({ gate, channel: smsSink }),
    };
  }

  it('lets an allowed send through, logs it once per idempotency key and reuses a refusal on retry', async () => {
    await gate.setPolicy(tenantId, quiet);
    const { email, emailSink, sms } = channels();
    const m = message('email');
    const first = await email.send(m);
    const again = await email.send(m);
    expect(again.messageId).toBe(first.messageId);
    expect(emailSink.messages).toHaveLength(1);
    const [row] = await gate.messages(tenantId, { runId: m.origin.runId });
    expect(row).toMatchObject({
      id: first.messageId,
      decision: 'allow',
      status: 'sent',
      channelKind: 'email',
    });
    expect(row?.providerMessageId).toBe(`msg_${m.origin.idempotencyKey}`);

    const refused = message('sms', bob);
    const error = await refusal(sms.send(refused));
    expect(error).toMatchObject({ reason: 'no_address', retryable: false });
    const repeat = await refusal(sms.send(refused));
    expect(repeat.messageLogId).toBe(error.messageLogId);
    expect(await gate.messages(tenantId, { runId: refused.origin.runId })).toHaveLength(1);
  });

  it('requires marketing consent per channel and honours the unsubscribe store', async () => {
    await gate.setPolicy(tenantId, quiet);
    const { email, sms, smsSink } = channels();
    const bobSms = customer('57', { phone: '+4915100000' });
    live.put(tenantId, bobSms);
    const noConsent = await refusal(sms.send(message('sms', bobSms)));
    expect(noConsent.reason).toBe('no_consent');
    expect(noConsent.message).toContain('sms marketing consent is not_subscribed');

    await gate.unsubscribe(tenantId, { email: ' C55@Example.com ' }, 'email');
    expect((await refusal(email.send(message('email')))).reason).toBe('unsubscribed');
    // Unsubscribing from email leaves SMS alone.
    await sms.send(message('sms'));
    expect(smsSink.messages).toHaveLength(1);
    await gate.resubscribe(tenantId, { email: 'c55@example.com' }, 'email');
    await email.send(message('email'));
    // Consent can be switched off for a workflow (e.g. a transactional notice), unsubscribes still apply.
    await gate.setWorkflowOverride(tenantId, 'notice', { consent: { enabled: false } });
    await sms.send(message('sms', bobSms, { workflowKey: 'notice' }));
    expect(smsSink.messages).toHaveLength(2);
  });

  it('refuses suppressed customers from the global and the tenant list, isolated per tenant, with CSV import/export', async () => {
    await gate.setPolicy(tenantId, quiet);
    await gate.setPolicy(otherTenant, quiet);
    const { email, sms } = channels();
    live.put(otherTenant, ada);
    await gate.suppress({ tenantId: otherTenant }, [
      { kind: 'email', value: 'c55@example.com', reason: 'complaint' },
    ]);
    // Another tenant's list does not apply here.
    await email.send(message('email'));
    expect((await refusal(email.send(message('email', ada, { tenant: otherTenant })))).message).toContain(
      'tenant suppression list: complaint',
    );

    await gate.suppress('global', [{ kind: 'phone', value: '+49 (151) 234-5678' }]);
    const global = await refusal(sms.send(message('sms')));
    expect(global).toMatchObject({ reason: 'suppressed' });
    expect(global.message).toContain('phone on the global suppression list');
    expect(await gate.unsuppress('global', [{ kind: 'phone', value: '+491512345678' }])).toBe(1);
    await sms.send(message('sms'));

    const imported = await gate.importSuppressions(
      { tenantId },
      'kind,value,reason\nemail,C56@example.com,bounced hard\ncustomer_id,cus_x1,\n',
    );
    expect(imported).toBe(2);
    expect(await gate.exportSuppressions({ tenantId })).toBe(
      'kind,value,reason\ncustomer_id,cus_x1,\nemail,c56@example.com,bounced hard\n',
    );
    expect((await refusal(email.send(message('email', bob)))).reason).toBe('suppressed');
    const bad = await gate
      .importSuppressions({ tenantId }, 'kind,value\nfax,123\nemail,\n')
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(GovernanceInputError);
    expect((bad as GovernanceInputError).issues.map((i) => i.path)).toEqual(['line 2', 'line 3']);
  });

  it('suppresses after a recent purchase or refund and during an open support case', async () => {
    await gate.setPolicy(tenantId, { ...quiet, suppressAfter: { purchase: 'P3D', refund: 'P14D' } });
    const { email } = channels();
    const shirt = variant('g1', '30.00', '10.00', 3);
    await gate.observeEvent(
      event('order.created', order('g1', [[shirt, 1]], { customerId: ada.id }), { at: T0 }),
    );
    const purchase = await refusal(email.send(message('email')));
    expect(purchase.reason).toBe('recent_purchase');
    // The post-purchase workflow opts out of that rule.
    await gate.setWorkflowOverride(tenantId, 'post-purchase', { suppressAfter: { purchase: null } });
    await email.send(message('email', ada, { workflowKey: 'post-purchase' }));

    clock.now = new Date(clock.now.getTime() + 3 * DAY + HOUR);
    await email.send(message('email'));
    await gate.observeEvent(
      event('order.refunded', order('g1', [[shirt, 1]], { customerId: ada.id }), {
        at: clock.now.toISOString(),
      }),
    );
    expect((await refusal(email.send(message('email')))).reason).toBe('recent_refund');

    await gate.openSupportCase(tenantId, { caseId: 'zd-1', customerId: bob.id });
    expect((await refusal(email.send(message('email', bob)))).reason).toBe('open_support_case');
    await gate.closeSupportCase(tenantId, 'zd-1');
    await email.send(message('email', bob));
    const reasons = (await gate.messages(tenantId)).map((m) => m.reason).filter(Boolean);
    expect(reasons.sort()).toEqual(['open_support_case', 'recent_purchase', 'recent_refund']);
  });

  it('caps per channel, across channels and per workflow over sliding windows', async () => {
    await gate.setPolicy(tenantId, {
      ...quiet,
      caps: [
        { channels: ['sms'], max: 2, window: 'P30D' },
        { channels: 'all', max: 4, window: 'P1D' },
        { channels: ['email'], max: 1, window: 'PT24H', scope: 'workflow', promoOnly: true },
      ],
    });
    const { email, sms } = channels();
    await sms.send(message('sms'));
    clock.now = new Date(clock.now.getTime() + 10 * DAY);
    await sms.send(message('sms'));
    const third = await refusal(sms.send(message('sms')));
    expect(third.reason).toBe('frequency_cap');
    expect(third.message).toContain('at most 2 sms messages per P30D');
    // 30 days after the first, one slot is free again.
    clock.now = new Date(new Date(T0).getTime() + 30 * DAY + HOUR);
    await sms.send(message('sms'));

    const promo: Offer = { kind: 'percent_off', percent: 10 };
    await gate.setPolicy(tenantId, {
      ...quiet,
      doubleDiscount: { enabled: false },
      caps: [
        { channels: 'all', max: 3, window: 'P1D' },
        { channels: ['email'], max: 1, window: 'PT24H', scope: 'workflow', promoOnly: true },
      ],
    });
    await email.send(message('email', ada, { offer: promo, workflowKey: 'a' }));
    const perWorkflow = await refusal(email.send(message('email', ada, { offer: promo, workflowKey: 'a' })));
    expect(perWorkflow.message).toContain('at most 1 promo email messages per PT24H from this workflow');
    // Another workflow is a separate count, and content without an offer is not limited by the promo cap.
    await email.send(message('email', ada, { offer: promo, workflowKey: 'b' }));
    // The sms sent at the start of this day counts across channels: 1 sms + 2 emails = 3.
    const across = await refusal(email.send(message('email', ada, { workflowKey: 'a' })));
    expect(across.message).toContain('at most 3 messages on any channel per P1D');
  });

  it('smart sending skips a channel used recently (16 h email, 24 h SMS by default)', async () => {
    await gate.setPolicy(tenantId, { quietHours: null });
    const { email, sms } = channels();
    await email.send(message('email'));
    await sms.send(message('sms'));
    clock.now = new Date(clock.now.getTime() + 15 * HOUR);
    expect((await refusal(email.send(message('email')))).reason).toBe('smart_sending');
    clock.now = new Date(clock.now.getTime() + 2 * HOUR);
    await email.send(message('email'));
    const smsAgain = await refusal(sms.send(message('sms')));
    expect(smsAgain.message).toContain('a sms message went out within PT24H');
    clock.now = new Date(clock.now.getTime() + 8 * HOUR);
    await sms.send(message('sms'));
  });

  it('delays a send in quiet hours to the next allowed local time and delivers it then, re-checked', async () => {
    await gate.setPolicy(tenantId, { smartSending: { email: null, sms: null, push: null } });
    const { sms, smsSink } = channels();
    // 22:30 in Berlin (CET, UTC+1).
    clock.now = new Date('2026-03-02T21:30:00Z');
    const m = message('sms');
    const { messageId } = await sms.send(m);
    expect(smsSink.messages).toHaveLength(0);
    const [row] = await gate.messages(tenantId, { runId: m.origin.runId });
    expect(row).toMatchObject({
      id: messageId,
      decision: 'delay',
      reason: 'quiet_hours',
      status: 'scheduled',
    });
    expect(row?.deliverAt?.toISOString()).toBe('2026-03-03T07:00:00.000Z');
    // Another send to the same customer in the meantime also waits (caps count the scheduled one).
    const second = message('sms');
    await sms.send(second);
    await gate.unsubscribe(tenantId, { customerId: ada.id }, 'sms');
    await gate.resubscribe(tenantId, { customerId: ada.id }, 'sms');

    clock.now = new Date('2026-03-03T06:59:00Z');
    expect(await sms.deliverDue()).toEqual({ delivered: 0, refused: 0, delayed: 0, failed: 0, heldOut: 0 });
    // The customer unsubscribes one of the two before delivery: re-checked at delivery time.
    await gate.suppress({ tenantId }, [{ kind: 'customer_id', value: ada.id }]);
    clock.now = new Date('2026-03-03T07:00:00Z');
    expect(await sms.deliverDue(1)).toEqual({ delivered: 0, refused: 1, delayed: 0, failed: 0, heldOut: 0 });
    await gate.unsuppress({ tenantId }, [{ kind: 'customer_id', value: ada.id }]);
    expect(await sms.deliverDue()).toEqual({ delivered: 1, refused: 0, delayed: 0, failed: 0, heldOut: 0 });
    expect(smsSink.messages.map((x) => x.origin.idempotencyKey)).toEqual([second.origin.idempotencyKey]);
    const statuses = (await gate.messages(tenantId)).map((x) => `${x.status}:${x.reason}`).sort();
    expect(statuses).toEqual(['refused:suppressed', 'sent:quiet_hours']);
  });

  it('records a holdout run’s message as held_out, also when quiet hours delayed it, and never delivers it', async () => {
    await gate.setPolicy(tenantId, { smartSending: { email: null, sms: null, push: null } });
    const { sms, smsSink } = channels();
    const held = (m: OutboundMessage): OutboundMessage => ({ ...m, origin: { ...m.origin, arm: 'holdout' } });
    // Outside quiet hours: allowed by the gate, recorded, not delivered.
    clock.now = new Date('2026-03-02T10:00:00Z');
    const now = held(message('sms'));
    expect(await sms.send(now)).toMatchObject({ heldOut: true });
    // A retry of the same step finds the same decision.
    expect(await sms.send(now)).toMatchObject({ heldOut: true });
    // In quiet hours: scheduled like any send, then held out when due.
    clock.now = new Date('2026-03-02T21:30:00Z');
    const later = held(message('sms'));
    await sms.send(later);
    clock.now = new Date('2026-03-03T07:00:00Z');
    expect(await sms.deliverDue()).toEqual({ delivered: 0, refused: 0, delayed: 0, failed: 0, heldOut: 1 });
    expect(smsSink.messages).toHaveLength(0);
    const rows = await gate.messages(tenantId);
    expect(rows.map((x) => `${x.status}:${x.decision}`).sort()).toEqual(['held_out:allow', 'held_out:delay']);
    // Held-out messages are not counted: a cap of one SMS a day still lets a treated message through.
    await gate.setPolicy(tenantId, {
      smartSending: { email: null, sms: null, push: null },
      caps: [{ channels: ['sms'], max: 1, window: 'P1D' }],
    });
    await sms.send(message('sms'));
    expect(smsSink.messages).toHaveLength(1);
  });

  it('measures promo pressure, limits it when configured, and allows one active offer across workflows', async () => {
    await gate.setPolicy(tenantId, quiet);
    const { email } = channels();
    const promo: Offer = { kind: 'percent_off', percent: 10 };
    await email.send(message('email', ada, { offer: promo, runId: 'run_a', workflowKey: 'cart' }));
    // The same run may repeat its offer (second reminder); another workflow's offer is refused.
    await email.send(message('email', ada, { offer: promo, runId: 'run_a', workflowKey: 'cart' }));
    const double = await refusal(email.send(message('email', ada, { offer: promo, workflowKey: 'winback' })));
    expect(double.reason).toBe('double_discount');
    expect(double.message).toContain('an offer from workflow cart is still active');
    expect(await gate.promoPressure(tenantId, ada.id)).toBe(2);
    expect(await gate.promoPressure(tenantId, bob.id)).toBe(0);

    clock.now = new Date(clock.now.getTime() + 8 * DAY);
    expect(await gate.promoPressure(tenantId, ada.id)).toBe(0);
    await gate.setPolicy(tenantId, {
      ...quiet,
      promoPressure: { window: 'P30D', max: 2 },
      doubleDiscount: { enabled: false },
    });
    expect(await gate.promoPressure(tenantId, ada.id)).toBe(2);
    const pressure = await refusal(email.send(message('email', ada, { offer: { kind: 'free_shipping' } })));
    expect(pressure.reason).toBe('promo_pressure');
    // Content without a discount still goes out.
    await email.send(message('email'));
  });

  it('rejects an invalid policy with the problem', async () => {
    const error = await gate
      .setPolicy(tenantId, { caps: [{ channels: ['fax'], max: 1, window: 'P1D' }] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(GovernanceInputError);
    expect((error as GovernanceInputError).issues[0]?.path).toBe('caps.0.channels');
    await expect(
      gate.setPolicy(tenantId, {
        quietHours: { start: '25:00', end: '08:00', channels: [], fallbackTimeZone: 'UTC' },
      }),
    ).rejects.toThrow(GovernanceInputError);
  });

  it('never lets two concurrent sends to one customer both pass a cap', async () => {
    await gate.setPolicy(tenantId, { ...quiet, caps: [{ channels: 'all', max: 1, window: 'P1D' }] });
    const peer = await database.openPeer();
    // Both deciders meet inside their transactions (up to 300 ms) before reading anything that counts, so
    // without the per-customer lock both would see zero messages and both pass.
    let waiting: (() => void) | null = null;
    const meet: GovernanceGateOptions['customers'] = {
      async customer(tenant, id) {
        if (waiting) {
          waiting();
          waiting = null;
        } else {
          await new Promise<void>((resolve) => {
            waiting = resolve;
            setTimeout(resolve, 300);
          });
          waiting = null;
        }
        return live.customer(tenant, id);
      },
    };
    try {
      const mainGate = createGovernanceGate({ db: database.db, customers: meet, now: () => clock.now });
      const peerGate = createGovernanceGate({ db: peer.db, customers: meet, now: () => clock.now });
      for (let round = 0; round < 3; round++) {
        const sinkA = createMemoryChannel('email');
        const sinkB = createMemoryChannel('email');
        const a = createGovernedChannel({ gate: mainGate, channel: sinkA });
        const b = createGovernedChannel({ gate: peerGate, channel: sinkB });
        const results = await Promise.allSettled([a.send(message('email')), b.send(message('email'))]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const rejected = results.find((r) => r.status === 'rejected');
        expect((rejected as PromiseRejectedResult).reason).toMatchObject({ reason: 'frequency_cap' });
        expect(sinkA.messages.length + sinkB.messages.length).toBe(1);
        clock.now = new Date(clock.now.getTime() + DAY + 1);
      }
    } finally {
      await peer.close();
    }
  });

  it('parks a workflow run whose send is refused, with the reason, without retrying', async () => {
    await ensureTenant(database);
    const sink = createMemoryChannel('webhook');
    const time = { now: () => new Date(T0) };
    const governedGate = createGovernanceGate({ db: database.db, customers: live, now: () => time.now() });
    const governed = createGovernedChannel({ gate: governedGate, channel: sink, kind: 'email' });
    const h = createHarness(database, { channels: [governed], liveData: live });
    time.now = () => h.clock.now;
    await governedGate.setPolicy(tenantId, quiet);
    await governedGate.unsubscribe(tenantId, { email: ada.email }, 'email');
    const workflowId = await h.deploy(
      defineWorkflow({
        key: 'gov-cart',
        name: 'Governed cart reminder',
        trigger: { event: 'cart.abandoned', reentry: { policy: 'always' } },
        steps: [send({ channel: 'webhook', template: 'reminder' })],
      }),
    );
    const shirt = variant('w1', '30.00', '10.00', 3);
    live.put(tenantId, shirt);
    await h.feed(event('cart.abandoned', cart('w1', [[shirt, 1]], { customerId: ada.id, email: ada.email })));
    await h.feed(event('cart.abandoned', cart('w2', [[shirt, 1]], { customerId: bob.id, email: bob.email })));
    const runs = await h.runtime.listRuns(tenantId, workflowId);
    // A refused send is a skipped step, not a failure: both runs went on to their end.
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed']);
    const adaRun = runs.find((r) => r.customerKey === ada.id);
    const steps = (await h.runtime.getRun(tenantId, adaRun?.id ?? ''))?.steps ?? [];
    expect(steps.find((step) => step.outcome === 'refused')).toMatchObject({ reason: 'unsubscribed' });
    expect(sink.messages.map((m) => m.recipient.customerId)).toEqual([bob.id]);
    const log = await governedGate.messages(tenantId);
    expect(log.map((m) => `${m.status}:${m.reason}`).sort()).toEqual(['refused:unsubscribed', 'sent:null']);
    expect(log.every((m) => m.workflowKey === 'gov-cart' && m.channelName === 'webhook')).toBe(true);
  });
});

import { type EventEnvelope, entityId } from '@cartwire/model';
import { createEntityRepository, createEventLog, type EntityRepository } from '@cartwire/storage';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { branch, defineWorkflow, inSegment, send, when } from '../definition/builder';
import { InvalidSegmentError } from '../errors';
import { createCustomerMetrics } from '../metrics/customer-metrics';
import { createMemoryChannel } from '../runtime/channels';
import { createEntityLiveData } from '../runtime/live-data';
import { createWorkflowRuntime } from '../runtime/workflow-runtime';
import { cart, customer, eur, event, order, product, storeId, T0, tenantId, variant } from '../test-fixtures';
import { ensureTenant } from '../test-harness';
import { compileSegment, validateSegmentRule } from './compile-segment';
import { createSegmentRefresher } from './segment-refresher';
import { createSegmentStore } from './segment-store';

const DAY = 86_400_000;
const daysBefore = (days: number) => new Date(Date.parse(T0) - days * DAY).toISOString();
const tops = entityId('collection', storeId, 'tops');
const shoes = entityId('collection', storeId, 'shoes');
const costed = variant('v1', '50.00', '20.00', 10);
const uncosted = variant('v2', '120.00', null, 10);
const topsProduct = product('pv1', [costed], { collectionIds: [tops] });
const shoesProduct = product('pv2', [uncosted], { collectionIds: [shoes] });
const ada = customer('ada', { email: 'ada@example.com', tags: ['vip'] });
const bob = customer('bob', { email: 'bob@example.com' });
const cy = customer('cy', { email: 'cy@example.com' });

const orders = {
  // Ada: 100 EUR on tops 40 days ago; 120 EUR shoes 5 days ago with a 10 EUR discount and 20 EUR refunded.
  a1: order('a1', [[costed, 2]], {
    customerId: ada.id,
    processedAt: daysBefore(40),
    createdAt: daysBefore(40),
  }),
  a2: order('a2', [[uncosted, 1]], {
    customerId: ada.id,
    processedAt: daysBefore(5),
    createdAt: daysBefore(5),
    totalDiscounts: eur('10.00'),
    totalRefunded: eur('20.00'),
    financialStatus: 'partially_refunded',
  }),
  // Bob: one order 100 days ago.
  b1: order('b1', [[uncosted, 1]], {
    customerId: bob.id,
    processedAt: daysBefore(100),
    createdAt: daysBefore(100),
  }),
  // Cy: only a cancelled order.
  c1: order('c1', [[costed, 1]], {
    customerId: cy.id,
    status: 'cancelled',
    processedAt: daysBefore(3),
    createdAt: daysBefore(3),
  }),
};

describe.each(testDatabases())('customer metrics and segments on $name', ({ create }) => {
  let database: TestDatabase;
  let entities: EntityRepository;
  const clock = { now: new Date(T0) };
  const now = () => clock.now;

  async function append(...list: EventEnvelope[]) {
    await createEventLog(database.db).appendEvents(list);
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
    await entities.upsertEntities('product', [
      { tenantId, entity: topsProduct },
      { tenantId, entity: shoesProduct },
    ]);
    await entities.upsertEntities('variant', [
      { tenantId, entity: costed },
      { tenantId, entity: uncosted },
    ]);
    await entities.upsertEntities(
      'customer',
      [ada, bob, cy].map((entity) => ({ tenantId, entity })),
    );
    await entities.upsertEntities(
      'order',
      Object.values(orders).map((entity) => ({ tenantId, entity })),
    );
    await append(
      ...[ada, bob, cy].map((c) => event('customer.created', c)),
      ...Object.values(orders).map((o) => event('order.created', o, { at: o.createdAt })),
    );
  });
  afterEach(async () => {
    await database?.close();
  });

  it('materializes metrics from the event log and recomputes only the customers new events touch', async () => {
    const metrics = createCustomerMetrics(database.db, { now });
    const first = await metrics.refresh();
    expect(first.events).toBe(7);
    expect(new Set(first.touched.get(tenantId))).toEqual(new Set([ada.id, bob.id, cy.id]));

    const a = await metrics.get(tenantId, ada.id);
    expect(a).toMatchObject({
      ordersCount: 2,
      totalSpent: eur('200.00'),
      averageOrderValue: eur('100.00'),
      refundedAmount: eur('20.00'),
      refundRate: '0.5',
      discountOrderShare: '0.5',
      discountRevenueShare: '0.5',
      marginContributed: eur('60.00'),
      daysSinceLastOrder: 5,
      promoPressure: 0,
      categoryAffinity: [
        { collectionId: shoes, spend: eur('120.00') },
        { collectionId: tops, spend: eur('100.00') },
      ],
    });
    expect(a?.firstOrderAt?.toISOString()).toBe(daysBefore(40));
    expect(a?.lastOrderAt?.toISOString()).toBe(daysBefore(5));
    // Ada outspends and out-orders Bob and ordered more recently.
    expect(a?.rfm).toEqual({ recency: 5, frequency: 5, monetary: 5 });
    const b = await metrics.get(tenantId, bob.id);
    expect(b).toMatchObject({
      ordersCount: 1,
      totalSpent: eur('120.00'),
      marginContributed: null,
      daysSinceLastOrder: 100,
    });
    expect(b?.rfm).toEqual({ recency: 1, frequency: 1, monetary: 1 });
    const c = await metrics.get(tenantId, cy.id);
    expect(c).toMatchObject({ ordersCount: 0, totalSpent: eur('0.00'), averageOrderValue: null, rfm: null });
    expect(await metrics.get('ten_other0tenant', ada.id)).toBeNull();

    // Nothing new: nothing read. Then one order of Bob's: only Bob is recomputed.
    expect((await metrics.refresh()).events).toBe(0);
    clock.now = new Date(Date.parse(T0) + DAY);
    const b2 = order('b2', [[costed, 1]], { customerId: bob.id, processedAt: clock.now.toISOString() });
    await entities.upsertEntities('order', [{ tenantId, entity: b2 }]);
    await append(
      event('order.created', b2),
      event('product.viewed', { shopper: { customerId: ada.id }, productId: costed.productId }),
    );
    const second = await metrics.refresh();
    expect(second.events).toBe(2);
    expect(second.touched.get(tenantId)).toEqual([bob.id]);
    expect((await metrics.get(tenantId, ada.id))?.computedAt.toISOString()).toBe(T0);
    expect(await metrics.get(tenantId, bob.id)).toMatchObject({
      ordersCount: 2,
      daysSinceLastOrder: 0,
      marginContributed: eur('30.00'),
    });
  });

  it('counts discount messages of the message log as promo pressure', async () => {
    const metrics = createCustomerMetrics(database.db, { now });
    await metrics.refresh();
    for (const [i, promo] of [true, true, false].entries()) {
      await database.db.execute(sql`insert into message_log (id, tenant_id, store_id, customer_key, customer_id, channel_kind,
        channel_name, idempotency_key, promo, decision, status, payload, created_at, updated_at)
        values (${`msg_${i}`}, ${tenantId}, ${storeId}, ${ada.id}, ${ada.id}, 'email', 'email', ${`k${i}`}, ${promo}, 'allow', 'sent', '{}'::jsonb,
        ${daysBefore(1)}::timestamptz, ${daysBefore(1)}::timestamptz)`);
    }
    expect((await metrics.get(tenantId, ada.id))?.promoPressure).toBe(2);
    const segments = createSegmentStore(database.db, { now });
    const preview = await segments.preview(tenantId, {
      rule: { field: 'metrics.promoPressure', op: 'gte', value: 2 },
    });
    expect(preview.sample.map((s) => s.customerId)).toEqual([ada.id]);
  });

  it('lists every problem of an invalid rule with its path', () => {
    const problems = validateSegmentRule({
      all: [
        { field: 'metrics.shoeSize', op: 'gt', value: 3 },
        { field: 'metrics.totalSpent', op: 'starts_with', value: '1' },
        { field: 'metrics.ordersCount', op: 'gte', value: 'many' },
        {
          event: {
            type: 'cart.abandoned',
            where: [{ path: 'total.price', op: 'gt', value: 'x' }],
            within: 'P1Y',
          },
        },
        { not: { nope: true } },
      ],
    });
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['unknown_field', 'all.0.field'],
      ['unsupported_op', 'all.1.op'],
      ['invalid_value', 'all.2.value'],
      ['schema', 'all.3.event.within'],
      ['schema', 'all.4.not'],
    ]);
    const eventProblems = validateSegmentRule({
      event: { type: 'cart.abandoned', where: [{ path: 'total.price', op: 'gt', value: 'x' }] },
    });
    expect(eventProblems.map((p) => [p.code, p.path])).toEqual([
      ['unknown_event_path', 'event.where.0.path'],
      ['invalid_value', 'event.where.0.value'],
    ]);
    expect(() => compileSegment({ any: [] }, { tenantId, now: new Date(T0) })).toThrow(InvalidSegmentError);
  });

  it('compiles to one query whose values are all bound parameters', () => {
    const hostile = "x'); drop table customers; --";
    const query = new PgDialect().sqlToQuery(
      compileSegment(
        {
          any: [
            { field: 'customer.email', op: 'eq', value: hostile },
            {
              event: {
                type: 'category.viewed',
                within: 'P7D',
                where: [{ path: 'name', op: 'eq', value: hostile }],
              },
            },
          ],
        },
        { tenantId, now: new Date(T0) },
      ),
    );
    expect(query.sql).not.toContain('drop table');
    expect(query.sql).not.toContain(tenantId);
    expect(query.params).toContain(hostile);
    expect(query.params).toContain(tenantId);
  });

  it('selects customers by event conditions within windows', async () => {
    await createCustomerMetrics(database.db, { now }).refresh();
    await append(
      event(
        'category.viewed',
        { shopper: { customerId: ada.id }, collectionId: tops, name: 'Tops' },
        { at: daysBefore(2), entityId: tops },
      ),
      event(
        'category.viewed',
        { shopper: { customerId: bob.id }, collectionId: tops, name: 'Tops' },
        { at: daysBefore(3), entityId: tops },
      ),
      event(
        'category.viewed',
        { shopper: { customerId: cy.id }, collectionId: shoes, name: 'Shoes' },
        { at: daysBefore(1), entityId: shoes },
      ),
      event('cart.abandoned', cart('k1', [[costed, 3]], { customerId: cy.id, email: cy.email }), {
        at: daysBefore(1),
      }),
      event('cart.abandoned', cart('k2', [[costed, 1]], { customerId: ada.id, email: ada.email }), {
        at: daysBefore(1),
      }),
    );
    const segments = createSegmentStore(database.db, { now });
    const who = async (rule: unknown) =>
      (await segments.preview(tenantId, { rule }, { sampleSize: 10 })).sample.map((s) => s.customerId).sort();

    const viewedTopsNoPurchase = {
      all: [
        {
          event: {
            type: 'category.viewed',
            within: 'P7D',
            where: [{ path: 'collectionId', op: 'eq', value: tops }],
          },
        },
        { not: { event: { type: 'order.created', within: 'P7D' } } },
      ],
    };
    expect(await who(viewedTopsNoPurchase)).toEqual([bob.id]);
    const abandonedAbove100 = {
      event: {
        type: 'cart.abandoned',
        within: 'P30D',
        where: [
          { path: 'total.amount', op: 'gt', value: '100' },
          { path: 'total.currency', op: 'eq', value: 'EUR' },
        ],
      },
    };
    expect(await who(abandonedAbove100)).toEqual([cy.id]);
    const boughtShoesProduct = {
      event: {
        type: 'order.created',
        within: 'P30D',
        where: [{ path: 'lineItems.productId', op: 'eq', value: shoesProduct.id }],
      },
    };
    expect(await who(boughtShoesProduct)).toEqual([ada.id]);
    expect(await who({ field: 'metrics.daysSinceLastOrder', op: 'gte', value: 90 })).toEqual([bob.id]);
    // Cy's order of 3 days ago was cancelled: the event condition sees that it was placed, the metric does not.
    expect(await who({ not: { event: { type: 'order.created', within: 'P90D' } } })).toEqual([bob.id]);
    expect(await who({ field: 'metrics.ordersCount', op: 'eq', value: 0 })).toEqual([cy.id]);
    expect(await who({ event: { type: 'order.created', count: { op: 'gte', value: 2 } } })).toEqual([ada.id]);
    expect(await who({ field: 'customer.tags', op: 'contains', value: 'vip' })).toEqual([ada.id]);
    expect(await who({ field: 'metrics.topCategories', op: 'contains', value: shoes })).toEqual(
      [ada.id, bob.id].sort(),
    );
    expect(await who({ field: 'metrics.totalSpent', op: 'gte', value: '200' })).toEqual([ada.id]);
    expect(await who({ field: 'metrics.lastOrderAt', op: 'within_last', value: 'P30D' })).toEqual([ada.id]);
    expect((await segments.preview('ten_other0tenant', { rule: viewedTopsNoPurchase })).count).toBe(0);
  });

  it('materializes memberships with entered and exited events, and keeps them current from new events', async () => {
    const metrics = createCustomerMetrics(database.db, { now });
    await metrics.refresh();
    const segments = createSegmentStore(database.db, { now });
    const { segment, result } = await segments.create(tenantId, {
      name: 'Big spenders',
      rule: { field: 'metrics.totalSpent', op: 'gte', value: '150' },
    });
    expect(segment.id).toMatch(/^seg_/);
    expect(result).toEqual({ entered: 1, exited: 0, members: 1 });
    expect((await segments.members(tenantId, segment.id)).items.map((m) => m.customerId)).toEqual([ada.id]);
    expect((await segments.segmentsOf(tenantId, ada.id)).map((s) => s.segment.id)).toEqual([segment.id]);
    expect(await segments.membership(tenantId, ada.id, [segment.id, 'seg_unknown'])).toEqual(
      new Set([segment.id]),
    );
    expect(await segments.get('ten_other0tenant', segment.id)).toBeNull();

    const log = createEventLog(database.db);
    const entered = (await log.listEvents({ tenantId, types: ['segment.*'] })).events;
    expect(entered.map((e) => [e.type, e.entityId, (e.data as { segmentId: string }).segmentId])).toEqual([
      ['segment.entered', ada.id, segment.id],
    ]);
    expect(entered[0]?.data).toMatchObject({ segmentName: 'Big spenders', email: 'ada@example.com' });

    // Bob spends 40 more: the refresher recomputes him and re-evaluates only him, at once.
    clock.now = new Date(Date.parse(T0) + DAY);
    const b2 = order('b2', [[costed, 1]], { customerId: bob.id, processedAt: clock.now.toISOString() });
    await entities.upsertEntities('order', [{ tenantId, entity: b2 }]);
    await append(event('order.created', b2));
    // Ada's second order is refunded in full: 100 - 0 + 0 = 100 left.
    const refunded = {
      ...orders.a2,
      totalRefunded: eur('120.00'),
      financialStatus: 'refunded' as const,
      updatedAt: clock.now.toISOString(),
    };
    await entities.upsertEntities('order', [{ tenantId, entity: refunded }]);
    await append(event('order.refunded', refunded));
    const refresher = createSegmentRefresher({
      db: database.db,
      workerId: 'test',
      now,
      metrics,
      segments,
      fullDelayMs: 0,
    });
    const round = await refresher.runOnce();
    expect(round.events).toBe(3); // two orders + the segment.entered event the first materialization wrote
    expect(round.jobs).toBe(1);
    expect((await segments.members(tenantId, segment.id)).items.map((m) => m.customerId)).toEqual([bob.id]);
    const changes = (
      await log.listEvents({ tenantId, types: ['segment.*'], afterSeq: entered.at(-1)?.seq ?? 0 })
    ).events;
    expect(changes.map((e) => [e.type, e.entityId])).toEqual([
      ['segment.entered', bob.id],
      ['segment.exited', ada.id],
    ]);
    expect((await segments.get(tenantId, segment.id))?.memberCount).toBe(1);

    // A rule change is a new version, re-materialized at once; deleting removes the memberships.
    const updated = await segments.update(tenantId, segment.id, {
      rule: { field: 'customer.tags', op: 'contains', value: 'vip' },
    });
    expect(updated.segment.version).toBe(2);
    expect(updated.result).toEqual({ entered: 1, exited: 1, members: 1 });
    const [member] = (await segments.members(tenantId, segment.id)).items;
    const before = (await log.listEvents({ tenantId, types: ['segment.*'], afterSeq: 0, limit: 1000 }))
      .events;
    expect(await segments.delete(tenantId, segment.id)).toBe(true);
    expect(await segments.segmentsOf(tenantId, ada.id)).toEqual([]);
    // The last member leaves with the segment, announced like any other exit.
    const afterDelete = (
      await log.listEvents({ tenantId, types: ['segment.*'], afterSeq: before.at(-1)?.seq ?? 0 })
    ).events;
    expect(afterDelete.map((e) => [e.type, e.entityId, (e.data as { segmentId: string }).segmentId])).toEqual(
      [['segment.exited', member?.customerId, segment.id]],
    );
    expect(await segments.delete(tenantId, segment.id)).toBe(false);
  });

  it('pages members with a cursor', async () => {
    await createCustomerMetrics(database.db, { now }).refresh();
    const segments = createSegmentStore(database.db, { now });
    const { segment } = await segments.create(tenantId, {
      name: 'Everyone',
      rule: { field: 'customer.email', op: 'exists' },
    });
    const first = await segments.members(tenantId, segment.id, { limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await segments.members(tenantId, segment.id, {
      limit: 2,
      cursor: first.nextCursor as string,
    });
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((m) => m.customerId).sort()).toEqual(
      [ada.id, bob.id, cy.id].sort(),
    );
  });

  it('starts a workflow on segment.entered and resolves inSegment conditions against memberships', async () => {
    await createCustomerMetrics(database.db, { now }).refresh();
    const segments = createSegmentStore(database.db, { now });
    const vip = await segments.create(tenantId, {
      name: 'VIP',
      rule: { field: 'customer.tags', op: 'contains', value: 'vip' },
    });
    const channel = createMemoryChannel('webhook');
    const runtime = createWorkflowRuntime({
      db: database.db,
      liveData: createEntityLiveData(entities),
      channels: [channel],
      now,
      segments: segments.membership,
    });
    const welcome = defineWorkflow({
      key: 'lapsed-welcome',
      name: 'Lapsed customers',
      trigger: {
        event: 'segment.entered',
        reentry: { policy: 'once_per', days: 30 },
        filter: { field: 'event.data.segmentName', op: 'eq', value: 'Lapsed' },
      },
      steps: [
        branch(
          [when('vip', inSegment(vip.segment.id), [send({ channel: 'webhook', template: 'vip-winback' })])],
          [send({ channel: 'webhook', template: 'winback' })],
        ),
      ],
    });
    const { workflow } = await runtime.store.create(tenantId, welcome);
    await runtime.store.approve(tenantId, workflow.id, 1);
    await runtime.store.activate(tenantId, workflow.id, 1);

    await segments.create(tenantId, {
      name: 'Lapsed',
      rule: { field: 'metrics.ordersCount', op: 'gte', value: 1 },
    });
    const log = createEventLog(database.db);
    for (const stored of (await log.listEvents({ tenantId, types: ['segment.entered'] })).events) {
      await runtime.handleEvent(stored);
    }
    await runtime.drain();
    const sent = channel.messages.map((m) => [m.recipient.customerId, m.template]).sort();
    expect(sent).toEqual(
      [
        [ada.id, 'vip-winback'],
        [bob.id, 'winback'],
      ].sort(),
    );
  });
});

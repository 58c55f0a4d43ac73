import { entityId, type Variant } from '@cartwire/model';
import { createEventLog } from '@cartwire/storage';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Action } from '../definition/workflow-definition';
import type { ActionTarget } from '../runtime/channels';
import { createMemoryLiveData } from '../runtime/live-data';
import { cart, customer, eur, event, order, product, storeId, T0, tenantId, variant } from '../test-fixtures';
import { createHarness, DAY, ensureTenant, HOUR } from '../test-harness';
import { createWaitlistActionHandler, createWaitlistStore } from '../waitlist/waitlist-store';
import {
  abandonedCartWorkflow,
  backInStockWorkflow,
  browseAbandonmentWorkflow,
  pauseAdsOutOfStockWorkflow,
  postPurchaseWorkflow,
  priceDropWorkflow,
  welcomeWorkflow,
  winBackWorkflow,
} from './seed-workflows';

const viewed = (customerId: string, v: Variant) =>
  event(
    'product.viewed',
    { shopper: { customerId }, productId: v.productId, variantId: v.id },
    { entityId: v.productId },
  );

describe.each(testDatabases())('seed workflows on $name', ({ create }) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await create();
    await ensureTenant(database);
  });
  afterEach(async () => {
    await database?.close();
  });

  it('abandoned cart: VIPs get no discount, high-margin items get a percentage, mid-margin carts free shipping', async () => {
    const h = createHarness(database);
    await h.deploy(abandonedCartWorkflow());
    const premium = variant('hm', '100.00', '30.00', 10); // 70 % margin
    const basic = variant('lm', '20.00', '18.00', 10); // 10 % margin
    const mid = variant('mm', '50.00', '30.00', 10); // 40 % margin
    const vip = customer('1', { tags: ['vip'], email: 'vip@example.com' });
    const regular = customer('2', { email: 'r@example.com' });
    const third = customer('3', { email: 't@example.com' });
    h.live.put(tenantId, premium, basic, mid, vip, regular, third);
    const carts = [
      cart('vip', [[premium, 1]], { customerId: vip.id, email: vip.email }),
      cart(
        'hm',
        [
          [premium, 1],
          [basic, 1],
        ],
        { customerId: regular.id, email: regular.email },
      ),
      cart('mm', [[mid, 1]], { customerId: third.id, email: third.email }),
    ];
    for (const c of carts) await h.feed(event('cart.abandoned', c));
    await h.advance(HOUR - 60_000);
    expect(h.log).toHaveLength(0);
    await h.advance(60_000);
    const first = Object.fromEntries(h.log.map((l) => [l.message.recipient.email, l.message]));
    expect(first['vip@example.com']).toMatchObject({
      template: 'abandoned-cart-vip',
      offer: { kind: 'none' },
    });
    expect(first['r@example.com']).toMatchObject({
      template: 'abandoned-cart-discount',
      offer: { kind: 'percent_off', percent: 10 },
      discountedVariantIds: [premium.id],
      recommendedProductIds: [premium.productId, basic.productId],
    });
    expect(first['t@example.com']).toMatchObject({
      template: 'abandoned-cart-free-shipping',
      offer: { kind: 'free_shipping' },
    });
    expect(h.log.every((l) => l.at === '2026-03-02T11:00:00.000Z')).toBe(true);

    // The VIP buys: their run converts; the others get the last call 24 h after abandonment.
    await h.feed(
      event('cart.converted', {
        ...carts[0],
        status: 'converted',
        convertedOrderId: entityId('order', storeId, 'v'),
      }),
    );
    await h.advance(23 * HOUR);
    expect(h.log.slice(3).map((l) => [l.message.recipient.email, l.template, l.at])).toEqual([
      ['r@example.com', 'abandoned-cart-last-call', '2026-03-03T10:00:00.000Z'],
      ['t@example.com', 'abandoned-cart-last-call', '2026-03-03T10:00:00.000Z'],
    ]);
  });

  it('abandoned cart: conversion and stock are re-checked from live data before each send', async () => {
    const h = createHarness(database);
    await h.deploy(abandonedCartWorkflow());
    const item = variant('s1', '40.00', null, 2);
    const shopper = customer('5', { email: 's@example.com' });
    h.live.put(tenantId, item, shopper);
    const theCart = cart('s1', [[item, 1]], { customerId: shopper.id, email: shopper.email });
    const [run] = (await h.feed(event('cart.abandoned', theCart))).started;
    await h.advance(HOUR);
    expect(h.log.map((l) => l.template)).toEqual(['abandoned-cart']);
    // The cart converted on the platform, but the event has not arrived: the stored cart says so.
    h.live.put(tenantId, {
      ...theCart,
      status: 'converted',
      convertedOrderId: entityId('order', storeId, 's1'),
    });
    await h.advance(23 * HOUR);
    expect(h.log).toHaveLength(1);
    const detail = await h.runtime.getRun(tenantId, run as string);
    expect(detail?.run).toMatchObject({ status: 'exited', endReason: 'flow_filter' });
  });

  it('post-purchase: education, then in-stock cross-sell; return risk goes to support; refunds leave the flow', async () => {
    const tasks: { action: Action; target: ActionTarget }[] = [];
    const h = createHarness(database, {
      actions: {
        support_task: async (action, target) => {
          tasks.push({ action, target });
        },
      },
    });
    await h.deploy(postPurchaseWorkflow());
    const collection = entityId('collection', storeId, 'summer');
    const tee = variant('tee', '25.00', '10.00', 10);
    const shorts = variant('shorts', '35.00', '12.00', 4);
    const soldOut = variant('cap', '15.00', '5.00', 0);
    h.live.put(
      tenantId,
      product('ptee', [tee], { id: tee.productId, collectionIds: [collection] }),
      product('pshorts', [shorts], { id: shorts.productId, collectionIds: [collection] }),
      product('pcap', [soldOut], { id: soldOut.productId, collectionIds: [collection] }),
    );
    const buyer = customer('10', { email: 'b@example.com' });
    h.live.put(tenantId, buyer);
    const paid = order('p1', [[tee, 1]], { customerId: buyer.id, email: buyer.email });
    h.live.put(tenantId, paid);
    await h.feed(event('order.paid', paid));
    await h.advance(2 * DAY);
    await h.advance(7 * DAY);
    expect(h.log.map((l) => [l.template, l.at, l.message.recommendedProductIds])).toEqual([
      ['post-purchase-care', '2026-03-04T10:00:00.000Z', [tee.productId]],
      ['post-purchase-cross-sell', '2026-03-11T10:00:00.000Z', [shorts.productId]],
    ]);

    // Two sizes of the same shirt: likely a return, so support reaches out and no sale follows.
    const size2 = variant('tee-l', '25.00', '10.00', 10, { productId: tee.productId });
    const bracketed = order(
      'p2',
      [
        [tee, 1],
        [size2, 1],
      ],
      { customerId: buyer.id },
    );
    await h.feed(event('order.paid', bracketed));
    expect(tasks).toEqual([
      {
        action: { kind: 'support_task', subject: 'Sizing help before a likely return', priority: 'normal' },
        target: expect.objectContaining({ orderId: bracketed.id, variantIds: [tee.id, size2.id] }),
      },
    ]);

    // Refunded after paying: the run leaves before the education mail.
    const refunded = order('p3', [[shorts, 1]], { customerId: buyer.id });
    const [run] = (await h.feed(event('order.paid', refunded))).started;
    await h.feed(event('order.refunded', { ...refunded, financialStatus: 'refunded' }));
    await h.advance(10 * DAY);
    expect(h.log).toHaveLength(2);
    expect((await h.runtime.getRun(tenantId, run as string))?.run).toMatchObject({
      status: 'exited',
      endReason: 'exit:refunded',
    });
    // An order already refunded when it arrives never starts.
    const late = await h.feed(
      event('order.paid', order('p4', [[shorts, 1]], { financialStatus: 'refunded' })),
    );
    expect(late.skipped.map((s) => s.reason)).toEqual(['filter']);
  });

  it('back in stock: waitlist and cart first, viewers after a delay; urgency when stock is low; subscribers leave the waitlist', async () => {
    const waitlist = createWaitlistStore(database.db, { now: () => h.clock.now });
    const live = createMemoryLiveData();
    const h = createHarness(database, {
      liveData: { ...live, waitlisted: waitlist.isSubscribed },
      actions: { waitlist: createWaitlistActionHandler(waitlist) },
    });
    await h.deploy(backInStockWorkflow({ viewerDelay: 'PT2H' }));
    const boot = variant('boot', '120.00', '60.00', 4);
    const other = variant('other', '10.00', '5.00', 0);
    const subscriber = customer('20', { email: 'w@example.com' });
    const carter = customer('21', { email: 'c@example.com' });
    const viewer = customer('22', { email: 'v@example.com' });
    const buyer = customer('23', { email: 'j@example.com' });
    live.put(tenantId, boot, other, subscriber, carter, viewer, buyer);

    // The cart abandoner put the boot in their cart while it was in stock, and left.
    const added = await h.feed(
      event(
        'cart.item_added',
        { shopper: { customerId: carter.id }, variantId: boot.id, quantity: 1 },
        { entityId: boot.id },
      ),
    );
    expect(added.started).toHaveLength(1);
    live.put(
      tenantId,
      cart('boot', [[boot, 1]], { customerId: carter.id, email: carter.email, status: 'abandoned' }),
    );
    // A view of a variant in stock waits for nothing.
    expect((await h.feed(viewed(viewer.id, boot))).skipped.map((s) => s.reason)).toEqual(['filter']);
    live.put(tenantId, { ...boot, inventoryQuantity: 0 });

    // The subscriber viewed the sold-out boot (as everyone does before "notify me"), then joined the
    // waitlist: one run per shopper and variant, so the subscription starts none, but counts at restock.
    expect((await h.feed(viewed(subscriber.id, boot))).started).toHaveLength(1);
    await waitlist.subscribe({
      tenantId,
      storeId,
      variantId: boot.id,
      productId: boot.productId,
      customerId: subscriber.id,
    });
    // A guest joins by email only: their subscription event starts their run.
    await waitlist.subscribe({
      tenantId,
      storeId,
      variantId: boot.id,
      productId: boot.productId,
      email: 'guest@example.com',
    });
    const { events } = await createEventLog(database.db).listEvents({
      tenantId,
      types: ['waitlist.subscribed'],
    });
    const subscribed = [];
    for (const logged of events) subscribed.push(await h.feed(logged));
    expect(subscribed.map((r) => [r.started.length, r.skipped.map((s) => s.reason)])).toEqual([
      [0, ['reentry']],
      [1, []],
    ]);
    // Viewers: one for the boot and for another sold-out variant (a run each), one who orders meanwhile.
    await h.feed(viewed(viewer.id, boot));
    expect((await h.feed(viewed(viewer.id, other))).started).toHaveLength(1);
    await h.feed(viewed(buyer.id, boot));
    const item = variant('x', '5.00', '1.00', 5);
    await h.feed(event('order.created', order('bis', [[item, 1]], { customerId: buyer.id })));

    const restock = (v: Variant, available: number) =>
      event('product.back_in_stock', {
        productId: v.productId,
        variant: { ...v, inventoryQuantity: available },
        available,
        threshold: 1,
      });
    live.put(tenantId, { ...other, inventoryQuantity: 50 });
    await h.feed(restock(other, 50));
    expect(h.log).toHaveLength(0);
    live.put(tenantId, { ...boot, inventoryQuantity: 3 });
    await h.feed(restock(boot, 3));
    // High intent at once, with urgency (3 left): the subscriber (whose run began as a view), the
    // email-only subscriber and the cart abandoner.
    const recipient = (l: (typeof h.log)[number]) => l.message.recipient.email;
    expect(h.log.map((l) => [l.template, recipient(l)]).sort()).toEqual([
      ['back-in-stock-hurry', 'c@example.com'],
      ['back-in-stock-hurry', 'guest@example.com'],
      ['back-in-stock-hurry', 'w@example.com'],
    ]);
    const listed = await waitlist.list(tenantId, boot.id);
    expect(listed.items.map((sub) => [sub.email ?? sub.customerId, sub.status])).toEqual([
      [subscriber.id, 'notified'],
      ['guest@example.com', 'notified'],
    ]);

    // The viewer waits two hours; stock is still there, so they hear of both variants then.
    await h.advance(2 * HOUR - 60_000);
    expect(h.log).toHaveLength(3);
    await h.advance(60_000);
    expect(
      h.log
        .slice(3)
        .map((l) => [l.template, recipient(l), l.message.subject.variantId, l.at])
        .sort(),
    ).toEqual([
      ['back-in-stock', 'v@example.com', other.id, '2026-03-02T12:00:00.000Z'],
      ['back-in-stock-hurry', 'v@example.com', boot.id, '2026-03-02T12:00:00.000Z'],
    ]);
  });

  it('back in stock: viewers get nothing when the high-intent shoppers bought the restock', async () => {
    const waitlist = createWaitlistStore(database.db, { now: () => h.clock.now });
    const live = createMemoryLiveData();
    const h = createHarness(database, {
      liveData: { ...live, waitlisted: waitlist.isSubscribed },
      actions: { waitlist: createWaitlistActionHandler(waitlist) },
    });
    await h.deploy(backInStockWorkflow());
    const lamp = variant('lamp2', '40.00', '10.00', 0);
    const viewer = customer('30', { email: 'late@example.com' });
    live.put(tenantId, lamp, viewer);
    const [run] = (await h.feed(viewed(viewer.id, lamp))).started;
    live.put(tenantId, { ...lamp, inventoryQuantity: 1 });
    await h.feed(
      event('product.back_in_stock', {
        productId: lamp.productId,
        variant: { ...lamp, inventoryQuantity: 1 },
        available: 1,
        threshold: 1,
      }),
    );
    live.put(tenantId, { ...lamp, inventoryQuantity: 0 });
    await h.advance(2 * HOUR);
    expect(h.log).toHaveLength(0);
    expect((await h.runtime.getRun(tenantId, run as string))?.run).toMatchObject({
      status: 'exited',
      endReason: `out_of_stock:${lamp.id}`,
    });
  });

  it('price drop: announced to viewers, never below the minimum advertised price', async () => {
    const h = createHarness(database);
    const lamp = variant('lamp', '80.00', '30.00', 5);
    await h.deploy(priceDropWorkflow({ minimumAdvertisedPrice: { [lamp.id]: '60.00' } }));
    const shopper = customer('30', { email: 'p@example.com' });
    h.live.put(tenantId, lamp, shopper);
    await h.feed(viewed(shopper.id, lamp));
    const drop = (price: string) =>
      event('product.price_dropped', {
        productId: lamp.productId,
        variantId: lamp.id,
        previousPrice: eur('80.00'),
        price: eur(price),
      });
    await h.feed(drop('55.00'));
    expect(h.log).toHaveLength(0);
    await h.feed(drop('65.00'));
    expect(h.log.map((l) => [l.template, l.message.subject.variantId])).toEqual([['price-drop', lamp.id]]);
  });

  it('ads: a SKU that sells out leaves the audience and comes back when restocked', async () => {
    const calls: [string, string[]][] = [];
    const h = createHarness(database, {
      actions: {
        audience: async (action, target) => {
          calls.push([`${action.operation}:${action.audience}`, target.variantIds]);
        },
      },
    });
    await h.deploy(pauseAdsOutOfStockWorkflow({ audience: 'catalog-retargeting' }));
    const mug = variant('mug', '12.00', '4.00', 0);
    h.live.put(tenantId, mug);
    const locationId = entityId('location', storeId, 'wh');
    const level = {
      id: entityId('inventory_level', storeId, 'mug-wh'),
      storeId,
      platform: 'shopify' as const,
      externalId: 'mug-wh',
      createdAt: null,
      updatedAt: T0,
      variantId: mug.id,
      locationId,
      available: 0,
    };
    await h.feed(
      event(
        'inventory.changed',
        { inventoryLevel: level, variantId: mug.id, locationId, available: 0, previousAvailable: 4 },
        { entityId: level.id },
      ),
    );
    expect(calls).toEqual([['remove:catalog-retargeting', [mug.id]]]);
    h.live.put(tenantId, { ...mug, inventoryQuantity: 9 });
    await h.feed(
      event('product.back_in_stock', {
        productId: mug.productId,
        variant: { ...mug, inventoryQuantity: 9 },
        available: 9,
        threshold: 1,
      }),
    );
    expect(calls.at(-1)).toEqual(['add:catalog-retargeting', [mug.id]]);
  });

  it('welcome series: tips at 10:00 in the customer time zone two days later, once per customer', async () => {
    const h = createHarness(database);
    await h.deploy(welcomeWorkflow());
    const newcomer = customer('40', { email: 'w@example.com', timeZone: 'America/New_York' });
    h.live.put(tenantId, newcomer);
    await h.feed(event('customer.created', newcomer));
    expect((await h.feed(event('customer.created', newcomer))).skipped.map((s) => s.reason)).toEqual([
      'reentry',
    ]);
    await h.advance(2 * DAY);
    // Two days later it is 05:00 in New York: the tips wait for 10:00 there (15:00 UTC).
    await h.advance(5 * HOUR - 60_000);
    expect(h.log).toHaveLength(1);
    await h.advance(60_000);
    expect(h.log.map((l) => [l.template, l.at])).toEqual([
      ['welcome', T0],
      ['welcome-tips', '2026-03-04T15:00:00.000Z'],
    ]);
  });

  it('browse abandonment: a nudge 4 h after a view, unless the shopper adds to cart', async () => {
    const h = createHarness(database);
    await h.deploy(browseAbandonmentWorkflow());
    const chair = variant('chair', '90.00', '40.00', 5);
    const a = customer('50', { email: 'a@example.com' });
    const b = customer('51', { email: 'bb@example.com' });
    h.live.put(tenantId, chair, a, b);
    await h.feed(viewed(a.id, chair));
    await h.feed(viewed(b.id, chair));
    await h.feed(
      event(
        'cart.item_added',
        { shopper: { customerId: b.id }, variantId: chair.id, quantity: 1 },
        { entityId: chair.id },
      ),
    );
    await h.advance(4 * HOUR);
    expect(h.log.map((l) => [l.template, l.message.recipient.email])).toEqual([
      ['browse-abandonment', 'a@example.com'],
    ]);
  });

  it('win-back: an offer after 90 days without an order; a new order restarts the window', async () => {
    const h = createHarness(database);
    await h.deploy(winBackWorkflow());
    const loyal = customer('60', { email: 'l@example.com' });
    const lapsed = customer('61', { email: 'x@example.com' });
    h.live.put(tenantId, loyal, lapsed);
    const item = variant('wb', '30.00', '10.00', 5);
    await h.feed(
      event('order.created', order('w1', [[item, 1]], { customerId: loyal.id, email: loyal.email })),
    );
    await h.feed(
      event('order.created', order('w2', [[item, 1]], { customerId: lapsed.id, email: lapsed.email })),
    );
    await h.advance(60 * DAY);
    await h.feed(
      event('order.created', order('w3', [[item, 1]], { customerId: loyal.id, email: loyal.email })),
    );
    await h.advance(30 * DAY);
    expect(h.log.map((l) => [l.template, l.message.recipient.email, l.message.offer])).toEqual([
      ['win-back', 'x@example.com', { kind: 'percent_off', percent: 15 }],
    ]);
    await h.advance(60 * DAY);
    expect(h.log.map((l) => l.message.recipient.email)).toEqual(['x@example.com', 'l@example.com']);
  });
});

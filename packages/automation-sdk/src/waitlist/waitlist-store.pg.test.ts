import { createEventLog } from '@cartwire/storage';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidCursorError, InvalidWaitlistSubscriptionError } from '../errors';
import { customer, storeId, T0, tenantId, variant } from '../test-fixtures';
import { ensureTenant } from '../test-harness';
import { createWaitlistStore } from './waitlist-store';

describe.each(testDatabases())('waitlist store on $name', ({ create }) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await create();
    await ensureTenant(database);
  });
  afterEach(async () => {
    await database?.close();
  });

  const boot = variant('wl-boot', '90.00', '40.00', 0);
  const ada = customer('wl-ada', { email: 'ada@example.com' });
  const target = { tenantId, storeId, variantId: boot.id, productId: boot.productId };
  const subscribedEvents = async () =>
    (await createEventLog(database.db).listEvents({ tenantId, types: ['waitlist.subscribed'] })).events;

  it('keeps one subscription per shopper, even when the same shopper subscribes twice at once', async () => {
    const waitlist = createWaitlistStore(database.db, { now: () => new Date(T0) });
    const [a, b] = await Promise.all([
      waitlist.subscribe({ ...target, customerId: ada.id }),
      waitlist.subscribe({ ...target, customerId: ada.id }),
    ]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(a.subscription.id).toBe(b.subscription.id);
    const events = await subscribedEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'waitlist.subscribed',
      entityType: 'variant',
      entityId: boot.id,
      source: 'api',
      data: {
        subscriptionId: a.subscription.id,
        variantId: boot.id,
        productId: boot.productId,
        shopper: { customerId: ada.id },
        channel: null,
      },
    });
  });

  it('marks an alerted shopper notified, and a new subscription after that waits again with a new event', async () => {
    const waitlist = createWaitlistStore(database.db, { now: () => new Date(T0) });
    const first = await waitlist.subscribe({ ...target, email: 'Guest@Example.com', channel: 'sms' });
    expect(
      await waitlist.isSubscribed(tenantId, boot.id, { customerId: null, email: 'guest@example.com' }),
    ).toBe(true);
    expect(
      await waitlist.markNotified(tenantId, boot.id, { customerId: null, email: 'GUEST@example.com' }),
    ).toBe(1);
    expect(
      await waitlist.isSubscribed(tenantId, boot.id, { customerId: null, email: 'guest@example.com' }),
    ).toBe(false);
    expect((await waitlist.list(tenantId, boot.id, { status: 'notified' })).items).toMatchObject([
      { id: first.subscription.id, notifiedAt: new Date(T0) },
    ]);
    const again = await waitlist.subscribe({ ...target, email: 'guest@example.com' });
    expect(again).toMatchObject({
      created: true,
      subscription: { id: first.subscription.id, status: 'active', notifiedAt: null, channel: 'sms' },
    });
    expect(await subscribedEvents()).toHaveLength(2);
  });

  it('refuses a subscription without a subscriber and a cursor it did not issue; other tenants see nothing', async () => {
    const waitlist = createWaitlistStore(database.db);
    await expect(waitlist.subscribe({ ...target })).rejects.toBeInstanceOf(InvalidWaitlistSubscriptionError);
    await expect(waitlist.subscribe({ ...target, email: 'not an email' })).rejects.toMatchObject({
      code: 'invalid_waitlist_subscription',
      issues: [expect.objectContaining({ path: 'email' })],
    });
    await expect(waitlist.list(tenantId, boot.id, { cursor: 'bm9wZQ' })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    const { subscription } = await waitlist.subscribe({ ...target, customerId: ada.id });
    await ensureTenant(database, 'ten_other0automation');
    expect((await waitlist.list('ten_other0automation', boot.id)).items).toEqual([]);
    expect(await waitlist.unsubscribe('ten_other0automation', boot.id, subscription.id)).toBe(false);
    expect(await waitlist.unsubscribe(tenantId, boot.id, subscription.id)).toBe(true);
  });
});

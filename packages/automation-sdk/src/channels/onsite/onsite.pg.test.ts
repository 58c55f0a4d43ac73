import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GovernanceRefusedError } from '../../governance/errors';
import { createGovernanceGate } from '../../governance/gate';
import { createGovernedChannel } from '../../governance/governed-channel';
import { createMemoryLiveData } from '../../runtime/live-data';
import { customer, storeId, T0, tenantId } from '../../test-fixtures';
import { ensureTenant, HOUR } from '../../test-harness';
import { NO_PACING, outbound } from '../test-support';
import { createOnsiteChannel, createOnsiteInbox } from './onsite-messages';

const DAY = 24 * HOUR;

describe.each(testDatabases())('onsite messages on $name', ({ create }) => {
  let database: TestDatabase;
  const clock = { now: new Date(T0) };
  const live = createMemoryLiveData();
  const ada = customer('60');
  const bob = customer('61');
  live.put(tenantId, ada, bob);
  const scope = { tenantId, storeId };

  beforeEach(async () => {
    database = await create();
    await ensureTenant(database);
    clock.now = new Date(T0);
  });
  afterEach(async () => {
    await database?.close();
  });

  function channel(ttl?: string | null) {
    return createOnsiteChannel({
      db: database.db,
      render: (message) => ({ title: 'Your cart misses you', template: message.template }),
      now: () => clock.now,
      ...(ttl === undefined ? {} : { ttl }),
    });
  }
  const inbox = () => createOnsiteInbox({ db: database.db, now: () => clock.now });

  it('stores one message per step, shows it until it expires and marks it seen', async () => {
    const onsite = channel('P1D');
    const message = outbound('onsite', ada, { template: 'cart-banner' });
    const first = await onsite.send(message);
    expect((await onsite.send(message)).messageId).toBe(first.messageId);
    clock.now = new Date(clock.now.getTime() + HOUR);
    const [shown, ...rest] = await inbox().list(scope, ada.id);
    expect(rest).toEqual([]);
    expect(shown).toMatchObject({
      id: first.messageId,
      template: 'cart-banner',
      content: { title: 'Your cart misses you', template: 'cart-banner' },
      expiresAt: new Date(Date.parse(T0) + DAY),
      seenAt: clock.now,
    });
    clock.now = new Date(clock.now.getTime() + HOUR);
    expect((await inbox().list(scope, ada.id))[0]?.seenAt).toEqual(new Date(Date.parse(T0) + HOUR));
    expect(await inbox().list(scope, bob.id)).toEqual([]);
    clock.now = new Date(Date.parse(T0) + DAY);
    expect(await inbox().list(scope, ada.id)).toEqual([]);
  });

  it('dismisses only the owner’s message in its own store and tenant', async () => {
    const { messageId } = await channel(null).send(outbound('onsite', ada));
    await channel(null).send(outbound('onsite', ada, { template: 'second' }));
    expect(await inbox().dismiss(scope, bob.id, messageId)).toEqual({ outcome: 'not_found' });
    expect(await inbox().dismiss({ tenantId, storeId: 'sto_other' }, ada.id, messageId)).toEqual({
      outcome: 'not_found',
    });
    expect(await inbox().dismiss({ tenantId: 'ten_other', storeId }, ada.id, messageId)).toEqual({
      outcome: 'not_found',
    });
    const dismissed = await inbox().dismiss(scope, ada.id, messageId);
    expect(dismissed).toEqual({ outcome: 'dismissed', dismissedAt: clock.now });
    clock.now = new Date(clock.now.getTime() + HOUR);
    expect(await inbox().dismiss(scope, ada.id, messageId)).toEqual(dismissed);
    expect((await inbox().list(scope, ada.id)).map((m) => m.template)).toEqual(['second']);
  });

  it('goes through the gate like any channel', async () => {
    const gate = createGovernanceGate({ db: database.db, customers: live, now: () => clock.now });
    await gate.setPolicy(tenantId, NO_PACING);
    await gate.suppress({ tenantId }, [{ kind: 'customer_id', value: bob.id, reason: null }]);
    const governed = createGovernedChannel({ gate, channel: channel() });
    await governed.send(outbound('onsite', ada));
    const refused = await governed.send(outbound('onsite', bob)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GovernanceRefusedError);
    expect(await inbox().list(scope, bob.id)).toEqual([]);
    const [shown] = await inbox().list(scope, ada.id);
    expect(shown?.expiresAt).toEqual(new Date(Date.parse(T0) + 14 * DAY));
    const [log] = await gate.messages(tenantId, { customerKey: ada.id });
    expect(log).toMatchObject({ channelKind: 'onsite', status: 'sent', providerMessageId: shown?.id });
  });
});

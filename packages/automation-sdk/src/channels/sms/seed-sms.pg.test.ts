import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { abandonedCartWorkflow } from '../../examples/seed-workflows';
import { createGovernanceGate } from '../../governance/gate';
import { createGovernedChannel } from '../../governance/governed-channel';
import { createOfferCodes, type OfferedMessage, withOfferCodes } from '../../offers/offer-codes';
import { createMemoryLiveData } from '../../runtime/live-data';
import { cart, customer, event, tenantId, variant } from '../../test-fixtures';
import { createHarness, ensureTenant, HOUR } from '../../test-harness';
import { NO_PACING } from '../test-support';
import { ACCOUNT, startFakeProvider, TOKEN } from './fake-sms-provider';
import { createHttpSmsProvider } from './http-sms-provider';
import { createSmsChannel } from './sms-channel';

const subscribed = { state: 'subscribed' as const, source: null, updatedAt: null };

describe.each(testDatabases())('the abandoned-cart seed workflow over SMS on $name', ({ create }) => {
  let database: TestDatabase;
  let provider: Awaited<ReturnType<typeof startFakeProvider>>;

  beforeAll(async () => {
    provider = await startFakeProvider();
  });
  afterAll(async () => {
    await provider.server.close();
  });
  beforeEach(async () => {
    database = await create();
    await ensureTenant(database);
  });
  afterEach(async () => {
    await database?.close();
  });

  it('texts the high-margin reminder with a pool code through the gate, and refuses the customer without SMS consent', async () => {
    const live = createMemoryLiveData();
    let now = () => new Date();
    const gate = createGovernanceGate({ db: database.db, customers: live, now: () => now() });
    await gate.setPolicy(tenantId, NO_PACING);
    const offers = createOfferCodes({ db: database.db, now: () => now() });
    await offers.importPool(tenantId, 'abandoned-cart:reminder-discount', ['SMS-TEN-1']);
    const sms = createSmsChannel({
      provider: createHttpSmsProvider({
        baseUrl: `${provider.server.url}/2010-04-01`,
        accountId: ACCOUNT,
        authToken: TOKEN,
        from: '+15005550006',
      }),
      customers: live,
      render: (message) => {
        const code = (message as OfferedMessage).offerCode?.code;
        return `Your cart is waiting.${code ? ` ${message.offer.kind === 'percent_off' ? `${message.offer.percent}% off` : ''} with ${code}` : ''}`;
      },
    });
    const governed = createGovernedChannel({ gate, channel: withOfferCodes(sms, { offers }) });
    const h = createHarness(database, { channels: [governed], liveData: live });
    now = () => h.clock.now;
    await h.deploy(abandonedCartWorkflow({ channel: 'sms' }));

    const premium = variant('hm', '100.00', '30.00', 10);
    const basic = variant('lm', '20.00', '18.00', 10);
    const texter = customer('20', {
      email: 'texter@example.com',
      phone: '+49 151 2345 6789',
      marketingConsent: { email: subscribed, sms: subscribed },
    });
    const silent = customer('21', { email: 'silent@example.com', phone: '+49 151 9999 0000' });
    live.put(tenantId, premium, basic, texter, silent);
    const sentBefore = provider.messages.size;
    await h.feed(
      event(
        'cart.abandoned',
        cart(
          't',
          [
            [premium, 1],
            [basic, 1],
          ],
          { customerId: texter.id, email: texter.email },
        ),
      ),
    );
    await h.feed(
      event('cart.abandoned', cart('s', [[premium, 1]], { customerId: silent.id, email: silent.email })),
    );
    await h.advance(HOUR);

    const texts = [...provider.messages.values()].slice(sentBefore);
    expect(texts).toEqual([
      {
        to: '+4915123456789',
        from: '+15005550006',
        body: 'Your cart is waiting. 10% off with SMS-TEN-1',
        callback: null,
      },
    ]);
    const [log] = await gate.messages(tenantId, { customerKey: texter.id });
    expect(log).toMatchObject({ channelKind: 'sms', status: 'sent', promo: true });
    // The code is tied to the run that texted it.
    expect(
      await offers.issued(tenantId, 'abandoned-cart:reminder-discount', log?.runId ?? '', texter.id),
    ).toMatchObject({ code: 'SMS-TEN-1', source: 'pool' });
    const [refused] = await gate.messages(tenantId, { customerKey: silent.id });
    expect(refused).toMatchObject({ decision: 'refuse', reason: 'no_consent', status: 'refused' });
    // The refused send spent no code: the pool had one and it went to the consented customer.
    expect(await offers.available(tenantId, 'abandoned-cart:reminder-discount')).toBe(0);
  });
});

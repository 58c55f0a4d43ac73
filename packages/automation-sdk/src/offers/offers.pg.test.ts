import { offerCodes } from '@cartwire/storage';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbound } from '../channels/test-support';
import { GovernanceRefusedError } from '../governance/errors';
import { createGovernanceGate } from '../governance/gate';
import { createGovernedChannel } from '../governance/governed-channel';
import { createMemoryChannel } from '../runtime/channels';
import { createMemoryLiveData } from '../runtime/live-data';
import { customer, storeId, T0, tenantId } from '../test-fixtures';
import { ensureTenant, HOUR } from '../test-harness';
import {
  createOfferCodes,
  type DiscountCodeRequest,
  type IssueOfferInput,
  type OfferedMessage,
  OfferInputError,
  OfferPoolExhaustedError,
  withOfferCodes,
} from './offer-codes';

const DAY = 24 * HOUR;
const tenPercent = { kind: 'percent_off' as const, percent: 10 };

describe.each(testDatabases())('offer codes on $name', ({ create }) => {
  let database: TestDatabase;
  const clock = { now: new Date(T0) };

  beforeEach(async () => {
    database = await create();
    await ensureTenant(database);
    clock.now = new Date(T0);
  });
  afterEach(async () => {
    await database?.close();
  });

  const input = (
    runId: string,
    customerKey: string,
    overrides: Partial<IssueOfferInput> = {},
  ): IssueOfferInput => ({
    tenantId,
    storeId,
    offerKey: 'cart-10',
    runId,
    customerKey,
    customer: { customerId: customerKey, email: null },
    offer: tenPercent,
    ...overrides,
  });

  it('imports a pool, refusing unusable codes and skipping known ones', async () => {
    const offers = createOfferCodes({ db: database.db, now: () => clock.now });
    const bad = await offers
      .importPool(tenantId, 'cart-10', ['OK-1', 'no spaces', '', 'x'])
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(OfferInputError);
    expect((bad as OfferInputError).issues.map((i) => i.path)).toEqual(['codes.1', 'codes.2', 'codes.3']);
    expect(await offers.available(tenantId, 'cart-10')).toBe(0);
    expect(await offers.importPool(tenantId, 'cart-10', ['SAVE-A', 'SAVE-B', ' SAVE-A '])).toEqual({
      imported: 2,
      skipped: 1,
    });
    expect(await offers.importPool(tenantId, 'cart-10', ['SAVE-B', 'SAVE-C'])).toEqual({
      imported: 1,
      skipped: 1,
    });
    expect(await offers.available(tenantId, 'cart-10')).toBe(3);
  });

  it('gives a run and customer one code, once, expiring, and never an expired pool code', async () => {
    const offers = createOfferCodes({ db: database.db, now: () => clock.now });
    await offers.importPool(tenantId, 'cart-10', ['OLD-1'], { expiresAt: new Date(Date.parse(T0) - HOUR) });
    await offers.importPool(tenantId, 'cart-10', ['SOON-1'], { expiresAt: new Date(Date.parse(T0) + DAY) });
    await offers.importPool(tenantId, 'cart-10', ['LATER-1']);
    const first = await offers.issue(input('run_1', 'cus_a'));
    expect(first).toMatchObject({
      code: 'SOON-1',
      source: 'pool',
      expiresAt: new Date(Date.parse(T0) + DAY),
    });
    clock.now = new Date(Date.parse(T0) + HOUR);
    expect(await offers.issue(input('run_1', 'cus_a'))).toEqual(first);
    const second = await offers.issue(input('run_2', 'cus_a', { validFor: 'P2D' }));
    expect(second).toMatchObject({ code: 'LATER-1', expiresAt: new Date(clock.now.getTime() + 2 * DAY) });
    const empty = await offers.issue(input('run_3', 'cus_b')).catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(OfferPoolExhaustedError);
    expect(empty).toMatchObject({ retryable: false, offerKey: 'cart-10' });
    expect(await offers.issued(tenantId, 'cart-10', 'run_1', 'cus_a')).toEqual(first);
  });

  it('hands concurrent claims distinct codes and the same run and customer the same code', async () => {
    const offers = createOfferCodes({ db: database.db, now: () => clock.now });
    await offers.importPool(tenantId, 'cart-10', ['P-1', 'P-2', 'P-3', 'P-4']);
    const same = await Promise.all(Array.from({ length: 6 }, () => offers.issue(input('run_same', 'cus_x'))));
    expect(new Set(same.map((o) => o.code)).size).toBe(1);

    const customers = ['cus_1', 'cus_2', 'cus_3', 'cus_4'];
    const results = await Promise.allSettled(customers.map((c) => offers.issue(input('run_many', c))));
    const codes = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.code] : []));
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(new Set([...codes, same[0]?.code]).size).toBe(4);
    expect(codes).toHaveLength(3);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(OfferPoolExhaustedError);

    // The database itself refuses a second code for the same (offer, run, customer).
    const duplicate = await database.db
      .insert(offerCodes)
      .values({
        tenantId,
        offerKey: 'cart-10',
        code: 'SNEAKED-IN',
        source: 'generated',
        runId: 'run_same',
        customerKey: 'cus_x',
        issuedAt: clock.now,
        createdAt: clock.now,
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(duplicate).toBeInstanceOf(Error);
  });

  it('generates codes on the platform where it can and falls back to the pool where it cannot', async () => {
    const requests: DiscountCodeRequest[] = [];
    let supported = true;
    const offers = createOfferCodes({
      db: database.db,
      now: () => clock.now,
      codePrefix: 'ADA',
      issuer: async (request) => {
        requests.push(request);
        return supported ? { code: request.code } : { unsupported: 'magento has no coupon write' };
      },
    });
    const generated = await offers.issue(
      input('run_g', 'cus_g', {
        customer: { customerId: 'cus_g', email: 'g@example.com' },
        variantIds: ['var_1'],
      }),
    );
    expect(generated).toMatchObject({ source: 'generated', expiresAt: new Date(Date.parse(T0) + 7 * DAY) });
    expect(generated.code).toMatch(/^ADA-[A-HJ-NP-Z2-9]{10}$/);
    expect(requests[0]).toMatchObject({
      code: generated.code,
      offer: tenPercent,
      customer: { customerId: 'cus_g', email: 'g@example.com' },
      variantIds: ['var_1'],
    });
    expect(await offers.issue(input('run_g', 'cus_g'))).toEqual(generated);
    expect(requests).toHaveLength(1);
    const racing = await Promise.all(
      Array.from({ length: 4 }, () => offers.issue(input('run_race', 'cus_r'))),
    );
    expect(new Set(racing.map((o) => o.code)).size).toBe(1);
    const stored = await database.db.select().from(offerCodes);
    expect(stored.filter((row) => row.runId === 'run_race')).toHaveLength(1);

    supported = false;
    const none = await offers.issue(input('run_h', 'cus_h')).catch((e: unknown) => e);
    expect((none as Error).message).toMatch(
      /cannot generate codes \(magento has no coupon write\) and the pool is empty/,
    );
    await offers.importPool(tenantId, 'cart-10', ['POOL-1']);
    expect(await offers.issue(input('run_h', 'cus_h'))).toMatchObject({ code: 'POOL-1', source: 'pool' });
  });

  it('attaches the code to offer messages that pass the gate, and spends none on refused sends', async () => {
    const live = createMemoryLiveData();
    const ada = customer('40');
    const bob = customer('41');
    live.put(tenantId, ada, bob);
    const gate = createGovernanceGate({ db: database.db, customers: live, now: () => clock.now });
    await gate.setPolicy(tenantId, {
      smartSending: { email: null, sms: null, push: null },
      quietHours: null,
    });
    await gate.suppress({ tenantId }, [{ kind: 'customer_id', value: bob.id, reason: null }]);
    const offers = createOfferCodes({ db: database.db, now: () => clock.now });
    await offers.importPool(tenantId, 'cart:send-1', ['ONLY-ONE']);
    const sink = createMemoryChannel('email');
    const email = createGovernedChannel({ gate, channel: withOfferCodes(sink, { offers }) });

    const refused = await email.send(outbound('email', bob, { offer: tenPercent })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GovernanceRefusedError);
    expect(await offers.available(tenantId, 'cart:send-1')).toBe(1);

    await email.send(outbound('email', ada, { template: 'plain' }));
    await email.send(outbound('email', ada, { offer: tenPercent, runId: 'run_offer' }));
    const [plain, offered] = sink.messages as OfferedMessage[];
    expect(plain?.offerCode).toBeUndefined();
    expect(offered?.offerCode).toMatchObject({ code: 'ONLY-ONE', runId: 'run_offer', customerKey: ada.id });
  });
});

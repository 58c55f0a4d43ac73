import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { abandonedCartWorkflow } from '../../examples/seed-workflows';
import { createGovernanceGate } from '../../governance/gate';
import { createGovernedChannel } from '../../governance/governed-channel';
import { createOfferCodes, withOfferCodes } from '../../offers/offer-codes';
import { createMemoryLiveData } from '../../runtime/live-data';
import { createTemplateStore } from '../../templates/template-store';
import { cart, customer, event, tenantId } from '../../test-fixtures';
import { createHarness, ensureTenant, HOUR } from '../../test-harness';
import { readUtm } from '../../utm/utm';
import { createEmailChannel, type EmailChannel } from './email-channel';
import { mug, mugProduct, SECRET, setUpEmail, shirt, shirtProduct } from './email-test-fixtures';
import { type ReceivedMail, type SmtpTestServer, startSmtpTestServer } from './smtp-test-server';
import { createUnsubscribeHandler } from './unsubscribe-token';

const header = (mail: ReceivedMail, name: string) =>
  mail.parsed.headerLines
    .find((h) => h.key === name)
    ?.line.replace(/\r?\n[ \t]+/g, ' ')
    .replace(/^[^:]+:\s*/, '') ?? null;

const links = (mail: ReceivedMail) =>
  [...String(mail.parsed.html).matchAll(/href="([^"]*)"/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));

describe.each(testDatabases())('abandoned cart through the gate and real SMTP on $name', ({ create }) => {
  let database: TestDatabase;
  let smtp: SmtpTestServer;
  let email: EmailChannel;
  beforeEach(async () => {
    database = await create();
    await ensureTenant(database);
    smtp = await startSmtpTestServer();
  });
  afterEach(async () => {
    email?.close();
    await smtp?.close();
    await database?.close();
  });

  it('sends both reminders with the rendered cart, UTM-tagged links and List-Unsubscribe; suppressed, unsubscribed and refused recipients are logged', async () => {
    const live = createMemoryLiveData();
    const templates = createTemplateStore({ db: database.db });
    await setUpEmail(templates);
    // The gate reads the harness clock, which exists once the harness (holding the channel) does.
    let clock = () => new Date();
    const offers = createOfferCodes({ db: database.db, now: () => clock() });
    const gate = createGovernanceGate({ db: database.db, customers: live, now: () => clock() });
    email = createEmailChannel({ smtp: smtp.url, templates, liveData: live, unsubscribeSecret: SECRET });
    const h = createHarness(database, {
      liveData: live,
      // Offer codes are issued inside the gate, so refused sends never consume one.
      channels: [createGovernedChannel({ gate, channel: withOfferCodes(email, { offers }) })],
    });
    clock = () => h.clock.now;
    const unsubscribe = createUnsubscribeHandler({ gate, secret: SECRET });
    await h.deploy(abandonedCartWorkflow({ channel: 'email' }));

    const shoppers = {
      ada: customer('1', { firstName: 'Ada', email: 'ada@example.com' }),
      bob: customer('2', { firstName: 'Bob', email: 'bob@example.com' }),
      cyd: customer('3', { firstName: 'Cyd', email: 'cyd@example.com' }),
      dan: customer('4', { firstName: 'Dan', email: 'dan@example.com' }),
    };
    live.put(tenantId, shirtProduct, mugProduct, ...Object.values(shoppers));
    const carts = Object.fromEntries(
      Object.entries(shoppers).map(([name, c]) => [
        name,
        cart(
          `cart-${name}`,
          [
            [shirt, 2],
            [mug, 1],
          ],
          { customerId: c.id, email: c.email, recoveryUrl: `https://acme.example/cart/recover?c=${name}` },
        ),
      ]),
    );
    for (const c of Object.values(carts)) live.put(tenantId, c);
    await gate.suppress({ tenantId }, [{ kind: 'email', value: 'BOB@example.com', reason: 'hard bounce' }]);
    await offers.importPool(tenantId, 'abandoned-cart:reminder-discount', [
      'SAVE10-A',
      'SAVE10-B',
      'SAVE10-C',
    ]);
    smtp.rejectRecipient.set('dan@example.com', { code: 550, message: '5.1.1 Mailbox does not exist' });

    for (const c of Object.values(carts)) await h.feed(event('cart.abandoned', c));
    await h.advance(HOUR);

    // Ada and Cyd get the discount reminder (the shirt is a high-margin item).
    const first = smtp.received.map((m) => m.envelope.to[0]).sort();
    expect(first).toEqual(['ada@example.com', 'cyd@example.com']);
    const ada = smtp.received.find((m) => m.envelope.to[0] === 'ada@example.com');
    if (!ada) throw new Error('no mail for Ada');
    expect(ada.parsed.subject).toBe('Ada, your 3 items are waiting');
    const html = String(ada.parsed.html);
    expect(html).toContain('× 2 — €39.80 (now 10% off)');
    expect(html).toContain('× 1 — €7.50');
    expect(html).toMatch(/Code <b>SAVE10-[ABC]<\/b>/);
    expect(header(ada, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(header(ada, 'list-unsubscribe')).toMatch(
      /^<mailto:unsubscribe@acme\.example\?subject=unsubscribe%20[^>]+>, <https:\/\/acme\.example\/email\/unsubscribe\/[^>]+>$/,
    );
    const recover = links(ada).find((l) => l.includes('/cart/recover')) ?? '';
    expect(new URL(recover).searchParams.get('c')).toBe('ada');
    expect(readUtm(recover, { stepIds: ['reminder-discount', 'second-reminder'] })).toMatchObject({
      source: 'cartwire',
      medium: 'email',
      campaign: 'abandoned-cart',
      stepId: 'reminder-discount',
    });

    // Ada, Cyd and Dan (whose mailbox then refused) took a pool code each; Bob, refused by the gate, did not.
    expect(await offers.available(tenantId, 'abandoned-cart:reminder-discount')).toBe(0);
    // Bob is on the suppression list: nothing was submitted, the refusal is logged with its reason.
    const [bobLog] = await gate.messages(tenantId, { customerKey: shoppers.bob.id });
    expect(bobLog).toMatchObject({ decision: 'refuse', reason: 'suppressed', status: 'refused' });
    // Dan's mailbox refused the message: the failure and the SMTP reply are on the row.
    const [danLog] = await gate.messages(tenantId, { customerKey: shoppers.dan.id });
    expect(danLog).toMatchObject({ decision: 'allow', status: 'failed' });
    expect(danLog?.error).toContain('550 5.1.1 Mailbox does not exist');
    // Ada's row records the sent status and the Message-ID that arrived.
    const [adaLog] = await gate.messages(tenantId, { customerKey: shoppers.ada.id });
    expect(adaLog).toMatchObject({ status: 'sent', providerMessageId: ada.parsed.messageId });

    const runs = await h.runtime.listRuns(tenantId, (await h.runtime.store.list(tenantId))[0]?.id ?? '', {
      limit: 10,
    });
    const byCustomer = Object.fromEntries(runs.map((r) => [r.customerKey, r]));
    // Bob's refused reminder is a skipped step: his run goes on to wait for the second reminder.
    expect(byCustomer[shoppers.bob.id]?.status).not.toBe('parked');
    const bobSteps = (await h.runtime.getRun(tenantId, byCustomer[shoppers.bob.id]?.id ?? ''))?.steps ?? [];
    expect(bobSteps.find((step) => step.outcome === 'refused')).toMatchObject({ reason: 'suppressed' });
    expect(byCustomer[shoppers.dan.id]).toMatchObject({ status: 'parked' });

    // Cyd clicks one-click unsubscribe from her email's header.
    const cydMail = smtp.received.find((m) => m.envelope.to[0] === 'cyd@example.com');
    const token = /\/unsubscribe\/([^>]+)>$/.exec(
      cydMail ? (header(cydMail, 'list-unsubscribe') ?? '') : '',
    )?.[1];
    expect(await unsubscribe(token ?? '')).toMatchObject({ email: 'cyd@example.com', channel: 'email' });
    expect(await unsubscribe(`${token}x`)).toBeNull();

    // 24 h after abandonment: the last call reaches Ada only; Cyd's is refused as unsubscribed.
    await h.advance(23 * HOUR);
    const second = smtp.received.slice(2);
    expect(second.map((m) => m.envelope.to[0])).toEqual(['ada@example.com']);
    const lastCall = links(second[0] as ReceivedMail).find((l) => l.includes('/cart/recover')) ?? '';
    expect(readUtm(lastCall, { stepIds: ['reminder-discount', 'second-reminder'] })?.stepId).toBe(
      'second-reminder',
    );
    const cydLogs = await gate.messages(tenantId, { customerKey: shoppers.cyd.id });
    expect(cydLogs.map((l) => [l.nodeId, l.status, l.reason])).toEqual([
      ['second-reminder', 'refused', 'unsubscribed'],
      ['reminder-discount', 'sent', null],
    ]);
  });
});

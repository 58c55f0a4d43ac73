import { defineWorkflow, field, send } from '@cartwire/automation-sdk';
import { entityId } from '@cartwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedGateway, startEmbeddedGateway, until } from './embedded-gateway';

// Always re-enter, so every sign-up of the tests below is a send the gate decides.
const welcome = defineWorkflow({
  key: 'welcome-governed',
  name: 'Welcome (governed)',
  trigger: {
    event: 'customer.created',
    filter: field('customer.email').exists(),
    reentry: { policy: 'always' },
  },
  steps: [send({ id: 'hello', channel: 'email', template: 'welcome-hello' })],
});

interface MessagePage {
  data: { reason: string | null; status: string; customerKey: string }[];
}

describe('governance set over REST decides the workflow sends', () => {
  let embedded: EmbeddedGateway;
  const call: EmbeddedGateway['call'] = (method, route, body) => embedded.call(method, route, body);

  beforeAll(async () => {
    embedded = await startEmbeddedGateway();
    await embedded.activate(welcome);
  }, 120_000);
  afterAll(async () => {
    await embedded?.stop();
  });

  async function decisionFor(customerId: string) {
    const page = await until(`the send to ${customerId}`, async () => {
      const body = (await call('GET', `/v1/messages?customer=${customerId}`)).body as MessagePage;
      return body.data.length > 0 ? body : undefined;
    });
    return page.data[0];
  }

  it('refuses a suppressed email, an unsubscribed customer and a customer with an open case, with the reason', async () => {
    const suppressedId = entityId('customer', embedded.storeId, 's1');
    expect(
      (await call('POST', '/v1/suppressions', { entries: [{ kind: 'email', value: 'CS1@example.com' }] }))
        .status,
    ).toBe(200);
    await embedded.signUp('s1');
    expect(await decisionFor(suppressedId)).toMatchObject({ status: 'refused', reason: 'suppressed' });

    // Unsubscribing and opening a case need the customer to exist: sign them up once (a send goes out),
    // then sign them up again under the new rule.
    const unsubscribed = await embedded.signUp('u1');
    expect(await decisionFor(unsubscribed.id)).toMatchObject({ status: 'sent' });
    expect(
      (await call('POST', '/v1/contacts/unsubscribe', { channel: 'email', customerId: unsubscribed.id }))
        .status,
    ).toBe(200);
    await embedded.signUp('u1', { updatedAt: new Date(Date.now() + 1000).toISOString() });
    const afterUnsubscribe = await until('the second decision', async () => {
      const body = (await call('GET', `/v1/messages?customer=${unsubscribed.id}`)).body as MessagePage;
      return body.data.length > 1 ? body.data[0] : undefined;
    });
    expect(afterUnsubscribe).toMatchObject({ status: 'refused', reason: 'unsubscribed' });

    const withCase = await embedded.signUp('k1');
    expect(await decisionFor(withCase.id)).toMatchObject({ status: 'sent' });
    expect(
      (await call('POST', '/v1/support-cases', { caseId: 'zd-9', customerId: withCase.id })).status,
    ).toBe(201);
    await embedded.signUp('k1', { updatedAt: new Date(Date.now() + 1000).toISOString() });
    const afterCase = await until('the decision with a case open', async () => {
      const body = (await call('GET', `/v1/messages?customer=${withCase.id}`)).body as MessagePage;
      return body.data.length > 1 ? body.data[0] : undefined;
    });
    expect(afterCase).toMatchObject({ status: 'refused', reason: 'open_support_case' });
  }, 90_000);
});

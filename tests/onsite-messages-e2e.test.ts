import { defineWorkflow, send } from '@cartwire/automation-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedGateway, startEmbeddedGateway, until } from './embedded-gateway';

const banner = defineWorkflow({
  key: 'welcome-banner',
  name: 'Welcome banner',
  trigger: { event: 'customer.created', reentry: { policy: 'once' } },
  steps: [send({ id: 'banner', channel: 'onsite', template: 'welcome-banner' })],
});

describe('onsite messages from a workflow to the storefront', () => {
  let embedded: EmbeddedGateway;
  let publishableKey: string;

  beforeAll(async () => {
    embedded = await startEmbeddedGateway();
    publishableKey = await embedded.gateway.repositories.stores.rotatePublishableKey(
      embedded.tenantId,
      embedded.storeId,
    );
    await embedded.activate(banner);
  }, 120_000);

  afterAll(async () => {
    await embedded?.stop();
  });

  it("stores the send for the customer; the storefront reads it with the publishable key and the customer's token and dismisses it", async () => {
    const customer = await embedded.signUp('7');
    // The merchant's backend issues the signed-in customer's token with the secret key.
    const issued = await embedded.call('POST', `/v1/stores/${embedded.storeId}/onsite-tokens`, {
      customerId: customer.id,
    });
    expect(issued.status).toBe(201);
    const { token } = issued.body as { token: string };
    const storefront = (route: string, method = 'GET') =>
      fetch(`${embedded.gateway.url}${route}`, {
        method,
        headers: {
          'x-cartwire-publishable-key': publishableKey,
          'x-cartwire-customer-token': token,
          origin: 'https://shop.example',
        },
      });
    const list = async () =>
      (
        (await (await storefront(`/v1/track/messages?customer=${customer.id}`)).json()) as {
          data: { id: string; template: string; content: Record<string, unknown> }[];
        }
      ).data;
    const [message] = await until('the onsite message', async () => {
      const found = await list();
      return found.length > 0 ? found : undefined;
    });
    expect(message).toMatchObject({
      template: 'welcome-banner',
      content: { template: 'welcome-banner', offer: { kind: 'none' }, offerCode: null },
    });
    const dismissed = await storefront(
      `/v1/track/messages/${message?.id}/dismiss?customer=${customer.id}`,
      'POST',
    );
    expect(dismissed.status).toBe(200);
    expect(await list()).toEqual([]);
  }, 60_000);
});

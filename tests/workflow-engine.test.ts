import { defineWorkflow, field, send, wait } from '@cartwire/automation-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerCreatedEvent, type EmbeddedGateway, startEmbeddedGateway, until } from './embedded-gateway';
import { type Receiver, startReceiver } from './webhooks/receiver';

const welcome = defineWorkflow({
  key: 'welcome',
  name: 'Welcome',
  trigger: {
    event: 'customer.created',
    filter: field('customer.email').exists(),
    reentry: { policy: 'once' },
  },
  steps: [
    send({ id: 'hello', channel: 'email', template: 'welcome-hello' }),
    wait.for('P1D'),
    send({ id: 'tips', channel: 'email', template: 'welcome-tips' }),
  ],
});

interface MessageRequested {
  type: string;
  data: {
    messageId: string;
    channel: string;
    template: string;
    workflow: { id: string; key: string; version: number };
    runId: string;
    nodeId: string;
    recipient: { customerId: string | null; email: string | null };
  };
}

describe('the workflow engine in the gateway', () => {
  let embedded: EmbeddedGateway;
  let receiver: Receiver;
  const call: EmbeddedGateway['call'] = (method, route, body) => embedded.call(method, route, body);

  beforeAll(async () => {
    embedded = await startEmbeddedGateway({ CARTWIRE_ALLOW_PRIVATE_WEBHOOK_URLS: '1' });
    receiver = await startReceiver({ now: () => new Date() });
    const endpoint = await call('POST', '/v1/webhook-endpoints', {
      url: receiver.url,
      eventTypes: ['message.requested'],
    });
    expect(endpoint.status).toBe(201);
    receiver.secrets = [(endpoint.body as { secret: string }).secret];
    await embedded.activate(welcome);
  }, 120_000);

  afterAll(async () => {
    await embedded?.stop();
    await receiver?.close();
  });

  const messages = () =>
    receiver.receipts
      .filter((receipt) => receipt.verifiedWith === 0)
      .map((receipt) => JSON.parse(receipt.body) as MessageRequested);

  it('runs an activated workflow on a new event and hands its send to the webhook endpoints', async () => {
    const customer = await embedded.signUp('1');
    const [message] = await until('message.requested', () => {
      const found = messages().filter((m) => m.data.recipient.email === 'c1@example.com');
      return found.length > 0 ? found : undefined;
    });
    expect(message).toMatchObject({
      type: 'message.requested',
      data: {
        channel: 'email',
        template: 'welcome-hello',
        nodeId: 'hello',
        workflow: { key: 'welcome', version: 1 },
        recipient: { customerId: customer.id, email: 'c1@example.com' },
      },
    });
    // The run waits a day for its second send; its history is readable over REST.
    const run = await call('GET', `/v1/workflows/${message?.data.workflow.id}/runs/${message?.data.runId}`);
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ status: 'waiting' });

    // The same customer created again (another event): the once-ever re-entry policy starts no second run.
    await embedded.gateway.repositories.events.appendEvents([
      customerCreatedEvent(embedded.tenantId, customer),
    ]);
    await embedded.gateway.workflows?.settle();
    const runs = await call('GET', `/v1/workflows/${message?.data.workflow.id}/runs`);
    expect((runs.body as { data: unknown[] }).data).toHaveLength(1);
    expect(messages().filter((m) => m.data.recipient.email === 'c1@example.com')).toHaveLength(1);
  }, 60_000);

  it('sends nothing to a customer without email consent, and says why in the run history', async () => {
    const customer = await embedded.signUp('2', {
      marketingConsent: {
        email: { state: 'unsubscribed', source: null, updatedAt: null },
        sms: { state: 'unknown', source: null, updatedAt: null },
      },
    });
    const workflows = await call('GET', '/v1/workflows');
    const workflowId = (workflows.body as { data: { id: string }[] }).data[0]?.id;
    const runs = (await call('GET', `/v1/workflows/${workflowId}/runs`)).body as {
      data: { id: string; customerKey: string | null }[];
    };
    const run = runs.data.find((candidate) => candidate.customerKey === customer.id);
    expect(run).toBeDefined();
    const detail = (await call('GET', `/v1/workflows/${workflowId}/runs/${run?.id}`)).body as {
      steps: { nodeId: string; outcome: string; reason: string | null }[];
    };
    expect(detail.steps.find((step) => step.nodeId === 'hello')).toMatchObject({
      reason: expect.stringMatching(/consent/),
    });
    expect(messages().filter((m) => m.data.recipient.email === 'c2@example.com')).toHaveLength(0);

    // The message log answers "why didn't it fire?" over REST.
    const refused = (await call('GET', `/v1/messages?decision=refuse&customer=${customer.id}`)).body as {
      data: { reason: string; status: string; workflowKey: string; nodeId: string }[];
      has_more: boolean;
    };
    expect(refused.data).toEqual([
      expect.objectContaining({
        reason: 'no_consent',
        status: 'refused',
        workflowKey: 'welcome',
        nodeId: 'hello',
      }),
    ]);
    const sent = (await call('GET', '/v1/messages?status=sent&limit=1')).body as {
      data: { customerKey: string }[];
      next_cursor: string | null;
    };
    expect(sent.data).toHaveLength(1);
    expect((await call('GET', '/v1/messages?cursor=not-a-cursor')).status).toBe(400);
  }, 60_000);
});

import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StepFailedError } from '../errors';
import {
  createMemoryChannel,
  createWebhookActionHandler,
  createWebhookChannel,
  newWebhookSecret,
  type OutboundMessage,
} from './channels';

const origin = {
  tenantId: 'ten_a',
  storeId: 'sto_a',
  workflowId: 'wf_a',
  workflowKey: 'welcome',
  version: 1,
  runId: 'run_a',
  nodeId: 'send-1',
  variants: {},
  idempotencyKey: 'run_a:3',
};
const message: OutboundMessage = {
  channel: 'webhook',
  template: 'welcome',
  offer: { kind: 'none' },
  discountedVariantIds: null,
  recommendedProductIds: [],
  recipient: { customerId: 'cus_1', email: 'a@example.com', phone: null },
  subject: { cartId: null, orderId: null, variantId: null, productId: null },
  origin,
};

describe('webhook channel over loopback HTTP', () => {
  const received: { headers: IncomingHttpHeaders; body: string; url: string }[] = [];
  let status = 200;
  let url = '';
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body, url: req.url ?? '' });
      res.statusCode = status;
      res.end();
    });
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('POSTs the message signed the Standard Webhooks way, keyed by the idempotency key', async () => {
    const secret = newWebhookSecret();
    const channel = createWebhookChannel({
      url: `${url}/hook`,
      secret,
      now: () => new Date('2026-03-02T10:00:00Z'),
    });
    status = 204;
    expect(await channel.send(message)).toEqual({ messageId: 'msg_run_a:3' });
    const [hit] = received.splice(0);
    expect(hit?.url).toBe('/hook');
    expect(hit?.headers['webhook-id']).toBe('run_a:3');
    expect(hit?.headers['webhook-timestamp']).toBe(String(Date.parse('2026-03-02T10:00:00Z') / 1000));
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key)
      .update(`run_a:3.${hit?.headers['webhook-timestamp']}.${hit?.body}`)
      .digest('base64');
    expect(hit?.headers['webhook-signature']).toBe(`v1,${expected}`);
    expect(JSON.parse(hit?.body ?? '{}')).toEqual({ type: 'workflow.message', message });
  });

  it('classifies answers: 5xx and 429 retry, other 4xx are refusals', async () => {
    const channel = createWebhookChannel({ url, secret: newWebhookSecret() });
    for (const [code, retryable] of [
      [503, true],
      [429, true],
      [410, false],
    ] as const) {
      status = code;
      const error = await channel.send(message).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StepFailedError);
      expect((error as StepFailedError).retryable).toBe(retryable);
    }
    const unreachable = createWebhookChannel({ url: 'http://127.0.0.1:1', secret: newWebhookSecret() });
    expect(((await unreachable.send(message).catch((e: unknown) => e)) as StepFailedError).retryable).toBe(
      true,
    );
  });

  it('webhook actions post the action, its target and origin to the action URL', async () => {
    status = 200;
    received.splice(0);
    const handler = createWebhookActionHandler({ secret: newWebhookSecret() });
    const target = { customerId: 'cus_1', email: null, variantIds: [], cartId: null, orderId: null };
    await handler({ kind: 'webhook', url: `${url}/crm` }, target, origin);
    expect(received[0]?.url).toBe('/crm');
    expect(JSON.parse(received[0]?.body ?? '{}')).toMatchObject({ type: 'workflow.action', target, origin });
  });
});

describe('memory channel', () => {
  it('keeps one message per idempotency key', async () => {
    const sink = createMemoryChannel();
    await sink.send(message);
    await sink.send(message);
    expect(sink.messages).toHaveLength(1);
  });
});

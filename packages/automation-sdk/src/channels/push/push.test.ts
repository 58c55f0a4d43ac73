import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StepFailedError } from '../../errors';
import { customer } from '../../test-fixtures';
import { InvalidStatusCallbackError } from '../errors';
import { json, type LoopbackServer, outbound, startLoopbackServer } from '../test-support';
import { createHttpPushProvider, signJsonCallback } from './http-push-provider';
import { createPushChannel } from './push-channel';

const SECRET = 'push-callback-secret';
const DEAD = 'token-uninstalled';

describe('push channel over the generic HTTP push provider', () => {
  let server: LoopbackServer;
  let fail503 = false;
  beforeAll(async () => {
    let n = 0;
    server = await startLoopbackServer((request) => {
      if (request.headers.authorization !== 'Bearer key-1')
        return json(401, { error: { message: 'bad key' } });
      if (fail503) return json(503, { message: 'down' });
      const body = JSON.parse(request.body) as { tokens: string[] };
      n++;
      return json(200, {
        id: `push-${n}`,
        results: body.tokens.map((token) => ({ token, error: token === DEAD ? 'unregistered' : null })),
      });
    });
  });
  afterAll(async () => {
    await server.close();
  });

  const ada = customer('80');
  const provider = () =>
    createHttpPushProvider({ baseUrl: server.url, apiKey: 'key-1', callbackSecret: SECRET });

  it('sends one notification to every device, reports unregistered tokens and classifies failures', async () => {
    const pruned: string[] = [];
    const devices: Record<string, string[]> = { [ada.id]: ['token-phone', DEAD] };
    const channel = createPushChannel({
      provider: provider(),
      render: (message) => ({ title: 'Still thinking?', body: message.template, data: { url: '/cart' } }),
      deviceTokens: async (_tenant, customerId) => devices[customerId] ?? [],
      onInvalidTokens: async (_tenant, _customer, tokens) => {
        pruned.push(...tokens);
      },
    });
    const message = outbound('push', ada);
    const { messageId } = await channel.send(message);
    expect(messageId).toMatch(/^push-/);
    const sent = JSON.parse(server.requests.at(-1)?.body ?? '{}');
    expect(sent).toEqual({
      tokens: ['token-phone', DEAD],
      notification: { title: 'Still thinking?', body: 'reminder' },
      data: { url: '/cart' },
    });
    expect(server.requests.at(-1)?.headers['idempotency-key']).toBe(message.origin.idempotencyKey);
    expect(pruned).toEqual([DEAD]);

    devices[ada.id] = [DEAD];
    const allDead = await channel.send(outbound('push', ada)).catch((e: unknown) => e);
    expect(allDead).toBeInstanceOf(StepFailedError);
    expect(allDead).toMatchObject({ retryable: false });

    devices[ada.id] = [];
    expect(await channel.send(outbound('push', ada)).catch((e: unknown) => e)).toMatchObject({
      retryable: false,
      message: 'the customer has no registered device',
    });

    devices[ada.id] = ['token-phone'];
    fail503 = true;
    const down = await channel.send(outbound('push', ada)).catch((e: unknown) => e);
    fail503 = false;
    expect(down).toMatchObject({ retryable: true });
  });

  it('verifies signed status callbacks in constant time and maps the states', () => {
    const parse = provider().parseStatusCallback;
    if (!parse) throw new Error('the HTTP push provider parses callbacks');
    const body = JSON.stringify({ id: 'push-1', status: 'delivered' });
    expect(
      parse({ url: 'https://x/hooks', headers: { 'x-signature': signJsonCallback(SECRET, body) }, body }),
    ).toEqual({
      providerMessageId: 'push-1',
      status: 'delivered',
      error: null,
    });
    const queued = JSON.stringify({ id: 'push-1', status: 'queued' });
    expect(
      parse({ url: '', headers: { 'x-signature': signJsonCallback(SECRET, queued) }, body: queued }),
    ).toBeNull();
    expect(() =>
      parse({ url: '', headers: { 'x-signature': signJsonCallback('other', body) }, body }),
    ).toThrow(InvalidStatusCallbackError);
    expect(() => parse({ url: '', headers: {}, body })).toThrow(/missing X-Signature/);
    const garbage = 'not json';
    expect(() =>
      parse({ url: '', headers: { 'x-signature': signJsonCallback(SECRET, garbage) }, body: garbage }),
    ).toThrow(/not JSON/);
  });
});

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFaultInjector } from './faults';
import { mswHandlersFor } from './msw-handlers';
import { type ServedEmulator, serveEmulator } from './serve-emulator';
import { createWebhookSender } from './webhook-sender';

function buildApp() {
  const faults = createFaultInjector();
  const app = new Hono();
  app.use('*', faults.middleware);
  app.get('/ping', (c) => c.json({ pong: true }));
  app.post('/echo', async (c) => c.json({ got: await c.req.json() }));
  return { app, faults };
}

describe('serveEmulator (loopback)', () => {
  const { app, faults } = buildApp();
  let served: ServedEmulator;
  beforeAll(async () => {
    served = await serveEmulator(app);
  });
  afterAll(async () => {
    await served.close();
  });
  afterEach(() => faults.reset());

  it('serves the app on 127.0.0.1 over real HTTP', async () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${served.url}/echo`, { method: 'POST', body: JSON.stringify({ a: 1 }) });
    expect(await response.json()).toEqual({ got: { a: 1 } });
  });

  it('injects forced 429 and 500, then recovers', async () => {
    faults.failNext(1, 'rate_limited');
    faults.failNext(1, 'server_error');
    const first = await fetch(`${served.url}/ping`);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('1');
    expect((await fetch(`${served.url}/ping`)).status).toBe(500);
    expect((await fetch(`${served.url}/ping`)).status).toBe(200);
    expect(faults.stats().injected).toMatchObject({ rate_limited: 1, server_error: 1 });
  });

  it('drops the connection', async () => {
    faults.failNext(1, 'drop_connection');
    await expect(fetch(`${served.url}/ping`)).rejects.toThrow();
    expect((await fetch(`${served.url}/ping`)).status).toBe(200);
  });

  it('holds a timed-out request until the client aborts', async () => {
    faults.failNext(1, 'timeout');
    await expect(fetch(`${served.url}/ping`, { signal: AbortSignal.timeout(200) })).rejects.toThrow(
      /abort|timeout/i,
    );
    expect((await fetch(`${served.url}/ping`)).status).toBe(200);
  });

  it('injects random faults at the configured rate, reproducibly for a seed', async () => {
    const run = async () => {
      faults.set({ rate429: 0.3, rate500: 0.2, seed: 'replay' });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await fetch(`${served.url}/ping`)).status);
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first.filter((s) => s === 429).length).toBeGreaterThan(3);
    expect(first.filter((s) => s === 500).length).toBeGreaterThan(2);
    expect(first.filter((s) => s === 200).length).toBeGreaterThan(10);
  });

  it('rejects invalid fault configuration', () => {
    expect(() => faults.set({ rate429: 2 })).toThrow();
    expect(() => faults.set({ rate429: 0.6, rate500: 0.6 })).toThrow(/more than 1/);
  });
});

describe('mswHandlersFor', () => {
  const { app, faults } = buildApp();
  const server = setupServer(...mswHandlersFor(app, 'https://emulator.test/'));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('runs the same app in-process', async () => {
    const response = await fetch('https://emulator.test/echo', { method: 'POST', body: '{"b":2}' });
    expect(await response.json()).toEqual({ got: { b: 2 } });
  });

  it('turns a dropped connection into a network error and passes 429s through', async () => {
    faults.failNext(1, 'drop_connection');
    await expect(fetch('https://emulator.test/ping')).rejects.toThrow();
    faults.failNext(1, { status: 429, body: 'slow down', headers: { 'retry-after': '3' } });
    const limited = await fetch('https://emulator.test/ping');
    expect(limited.status).toBe(429);
    expect(await limited.text()).toBe('slow down');
  });
});

describe('createWebhookSender', () => {
  let receiverUrl: string;
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];
  let failuresLeft = 0;
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        res.writeHead(503).end();
      } else res.writeHead(200).end('ok');
    });
  });
  beforeAll(
    () =>
      new Promise<void>((resolve) => {
        receiver.listen(0, '127.0.0.1', () => {
          receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
          resolve();
        });
      }),
  );
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it('posts with the given headers, retrying with backoff until delivered', async () => {
    const delays: number[] = [];
    const sender = createWebhookSender({ sleep: async (ms) => void delays.push(ms), baseDelayMs: 100 });
    failuresLeft = 2;
    received.length = 0;
    const record = await sender.send({
      url: receiverUrl,
      headers: { 'x-test-topic': 'order.created' },
      body: '{"id":1}',
    });
    expect(record?.delivered).toBe(true);
    expect(record?.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    expect(delays).toEqual([100, 200]);
    expect(received).toHaveLength(3);
    expect(received[2]).toMatchObject({ body: '{"id":1}', headers: { 'x-test-topic': 'order.created' } });
    expect(sender.deliveries).toHaveLength(1);
  });

  it('gives up after maxAttempts and records network errors', async () => {
    const sender = createWebhookSender({ sleep: async () => {}, maxAttempts: 2 });
    const record = await sender.send({ url: 'http://127.0.0.1:1/nothing', headers: {}, body: '{}' });
    expect(record?.delivered).toBe(false);
    expect(record?.attempts).toHaveLength(2);
    expect(record?.attempts[0]).toMatchObject({ status: null });
    expect(record?.attempts[0]?.error).toBeTruthy();
  });

  it('can be switched off and on', async () => {
    const sender = createWebhookSender({ sleep: async () => {} });
    sender.disable();
    expect(await sender.send({ url: receiverUrl, headers: {}, body: '{}' })).toBeNull();
    expect(sender.suppressed).toBe(1);
    expect(sender.deliveries).toHaveLength(0);
    sender.enable();
    void sender.send({ url: receiverUrl, headers: {}, body: '{}' });
    await sender.settled();
    expect(sender.deliveries[0]?.delivered).toBe(true);
  });
});

import { randomBytes } from 'node:crypto';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ID_PREFIX, newId } from '@cartwire/model';
import { createCredentialCipher, migrate, openDatabase } from '@cartwire/storage';
import postgres from 'postgres';
import { Webhook } from 'standardwebhooks';
import { systemClock } from '../apps/gateway/src/clock';
import { createLogger } from '../apps/gateway/src/logger';
import { startOutboundWebhooks } from '../apps/gateway/src/outbound-webhooks/outbound-webhooks-runtime';
import { signWebhook } from '../apps/gateway/src/outbound-webhooks/signing';
import { createGatewayRepositories } from '../apps/gateway/src/repositories';
import { sampleOrder } from '../apps/gateway/src/routes/shared/sample-records';

export interface WebhookBenchOptions {
  /** Events per second offered in the steady phase. @default 100 */
  rate?: number;
  /** Seconds of steady load. @default 5 */
  seconds?: number;
  /** Events appended at once in the burst phase (throughput ceiling). @default 1000 */
  burst?: number;
  /** Deliveries in flight (the workers' and the endpoint's bound; the bare loop's clients). @default 16 */
  concurrency?: number;
  /** How often the fan-out reads the event log (the gateway's default). @default 200 */
  pollIntervalMs?: number;
  /** A Postgres server: the bench makes (and drops) its own database on it; embedded PGlite when absent. */
  databaseUrl?: string;
}

export interface PhaseResult {
  events: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface WebhookBenchResult {
  driver: 'pglite' | 'postgres';
  settings: Required<Omit<WebhookBenchOptions, 'databaseUrl'>>;
  /** Event-log append → verified receipt, through fan-out, the jobs table, signing and HTTP. */
  webhooks: { steady: PhaseResult; burst: PhaseResult };
  /** The same signed payloads POSTed straight to the same receiver. */
  bare: { steady: PhaseResult; burst: PhaseResult };
  /** webhooks ÷ bare latency at steady load (p50, p99), and bare ÷ webhooks burst events/s. */
  ratios: { steadyP50: number; steadyP99: number; burstThroughput: number };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

function summarize(latencies: number[], elapsedMs: number): PhaseResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    events: sorted.length,
    eventsPerSecond: Math.round((sorted.length / (elapsedMs / 1000)) * 10) / 10,
    p50Ms: Math.round(percentile(sorted, 0.5) * 10) / 10,
    p99Ms: Math.round(percentile(sorted, 0.99) * 10) / 10,
  };
}

/** A subscriber verifying every request with the `standardwebhooks` package; resolves waiters by webhook-id. */
async function startReceiver() {
  let verifier: Webhook | null = null;
  const waiting = new Map<string, (at: number) => void>();
  let rejected = 0;
  let lastRejection = '';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    // A client going away mid-request is the client's failure to report, not the receiver's.
    req.on('error', () => res.destroy());
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(req.headers['webhook-id']),
        'webhook-timestamp': String(req.headers['webhook-timestamp']),
        'webhook-signature': String(req.headers['webhook-signature']),
      };
      try {
        if (!verifier) throw new Error('no secret yet');
        verifier.verify(body, headers);
      } catch (error) {
        rejected += 1;
        lastRejection = `${(error as Error).message} (webhook-id ${headers['webhook-id']}, timestamp ${headers['webhook-timestamp']}, ${Buffer.byteLength(body)} bytes)`;
        res.writeHead(400).end(lastRejection);
        return;
      }
      const at = performance.now();
      res.writeHead(200).end('ok');
      const done = waiting.get(headers['webhook-id']);
      waiting.delete(headers['webhook-id']);
      done?.(at);
    });
  });
  // Longer than any pause between phases, so neither client meets a connection closed while idle.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    /** The endpoint's secret, known once the endpoint exists. */
    verifyWith(secret: string) {
      verifier = new Webhook(secret);
    },
    /** Resolves with the receipt time of this id; fails after a minute (a retried delivery waits minutes). */
    receipt: (id: string) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`no verified receipt of ${id} within 60 s (rejected so far: ${rejected})`));
        }, 60_000);
        waiting.set(id, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      }),
    get rejected() {
      return rejected;
    },
    get lastRejection() {
      return lastRejection;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Runs `task(i)` for i < count at `rate` per second, or all at once when rate is Infinity. */
async function paced(count: number, rate: number, task: (i: number) => Promise<void>): Promise<void> {
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    if (Number.isFinite(rate)) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    pending.push(task(i));
  }
  await Promise.all(pending);
}

/**
 * `npm run bench -- webhooks`: events/s and p50/p99 latency from event-log append to a receipt the
 * receiver verified with `standardwebhooks`, at a steady rate and in a burst, against a bare loop
 * POSTing the same signed payloads to the same receiver in the same run.
 */
export async function benchWebhooks(options: WebhookBenchOptions = {}): Promise<WebhookBenchResult> {
  const rate = options.rate ?? 100;
  const seconds = options.seconds ?? 5;
  const burst = options.burst ?? 1000;
  const concurrency = options.concurrency ?? 16;
  const pollIntervalMs = options.pollIntervalMs ?? 200;
  // Its own database on a server, so the bench's endpoint never sees another event log.
  const admin = options.databaseUrl ? postgres(options.databaseUrl, { max: 1, onnotice: () => {} }) : null;
  const databaseName = `cartwire_bench_${randomBytes(4).toString('hex')}`;
  let url: string | undefined;
  if (admin && options.databaseUrl) {
    await admin.unsafe(`create database "${databaseName}"`);
    const target = new URL(options.databaseUrl);
    target.pathname = `/${databaseName}`;
    url = target.toString();
  }
  const database = await openDatabase(url ? { url } : {});
  await migrate(database);
  const repositories = createGatewayRepositories(database, {
    clock: systemClock,
    cipher: createCredentialCipher(randomBytes(32)),
  });
  const tenant = await repositories.tenants.createTenant({ name: 'Webhook bench' });
  const store = await repositories.stores.createStore({
    tenantId: tenant.id,
    platform: 'shopify',
    name: 'Bench store',
    credentials: {},
  });
  const receiver = await startReceiver();
  const { secret } = await repositories.webhookEndpoints.createEndpoint({
    tenantId: tenant.id,
    url: receiver.url,
    eventTypes: ['order.*'],
  });
  receiver.verifyWith(secret);
  const runtime = startOutboundWebhooks({
    repositories,
    clock: systemClock,
    logger: createLogger({ level: 'silent' }),
    workerId: 'bench',
    urlPolicy: { allowPrivate: true, requireHttps: false },
    concurrency,
    endpointConcurrency: concurrency,
    pollIntervalMs,
  });

  let orderNumber = 0;
  const newEvent = () => {
    const order = sampleOrder(store.id, `w${orderNumber++}`);
    const at = new Date().toISOString();
    return {
      id: newId(ID_PREFIX.event),
      type: 'order.created' as const,
      tenantId: tenant.id,
      storeId: store.id,
      occurredAt: at,
      receivedAt: at,
      source: 'poll' as const,
      entityType: 'order' as const,
      entityId: order.id,
      data: order,
    };
  };

  /** Append → verified receipt, one event per append (as sync appends a change). */
  async function throughWebhooks(count: number, eventRate: number): Promise<PhaseResult> {
    const latencies: number[] = [];
    const started = performance.now();
    await paced(count, eventRate, async () => {
      const event = newEvent();
      const received = receiver.receipt(event.id);
      const appendedAt = performance.now();
      await repositories.events.appendEvents([event]);
      latencies.push((await received) - appendedAt);
    });
    return summarize(latencies, performance.now() - started);
  }

  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const post = (body: string, headers: Record<string, string>) =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        receiver.url,
        {
          method: 'POST',
          agent,
          headers: {
            ...headers,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            res.statusCode === 200
              ? resolve()
              : reject(new Error(`HTTP ${res.statusCode}: ${Buffer.concat(chunks).toString('utf8')}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  /** The same signed body POSTed straight to the receiver: request start → verified receipt. */
  async function bareLoop(count: number, eventRate: number): Promise<PhaseResult> {
    const latencies: number[] = [];
    const started = performance.now();
    await paced(count, eventRate, async () => {
      const event = newEvent();
      const body = JSON.stringify(event);
      const received = receiver.receipt(event.id);
      const sentAt = performance.now();
      await post(body, { ...signWebhook({ id: event.id, timestamp: new Date(), body, secrets: [secret] }) });
      latencies.push((await received) - sentAt);
    });
    return summarize(latencies, performance.now() - started);
  }

  try {
    // After a webhooks phase the workers still record the last attempts; on PGlite those queries share
    // this thread, so the next phase waits for them instead of measuring them.
    const settle = () => new Promise((resolve) => setTimeout(resolve, pollIntervalMs + 1000));
    await throughWebhooks(50, Number.POSITIVE_INFINITY); // warm-up
    await settle();
    await bareLoop(50, Number.POSITIVE_INFINITY);
    const steadyCount = Math.round(rate * seconds);
    const webhooksSteady = await throughWebhooks(steadyCount, rate);
    await settle();
    const bareSteady = await bareLoop(steadyCount, rate);
    const webhooksBurst = await throughWebhooks(burst, Number.POSITIVE_INFINITY);
    await settle();
    // The bare burst is bounded by the same number of connections the workers use.
    const bareBurst = await bareLoop(burst, Number.POSITIVE_INFINITY);
    if (receiver.rejected > 0) {
      throw new Error(`${receiver.rejected} deliveries failed verification, last: ${receiver.lastRejection}`);
    }
    const round = (value: number) => Math.round(value * 100) / 100;
    return {
      driver: database.driver,
      settings: { rate, seconds, burst, concurrency, pollIntervalMs },
      webhooks: { steady: webhooksSteady, burst: webhooksBurst },
      bare: { steady: bareSteady, burst: bareBurst },
      ratios: {
        steadyP50: round(webhooksSteady.p50Ms / bareSteady.p50Ms),
        steadyP99: round(webhooksSteady.p99Ms / bareSteady.p99Ms),
        burstThroughput: round(bareBurst.eventsPerSecond / webhooksBurst.eventsPerSecond),
      },
    };
  } finally {
    await runtime.stop();
    agent.destroy();
    await receiver.close();
    await database.close();
    if (admin) {
      await admin.unsafe(`drop database if exists "${databaseName}" with (force)`);
      await admin.end({ timeout: 5 });
    }
  }
}

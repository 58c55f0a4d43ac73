import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request as the receiver saw it. */
export interface Receipt {
  webhookId: string;
  timestamp: string;
  signatures: string[];
  body: string;
  /** Index in `secrets` of the first secret that verified the delivery; -1 when none did. */
  verifiedWith: number;
  /** Wall time (performance.now) when the request was fully read. */
  receivedAt: number;
}

/** What the receiver answers: a status (and optional delay) per request. */
export type Responder = (receipt: Receipt, nth: number) => { status: number; delayMs?: number };

export interface Receiver {
  readonly url: string;
  readonly receipts: Receipt[];
  /** Secrets the receiver verifies with, tried in order (a subscriber mid-rotation knows two). */
  secrets: string[];
  respond: Responder;
  /** Most requests in flight at once so far. */
  readonly maxInFlight: number;
  /** Stops listening and cuts connections: the subscriber is down. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
  /** Verified receipts of one event id. */
  verified(webhookId: string): Receipt[];
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A subscriber over real loopback HTTP that verifies every delivery with the `standardwebhooks`
 * package, at the time `now()` says (the tests' clock runs ahead of the wall clock when they skip
 * a backoff wait, and a real receiver would share the sender's notion of time).
 */
export async function startReceiver(options: { now: () => Date; secrets?: string[] }): Promise<Receiver> {
  const receipts: Receipt[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let port = 0;
  let server: Server;
  const state = {
    secrets: options.secrets ?? [],
    respond: (() => ({ status: 200 })) as Responder,
  };

  const verify = (secret: string, body: string, headers: Record<string, string>): boolean => {
    const wallNow = Date.now;
    Date.now = () => options.now().getTime();
    try {
      new Webhook(secret).verify(body, headers);
      return true;
    } catch {
      return false;
    } finally {
      Date.now = wallNow;
    }
  };

  const handler = async (request: IncomingMessage, response: import('node:http').ServerResponse) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const body = await readBody(request);
      const headers = {
        'webhook-id': String(request.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(request.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(request.headers['webhook-signature'] ?? ''),
      };
      const receipt: Receipt = {
        webhookId: headers['webhook-id'],
        timestamp: headers['webhook-timestamp'],
        signatures: headers['webhook-signature'].split(' ').filter(Boolean),
        body,
        verifiedWith: state.secrets.findIndex((secret) => verify(secret, body, headers)),
        receivedAt: performance.now(),
      };
      receipts.push(receipt);
      const { status, delayMs } =
        receipt.verifiedWith === -1 ? { status: 400 } : state.respond(receipt, receipts.length);
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      response.writeHead(status, { 'content-type': 'text/plain' });
      response.end(status < 300 ? 'ok' : `refused with ${status}`);
    } finally {
      inFlight -= 1;
    }
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((request, response) => {
        handler(request, response).catch(() => response.destroy());
      });
      server.keepAliveTimeout = 1000;
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  await listen();
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    receipts,
    get secrets() {
      return state.secrets;
    },
    set secrets(value) {
      state.secrets = value;
    },
    get respond() {
      return state.respond;
    },
    set respond(value) {
      state.respond = value;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    down: stop,
    up: listen,
    close: stop,
    verified: (webhookId) => receipts.filter((r) => r.webhookId === webhookId && r.verifiedWith !== -1),
  };
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newId } from '@cartwire/model';
import type { Logger } from '../logger';
import { verifyWebhook } from '../outbound-webhooks/signing';
import type { WebhookEndpointService } from '../outbound-webhooks/webhook-endpoint-service';

/** Ids of received deliveries; they live only in the inspector's memory, never in the model. */
export const RECEIVED_WEBHOOK_ID_PREFIX = 'whr_';

/** The path the inspector's endpoint URL names; with 127.0.0.1 it finds the endpoint again on a restart. */
export const WEBHOOK_INSPECTOR_PATH = '/sandbox/webhook-inspector';

/** The description of the inspector's endpoint: how `npm start` recognises it among the tenant's endpoints. */
export const WEBHOOK_INSPECTOR_DESCRIPTION =
  'Cartwire sandbox webhook inspector (npm start; shown in the console and at GET /v1/sandbox/webhooks)';

/**
 * What the inspector subscribes on its first start: every event type, so each kind of delivery the
 * catalogue has can be seen as a subscriber gets it. Later starts keep whatever types the endpoint has
 * (narrow them with PATCH /v1/webhook-endpoints/{id}).
 */
export const WEBHOOK_INSPECTOR_EVENT_TYPES = ['*'] as const;

/** The request headers a delivery is judged by; the rest (connection, host…) say nothing about it. */
const KEPT_HEADERS = [
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'user-agent',
  'content-type',
  'content-length',
] as const;

/** One request the inspector received, as it was judged. */
export interface ReceivedWebhook {
  /** `whr_…`, assigned on receipt: one per attempt (a retried event is received again). */
  readonly id: string;
  /** The `webhook-id` header: the event's id, the same on every attempt. */
  readonly webhookId: string | null;
  /** The body's `type`, when the body is a JSON object with one. */
  readonly type: string | null;
  readonly receivedAt: Date;
  /** Whether the Standard Webhooks signature verified with the endpoint's signing secrets. */
  readonly verified: boolean;
  /** Why it did not verify; null when it did. */
  readonly failure: string | null;
  /** What the inspector answered: 204 verified, 401 not, 413 too large, 503 not subscribed yet. */
  readonly status: number;
  readonly headers: readonly { readonly name: string; readonly value: string }[];
  /** The parsed JSON body; null when it was not JSON (then `failure` says so). */
  readonly body: unknown;
  /** Bytes of the body. */
  readonly size: number;
}

/** The endpoint the inspector receives for, once subscribed. */
export interface InspectorSubscription {
  readonly tenantId: string;
  readonly endpointId: string;
  /** The secrets that sign deliveries now (current first; the previous one during a rotation overlap). */
  readonly signingSecrets: (at: Date) => Promise<string[]>;
}

export interface WebhookInspectorOptions {
  readonly logger: Logger;
  /** Deliveries kept; older ones are dropped first. @default 200 */
  readonly capacity?: number;
  /** Largest body accepted, in bytes (bigger ones are answered 413 and kept without a body). @default 1 MiB */
  readonly maxBodyBytes?: number;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

export interface WebhookInspector {
  /** Where deliveries are posted: `http://127.0.0.1:<port>/sandbox/webhook-inspector`. */
  readonly url: string;
  /** `http://127.0.0.1:<port>`: the one private origin the gateway's URL policy trusts for it. */
  readonly origin: string;
  /** The endpoint it verifies against; null until subscribed. */
  subscription(): InspectorSubscription | null;
  /** Starts verifying against this endpoint (npm start calls it once the endpoint exists). */
  attach(subscription: InspectorSubscription): void;
  /** Newest first. */
  list(): readonly ReceivedWebhook[];
  get(id: string): ReceivedWebhook | null;
  close(): Promise<void>;
}

/** Reads a request body up to `limit` bytes; `null` when it is larger (the rest is drained, not kept). */
function readBody(request: IncomingMessage, limit: number): Promise<{ body: Buffer | null; size: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on('end', () => resolve({ body: size <= limit ? Buffer.concat(chunks) : null, size }));
    request.on('error', reject);
  });
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * The webhook inspector of `npm start`'s sandbox: an HTTP receiver on loopback, subscribed as one of the
 * development tenant's webhook endpoints, that verifies every delivery's Standard Webhooks signature as a
 * subscriber would (with the endpoint's current signing secrets, read at each delivery so a rotation keeps
 * verifying) and keeps the last `capacity` in memory for the console and GET /v1/sandbox/webhooks. A
 * verified delivery is answered 204, anything else 401 (or 413/503), so the gateway's delivery log shows
 * the same verdict.
 */
export async function startWebhookInspector(options: WebhookInspectorOptions): Promise<WebhookInspector> {
  const capacity = options.capacity ?? 200;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const now = options.now ?? (() => new Date());
  const received: ReceivedWebhook[] = [];
  let subscription: InspectorSubscription | null = null;

  const keep = (entry: ReceivedWebhook) => {
    received.unshift(entry);
    received.length = Math.min(received.length, capacity);
  };

  async function judge(
    request: IncomingMessage,
    at: Date,
  ): Promise<Omit<ReceivedWebhook, 'id' | 'receivedAt' | 'headers'>> {
    const { body, size } = await readBody(request, maxBodyBytes);
    if (body === null) {
      return {
        webhookId: null,
        type: null,
        verified: false,
        failure: `body of ${size} bytes is over the inspector's ${maxBodyBytes}-byte limit`,
        status: 413,
        body: null,
        size,
      };
    }
    const text = body.toString('utf8');
    const parsed = parseJson(text);
    const value = parsed.ok ? parsed.value : null;
    const type =
      typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
        ? (value as { type: string }).type
        : null;
    const header = (name: string) => {
      const raw = request.headers[name];
      return Array.isArray(raw) ? raw.join(' ') : raw;
    };
    const base = { webhookId: header('webhook-id') ?? null, type, body: value, size };
    if (subscription === null) {
      // Nothing subscribed it yet, so no secret can verify it: 503 makes a sender retry later.
      return {
        ...base,
        verified: false,
        failure: 'the inspector is not subscribed to an endpoint yet',
        status: 503,
      };
    }
    let secrets: string[];
    try {
      secrets = await subscription.signingSecrets(at);
    } catch (error) {
      options.logger.warn({ err: error }, 'webhook inspector could not read its endpoint signing secrets');
      return {
        ...base,
        verified: false,
        failure: `could not read the endpoint's signing secrets (${(error as Error).message})`,
        status: 503,
      };
    }
    const verdict = verifyWebhook({
      headers: Object.fromEntries(KEPT_HEADERS.map((name) => [name, header(name)])),
      body: text,
      secrets,
      now: at,
    });
    if (!verdict.ok) return { ...base, verified: false, failure: verdict.reason, status: 401 };
    if (!parsed.ok)
      return { ...base, verified: false, failure: 'signed, but the body is not JSON', status: 400 };
    return { ...base, verified: true, failure: null, status: 204 };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://inspector').pathname;
    if (path !== WEBHOOK_INSPECTOR_PATH) {
      response.writeHead(404).end();
      return;
    }
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const at = now();
    const judged = await judge(request, at);
    keep({
      id: newId(RECEIVED_WEBHOOK_ID_PREFIX),
      receivedAt: at,
      headers: KEPT_HEADERS.flatMap((name) => {
        const value = request.headers[name];
        return value === undefined ? [] : [{ name, value: Array.isArray(value) ? value.join(' ') : value }];
      }),
      ...judged,
    });
    if (judged.status === 204) response.writeHead(204).end();
    else
      response.writeHead(judged.status, { 'content-type': 'text/plain; charset=utf-8' }).end(judged.failure);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.logger.warn({ err: error }, 'webhook inspector failed on a request');
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => options.logger.warn({ err: error }, 'webhook inspector HTTP error'));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: `${origin}${WEBHOOK_INSPECTOR_PATH}`,
    origin,
    subscription: () => subscription,
    attach(next) {
      subscription = next;
    },
    list: () => received,
    get: (id) => received.find((entry) => entry.id === id) ?? null,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The gateway keeps delivery connections alive; they would hold close() open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** What subscribing did to the inspector's endpoint. */
export type InspectorEndpointOutcome = 'created' | 'updated' | 'disabled';

/** The inspector's endpoint among a tenant's: by its description, or by its URL's loopback host and path. */
function isInspectorEndpoint(endpoint: { description: string; url: string }): boolean {
  if (endpoint.description === WEBHOOK_INSPECTOR_DESCRIPTION) return true;
  try {
    const url = new URL(endpoint.url);
    return url.hostname === '127.0.0.1' && url.pathname === WEBHOOK_INSPECTOR_PATH;
  } catch {
    return false;
  }
}

/**
 * Subscribes the inspector as a webhook endpoint of `tenantId` through the endpoint service the REST API
 * uses (so the URL passes the same guard), then attaches it. The development tenant persists in
 * `.cartwire/`, so a restart finds its endpoint again and only points it at the inspector's new port,
 * keeping its id, secret and event types; an endpoint the gateway disabled because the previous run's
 * inspector stopped answering (`failing`, `gone`) is enabled again, one the user disabled stays disabled.
 *
 * @returns the endpoint and what was done to it
 */
export async function subscribeWebhookInspector(input: {
  inspector: WebhookInspector;
  endpoints: WebhookEndpointService;
  /** Reads the endpoint's signing secrets at a delivery (the repository's `getSigningSecrets`). */
  signingSecrets: (tenantId: string, endpointId: string, at: Date) => Promise<string[]>;
  tenantId: string;
}): Promise<{ endpointId: string; outcome: InspectorEndpointOutcome }> {
  const { inspector, endpoints, tenantId } = input;
  let found: Awaited<ReturnType<WebhookEndpointService['get']>> | undefined;
  let after: string | undefined;
  for (;;) {
    const page = await endpoints.list(tenantId, { limit: 100, after });
    found = page.items.find(isInspectorEndpoint);
    if (found || !page.hasMore) break;
    after = page.items.at(-1)?.id;
  }
  let endpointId: string;
  let outcome: InspectorEndpointOutcome;
  if (found) {
    const reEnable = !found.enabled && found.disabledReason !== 'manual';
    const updated = await endpoints.update(tenantId, found.id, {
      url: inspector.url,
      ...(reEnable ? { enabled: true } : {}),
    });
    endpointId = updated.id;
    outcome = updated.enabled ? 'updated' : 'disabled';
  } else {
    const created = await endpoints.create(tenantId, {
      url: inspector.url,
      eventTypes: [...WEBHOOK_INSPECTOR_EVENT_TYPES],
      description: WEBHOOK_INSPECTOR_DESCRIPTION,
    });
    endpointId = created.endpoint.id;
    outcome = 'created';
  }
  inspector.attach({
    tenantId,
    endpointId,
    signingSecrets: (at) => input.signingSecrets(tenantId, endpointId, at),
  });
  return { endpointId, outcome };
}

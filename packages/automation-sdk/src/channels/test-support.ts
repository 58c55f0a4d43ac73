// Loopback HTTP servers for the channel tests (fake providers, callback receivers). Not public surface.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoopbackServer {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 and a free port, answering each request with `handle`. */
export async function startLoopbackServer(
  handle: (request: ReceivedRequest) => Reply | Promise<Reply>,
): Promise<LoopbackServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      Promise.resolve(handle(request)).then(
        (reply) => {
          res.writeHead(reply.status, reply.headers ?? {});
          res.end(reply.body ?? '');
        },
        (error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(error));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

import type { Customer } from '@cartwire/model';
import type { Offer } from '../definition/workflow-definition';
import type { OutboundMessage } from '../runtime/channels';
import { storeId, tenantId } from '../test-fixtures';

let seq = 0;

/** A message for `who` as the workflow runtime hands it to a channel. */
export function outbound(
  channel: string,
  who: Pick<Customer, 'id' | 'email' | 'phone'>,
  overrides: { template?: string; offer?: Offer; runId?: string; key?: string; tenant?: string } = {},
): OutboundMessage {
  seq++;
  return {
    channel,
    template: overrides.template ?? 'reminder',
    offer: overrides.offer ?? { kind: 'none' },
    discountedVariantIds: null,
    recommendedProductIds: [],
    recipient: { customerId: who.id, email: who.email, phone: who.phone },
    subject: { cartId: null, orderId: null, variantId: null, productId: null },
    origin: {
      tenantId: overrides.tenant ?? tenantId,
      storeId,
      workflowId: 'wf_cart',
      workflowKey: 'cart',
      version: 1,
      runId: overrides.runId ?? `run_${seq}`,
      nodeId: 'send-1',
      variants: {},
      idempotencyKey: overrides.key ?? `key_${seq}_${Math.random().toString(36).slice(2)}`,
    },
  };
}

/** Governance policy without smart sending or quiet hours, so tests send several messages at one instant. */
export const NO_PACING = { smartSending: { email: null, sms: null, push: null }, quietHours: null };

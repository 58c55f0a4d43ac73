import http from 'node:http';
import https from 'node:https';
import { policyForUrl, resolveAllowed, type WebhookUrlPolicy } from '../outbound-webhooks/url-guard';
import { pinnedLookup } from '../outbound-webhooks/webhook-http';

/** A provider answering with more than this is cut off: adapters read ids and error messages, not files. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

/** Why a provider request was not sent: the URL or the address it resolves to is not allowed. */
export class ProviderUrlRefusedError extends Error {
  override readonly name = 'ProviderUrlRefusedError';
}

/**
 * A `fetch` for provider adapters that a tenant-supplied endpoint URL cannot turn into an SSRF: the host
 * is resolved and checked against the webhook URL policy on every request (private ranges refused unless
 * CARTWIRE_ALLOW_PRIVATE_WEBHOOK_URLS=1), the socket is pinned to the checked addresses (no DNS
 * rebinding between check and connect), redirects are returned as they are, never followed, and
 * responses are read up to 1 MiB. A refused URL rejects like a network error, which adapters classify as
 * a retryable provider failure; the message says why.
 */
export interface ProviderFetch {
  readonly fetch: typeof fetch;
  /** Closes kept-alive connections. */
  close(): void;
}

export function createProviderFetch(given: WebhookUrlPolicy): ProviderFetch {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 32 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 32 }),
  };
  const guarded = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const policy = policyForUrl(url, given);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new ProviderUrlRefusedError(`${url.protocol} is not an http(s) URL`);
    }
    if (url.protocol === 'http:' && policy.requireHttps) {
      throw new ProviderUrlRefusedError('plain http provider URLs are refused outside development');
    }
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const resolved = await resolveAllowed(host, policy);
    if (!resolved.ok) throw new ProviderUrlRefusedError(`refused: ${resolved.reason}`);
    const headers = new Headers(init.headers);
    const body = typeof init.body === 'string' ? init.body : init.body == null ? null : String(init.body);
    if (body !== null) headers.set('content-length', String(Buffer.byteLength(body)));
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<Response>((resolve, reject) => {
      const signal = init.signal ?? null;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const request = transport.request(
        url,
        {
          method: init.method ?? 'GET',
          agent: agents[url.protocol as 'http:' | 'https:'],
          lookup: pinnedLookup(resolved.addresses),
          headers: Object.fromEntries(headers.entries()),
        },
        (response) => {
          const chunks: Buffer[] = [];
          let read = 0;
          response.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > MAX_RESPONSE_BYTES) {
              response.destroy(new Error(`provider response over ${MAX_RESPONSE_BYTES} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          response.on('error', reject);
          response.on('end', () => {
            const answer = new Headers();
            for (const [name, value] of Object.entries(response.headers)) {
              if (value === undefined) continue;
              for (const item of Array.isArray(value) ? value : [value]) answer.append(name, item);
            }
            const status = response.statusCode ?? 502;
            resolve(
              new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), {
                status,
                statusText: response.statusMessage ?? '',
                headers: answer,
              }),
            );
          });
        },
      );
      const abort = () =>
        request.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      signal?.addEventListener('abort', abort, { once: true });
      request.on('error', reject);
      request.on('close', () => signal?.removeEventListener('abort', abort));
      request.end(body ?? undefined);
    });
  };
  return {
    fetch: guarded as typeof fetch,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

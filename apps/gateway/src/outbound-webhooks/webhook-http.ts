import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { policyForUrl, type ResolvedAddress, resolveAllowed, type WebhookUrlPolicy } from './url-guard';

/** What one HTTP attempt produced, for the delivery log. */
export interface PostOutcome {
  /** Null when no response arrived (timeout, refused connection, refused address). */
  statusCode: number | null;
  /** The first bytes of the response body (UTF-8), or null without a response. */
  responseExcerpt: string | null;
  /** Why the attempt failed without a response, or why a response is not accepted (a redirect). */
  error: string | null;
  durationMs: number;
}

export interface WebhookHttpOptions {
  policy: WebhookUrlPolicy;
  /** Whole attempt, connect to last byte. */
  timeoutMs: number;
  /** @default 1024 */
  excerptBytes?: number;
}

export interface WebhookHttp {
  post(url: string, headers: Record<string, string>, body: string): Promise<PostOutcome>;
  /** Closes kept-alive connections. */
  close(): void;
}

/** Reading stops here: a subscriber answering with megabytes only costs us this much. */
const MAX_READ_BYTES = 64 * 1024;

/**
 * POSTs webhook deliveries. The host is resolved and checked on every attempt and the connection is
 * pinned to the checked addresses (a DNS answer that changes between check and connect cannot reach
 * a private address); redirects are never followed.
 */
export function createWebhookHttp(options: WebhookHttpOptions): WebhookHttp {
  const { timeoutMs } = options;
  const excerptBytes = options.excerptBytes ?? 1024;
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
  };

  return {
    async post(rawUrl, headers, body) {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      const failed = (error: string): PostOutcome => ({
        statusCode: null,
        responseExcerpt: null,
        error,
        durationMs: elapsed(),
      });
      let url: URL;
      try {
        url = new URL(rawUrl);
      } catch {
        return failed('refused: not an absolute URL');
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return failed('refused: not an http(s) URL');
      const policy = policyForUrl(url, options.policy);
      if (url.protocol === 'http:' && policy.requireHttps) return failed('refused: plain http');
      const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
      const resolved = await resolveAllowed(host, policy);
      if (!resolved.ok) return failed(`refused: ${resolved.reason}`);

      const transport = url.protocol === 'https:' ? https : http;
      return new Promise<PostOutcome>((resolve) => {
        let settled = false;
        const finish = (outcome: PostOutcome) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(outcome);
        };
        const request = transport.request(
          url,
          {
            method: 'POST',
            agent: agents[url.protocol as 'http:' | 'https:'],
            lookup: pinnedLookup(resolved.addresses),
            headers: {
              ...headers,
              'content-type': 'application/json',
              'content-length': String(Buffer.byteLength(body)),
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            let read = 0;
            response.on('data', (chunk: Buffer) => {
              if (read < MAX_READ_BYTES) chunks.push(chunk);
              read += chunk.length;
              if (read >= MAX_READ_BYTES) response.destroy();
            });
            const done = () => {
              const status = response.statusCode ?? 0;
              const location = response.headers.location;
              finish({
                statusCode: status,
                responseExcerpt: Buffer.concat(chunks).subarray(0, excerptBytes).toString('utf8'),
                error:
                  status >= 300 && status < 400
                    ? `redirect${location ? ` to ${location.slice(0, 200)}` : ''} not followed`
                    : null,
                durationMs: elapsed(),
              });
            };
            response.on('end', done);
            response.on('close', done);
            response.on('error', done);
          },
        );
        const timer = setTimeout(() => {
          request.destroy();
          finish(failed(`timeout after ${timeoutMs} ms`));
        }, timeoutMs);
        request.on('error', (error: NodeJS.ErrnoException) => {
          finish(failed(error.code ? `${error.code}: ${error.message}` : error.message));
        });
        request.end(body);
      });
    },
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

/** A lookup that answers with addresses already resolved and checked, so the socket connects to one of them. */
export function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  type Answer = (
    error: Error | null,
    address: string | { address: string; family: number }[],
    family?: number,
  ) => void;
  return ((_hostname: string, options: { all?: boolean; family?: number }, callback: Answer) => {
    const usable = options.family ? addresses.filter((entry) => entry.family === options.family) : addresses;
    const list = usable.length > 0 ? usable : addresses;
    if (options.all) {
      callback(
        null,
        list.map((entry) => ({ address: entry.address, family: entry.family })),
      );
      return;
    }
    const first = list[0] as ResolvedAddress;
    callback(null, first.address, first.family);
  }) as unknown as LookupFunction;
}

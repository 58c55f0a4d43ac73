import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';

export interface ListenOptions {
  readonly port: number;
  readonly host: string;
}

export interface HttpListener {
  /** Base URL a client on this machine can use (a wildcard bind is reported as loopback). */
  readonly url: string;
  readonly port: number;
  /**
   * Stops accepting connections and waits for in-flight requests; connections still open after
   * `timeoutMs` are cut so shutdown cannot hang on a stuck client.
   */
  close(timeoutMs: number): Promise<void>;
}

type FetchHandler = (request: Request) => Response | Promise<Response>;

function baseUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/** Serves a fetch handler (the Hono app) over node:http. */
export async function listen(fetch: FetchHandler, options: ListenOptions): Promise<HttpListener> {
  const server = createAdaptorServer({ fetch, createServer });
  if (!(server instanceof Server)) throw new TypeError('expected a node:http server');
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  // A keep-alive socket whose request finishes after close() began would linger until its idle
  // timeout; close it as soon as its response is out.
  server.on('request', (_request, response) => {
    response.once('finish', () => {
      if (closing !== undefined) setImmediate(() => server.closeIdleConnections());
    });
  });
  return {
    url: baseUrl(options.host, port),
    port,
    close(timeoutMs) {
      closing ??= new Promise<void>((resolve, reject) => {
        const forceTimer = setTimeout(() => server.closeAllConnections(), timeoutMs);
        server.close((error) => {
          clearTimeout(forceTimer);
          if (error) reject(error);
          else resolve();
        });
        // Keep-alive sockets with no request in flight would otherwise hold close() open.
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

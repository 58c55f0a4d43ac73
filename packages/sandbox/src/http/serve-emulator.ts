import type { AddressInfo } from 'node:net';
import { type HttpBindings, serve } from '@hono/node-server';
import { type FetchApp, isDropConnection } from './fetch-app';

export interface ServedEmulator {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:53211`. */
  url: string;
  port: number;
  /** Stops listening and cuts open connections (including requests a fault is holding). */
  close(): Promise<void>;
}

export interface ServeEmulatorOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** @default '127.0.0.1' */
  hostname?: string;
}

/**
 * Serves an emulator app over real HTTP on loopback, for end-to-end tests, the demo and benchmarks.
 *
 * @example
 * const served = await serveEmulator(createWooCommerceEmulator({ store, consumerKey, consumerSecret }));
 * // … point a client at served.url …
 * await served.close();
 */
export function serveEmulator(app: FetchApp, options: ServeEmulatorOptions = {}): Promise<ServedEmulator> {
  const hostname = options.hostname ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        // Keep the process's global Request/Response untouched: tests also run msw and undici.
        overrideGlobalObjects: false,
        hostname,
        port: options.port ?? 0,
        fetch: async (request, env) => {
          const response = await app.fetch(request, env);
          if (isDropConnection(response)) {
            (env as HttpBindings).incoming.socket.destroy();
          }
          return response;
        },
      },
      (info: AddressInfo) => {
        const url = `http://${hostname}:${info.port}`;
        resolve({
          url,
          port: info.port,
          close: () =>
            new Promise<void>((done, fail) => {
              server.close((error) => (error ? fail(error) : done()));
              if ('closeAllConnections' in server) server.closeAllConnections();
            }),
        });
      },
    );
    server.once('error', reject);
  });
}

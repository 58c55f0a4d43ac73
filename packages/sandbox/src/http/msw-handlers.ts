import { HttpResponse, http, type RequestHandler } from 'msw';
import { type FetchApp, isDropConnection } from './fetch-app';

/**
 * msw handlers that send every request under `baseUrl` to the emulator app in-process, so unit tests
 * run the exact same emulator as the loopback server without opening a port.
 *
 * @example
 * const server = setupServer(...mswHandlersFor(emulator, 'https://shop.test'));
 */
export function mswHandlersFor(app: FetchApp, baseUrl: string): RequestHandler[] {
  const base = baseUrl.replace(/\/+$/, '');
  return [
    http.all(`${base}/*`, async ({ request }) => {
      const response = await app.fetch(request);
      return isDropConnection(response) ? HttpResponse.error() : response;
    }),
  ];
}

/** Anything with a fetch handler: a Hono app, or any other WinterCG-style app. */
export interface FetchApp {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

/**
 * Header a handler sets to ask the transport to drop the connection instead of answering. The
 * loopback server destroys the socket; under msw the request fails with a network error.
 */
export const DROP_CONNECTION_HEADER = 'x-sandbox-drop-connection';

export function dropConnectionResponse(): Response {
  return new Response(null, { status: 599, headers: { [DROP_CONNECTION_HEADER]: '1' } });
}

export function isDropConnection(response: Response): boolean {
  return response.headers.get(DROP_CONNECTION_HEADER) === '1';
}

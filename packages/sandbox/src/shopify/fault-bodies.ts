import { createFaultInjector, type FaultInjector } from '../http/faults';

const BODIES: Record<number, { errors: string }> = {
  429: {
    errors:
      'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.',
  },
  500: { errors: 'Internal Server Error' },
  502: { errors: 'Bad Gateway' },
  503: { errors: 'Service Unavailable' },
  504: { errors: 'Gateway Timeout' },
};

/**
 * A fault injector whose injected errors carry Shopify's string-valued `errors` bodies, and
 * `Retry-After` written as Shopify writes it (`2.0`).
 */
export function shopifyFaultInjector(): FaultInjector {
  return createFaultInjector({
    errorResponse: (status, retryAfterSeconds) =>
      new Response(JSON.stringify(BODIES[status] ?? { errors: `HTTP ${status}` }), {
        status,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          ...(retryAfterSeconds === null
            ? {}
            : {
                'Retry-After': Number.isInteger(retryAfterSeconds)
                  ? `${retryAfterSeconds}.0`
                  : String(retryAfterSeconds),
              }),
        },
      }),
  });
}

import { createFaultInjector, type FaultInjector } from '../http/faults';
import { TOO_MANY_REQUESTS } from './error-bodies';

/**
 * A fault injector whose injected errors look like Magento's: the backpressure 429 body, and the
 * "Internal Error … Report ID" body Magento's webapi answers unexpected exceptions with.
 */
export function magentoFaultInjector(): FaultInjector {
  let reports = 0;
  return createFaultInjector({
    errorResponse: (status, retryAfterSeconds) => {
      reports += 1;
      const body =
        status === 429
          ? TOO_MANY_REQUESTS
          : {
              message: `Internal Error. Details are available in Magento log file. Report ID: webapi-${String(reports).padStart(13, '0')}`,
            };
      return new Response(JSON.stringify(body), {
        status,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          ...(retryAfterSeconds === null ? {} : { 'retry-after': String(retryAfterSeconds) }),
        },
      });
    },
  });
}

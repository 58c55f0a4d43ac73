import { createFaultInjector, type FaultInjector } from '../http/faults';

/** One entry of SP-API's `{"errors":[…]}` envelope. */
export interface AmazonError {
  code: string;
  message: string;
  details?: string;
}

export function errorList(...errors: AmazonError[]): { errors: AmazonError[] } {
  return { errors };
}

/** 400 InvalidInput, as the Orders API answers a bad filter. */
export function invalidInput(details: string): { errors: AmazonError[] } {
  return errorList({ code: 'InvalidInput', message: 'Invalid Input', details });
}

/** 403 Unauthorized (the developer guide's example body, with the reason in `details`). */
export function unauthorized(details: string): { errors: AmazonError[] } {
  return errorList({ code: 'Unauthorized', message: 'Access to requested resource is denied.', details });
}

export const QUOTA_EXCEEDED = errorList({
  code: 'QuotaExceeded',
  message: 'You exceeded your quota for the requested resource.',
  details: '',
});

export const INTERNAL_FAILURE = errorList({
  code: 'InternalFailure',
  message: 'We encountered an internal error. Please try again.',
});

export function notFound(details: string): { errors: AmazonError[] } {
  return errorList({ code: 'NotFound', message: 'The requested resource was not found.', details });
}

/** `x-amzn-ErrorType` as SP-API sends it beside an error body. */
export function errorType(status: number): string {
  if (status === 429) return 'QuotaExceededException:';
  if (status === 403) return 'AccessDeniedException:';
  if (status === 404) return 'NotFoundException:';
  if (status >= 500) return 'InternalFailureException:';
  return 'ValidationException:';
}

/**
 * A fault injector whose errors look like SP-API's: 429 QuotaExceeded (no `x-amzn-RateLimit-Limit`,
 * and no Retry-After unless the injector is configured with one), 500/504 InternalFailure.
 */
export function amazonFaultInjector(): FaultInjector {
  let requestCount = 0;
  return createFaultInjector({
    errorResponse: (status, retryAfterSeconds) => {
      requestCount += 1;
      const body = status === 429 ? QUOTA_EXCEEDED : INTERNAL_FAILURE;
      return new Response(JSON.stringify(body), {
        status,
        headers: {
          'content-type': 'application/json',
          'x-amzn-requestid': `fault-${String(requestCount).padStart(8, '0')}`,
          'x-amzn-errortype': errorType(status),
          ...(retryAfterSeconds === null || retryAfterSeconds === 0
            ? {}
            : { 'retry-after': String(retryAfterSeconds) }),
        },
      });
    },
  });
}

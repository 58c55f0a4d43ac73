import { describe, expect, it } from 'vitest';
import { classifyDefault, errorMessageFromBody } from './classify';
import type { AttemptOutcome } from './http-types';

function response(
  status: number,
  body: unknown = null,
  headers: Record<string, string> = {},
): AttemptOutcome {
  return {
    kind: 'response',
    request: { operation: 'op' },
    response: { status, headers: new Headers(headers), body, text: '', url: 'http://x/', attempts: 1 },
  };
}

const context = { now: Date.parse('2026-01-01T00:00:00Z'), refreshableAuth: false };

describe('classifyDefault', () => {
  it.each([
    [200, 'ok', null],
    [204, 'ok', null],
    [400, 'fail', 'invalid_payload'],
    [401, 'fail', 'auth'],
    [403, 'fail', 'auth'],
    [404, 'fail', 'not_found'],
    [408, 'retry', 'transient'],
    [422, 'fail', 'invalid_payload'],
    [429, 'rate_limited', 'rate_limited'],
    [500, 'retry', 'transient'],
    [503, 'retry', 'transient'],
  ] as const)('HTTP %i → %s (%s)', (status, action, errorClass) => {
    expect(classifyDefault(response(status), context)).toMatchObject({ action, errorClass });
  });

  it('asks for an auth refresh on 401 when the connector can refresh', () => {
    expect(classifyDefault(response(401), { ...context, refreshableAuth: true }).action).toBe('refresh_auth');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(classifyDefault(response(429, null, { 'retry-after': '2.0' }), context).waitMs).toBe(2000);
    expect(
      classifyDefault(response(503, null, { 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }), context)
        .waitMs,
    ).toBe(30_000);
  });

  it('retries timeouts and network errors', () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(
      classifyDefault({ kind: 'error', request: { operation: 'op' }, error: timeout }, context),
    ).toMatchObject({
      action: 'retry',
      reason: 'request timed out',
    });
    const reset = new TypeError('fetch failed', {
      cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    });
    expect(
      classifyDefault({ kind: 'error', request: { operation: 'op' }, error: reset }, context).reason,
    ).toContain('ECONNRESET');
  });
});

describe('errorMessageFromBody', () => {
  it.each([
    [
      {
        code: 'woocommerce_rest_cannot_view',
        message: 'Sorry, you cannot list resources.',
        data: { status: 401 },
      },
      'woocommerce_rest_cannot_view: Sorry, you cannot list resources.',
    ],
    [
      { message: 'Invalid product data: %1', parameters: ['Invalid attribute set entity type'] },
      'Invalid product data: Invalid attribute set entity type',
    ],
    [
      {
        message: 'No such entity with %fieldName = %fieldValue',
        parameters: { fieldName: 'id', fieldValue: '9' },
      },
      'No such entity with id = 9',
    ],
    [
      {
        errors: [
          {
            code: 'QuotaExceeded',
            message: 'You exceeded your quota for the requested resource.',
            details: '',
          },
        ],
      },
      'QuotaExceeded: You exceeded your quota for the requested resource.',
    ],
    [
      { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' },
      '[API] Invalid API key or access token (unrecognized login or wrong password)',
    ],
    [{ errors: { title: ["can't be blank"] } }, "title: can't be blank"],
    [{ unrelated: true }, undefined],
  ])('reads %j', (body, message) => {
    expect(errorMessageFromBody(body)).toBe(message);
  });
});

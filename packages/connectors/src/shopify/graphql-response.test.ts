import { describe, expect, it } from 'vitest';
import { createClassifier } from '../engine/classify';
import type { AttemptOutcome } from '../engine/http-types';
import { classifyShopify, observeCost } from './graphql-response';
import { MAX_QUERY_COST } from './graphql-selection';
import { pagedQuery } from './graphql-stream';
import { CHECKOUT_FIELDS } from './raw-checkout';
import { CUSTOMER_FIELDS } from './raw-customer';
import { ORDER_FIELDS } from './raw-order';
import { PRODUCT_FIELDS } from './raw-product';
import { fixture, fixtureText } from './test-fixtures/read-fixture';

const classify = createClassifier(classifyShopify);
const context = { now: Date.parse('2026-01-01T00:00:00Z'), refreshableAuth: false };

function outcome(status: number, name: string, headers: Record<string, string> = {}): AttemptOutcome {
  return {
    kind: 'response',
    request: { operation: 'orders.page', method: 'POST', path: '/graphql.json' },
    response: {
      status,
      headers: new Headers(headers),
      body: fixture(name),
      text: fixtureText(name),
      url: 'https://x.myshopify.com',
      attempts: 1,
    },
  };
}

describe('classification of Shopify answers', () => {
  it('treats THROTTLED in an HTTP 200 as rate_limited, waiting until the bucket holds the query cost', () => {
    // (requested 202 − available 98) / restore 100 per second = 1.04 s
    expect(classify(outcome(200, 'graphql-throttled.response.json'), context)).toEqual({
      action: 'rate_limited',
      errorClass: 'rate_limited',
      reason: 'GraphQL errors: THROTTLED: Throttled',
      waitMs: 1040,
    });
  });

  it('passes a successful envelope through and learns its cost and bucket', () => {
    const success = outcome(200, 'graphql-success-envelope.bulk-operation-run-query.response.json');
    expect(classify(success, context).action).toBe('ok');
    if (success.kind !== 'response') throw new Error('unreachable');
    expect(observeCost(success.response)).toEqual({
      requestedCost: 10,
      maximumAvailable: 2000,
      currentlyAvailable: 1990,
      restoreRate: 100,
    });
  });

  it('fails a bad token (401 with a string `errors`) as auth, keeping the platform message', () => {
    expect(classify(outcome(401, 'error-401-invalid-token.response.json'), context)).toEqual({
      action: 'fail',
      errorClass: 'auth',
      reason: 'HTTP 401: [API] Invalid API key or access token (unrecognized login or wrong password)',
    });
  });

  it('honours Retry-After on an HTTP 429 (REST throttle body)', () => {
    expect(
      classify(outcome(429, 'rest-429-throttled.response.json', { 'retry-after': '2.0' }), context),
    ).toMatchObject({
      action: 'rate_limited',
      errorClass: 'rate_limited',
      waitMs: 2000,
    });
  });

  it('fails a query over the cost limit without retrying it', () => {
    const body = {
      errors: [
        {
          message: 'Query cost is 1723, which exceeds the single query max cost limit (1000).',
          extensions: { code: 'MAX_COST_EXCEEDED' },
        },
      ],
    };
    const result = classify(
      {
        kind: 'response',
        request: { operation: 'x' },
        response: { status: 200, headers: new Headers(), body, text: '', url: 'https://x', attempts: 1 },
      },
      context,
    );
    expect(result).toMatchObject({ action: 'fail', errorClass: 'invalid_payload' });
  });
});

describe('page sizes', () => {
  it('keeps every paged query within the single-query cost limit', () => {
    for (const [root, fields, withShopCurrency] of [
      ['orders', ORDER_FIELDS, false],
      ['products', PRODUCT_FIELDS, true],
      ['customers', CUSTOMER_FIELDS, false],
      ['abandonedCheckouts', CHECKOUT_FIELDS, false],
    ] as const) {
      const { pageSize, requestedCost } = pagedQuery({ root, fields, sortKey: 'ID', withShopCurrency });
      expect(pageSize).toBeGreaterThanOrEqual(1);
      expect(pageSize).toBeLessThanOrEqual(250);
      expect(requestedCost).toBeLessThanOrEqual(MAX_QUERY_COST);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { createClassifier } from '../engine/classify';
import type { RequestOptions } from '../engine/http-types';
import { classifyWooCommerce } from './classify';
import { fixture, fixtureText } from './test-fixtures/read-fixture';

const classify = createClassifier(classifyWooCommerce);
const request: RequestOptions = { operation: 'orders.list', path: '/orders' };

function outcome(status: number, name: string) {
  return {
    kind: 'response' as const,
    request,
    response: {
      status,
      headers: new Headers({ 'content-type': 'application/json' }),
      body: fixture(name),
      text: fixtureText(name),
      url: 'https://shop.example/wp-json/wc/v3/orders',
      attempts: 1,
    },
  };
}

describe('classifyWooCommerce', () => {
  const context = { now: 0, refreshableAuth: false };

  it('fails a bad consumer key as auth, without retry (error-401-authentication)', () => {
    expect(classify(outcome(401, 'error-401-authentication.response.json'), context)).toEqual({
      action: 'fail',
      errorClass: 'auth',
      reason: 'HTTP 401: woocommerce_rest_authentication_error: Consumer key is invalid.',
    });
  });

  it('fails a missing REST route as not_found with a setup hint (error-404-rest_no_route)', () => {
    const result = classify(outcome(404, 'error-404-rest_no_route.response.json'), context);
    expect(result).toMatchObject({ action: 'fail', errorClass: 'not_found' });
    expect(result.reason).toContain('pretty permalinks');
  });

  it('fails a missing record as not_found (error-404-woocommerce_rest_term_invalid)', () => {
    expect(classify(outcome(404, 'error-404-woocommerce_rest_term_invalid.response.json'), context)).toEqual({
      action: 'fail',
      errorClass: 'not_found',
      reason: "HTTP 404: woocommerce_rest_term_invalid: Resource doesn't exist.",
    });
  });

  it('retries a reused OAuth nonce, since every attempt is signed afresh', () => {
    const reused = outcome(401, 'error-401-authentication.response.json');
    reused.response.body = {
      code: 'json_oauth1_nonce_already_used',
      message: 'Invalid nonce',
      data: { status: 401 },
    };
    expect(classify(reused, context)).toMatchObject({ action: 'retry', errorClass: 'auth' });
  });
});

import { describe, expect, it } from 'vitest';
import { all, any, field, inSegment, not } from '../definition/builder';
import { SegmentsUnavailableError } from '../errors';
import { cart, customer, event, T0, variant } from '../test-fixtures';
import { createEvaluationContext } from './context';
import { evaluateCondition, resolveField } from './evaluate-condition';
import { nextLocalTime } from './time-of-day';

const shirt = variant('1', '50.00', '20.00', 5);
const socks = variant('2', '10.00', '8.00', 0);
const abandoned = cart('c1', [
  [shirt, 2],
  [socks, 1],
]);
const context = createEvaluationContext({
  event: event('cart.abandoned', abandoned),
  customer: customer('55', { tags: ['vip', 'newsletter'], createdAt: '2025-01-01T00:00:00Z' }),
  variants: [shirt, socks],
  now: T0,
});

describe('evaluateCondition', () => {
  it('compares money amounts exactly as decimals, with numbers or strings', () => {
    expect(evaluateCondition(field('cart.subtotal.amount').eq('110'), context)).toBe(true);
    expect(evaluateCondition(field('cart.subtotal.amount').gt(109.99), context)).toBe(true);
    expect(evaluateCondition(field('cart.subtotal.amount').gt('110.00'), context)).toBe(false);
    expect(evaluateCondition(field('cart.subtotal.amount').lte('110.000'), context)).toBe(true);
    expect(evaluateCondition(field('event.data.total.amount').lt('-1'), context)).toBe(false);
  });

  it('traverses arrays: any element for positive operators, none for negations', () => {
    expect(evaluateCondition(field('cart.lines.sku').eq('SKU-2'), context)).toBe(true);
    expect(evaluateCondition(field('cart.lines.sku').neq('SKU-2'), context)).toBe(false);
    expect(evaluateCondition(field('cart.lines.quantity').gte(2), context)).toBe(true);
    expect(evaluateCondition(field('customer.tags').contains('vip'), context)).toBe(true);
    // On an array, contains means one element equals, not a substring of one.
    expect(evaluateCondition(field('customer.tags').contains('news'), context)).toBe(false);
    expect(evaluateCondition(field('customer.email').contains('@example'), context)).toBe(true);
    expect(evaluateCondition(field('cart.lines.sku').in(['X', 'SKU-1']), context)).toBe(true);
    expect(evaluateCondition(field('cart.lines.sku').notIn(['X']), context)).toBe(true);
  });

  it('reads computed metrics: cart margin from unit costs', () => {
    // (2×50 + 10 − (2×20 + 8)) / 110 = 56.36 %
    expect(resolveField(context, 'metrics.cartMarginPercent').values).toEqual([56.36]);
    expect(resolveField(context, 'metrics.cartMaxItemMarginPercent').values).toEqual([60]);
    expect(evaluateCondition(field('metrics.cartMarginPercent').gte(50), context)).toBe(true);
    expect(evaluateCondition(field('metrics.cartItemCount').eq(3), context)).toBe(true);
  });

  it('reads the customer’s CLV prediction as metrics, and none without one', () => {
    const predicted = {
      ...context,
      prediction: {
        pAlive: 0.31,
        expectedPurchases: { days30: 0.12, days90: 0.33, days365: 1.2 },
        predictedClv: { amount: '84.50' },
      },
    };
    expect(evaluateCondition(field('metrics.customerProbabilityAlive').lt(0.5), predicted)).toBe(true);
    expect(resolveField(predicted, 'metrics.customerExpectedPurchases90').values).toEqual([0.33]);
    expect(evaluateCondition(field('metrics.customerPredictedClv').gte(80), predicted)).toBe(true);
    // No prediction (a store without a fitted model): the metric is absent, so comparisons are false.
    expect(evaluateCondition(field('metrics.customerProbabilityAlive').lt(0.5), context)).toBe(false);
    expect(
      evaluateCondition(field('metrics.customerPredictedClv').notExists(), { ...context, prediction: null }),
    ).toBe(true);
  });

  it('handles null, existence, time windows and boolean trees', () => {
    expect(evaluateCondition(field('cart.convertedOrderId').eq(null), context)).toBe(true);
    expect(evaluateCondition(field('cart.convertedOrderId').exists(), context)).toBe(false);
    expect(evaluateCondition(field('customer.phone').notExists(), context)).toBe(true);
    expect(evaluateCondition(field('customer.createdAt').olderThan('P30D'), context)).toBe(true);
    expect(evaluateCondition(field('event.occurredAt').withinLast('PT1H'), context)).toBe(true);
    expect(
      evaluateCondition(
        all(
          field('customer.tags').contains('vip'),
          any(field('cart.total.amount').gt(1000), not(field('customer.locale').eq('de'))),
        ),
        context,
      ),
    ).toBe(true);
  });

  it('refuses segment rules without a resolver and answers them with one', () => {
    expect(() => evaluateCondition(inSegment('seg_1'), context)).toThrow(SegmentsUnavailableError);
    expect(evaluateCondition(inSegment('seg_1'), { ...context, segments: new Set(['seg_1']) })).toBe(true);
    expect(evaluateCondition(inSegment('seg_1', false), { ...context, segments: new Set() })).toBe(true);
  });

  it('rejects a malformed context with a typed error', () => {
    expect(() => createEvaluationContext({ event: { type: 'nope' } as never })).toThrow(
      /Invalid evaluation input/,
    );
  });
});

describe('nextLocalTime', () => {
  it('finds the next local clock time in the customer zone, across DST and allowed days', () => {
    // 10:00 UTC is 11:00 in Berlin: 09:00 has passed, so tomorrow 09:00 CET = 08:00 UTC.
    expect(nextLocalTime(new Date('2026-03-02T10:00:00Z'), '09:00', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-03T08:00:00.000Z',
    );
    // After the switch to summer time (29 March 2026) 09:00 is 07:00 UTC.
    expect(nextLocalTime(new Date('2026-03-29T12:00:00Z'), '09:00', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-30T07:00:00.000Z',
    );
    // Friday evening in New York, weekdays only: Monday 09:00 EST.
    expect(
      nextLocalTime(new Date('2026-02-06T23:00:00Z'), '09:00', 'America/New_York', [
        'mon',
        'tue',
        'wed',
        'thu',
        'fri',
      ]).toISOString(),
    ).toBe('2026-02-09T14:00:00.000Z');
  });
});

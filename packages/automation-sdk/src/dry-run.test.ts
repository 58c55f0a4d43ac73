import { describe, expect, it } from 'vitest';
import {
  variant as arm,
  branch,
  byCorrelation,
  defineWorkflow,
  exit,
  field,
  send,
  split,
  wait,
  when,
} from './definition/builder';
import { dryRun } from './dry-run';
import { cart, customer, event, T0, variant } from './test-fixtures';

const definition = defineWorkflow({
  key: 'dry',
  name: 'Dry',
  trigger: { event: 'cart.abandoned', filter: field('cart.subtotal.amount').gte('20') },
  flowFilter: field('cart.status').neq('converted'),
  steps: [
    wait.for('PT1H'),
    branch(
      [
        when('vip', field('customer.tags').contains('vip'), [send({ channel: 'webhook', template: 'vip' })]),
        when('high-margin', field('metrics.cartMaxItemMarginPercent').gte(50), [
          send({
            channel: 'webhook',
            template: 'discount',
            offer: { kind: 'percent_off', percent: 10, minItemMarginPercent: 50 },
            recommendations: { strategy: 'cart_items' },
            checks: ['items_in_stock'],
          }),
        ]),
      ],
      [send({ channel: 'webhook', template: 'plain' })],
    ),
    wait.forEvent('cart.converted', {
      match: byCorrelation('event.entityId'),
      timeout: 'PT23H',
      onEvent: [exit('converted')],
    }),
    split([arm('a', 1, []), arm('b', 1, [])]),
    wait.untilTimeOfDay('09:00'),
    send({ channel: 'webhook', template: 'second' }),
  ],
});

const shirt = variant('1', '50.00', '20.00', 5);
const socks = variant('2', '10.00', '8.00', 3);

describe('dryRun', () => {
  it('shows the path with branch, offer scope, wait ends, split arm and virtual times, sending nothing', () => {
    const result = dryRun(definition, {
      event: event(
        'cart.abandoned',
        cart('c1', [
          [shirt, 1],
          [socks, 1],
        ]),
      ),
      customer: customer(),
      variants: [shirt, socks],
    });
    expect(result.outcome).toBe('completed');
    const path = result.steps.map((s) => `${s.nodeId}${s.taken ? `:${s.taken}` : ''}`);
    expect(path.slice(0, 5)).toEqual([
      'trigger',
      'wait-1',
      'branch-1:high-margin',
      'send-2',
      'wait-2:timeout',
    ]);
    const discount = result.steps[3];
    expect(discount?.at).toBe('2026-03-02T11:00:00.000Z');
    // Only the shirt (60 % margin) gets the percentage off; the socks (20 %) do not.
    expect(discount?.message).toMatchObject({
      template: 'discount',
      discountedVariantIds: [shirt.id],
      recommendedProductIds: [shirt.productId, socks.productId],
      recipient: { email: 'c55@example.com' },
    });
    const last = result.steps.at(-2);
    // Timed out at 11:00 + 23 h = 10:00 next day UTC (11:00 Berlin), so 09:00 Berlin the day after.
    expect(last).toMatchObject({ nodeId: 'send-4', at: '2026-03-04T08:00:00.000Z' });
    expect(['a', 'b']).toContain(result.steps.find((s) => s.type === 'split')?.taken);
  });

  it('follows an arrived event, and stops on a live check', () => {
    const converted = dryRun(
      definition,
      {
        event: event('cart.abandoned', cart('c1', [[shirt, 1]])),
        customer: customer('55', { tags: ['vip'] }),
      },
      { waits: { 'wait-2': 'event' } },
    );
    expect(converted.steps.map((s) => s.nodeId)).toEqual([
      'trigger',
      'wait-1',
      'branch-1',
      'send-1',
      'wait-2',
      'exit-1',
    ]);
    expect(converted.steps.at(-1)?.endReason).toBe('converted');

    const soldOut = variant('1', '50.00', '20.00', 0);
    const blocked = dryRun(definition, {
      event: event('cart.abandoned', cart('c1', [[soldOut, 1]])),
      customer: customer(),
      variants: [soldOut],
    });
    expect(blocked.outcome).toBe('exited');
    expect(blocked.steps.at(-1)).toMatchObject({ nodeId: 'send-2', endReason: `out_of_stock:${soldOut.id}` });
  });

  it('reports why an event does not enter', () => {
    const small = dryRun(definition, { event: event('cart.abandoned', cart('c2', [[socks, 1]])), now: T0 });
    expect(small).toMatchObject({ entered: false, notEnteredReason: 'filter', outcome: 'not_entered' });
    const other = dryRun(definition, { event: event('customer.created', customer()) });
    expect(other.notEnteredReason).toBe('event_type');
  });
});

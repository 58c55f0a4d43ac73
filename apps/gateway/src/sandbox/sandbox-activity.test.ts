import { generateStore } from '@cartwire/sandbox';
import { describe, expect, it } from 'vitest';
import { createSandboxActivity, type SandboxActivity } from './sandbox-activity';

function run(seed: string, ticks: number): { kinds: Set<string>; log: (SandboxActivity | null)[] } {
  const store = generateStore({ seed: 5, size: 'tiny', now: '2026-06-01T00:00:00Z' });
  const activity = createSandboxActivity(seed);
  const log = Array.from({ length: ticks }, () => activity(store));
  return { kinds: new Set(log.flatMap((entry) => (entry ? [entry.kind] : []))), log };
}

describe('sandbox activity', () => {
  it('makes every kind of shopper and merchant change over a few hundred ticks', () => {
    const { kinds, log } = run('activity-test', 400);
    expect(log.every((entry) => entry !== null)).toBe(true);
    expect([...kinds].sort()).toEqual(
      [
        'cart_converted',
        'cart_started',
        'cart_updated',
        'customer_signed_up',
        'order_cancelled',
        'order_delivered',
        'order_fulfilled',
        'order_placed',
        'order_refunded',
        'price_dropped',
        'stock_restocked',
        'stock_sold_out',
      ].sort(),
    );
  });

  it('is reproducible for a seed', () => {
    expect(run('same-seed', 60).log).toEqual(run('same-seed', 60).log);
  });
});

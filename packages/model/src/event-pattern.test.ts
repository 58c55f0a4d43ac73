import { describe, expect, it } from 'vitest';
import { EventTypePattern, eventTypeMatches } from './event-pattern';

describe('eventTypeMatches', () => {
  it('matches exact types, segment wildcards and *', () => {
    expect(eventTypeMatches('order.paid', 'order.paid')).toBe(true);
    expect(eventTypeMatches('order.paid', 'order.created')).toBe(false);
    expect(eventTypeMatches('order.*', 'order.created')).toBe(true);
    expect(eventTypeMatches('order.*', 'product.created')).toBe(false);
    expect(eventTypeMatches('*.created', 'customer.created')).toBe(true);
    expect(eventTypeMatches('*.created', 'customer.updated')).toBe(false);
    expect(eventTypeMatches('*', 'search.performed')).toBe(true);
  });

  it('does not match across segment boundaries or prefixes', () => {
    expect(eventTypeMatches('order', 'order.created')).toBe(false);
    expect(eventTypeMatches('order.*', 'order')).toBe(false);
    expect(eventTypeMatches('ord*', 'order.created')).toBe(false);
    expect(eventTypeMatches('product.*', 'product.back_in_stock')).toBe(true);
    expect(eventTypeMatches('cart.*', 'checkout.started')).toBe(false);
  });
});

describe('EventTypePattern', () => {
  it('accepts patterns that match some event type and rejects typos', () => {
    for (const ok of ['*', 'order.*', 'order.paid', '*.created', 'webhook.test']) {
      expect(EventTypePattern.safeParse(ok).success, ok).toBe(true);
    }
    for (const bad of ['order.payed', 'orders.*', '', '*.*.*', 'order']) {
      expect(EventTypePattern.safeParse(bad).success, bad).toBe(false);
    }
  });
});

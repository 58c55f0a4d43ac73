import { parseEvent } from '@cartwire/model';
import type { UpsertResult } from '@cartwire/storage';
import { describe, expect, it } from 'vitest';
import { eur, sampleOrder, sampleVariant } from '../../../../packages/model/src/sample-entities';
import { type ChangeContext, eventsForUpsert } from './change-events';

const context: ChangeContext = {
  tenantId: 'ten_test',
  storeId: sampleVariant().storeId,
  source: 'poll',
  mode: 'live',
  receivedAt: new Date('2026-02-01T00:00:00Z'),
  lowStockThreshold: 5,
};

function updated<T>(previous: T, current: T): UpsertResult<never> {
  return { outcome: 'updated', previous, current } as unknown as UpsertResult<never>;
}

const types = (events: { type: string }[]) => events.map((event) => event.type);

describe('eventsForUpsert', () => {
  it('announces nothing for unchanged and stale versions', () => {
    const variant = sampleVariant();
    for (const outcome of ['unchanged', 'stale'] as const) {
      expect(eventsForUpsert('variant', { outcome, previous: variant, current: variant }, context)).toEqual(
        [],
      );
    }
  });

  it('derives back_in_stock (0 → 5) and low_stock (crossing the threshold downward) with previous values', () => {
    const restocked = eventsForUpsert(
      'variant',
      updated(
        sampleVariant({ inventoryQuantity: 0 }),
        sampleVariant({ inventoryQuantity: 5, updatedAt: '2026-02-01T00:00:00Z' }),
      ),
      context,
    );
    expect(types(restocked)).toEqual(['product.back_in_stock']);
    expect(restocked[0]).toMatchObject({
      source: 'derived',
      data: { available: 5, threshold: 1 },
      previous: { available: 0 },
    });
    const falling = eventsForUpsert(
      'variant',
      updated(sampleVariant({ inventoryQuantity: 9 }), sampleVariant({ inventoryQuantity: 5 })),
      context,
    );
    expect(types(falling)).toEqual(['product.low_stock']);
    // Already below the threshold: no second low-stock event.
    const stillLow = eventsForUpsert(
      'variant',
      updated(sampleVariant({ inventoryQuantity: 5 }), sampleVariant({ inventoryQuantity: 3 })),
      context,
    );
    expect(stillLow).toEqual([]);
    for (const event of [...restocked, ...falling]) expect(() => parseEvent(event)).not.toThrow();
  });

  it('derives price_dropped with the old and new price, and not for a rise', () => {
    const dropped = eventsForUpsert(
      'variant',
      updated(sampleVariant({ price: eur('30.00') }), sampleVariant({ price: eur('25.00') })),
      context,
    );
    expect(types(dropped)).toEqual(['product.price_dropped']);
    expect(dropped[0]?.data).toMatchObject({ previousPrice: eur('30.00'), price: eur('25.00') });
    expect(() => parseEvent(dropped[0])).not.toThrow();
    const raised = eventsForUpsert(
      'variant',
      updated(sampleVariant({ price: eur('25.00') }), sampleVariant({ price: eur('30.00') })),
      context,
    );
    expect(raised).toEqual([]);
  });

  it('turns order status transitions into order.paid / fulfilled / cancelled / refunded, each once per version', () => {
    const before = sampleOrder({
      financialStatus: 'pending',
      fulfillmentStatus: 'unfulfilled',
      status: 'open',
    });
    const after = sampleOrder({
      financialStatus: 'partially_refunded',
      fulfillmentStatus: 'fulfilled',
      status: 'cancelled',
      totalRefunded: eur('5.00'),
      updatedAt: '2026-02-01T00:00:00Z',
    });
    const events = eventsForUpsert('order', updated(before, after), context);
    expect(types(events).sort()).toEqual(
      ['order.cancelled', 'order.fulfilled', 'order.paid', 'order.refunded', 'order.updated'].sort(),
    );
    expect(events.find((event) => event.type === 'order.paid')?.previous).toMatchObject({
      financialStatus: 'pending',
    });
    for (const event of events) expect(() => parseEvent(event)).not.toThrow();
    // Replaying the same change gives the same ids, so the event log drops the copies.
    expect(eventsForUpsert('order', updated(before, after), context).map((event) => event.id)).toEqual(
      events.map((event) => event.id),
    );
  });

  it('imports history on backfill: created events only, no transitions', () => {
    const order = sampleOrder({ financialStatus: 'paid' });
    const events = eventsForUpsert(
      'order',
      { outcome: 'inserted', previous: null, current: order },
      { ...context, mode: 'backfill' },
    );
    expect(types(events)).toEqual(['order.created']);
  });
});

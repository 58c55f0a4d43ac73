import type { SyncCheckpoint } from '@cartwire/storage';
import { describe, expect, it } from 'vitest';
import { backfillPending, progressOf, renderProgress, watchBackfill } from './backfill-progress';

function checkpoint(stream: string, overrides: Partial<SyncCheckpoint> = {}): SyncCheckpoint {
  return {
    tenantId: 'ten_1',
    storeId: 'sto_1',
    stream,
    pageCursor: null,
    watermark: null,
    runState: 'idle',
    runStartedAt: null,
    pagesInRun: 0,
    recordsInRun: 0,
    recordsTotal: 0,
    lastError: null,
    lastErrorClass: null,
    lastErrorAt: null,
    consecutiveFailures: 0,
    lastSuccessAt: null,
    nextRunAt: null,
    updatedAt: new Date(0),
    ...overrides,
  } as SyncCheckpoint;
}

describe('backfill progress', () => {
  it('counts finished streams and records, and names a pending stream error', () => {
    const progress = progressOf(
      'shopify',
      ['orders', 'products', 'customers', 'refunds'],
      [
        checkpoint('orders', { lastSuccessAt: new Date(), recordsTotal: 1200 }),
        checkpoint('products', { recordsInRun: 40 }),
        checkpoint('customers', { lastError: 'HTTP 503 from the shop' }),
      ],
    );
    expect(progress).toEqual({
      platform: 'shopify',
      streamsDone: 1,
      streamsTotal: 4,
      records: 1240,
      error: 'HTTP 503 from the shop',
    });
    expect(renderProgress([progress], 6)).toBe(
      '    shopify      [██░░░░] 1/4 streams  1,240 records  retrying: HTTP 503 from the shop',
    );
  });

  it('redraws in place on a terminal until every store has finished', async () => {
    const writes: string[] = [];
    let polls = 0;
    const watch = watchBackfill({
      shops: [{ platform: 'magento', storeId: 'sto_1', streams: ['orders'] }],
      status: async () => {
        polls += 1;
        return [checkpoint('orders', polls >= 2 ? { lastSuccessAt: new Date(), recordsTotal: 5 } : {})];
      },
      out: { write: (text: string) => writes.push(text), isTTY: true },
      intervalMs: 1,
    });
    await watch.done;
    expect(writes).toHaveLength(2);
    expect(writes[0]).toContain('0/1 streams');
    const redraw = '\u001b[1A\u001b[0J';
    expect(writes[1]?.startsWith(redraw)).toBe(true);
    expect(writes[1]?.slice(redraw.length)).toMatch(/^ {4}magento .*1\/1 streams {2}5 records {2}done\n$/);
  });

  it('prints one line per finished store when not on a terminal', async () => {
    const writes: string[] = [];
    const watch = watchBackfill({
      shops: [
        { platform: 'shopify', storeId: 'sto_1', streams: ['orders'] },
        { platform: 'woocommerce', storeId: 'sto_2', streams: ['orders'] },
      ],
      status: async () => [checkpoint('orders', { lastSuccessAt: new Date(), recordsTotal: 2 })],
      out: { write: (text: string) => writes.push(text) },
      intervalMs: 1,
    });
    await watch.done;
    expect(writes.map((line) => line.trim().split(/\s+/)[0])).toEqual(['shopify', 'woocommerce']);
  });

  it('says whether any store still has a stream without a finished first run', async () => {
    const shops = [
      { platform: 'shopify' as const, storeId: 'sto_1', streams: ['orders', 'products'] },
      { platform: 'magento' as const, storeId: 'sto_2', streams: ['orders'] },
    ];
    const done = checkpoint('orders', { lastSuccessAt: new Date() });
    const finished = { sto_1: [done, checkpoint('products', { lastSuccessAt: new Date() })], sto_2: [done] };
    expect(await backfillPending(shops, async (storeId) => finished[storeId as 'sto_1'])).toBe(false);
    // A stream not started yet has no checkpoint: still pending.
    const resumed = { ...finished, sto_1: [done] };
    expect(await backfillPending(shops, async (storeId) => resumed[storeId as 'sto_1'])).toBe(true);
  });
});

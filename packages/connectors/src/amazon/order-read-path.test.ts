import { describe, expect, it } from 'vitest';
import { orderReadPath } from './order-streams';
import { amazonSettingsOf } from './settings';

const now = Date.parse('2026-12-01T00:00:00.000Z');
const settings = (extra: Record<string, unknown> = {}) =>
  amazonSettingsOf({
    id: 'sto_amazonreadpath0000000001',
    settings: { sellerId: 'A3TH9S8BH6GOGM', marketplaceIds: ['ATVPDKIKX0DER'], ...extra },
  });
const elevenMonthsAgo = '2026-01-01T00:00:00.000Z';

describe('orderReadPath', () => {
  it('backfills a two-year window through the Reports API under auto, a narrow one by paging', () => {
    expect(orderReadPath(null, null, settings(), now)).toBe('reports');
    expect(orderReadPath(null, null, settings({ backfillDays: 20 }), now)).toBe('paging');
    expect(orderReadPath(null, null, settings({ orderBackfill: 'paging' }), now)).toBe('paging');
  });

  it('pages every incremental run, however long the pause and whatever the backfill setting', () => {
    expect(orderReadPath(elevenMonthsAgo, null, settings(), now)).toBe('paging');
    expect(orderReadPath(elevenMonthsAgo, null, settings({ orderBackfill: 'reports' }), now)).toBe('paging');
  });

  it('keeps a resumed run on the path its checkpoint belongs to', () => {
    const reports = { kind: 'custom' as const, state: { path: 'reports', windowStart: elevenMonthsAgo } };
    expect(orderReadPath(elevenMonthsAgo, reports, settings(), now)).toBe('reports');
    expect(orderReadPath(null, { kind: 'cursor' as const, token: 't' }, settings(), now)).toBe('paging');
  });
});

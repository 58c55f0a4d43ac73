import { describe, expect, it } from 'vitest';
import { InvalidTimestampError } from './errors';
import { IsoDateTime, toIsoUtc } from './time';

describe('toIsoUtc', () => {
  it('converts offsets to UTC', () => {
    expect(toIsoUtc('2024-01-02T10:00:00-05:00')).toBe('2024-01-02T15:00:00.000Z');
    expect(toIsoUtc('2024-01-02T10:00:00Z')).toBe('2024-01-02T10:00:00.000Z');
  });

  it('reads zone-less platform timestamps as UTC (Magento, WooCommerce *_gmt)', () => {
    expect(toIsoUtc('2024-01-02 15:04:05')).toBe('2024-01-02T15:04:05.000Z');
    expect(toIsoUtc('2024-01-02T15:04:05')).toBe('2024-01-02T15:04:05.000Z');
    expect(toIsoUtc('2024-01-02')).toBe('2024-01-02T00:00:00.000Z');
  });

  it('accepts dates and epoch milliseconds, and its output passes IsoDateTime', () => {
    expect(toIsoUtc(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(toIsoUtc(new Date(Date.UTC(2026, 0, 31)))).toBe('2026-01-31T00:00:00.000Z');
    expect(IsoDateTime.safeParse(toIsoUtc('2024-01-02 15:04:05')).success).toBe(true);
  });

  it('rejects garbage', () => {
    expect(() => toIsoUtc('yesterday')).toThrow(InvalidTimestampError);
    expect(() => toIsoUtc('2024-13-45 99:99:99')).toThrow(InvalidTimestampError);
    expect(() => toIsoUtc('2024-02-30 10:00:00')).toThrow(InvalidTimestampError);
    expect(() => toIsoUtc('2023-02-29T10:00:00Z')).toThrow(InvalidTimestampError);
    expect(toIsoUtc('2024-02-29T10:00:00Z')).toBe('2024-02-29T10:00:00.000Z');
    expect(() => toIsoUtc(Number.NaN)).toThrow(InvalidTimestampError);
  });

  it('IsoDateTime refuses local offsets so stored times are always UTC', () => {
    expect(IsoDateTime.safeParse('2024-01-02T10:00:00-05:00').success).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { SandboxStoreError } from './errors';
import { allocateMinor, convertMinor, currencyDigits, fromMinor, percentOfMinor, toMinor } from './money';

describe('money', () => {
  it('knows each currency’s minor units', () => {
    expect(currencyDigits('USD')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('KWD')).toBe(3);
  });

  it('round-trips decimal strings without floats', () => {
    expect(toMinor('19.90', 'EUR')).toBe(1990);
    expect(toMinor('0.1', 'USD') + toMinor('0.2', 'USD')).toBe(30);
    expect(fromMinor(30, 'USD')).toBe('0.30');
    expect(fromMinor(-5, 'USD')).toBe('-0.05');
    expect(fromMinor(1200, 'JPY')).toBe('1200');
    expect(toMinor('1.2345', 'KWD')).toBe(1235);
    expect(toMinor('2.005', 'USD')).toBe(201);
  });

  it('rejects non-decimal input', () => {
    expect(() => toMinor('1e3', 'USD')).toThrow(SandboxStoreError);
    expect(() => toMinor('abc', 'USD')).toThrow(SandboxStoreError);
  });

  it('computes percentages and conversions with half-up rounding', () => {
    expect(percentOfMinor(3250, '10')).toBe(325);
    expect(percentOfMinor(999, '12.5')).toBe(125);
    expect(convertMinor(1999, 'USD', 'JPY', '151')).toBe(3018);
    expect(convertMinor(3018, 'JPY', 'USD', '0.006623')).toBe(1999);
  });

  it('allocates a total across weights exactly', () => {
    const parts = allocateMinor(100, [1, 1, 1]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(100);
    expect(parts).toEqual([34, 33, 33]);
    expect(allocateMinor(7, [0, 5])).toEqual([0, 7]);
  });
});

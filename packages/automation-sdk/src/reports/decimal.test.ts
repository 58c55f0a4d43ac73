import { describe, expect, it } from 'vitest';
import { currencyPlaces, divideMoney, fromScaled, toScaled } from './decimal';

describe('decimal money', () => {
  it('parses and formats exactly, rounding half away from zero', () => {
    expect(fromScaled(toScaled('19.9'), 2)).toBe('19.90');
    expect(fromScaled(toScaled('0.125'), 2)).toBe('0.13');
    expect(fromScaled(toScaled('-0.125'), 2)).toBe('-0.13');
    expect(fromScaled(toScaled('-0.001'), 2)).toBe('0.00');
    expect(fromScaled(toScaled('1234567890.12345678') * 3n, 2)).toBe('3703703670.37');
    expect(() => toScaled('1e3')).toThrow(TypeError);
  });

  it('uses the currency’s precision', () => {
    expect(currencyPlaces('EUR')).toBe(2);
    expect(currencyPlaces('JPY')).toBe(0);
    expect(currencyPlaces('KWD')).toBe(3);
    expect(divideMoney(toScaled('100'), 3, 'EUR')).toBe('33.33');
    expect(divideMoney(toScaled('1000'), 3, 'JPY')).toBe('333');
    expect(divideMoney(toScaled('1'), 0, 'EUR')).toBeNull();
  });
});

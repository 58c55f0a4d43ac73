import { describe, expect, it } from 'vitest';
import { currencyDecimals } from './currency';
import { formatDecimal, parseDecimal } from './decimal';
import { CurrencyMismatchError, InvalidCurrencyError, InvalidDecimalError } from './errors';
import {
  addMoney,
  compareMoney,
  fromMinorUnits,
  isZero,
  Money,
  money,
  multiplyMoney,
  percentOf,
  roundMoney,
  subtractMoney,
  sumMoney,
  toMinorUnits,
} from './money';

describe('parseDecimal', () => {
  it('reads platform strings and numbers into canonical decimal strings', () => {
    expect(parseDecimal('2000.0')).toBe('2000');
    expect(parseDecimal('199.00')).toBe('199');
    expect(parseDecimal(19.9)).toBe('19.9');
    expect(parseDecimal(195.66)).toBe('195.66');
    expect(parseDecimal('-0.00')).toBe('0');
    expect(parseDecimal('+5')).toBe('5');
    expect(parseDecimal('.5')).toBe('0.5');
    expect(parseDecimal(' 11.01 ')).toBe('11.01');
    expect(parseDecimal('0012.50')).toBe('12.5');
  });

  it('expands exponent forms without going through a float', () => {
    expect(parseDecimal(1e21)).toBe('1000000000000000000000');
    expect(parseDecimal(1e-7)).toBe('0.0000001');
    expect(parseDecimal('1.5E3')).toBe('1500');
  });

  it('rejects what is not a finite decimal', () => {
    for (const bad of ['', 'abc', '1,5', '1.2.3', '--1', '.', '1e99999', '0x10']) {
      expect(() => parseDecimal(bad), bad).toThrow(InvalidDecimalError);
    }
    expect(() => parseDecimal(Number.NaN)).toThrow(InvalidDecimalError);
    expect(() => parseDecimal(Number.POSITIVE_INFINITY)).toThrow(InvalidDecimalError);
  });
});

describe('formatDecimal', () => {
  it('pads and rounds half-up to the requested digits', () => {
    expect(formatDecimal('19.9', 2)).toBe('19.90');
    expect(formatDecimal('2.345', 2)).toBe('2.35');
    expect(formatDecimal('-2.345', 2)).toBe('-2.35');
    expect(formatDecimal('2.345', 2, 'half_even')).toBe('2.34');
    expect(formatDecimal('2.5', 0, 'half_even')).toBe('2');
    expect(formatDecimal('3.5', 0, 'half_even')).toBe('4');
    expect(formatDecimal('-0.001', 2)).toBe('0.00');
  });
});

describe('money()', () => {
  it('normalizes amount and currency, padding to the minor units without rounding', () => {
    expect(money('2000.0', 'usd')).toEqual({ amount: '2000.00', currency: 'USD' });
    expect(money(19.9, 'EUR')).toEqual({ amount: '19.90', currency: 'EUR' });
    expect(money('-0.00', 'EUR')).toEqual({ amount: '0.00', currency: 'EUR' });
    expect(money('1500.0', 'JPY')).toEqual({ amount: '1500', currency: 'JPY' });
    expect(money('1.5', 'KWD')).toEqual({ amount: '1.500', currency: 'KWD' });
    expect(money('12.3456', 'USD')).toEqual({ amount: '12.3456', currency: 'USD' });
  });

  it('rejects invalid currencies and amounts with typed errors', () => {
    expect(() => money('1', 'EURO')).toThrow(InvalidCurrencyError);
    expect(() => money('1', '')).toThrow(InvalidCurrencyError);
    expect(() => money('one', 'EUR')).toThrow(InvalidDecimalError);
  });
});

describe('arithmetic', () => {
  const eur = (amount: string) => money(amount, 'EUR');

  it('adds without float leaks', () => {
    expect(addMoney(eur('0.1'), eur('0.2'))).toEqual(eur('0.30'));
    expect(addMoney(eur('19.90'), eur('0.10')).amount).toBe('20.00');
    expect(subtractMoney(eur('0.3'), eur('0.1')).amount).toBe('0.20');
    expect(subtractMoney(eur('5'), eur('7.25')).amount).toBe('-2.25');
  });

  it('stays exact beyond 2^53 minor units', () => {
    const big = money('90071992547409.93', 'USD'); // 2^53 + 1 cents
    expect(toMinorUnits(big)).toBe(9007199254740993n);
    expect(addMoney(big, money('0.01', 'USD')).amount).toBe('90071992547409.94');
    expect(multiplyMoney(big, 1000).amount).toBe('90071992547409930.00');
    expect(fromMinorUnits(123456789012345678901n, 'USD').amount).toBe('1234567890123456789.01');
  });

  it('multiplies by quantities and exact decimal factors', () => {
    expect(multiplyMoney(eur('19.99'), 3).amount).toBe('59.97');
    expect(multiplyMoney(eur('10.00'), '0.175').amount).toBe('1.75');
    expect(multiplyMoney(eur('0.1'), '3').amount).toBe('0.30');
    expect(multiplyMoney(eur('19.99'), '0.15').amount).toBe('2.9985');
  });

  it('takes percentages exactly', () => {
    expect(percentOf(money('80.00', 'USD'), '12.5').amount).toBe('10.00');
    expect(percentOf(money('19.99', 'USD'), '7.25').amount).toBe('1.449275');
    expect(roundMoney(percentOf(money('19.99', 'USD'), '7.25')).amount).toBe('1.45');
  });

  it('compares and tests for zero', () => {
    expect(compareMoney(eur('10.0'), eur('10.00'))).toBe(0);
    expect(compareMoney(eur('9.99'), eur('10'))).toBe(-1);
    expect(compareMoney(eur('-1'), eur('-2'))).toBe(1);
    expect(isZero(eur('-0.00'))).toBe(true);
    expect(isZero(eur('0.001'))).toBe(false);
  });

  it('sums lists in one currency; empty list is zero', () => {
    expect(sumMoney([eur('0.1'), eur('0.2'), eur('0.3')], 'EUR').amount).toBe('0.60');
    expect(sumMoney([], 'JPY')).toEqual({ amount: '0', currency: 'JPY' });
  });

  it('throws CurrencyMismatchError when currencies are mixed', () => {
    const usd = money('1', 'USD');
    expect(() => addMoney(eur('1'), usd)).toThrow(CurrencyMismatchError);
    expect(() => subtractMoney(eur('1'), usd)).toThrow(CurrencyMismatchError);
    expect(() => compareMoney(eur('1'), usd)).toThrow(CurrencyMismatchError);
    expect(() => sumMoney([eur('1'), usd], 'EUR')).toThrow(CurrencyMismatchError);
    try {
      addMoney(eur('1'), usd);
    } catch (error) {
      expect(error).toMatchObject({ code: 'currency_mismatch', expected: 'EUR', actual: 'USD' });
    }
  });
});

describe('rounding to minor units', () => {
  it('rounds half-up (ties away from zero), including negatives', () => {
    expect(roundMoney(money('0.125', 'USD')).amount).toBe('0.13');
    expect(roundMoney(money('-0.125', 'USD')).amount).toBe('-0.13');
    expect(roundMoney(money('1.005', 'USD')).amount).toBe('1.01'); // 1.005 as a float rounds to 1.00
    expect(roundMoney(money('0.124', 'USD')).amount).toBe('0.12');
    expect(roundMoney(money('-0.124', 'USD')).amount).toBe('-0.12');
    expect(roundMoney(money('-0.004', 'USD')).amount).toBe('0.00');
  });

  it('supports other modes on request', () => {
    expect(roundMoney(money('0.125', 'USD'), 'half_even').amount).toBe('0.12');
    expect(roundMoney(money('0.135', 'USD'), 'half_even').amount).toBe('0.14');
    expect(roundMoney(money('-1.231', 'USD'), 'floor').amount).toBe('-1.24');
    expect(roundMoney(money('-1.239', 'USD'), 'ceil').amount).toBe('-1.23');
    expect(roundMoney(money('1.239', 'USD'), 'truncate').amount).toBe('1.23');
  });

  it('uses 0 decimals for JPY/KRW and 3 for KWD/BHD', () => {
    expect(currencyDecimals('JPY')).toBe(0);
    expect(currencyDecimals('krw')).toBe(0);
    expect(currencyDecimals('KWD')).toBe(3);
    expect(currencyDecimals('BHD')).toBe(3);
    expect(currencyDecimals('EUR')).toBe(2);
    expect(roundMoney(money('1234.5', 'JPY')).amount).toBe('1235');
    expect(roundMoney(money('-1234.5', 'JPY')).amount).toBe('-1235');
    expect(roundMoney(money('1.2345', 'KWD')).amount).toBe('1.235');
    expect(toMinorUnits(money('1500', 'JPY'))).toBe(1500n);
    expect(toMinorUnits(money('1.234', 'KWD'))).toBe(1234n);
    expect(fromMinorUnits(1234, 'KWD')).toEqual({ amount: '1.234', currency: 'KWD' });
    expect(fromMinorUnits(1999, 'JPY')).toEqual({ amount: '1999', currency: 'JPY' });
  });

  it('rounds before converting to minor units', () => {
    expect(toMinorUnits(money('19.995', 'EUR'))).toBe(2000n);
    expect(toMinorUnits(money('19.995', 'EUR'), 'truncate')).toBe(1999n);
    expect(() => fromMinorUnits(0.5, 'EUR')).toThrow(RangeError);
  });
});

describe('Money schema', () => {
  it('accepts decimal strings and rejects floats, bad strings and bad currencies', () => {
    expect(Money.safeParse({ amount: '19.90', currency: 'EUR' }).success).toBe(true);
    expect(Money.safeParse({ amount: '-3', currency: 'JPY' }).success).toBe(true);
    expect(Money.safeParse({ amount: 19.9, currency: 'EUR' }).success).toBe(false);
    expect(Money.safeParse({ amount: '19,90', currency: 'EUR' }).success).toBe(false);
    expect(Money.safeParse({ amount: '1e3', currency: 'EUR' }).success).toBe(false);
    expect(Money.safeParse({ amount: '', currency: 'EUR' }).success).toBe(false);
    expect(Money.safeParse({ amount: '1.00', currency: 'eur' }).success).toBe(false);
    expect(Money.safeParse({ amount: '1.00', currency: 'EURO' }).success).toBe(false);
  });
});

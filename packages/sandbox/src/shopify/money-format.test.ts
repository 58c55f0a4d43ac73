import { describe, expect, it } from 'vitest';
import { jsonFloat, toJsonText } from './json-text';
import { graphqlDecimal, restDecimal } from './money-format';

describe('decimal formats', () => {
  it('writes GraphQL decimals with trailing zeros dropped but one fractional digit kept', () => {
    expect(graphqlDecimal('2000.00')).toBe('2000.0');
    expect(graphqlDecimal('8305.60')).toBe('8305.6');
    expect(graphqlDecimal('11.5')).toBe('11.5');
    expect(graphqlDecimal('0')).toBe('0.0');
    expect(graphqlDecimal('-0.00')).toBe('0.0');
    expect(graphqlDecimal('-12.340')).toBe('-12.34');
  });

  it('writes REST decimals with two fixed places', () => {
    expect(restDecimal('199')).toBe('199.00');
    expect(restDecimal('19.9')).toBe('19.90');
    expect(restDecimal('0.000')).toBe('0.00');
    expect(restDecimal('1.2345')).toBe('1.2345');
    expect(() => restDecimal('1e3')).toThrow(RangeError);
  });

  it('serializes int64 ids and Shopify floats exactly', () => {
    expect(toJsonText({ id: 820982911946154508n, rate: jsonFloat(100), frac: jsonFloat(0.5) })).toBe(
      '{"id":820982911946154508,"rate":100.0,"frac":0.5}',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { canonicalJson, entityContentHash } from './content-hash';

describe('entityContentHash', () => {
  it('ignores key order, raw and updatedAt', () => {
    const a = { id: 'ord_1', total: { amount: '10.00', currency: 'EUR' }, updatedAt: '2026-01-01T00:00:00Z' };
    const b = {
      total: { currency: 'EUR', amount: '10.00' },
      raw: { anything: true },
      id: 'ord_1',
      updatedAt: '2026-02-01T00:00:00Z',
    };
    expect(entityContentHash(a)).toBe(entityContentHash(b));
  });

  it('changes with any normalized field, including array order and nested values', () => {
    const base = { id: 'ord_1', tags: ['a', 'b'], total: { amount: '10.00', currency: 'EUR' } };
    expect(entityContentHash({ ...base, tags: ['b', 'a'] })).not.toBe(entityContentHash(base));
    expect(entityContentHash({ ...base, total: { amount: '10.01', currency: 'EUR' } })).not.toBe(
      entityContentHash(base),
    );
    expect(entityContentHash({ ...base, note: null })).not.toBe(entityContentHash(base));
  });

  it('serializes canonically at every depth', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: undefined, b: 2 }] })).toBe('{"a":[{"b":2,"d":1}],"b":1}');
  });
});

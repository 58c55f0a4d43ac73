import { describe, expect, it } from 'vitest';
import { BASE32_ALPHABET } from './base32';
import { InvalidIdError } from './errors';
import { entityId, ID_BODY_LENGTH, ID_PREFIX, lineId, newId, prefixedId } from './ids';

const body = new RegExp(`^[${BASE32_ALPHABET}]{${ID_BODY_LENGTH}}$`);

describe('entityId', () => {
  it('is stable for the same store, type and external id', () => {
    const a = entityId('order', 'sto_abc', '820982911946154508');
    expect(entityId('order', 'sto_abc', '820982911946154508')).toBe(a);
    expect(a.startsWith('ord_')).toBe(true);
    expect(a.slice(4)).toMatch(body);
  });

  it('differs when any of store, type or external id differs', () => {
    const ids = new Set([
      entityId('order', 'sto_abc', '1'),
      entityId('order', 'sto_abd', '1'),
      entityId('order', 'sto_abc', '2'),
      entityId('customer', 'sto_abc', '1'),
      entityId('product', 'sto_abc', '1'),
      entityId('variant', 'sto_abc', '1'),
      // separator keeps ("ab","c") and ("a","bc") apart
      entityId('order', 'sto_ab', 'c1'),
      entityId('order', 'sto_abc', '1 '),
    ]);
    expect(ids.size).toBe(8);
  });

  it('uses the prefix of the entity type', () => {
    expect(entityId('inventory_level', 'sto_x', '9').startsWith(ID_PREFIX.inventory_level)).toBe(true);
    expect(entityId('cart', 'sto_x', '9').startsWith('crt_')).toBe(true);
    expect(entityId('store', 'ten_x', 'shop.example.com').startsWith('sto_')).toBe(true);
  });

  it('rejects empty parts and unknown types', () => {
    expect(() => entityId('order', '', '1')).toThrow(InvalidIdError);
    expect(() => entityId('order', 'sto_a', '')).toThrow(InvalidIdError);
    // @ts-expect-error: not an entity type
    expect(() => entityId('coupon', 'sto_a', '1')).toThrow(InvalidIdError);
  });
});

describe('lineId', () => {
  it('is stable per parent and line, and distinct across parents and kinds', () => {
    const a = lineId('line_item', 'ord_a', '1');
    expect(lineId('line_item', 'ord_a', '1')).toBe(a);
    expect(a).toMatch(/^li_/);
    expect(lineId('line_item', 'ord_b', '1')).not.toBe(a);
    expect(lineId('cart_line', 'ord_a', '1')).toMatch(/^cl_/);
  });
});

describe('newId', () => {
  it('has the prefix and 24 URL-safe characters', () => {
    const id = newId(ID_PREFIX.event);
    expect(id.startsWith('evt_')).toBe(true);
    expect(id.slice(4)).toMatch(body);
    expect(encodeURIComponent(id)).toBe(id);
  });

  it('is unique and sorts in creation order', () => {
    const ids = Array.from({ length: 2000 }, () => newId('job_'));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('rejects malformed prefixes', () => {
    for (const bad of ['', 'ord', 'Ord_', 'o-d_', '_']) {
      expect(() => newId(bad), bad).toThrow(InvalidIdError);
    }
  });
});

describe('prefixedId schema', () => {
  it('accepts ids of its kind only', () => {
    const schema = prefixedId(ID_PREFIX.order);
    expect(schema.safeParse(entityId('order', 'sto_a', '1')).success).toBe(true);
    expect(schema.safeParse(entityId('cart', 'sto_a', '1')).success).toBe(false);
    expect(schema.safeParse('ord_').success).toBe(false);
    expect(schema.safeParse('ord_ABC').success).toBe(false);
  });
});

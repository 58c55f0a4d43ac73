import { describe, expect, it } from 'vitest';
import { parseLinkHeader } from './link-header';
import { parseRetryAfter } from './retry-after';

describe('parseLinkHeader', () => {
  it('reads every rel, quoted or not, and resolves relative targets', () => {
    const links = parseLinkHeader(
      '<https://shop.example/wp-json/wc/v3/orders?page=1>; rel="prev", </wp-json/wc/v3/orders?page=3>; rel=next, <https://shop.example/x?page=9>; rel="last first"',
      'https://shop.example/wp-json/wc/v3/orders?page=2',
    );
    expect(links.get('prev')).toBe('https://shop.example/wp-json/wc/v3/orders?page=1');
    expect(links.get('next')).toBe('https://shop.example/wp-json/wc/v3/orders?page=3');
    expect(links.get('last')).toBe('https://shop.example/x?page=9');
    expect(links.get('first')).toBe('https://shop.example/x?page=9');
  });

  it('keeps Shopify page_info cursors verbatim', () => {
    const header =
      '<https://acme.myshopify.com/admin/api/2026-01/orders.json?limit=50&page_info=eyJsYXN0X2lkIjo0fQ>; rel="next"';
    expect(parseLinkHeader(header).get('next')).toBe(
      'https://acme.myshopify.com/admin/api/2026-01/orders.json?limit=50&page_info=eyJsYXN0X2lkIjo0fQ',
    );
  });

  it('returns nothing for a missing header', () => {
    expect(parseLinkHeader(null).size).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['2', 2000],
    ['2.0', 2000],
    ['0', 0],
    ['Thu, 01 Jan 2026 00:00:05 GMT', 5000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['soon', null],
    [null, null],
  ])('%s → %s ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

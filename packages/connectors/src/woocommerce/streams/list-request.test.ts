import { describe, expect, it } from 'vitest';
import { InvalidPayloadError } from '../../engine/errors';
import type { ConnectorResponse } from '../../engine/http-types';
import { arrayBodyOf, listRequest, readAhead, wooGmtParam, wooPagination } from './list-request';

function response(body: unknown, headers: Record<string, string> = {}): ConnectorResponse {
  return {
    status: 200,
    headers: new Headers(headers),
    body,
    text: JSON.stringify(body),
    url: 'https://shop.example/wp-json/wc/v3/orders?page=1',
    attempts: 1,
  };
}

describe('WooCommerce collection requests', () => {
  it('filters incremental runs with modified_after in GMT and a stable id order', () => {
    expect(listRequest('orders.list', '/orders', '2026-03-01T10:15:30.250Z')).toEqual({
      operation: 'orders.list',
      path: '/orders',
      query: { orderby: 'id', order: 'asc', modified_after: '2026-03-01T10:15:30', dates_are_gmt: 'true' },
    });
    expect(listRequest('orders.list', '/orders', null).query).toEqual({ orderby: 'id', order: 'asc' });
    expect(wooGmtParam('2026-03-01T23:59:59.999+02:00')).toBe('2026-03-01T21:59:59');
  });

  it('reads the page count from X-WP-TotalPages and the total from X-WP-Total', () => {
    const pagination = wooPagination(50);
    const page = response([], { 'X-WP-TotalPages': '7', 'X-WP-Total': '321' });
    expect([pagination.pageSize, pagination.totalPages?.(page), pagination.totalCount?.(page)]).toEqual([
      50, 7, 321,
    ]);
    expect(pagination.totalPages?.(response([]))).toBeUndefined();
  });

  it('refuses a collection body that is not an array, naming store and operation', () => {
    const records = arrayBodyOf({ storeId: 'sto_woo1', operation: 'orders.list' });
    expect(records(response([{ id: 1 }]))).toEqual([{ id: 1 }]);
    const error = (() => {
      try {
        records(response('<html>login</html>'));
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect(error).toMatchObject({ storeId: 'sto_woo1', operation: 'orders.list' });
  });
});

describe('readAhead', () => {
  it('starts fetching the next item before the current one is handled', async () => {
    const log: string[] = [];
    async function* source() {
      for (const page of [1, 2, 3]) {
        log.push(`fetch ${page}`);
        yield page;
      }
    }
    for await (const page of readAhead(source())) log.push(`handle ${page}`);
    expect(log).toEqual(['fetch 1', 'fetch 2', 'handle 1', 'fetch 3', 'handle 2', 'handle 3']);
  });

  it('surfaces a failed read when it is reached, and leaves none unhandled when stopped early', async () => {
    async function* failing() {
      yield 1;
      throw new Error('page 2 failed');
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const page of readAhead(failing())) seen.push(page);
      })(),
    ).rejects.toThrow('page 2 failed');
    expect(seen).toEqual([1]);
    for await (const page of readAhead(failing())) {
      expect(page).toBe(1);
      break;
    }
  });
});

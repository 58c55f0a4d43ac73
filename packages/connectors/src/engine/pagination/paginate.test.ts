import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type LocalHttpServer, sendJson, startLocalHttpServer } from '../../testing/local-http-server';
import { staticAuth } from '../auth';
import { defineConnector } from '../connector';
import { createConnectorEngine } from '../engine';
import type { ConnectorResponse, RequestOptions } from '../http-types';
import { paginate } from './paginate';
import type { PaginationDefinition } from './pagination-types';

const IDS = Array.from({ length: 23 }, (_, index) => index + 1);
const PAGE_SIZE = 5;

let server: LocalHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const connector = defineConnector({
  platform: 'magento',
  credentials: z.object({ baseUrl: z.string() }),
  baseUrl: (c) => c.baseUrl,
  auth: staticAuth(() => ({})),
  rateLimit: { kind: 'fixed', maxConcurrent: 2, minTime: 0 },
  streams: {},
});

async function collect(
  pagination: PaginationDefinition,
  base: RequestOptions,
  records: (r: ConnectorResponse) => unknown[],
) {
  if (!server) throw new Error('server not started');
  const engine = createConnectorEngine();
  const ctx = engine.connect(connector, { id: 'sto_p', credentials: { baseUrl: server.url } });
  const ids: unknown[] = [];
  const nexts: unknown[] = [];
  for await (const page of paginate({
    pagination,
    base,
    start: null,
    send: (request) => engine.request(ctx, request),
    records,
  })) {
    ids.push(...page.records);
    nexts.push(page.next);
  }
  await engine.close();
  return { ids, nexts };
}

function slice(page: number, size: number) {
  return IDS.slice((page - 1) * size, page * size);
}

describe('paginate', () => {
  it('page: stops on X-WP-TotalPages', async () => {
    server = await startLocalHttpServer((req, res) => {
      const url = new URL(req.url, 'http://x');
      const page = Number(url.searchParams.get('page'));
      const size = Number(url.searchParams.get('per_page'));
      sendJson(res, 200, slice(page, size), {
        'x-wp-total': String(IDS.length),
        'x-wp-totalpages': String(Math.ceil(IDS.length / size)),
      });
    });
    const { ids, nexts } = await collect(
      {
        kind: 'page',
        pageParam: 'page',
        sizeParam: 'per_page',
        pageSize: PAGE_SIZE,
        totalPages: (r) => Number(r.headers.get('x-wp-totalpages')),
      },
      { operation: 'orders.list', path: '/orders' },
      (r) => r.body as unknown[],
    );
    expect(ids).toEqual(IDS);
    expect(nexts.at(-1)).toBeNull();
    expect(server.requests).toHaveLength(5);
  });

  it('page: stops on total_count when the platform repeats the last page past the end (Magento)', async () => {
    // 20 records in full pages of 5: a short-page rule would ask for page 5, get page 4 again, and loop.
    const all = IDS.slice(0, 20);
    server = await startLocalHttpServer((req, res) => {
      const url = new URL(req.url, 'http://x');
      const size = Number(url.searchParams.get('searchCriteria[pageSize]'));
      const lastPage = Math.ceil(all.length / size);
      const page = Math.min(Number(url.searchParams.get('searchCriteria[currentPage]')), lastPage);
      const items = all.slice((page - 1) * size, page * size).map((id) => ({ id }));
      sendJson(res, 200, { items, total_count: all.length });
    });
    const Body = z.object({ items: z.array(z.object({ id: z.number() })), total_count: z.number() });
    const { ids } = await collect(
      {
        kind: 'page',
        pageParam: 'searchCriteria[currentPage]',
        sizeParam: 'searchCriteria[pageSize]',
        pageSize: PAGE_SIZE,
        totalCount: (r) => Body.parse(r.body).total_count,
      },
      { operation: 'orders.search', path: '/V1/orders' },
      (r) => Body.parse(r.body).items.map((item) => item.id),
    );
    expect(ids).toEqual(all);
    expect(server.requests).toHaveLength(4);
  });

  it('page: without totals stops on a short page', async () => {
    server = await startLocalHttpServer((req, res) => {
      const page = Number(new URL(req.url, 'http://x').searchParams.get('p'));
      sendJson(res, 200, slice(page, 5));
    });
    const { ids } = await collect(
      { kind: 'page', pageParam: 'p', sizeParam: 'n', pageSize: 5 },
      { operation: 'list', path: '/' },
      (r) => r.body as unknown[],
    );
    expect(ids).toEqual(IDS);
  });

  it('offset: pages by offset and stops on total count', async () => {
    server = await startLocalHttpServer((req, res) => {
      const url = new URL(req.url, 'http://x');
      const offset = Number(url.searchParams.get('offset'));
      const limit = Number(url.searchParams.get('limit'));
      sendJson(res, 200, { data: IDS.slice(offset, offset + limit), total: IDS.length });
    });
    const { ids } = await collect(
      {
        kind: 'offset',
        offsetParam: 'offset',
        limitParam: 'limit',
        pageSize: 10,
        totalCount: (r) => (r.body as { total: number }).total,
      },
      { operation: 'list', path: '/' },
      (r) => (r.body as { data: unknown[] }).data,
    );
    expect(ids).toEqual(IDS);
    expect(server.requests).toHaveLength(3);
  });

  it('link: follows rel="next" verbatim and drops the original filters', async () => {
    server = await startLocalHttpServer((req, res) => {
      const url = new URL(req.url, 'http://x');
      const info = url.searchParams.get('page_info');
      const page = info === null ? 1 : Number(info);
      const size = Number(url.searchParams.get('limit'));
      const links: string[] = [];
      if (page * size < IDS.length)
        links.push(`</orders.json?limit=${size}&page_info=${page + 1}>; rel="next"`);
      if (page > 1) links.push(`</orders.json?limit=${size}&page_info=${page - 1}>; rel="previous"`);
      if (info !== null && url.searchParams.has('status'))
        return sendJson(res, 400, { errors: 'page_info with filters' });
      sendJson(res, 200, { orders: slice(page, size) }, links.length ? { link: links.join(', ') } : {});
    });
    const { ids } = await collect(
      { kind: 'link', sizeParam: 'limit', pageSize: 7 },
      { operation: 'orders', path: '/orders.json', query: { status: 'any' } },
      (r) => (r.body as { orders: unknown[] }).orders,
    );
    expect(ids).toEqual(IDS);
  });

  it('cursor: sends the token with the original filters until none comes back', async () => {
    server = await startLocalHttpServer((req, res) => {
      const url = new URL(req.url, 'http://x');
      expect(url.searchParams.get('LastUpdatedAfter')).toBe('2026-01-01T00:00:00Z');
      const start = Number(url.searchParams.get('NextToken') ?? '0');
      const next = start + 10 < IDS.length ? String(start + 10) : undefined;
      sendJson(res, 200, {
        payload: { Orders: IDS.slice(start, start + 10), ...(next ? { NextToken: next } : {}) },
      });
    });
    const Body = z.object({
      payload: z.object({ Orders: z.array(z.number()), NextToken: z.string().optional() }),
    });
    const { ids } = await collect(
      { kind: 'cursor', param: 'NextToken', next: (r) => Body.parse(r.body).payload.NextToken },
      {
        operation: 'getOrders',
        path: '/orders/v0/orders',
        query: { LastUpdatedAfter: '2026-01-01T00:00:00Z' },
      },
      (r) => Body.parse(r.body).payload.Orders,
    );
    expect(ids).toEqual(IDS);
  });

  it('graphqlRelay: passes endCursor as the after variable until hasNextPage is false', async () => {
    server = await startLocalHttpServer((req, res) => {
      const { variables } = JSON.parse(req.body) as { variables: { first: number; after?: string } };
      const start = variables.after ? Number(Buffer.from(variables.after, 'base64').toString()) : 0;
      const nodes = IDS.slice(start, start + variables.first);
      const end = start + nodes.length;
      sendJson(res, 200, {
        data: {
          orders: {
            nodes,
            pageInfo: {
              hasNextPage: end < IDS.length,
              endCursor: Buffer.from(String(end)).toString('base64'),
            },
          },
        },
      });
    });
    const Body = z.object({
      data: z.object({
        orders: z.object({
          nodes: z.array(z.number()),
          pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
        }),
      }),
    });
    const { ids } = await collect(
      { kind: 'graphqlRelay', pageInfo: (r) => Body.parse(r.body).data.orders.pageInfo },
      {
        operation: 'orders',
        method: 'POST',
        path: '/graphql.json',
        body: { query: 'q', variables: { first: 4 } },
      },
      (r) => Body.parse(r.body).data.orders.nodes,
    );
    expect(ids).toEqual(IDS);
    expect(server.requests).toHaveLength(6);
  });

  it('link: never carries query-string credentials into the saved next-page cursor', async () => {
    server = await startLocalHttpServer((req, res) => {
      const url = new URL(req.url, 'http://x');
      if (url.searchParams.get('consumer_secret') !== 'cs_secret')
        return sendJson(res, 401, { code: 'auth' });
      const page = Number(url.searchParams.get('page') ?? '1');
      // Like WordPress: the Link header repeats every parameter of the request, credentials included.
      const next = new URL(url);
      next.searchParams.set('page', String(page + 1));
      sendJson(
        res,
        200,
        slice(page, 10),
        page < 3 ? { link: `<${next.pathname}${next.search}>; rel="next"` } : {},
      );
    });
    const queryAuthConnector = defineConnector({
      ...connector,
      auth: staticAuth(() => ({ query: { consumer_key: 'ck_key', consumer_secret: 'cs_secret' } })),
    });
    const engine = createConnectorEngine();
    const ctx = engine.connect(queryAuthConnector, { id: 'sto_q', credentials: { baseUrl: server.url } });
    const ids: unknown[] = [];
    const cursors: string[] = [];
    for await (const page of paginate({
      pagination: { kind: 'link' },
      base: { operation: 'orders', path: '/orders', query: { status: 'any' } },
      start: null,
      send: (request) => engine.request(ctx, request),
      records: (r) => r.body as unknown[],
    })) {
      ids.push(...page.records);
      if (page.next) cursors.push(JSON.stringify(page.next));
    }
    await engine.close();
    expect(ids).toEqual(IDS);
    expect(cursors).toHaveLength(2);
    for (const cursor of cursors) {
      expect(cursor).not.toContain('cs_secret');
      expect(cursor).not.toContain('ck_key');
      expect(cursor).toContain('status=any');
    }
  });
});

import { type AnyEntity, entityId, type Location } from '@cartwire/model';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type LocalHttpServer, sendJson, startLocalHttpServer } from '../testing/local-http-server';
import { staticAuth } from './auth';
import { createInMemoryCheckpointStore } from './checkpoints';
import { defineConnector, defineStream } from './connector';
import { createConnectorEngine } from './engine';
import { TransientError } from './errors';
import type { RecordError } from './record-pipeline';
import { notAfterRunStart, runStream } from './run-stream';

const STORE_ID = entityId('store', 'ten_test', 'run-stream.example');

interface RawLocation {
  id: number;
  name: unknown;
  updated_at: string;
}

function seed(count: number): RawLocation[] {
  return Array.from({ length: count }, (_, index) => ({
    id: index + 1,
    name: `Location ${index + 1}`,
    // Pairs of records share a timestamp, as records do at page and run boundaries in real stores.
    updated_at: new Date(Date.UTC(2026, 0, 1, 0, Math.floor(index / 2))).toISOString(),
  }));
}

/** A WooCommerce-like list endpoint: modified_after filter, ascending order, page/per_page, totals. */
async function startLocationServer(
  records: RawLocation[],
  options: { failPage?: { page: number; times: number } } = {},
) {
  let failuresLeft = options.failPage?.times ?? 0;
  return startLocalHttpServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const page = Number(url.searchParams.get('page'));
    const size = Number(url.searchParams.get('per_page'));
    if (options.failPage && page === options.failPage.page && failuresLeft > 0) {
      failuresLeft -= 1;
      return sendJson(res, 500, { code: 'internal_server_error', message: 'boom' });
    }
    const since = url.searchParams.get('modified_after');
    const matching = records
      .filter((r) => since === null || Date.parse(r.updated_at) >= Date.parse(since))
      .sort((a, b) => Date.parse(a.updated_at) - Date.parse(b.updated_at) || a.id - b.id);
    sendJson(res, 200, matching.slice((page - 1) * size, page * size), {
      'x-wp-total': String(matching.length),
      'x-wp-totalpages': String(Math.ceil(matching.length / size)),
    });
  });
}

const RawLocationSchema = z.object({ id: z.number().int(), name: z.string(), updated_at: z.string() });

const locations = defineStream({
  entity: 'location',
  schema: RawLocationSchema,
  request: ({ since }) => ({
    operation: 'locations.list',
    path: '/locations',
    query: { modified_after: since },
  }),
  paginate: {
    kind: 'page',
    pageParam: 'page',
    sizeParam: 'per_page',
    pageSize: 4,
    totalPages: (response) => Number(response.headers.get('x-wp-totalpages')),
  },
  records: (response) => z.array(z.unknown()).parse(response.body),
  cursor: { updatedAt: (raw) => raw.updated_at, id: (raw) => String(raw.id) },
  map: (raw, ctx): Location => ({
    id: entityId('location', ctx.storeId, String(raw.id)),
    storeId: ctx.storeId,
    platform: ctx.platform,
    externalId: String(raw.id),
    createdAt: null,
    updatedAt: raw.updated_at,
    name: raw.name,
    address: null,
    active: true,
  }),
});

const connector = defineConnector({
  platform: 'woocommerce',
  credentials: z.object({ baseUrl: z.string() }),
  baseUrl: (c) => c.baseUrl,
  auth: staticAuth(() => ({})),
  rateLimit: { kind: 'fixed', maxConcurrent: 2, minTime: 0 },
  retry: { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 2 },
  streams: { locations },
});

let server: LocalHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function externalIds(entities: AnyEntity[]): string[] {
  return entities.map((entity) => entity.externalId);
}

describe('runStream', () => {
  it('backfills to exhaustion and commits the (updatedAt, id) watermark at the end', async () => {
    const records = seed(10);
    server = await startLocationServer(records);
    const engine = createConnectorEngine();
    const checkpoints = createInMemoryCheckpointStore();
    const seen: string[] = [];
    const result = await runStream({
      engine,
      connector,
      store: { id: STORE_ID, credentials: { baseUrl: server.url } },
      stream: 'locations',
      mode: 'backfill',
      checkpoints,
      onPage: async (entities) => void seen.push(...externalIds(entities)),
    });
    expect(seen).toEqual(records.map((r) => String(r.id)));
    expect(result).toMatchObject({ pages: 3, entities: 10, recordErrors: 0, resumed: false });
    expect(result.watermark).toEqual({ updatedAt: records[9]?.updated_at, id: '10' });
    expect(await checkpoints.load(STORE_ID, 'locations')).toEqual({
      watermark: result.watermark,
      inFlight: null,
    });
    await engine.close();
  });

  it('resumes an interrupted backfill from the saved page: nothing missing, nothing twice', async () => {
    const records = seed(14);
    // Page 3 keeps failing longer than the retry budget: the first run dies there.
    server = await startLocationServer(records, { failPage: { page: 3, times: 3 } });
    const engine = createConnectorEngine();
    const checkpoints = createInMemoryCheckpointStore();
    const delivered: string[] = [];
    const run = () =>
      runStream({
        engine,
        connector,
        store: { id: STORE_ID, credentials: { baseUrl: server?.url } },
        stream: 'locations',
        mode: 'backfill',
        checkpoints,
        onPage: async (entities) => void delivered.push(...externalIds(entities)),
      });

    await expect(run()).rejects.toBeInstanceOf(TransientError);
    expect(delivered).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    const saved = await checkpoints.load(STORE_ID, 'locations');
    expect(saved?.watermark).toBeNull();
    expect(saved?.inFlight).toMatchObject({ next: { kind: 'page', page: 3 }, pages: 2, exhausted: false });

    const result = await run();
    expect(result.resumed).toBe(true);
    expect(delivered).toEqual(records.map((r) => String(r.id)));
    expect(new Set(delivered).size).toBe(delivered.length);
    const firstPageRequests = server.requests.filter(
      (r) => new URL(r.url, 'http://x').searchParams.get('page') === '1',
    );
    expect(firstPageRequests).toHaveLength(1);
    await engine.close();
  });

  it('saves the page cursor only after onPage resolves, so a failing consumer replays that page', async () => {
    const records = seed(8);
    server = await startLocationServer(records);
    const engine = createConnectorEngine();
    const checkpoints = createInMemoryCheckpointStore();
    const stored = new Set<string>();
    let failOnce = true;
    const run = () =>
      runStream({
        engine,
        connector,
        store: { id: STORE_ID, credentials: { baseUrl: server?.url } },
        stream: 'locations',
        mode: 'backfill',
        checkpoints,
        onPage: async (entities, meta) => {
          if (meta.page === 2 && failOnce) {
            failOnce = false;
            throw new Error('database unavailable');
          }
          for (const id of externalIds(entities)) stored.add(id);
        },
      });
    await expect(run()).rejects.toThrow('database unavailable');
    await run();
    expect([...stored].sort((a, b) => Number(a) - Number(b))).toEqual(records.map((r) => String(r.id)));
    await engine.close();
  });

  it('starts incremental runs at watermark − overlap so records sharing the boundary time are re-read', async () => {
    const records = seed(6);
    server = await startLocationServer(records);
    const engine = createConnectorEngine();
    const checkpoints = createInMemoryCheckpointStore();
    const store = {
      id: STORE_ID,
      credentials: { baseUrl: server.url },
      settings: { incrementalOverlapMs: 60_000 },
    };
    await runStream({
      engine,
      connector,
      store,
      stream: 'locations',
      mode: 'backfill',
      checkpoints,
      onPage: () => {},
    });
    // A record written later but with the same timestamp as the watermark (a classic silent miss).
    records.push({ id: 7, name: 'Late', updated_at: records[5]?.updated_at ?? '' });
    const seen: string[] = [];
    const result = await runStream({
      engine,
      connector,
      store,
      stream: 'locations',
      mode: 'incremental',
      checkpoints,
      onPage: (entities) => void seen.push(...externalIds(entities)),
    });
    const lastRequest = new URL(server.requests.at(-1)?.url ?? '', 'http://x');
    expect(lastRequest.searchParams.get('modified_after')).toBe('2026-01-01T00:01:00.000Z');
    expect(seen).toEqual(['3', '4', '5', '6', '7']);
    expect(result.watermark).toEqual({ updatedAt: records[5]?.updated_at, id: '7' });
    await engine.close();
  });

  it('reports a record failing validation or mapping with its path and keeps the rest of the page', async () => {
    const records: RawLocation[] = seed(4);
    records[1] = { id: 2, name: 42, updated_at: records[1]?.updated_at ?? '' };
    records[2] = { id: 3, name: 'Bad time', updated_at: '2026-01-01T00:01:00Z' };
    server = await startLocalHttpServer((_req, res) => {
      const body = records.map((r) => (r.id === 3 ? { ...r, updated_at: 'yesterday' } : r));
      sendJson(res, 200, body, { 'x-wp-totalpages': '1' });
    });
    const engine = createConnectorEngine();
    const errors: RecordError[] = [];
    const seen: string[] = [];
    const result = await runStream({
      engine,
      connector,
      store: { id: STORE_ID, credentials: { baseUrl: server.url } },
      stream: 'locations',
      mode: 'backfill',
      checkpoints: createInMemoryCheckpointStore(),
      onPage: (entities) => void seen.push(...externalIds(entities)),
      onRecordError: (error) => void errors.push(error),
    });
    expect(seen).toEqual(['1', '4']);
    expect(result.recordErrors).toBe(2);
    expect(errors).toEqual([
      expect.objectContaining({
        platform: 'woocommerce',
        storeId: STORE_ID,
        entity: 'location',
        externalId: '2',
        path: 'raw.name',
      }),
      expect.objectContaining({
        platform: 'woocommerce',
        entity: 'location',
        externalId: '3',
        path: 'entity.updatedAt',
      }),
    ]);
    await engine.close();
  });

  it('reads a child stream once per parent record, checkpointed on the parent pages', async () => {
    const orders = [1, 2, 3].map((id) => ({ id, updated_at: `2026-01-0${id}T00:00:00Z` }));
    server = await startLocalHttpServer((req, res) => {
      const url = new URL(req.url, 'http://x');
      const match = /^\/orders\/(\d+)\/locations$/.exec(url.pathname);
      if (match) {
        const orderId = Number(match[1]);
        return sendJson(res, 200, [
          { id: orderId * 10, name: `for ${orderId}`, updated_at: '2026-02-01T00:00:00Z' },
        ]);
      }
      sendJson(res, 200, orders, { 'x-wp-totalpages': '1' });
    });
    const Order = z.object({ id: z.number(), updated_at: z.string() });
    const childConnector = defineConnector({
      ...connector,
      streams: {
        orders: defineStream({
          ...locations,
          schema: Order,
          entity: 'location',
          request: () => ({ operation: 'orders.list', path: '/orders' }),
          map: () => {
            throw new Error('parent not mapped here');
          },
          cursor: { updatedAt: (raw) => raw.updated_at, id: (raw) => String(raw.id) },
        }),
        orderLocations: defineStream({
          ...locations,
          parent: { stream: 'orders' },
          request: ({ parent }) => ({
            operation: 'orders.locations',
            path: `/orders/${Order.parse(parent).id}/locations`,
          }),
          paginate: { kind: 'link' },
        }),
      },
    });
    const engine = createConnectorEngine();
    const seen: string[] = [];
    await runStream({
      engine,
      connector: childConnector,
      store: { id: STORE_ID, credentials: { baseUrl: server.url } },
      stream: 'orderLocations',
      mode: 'backfill',
      checkpoints: createInMemoryCheckpointStore(),
      onPage: (entities) => void seen.push(...externalIds(entities)),
    });
    expect(seen).toEqual(['10', '20', '30']);
    await engine.close();
  });

  it('runs custom streams and hands their resume state back after an interruption', async () => {
    const resumedFrom: unknown[] = [];
    let crash = true;
    const customConnector = defineConnector({
      ...connector,
      streams: {
        bulk: defineStream({
          entity: 'location',
          schema: RawLocationSchema,
          cursor: locations.cursor,
          map: locations.map,
          async *custom(ctx) {
            resumedFrom.push(ctx.resumeFrom);
            const start = ctx.resumeFrom?.kind === 'custom' ? Number(ctx.resumeFrom.state.line) : 0;
            const all = seed(6);
            for (let line = start; line < all.length; line += 2) {
              if (line === 4 && crash) {
                crash = false;
                throw new Error('bulk file expired');
              }
              const next =
                line + 2 < all.length ? { kind: 'custom' as const, state: { line: line + 2 } } : null;
              yield { records: all.slice(line, line + 2), next };
            }
          },
        }),
      },
    });
    const engine = createConnectorEngine();
    const checkpoints = createInMemoryCheckpointStore();
    const seen: string[] = [];
    const run = () =>
      runStream({
        engine,
        connector: customConnector,
        store: { id: STORE_ID, credentials: { baseUrl: 'http://127.0.0.1:1' } },
        stream: 'bulk',
        mode: 'backfill',
        checkpoints,
        onPage: (entities) => void seen.push(...externalIds(entities)),
      });
    await expect(run()).rejects.toThrow('bulk file expired');
    await run();
    expect(resumedFrom).toEqual([null, { kind: 'custom', state: { line: 4 } }]);
    expect(seen).toEqual(['1', '2', '3', '4', '5', '6']);
    await engine.close();
  });

  it('restarts from the first page when the platform rejects an expired saved cursor', async () => {
    const all = seed(9);
    const expired = new Set<string>();
    // Tokens are minted per listing, like real ones: a fresh first page yields fresh tokens.
    let listing = 0;
    server = await startLocalHttpServer((req, res) => {
      const token = new URL(req.url, 'http://x').searchParams.get('NextToken');
      if (token !== null && expired.has(token)) {
        return sendJson(res, 400, { errors: [{ code: 'InvalidInput', message: 'Invalid NextToken.' }] });
      }
      if (token === null) listing += 1;
      const start = token === null ? 0 : Number(token.split(':')[1]);
      const next = start + 3 < all.length ? `${listing}:${start + 3}` : undefined;
      sendJson(res, 200, { items: all.slice(start, start + 3), ...(next ? { next } : {}) });
    });
    const Body = z.object({ items: z.array(z.unknown()), next: z.string().optional() });
    const tokenConnector = defineConnector({
      ...connector,
      streams: {
        locations: defineStream({
          ...locations,
          paginate: { kind: 'cursor', param: 'NextToken', next: (r) => Body.parse(r.body).next },
          records: (r) => Body.parse(r.body).items,
        }),
      },
    });
    const engine = createConnectorEngine();
    const checkpoints = createInMemoryCheckpointStore();
    const delivered: string[] = [];
    let fail = true;
    const run = () =>
      runStream({
        engine,
        connector: tokenConnector,
        store: { id: STORE_ID, credentials: { baseUrl: server?.url } },
        stream: 'locations',
        mode: 'backfill',
        checkpoints,
        onPage: (entities, meta) => {
          if (meta.page === 2 && fail) {
            fail = false;
            throw new Error('worker crashed');
          }
          delivered.push(...externalIds(entities));
        },
      });
    await expect(run()).rejects.toThrow('worker crashed');
    expect((await checkpoints.load(STORE_ID, 'locations'))?.inFlight?.next).toEqual({
      kind: 'cursor',
      token: '1:3',
    });
    expired.add('1:3');
    const result = await run();
    expect(new Set(delivered)).toEqual(new Set(all.map((r) => String(r.id))));
    expect(result.watermark?.id).toBe('9');
    await engine.close();
  });

  it('never commits a watermark past the run start, so a record changed behind the pages read is re-read next run', async () => {
    const records = seed(12);
    // A listing in id order (as many platforms sort by default): a record changed after its page
    // was read stays behind the run; one changed later, on a page still ahead, is read.
    const runStart = Date.parse('2026-02-01T10:00:00.000Z');
    const at = (ms: number) => new Date(runStart + ms).toISOString();
    server = await startLocalHttpServer((req, res) => {
      const url = new URL(req.url, 'http://x');
      const page = Number(url.searchParams.get('page'));
      const size = Number(url.searchParams.get('per_page'));
      const since = url.searchParams.get('modified_after');
      if (page === 2 && since === null) {
        const behind = records[1];
        const ahead = records[10];
        if (behind) behind.updated_at = at(1_000);
        // A long backfill: by the time page 3 is read, twenty minutes have passed on the platform.
        if (ahead) ahead.updated_at = at(20 * 60_000);
      }
      const matching = records
        .filter((r) => since === null || Date.parse(r.updated_at) >= Date.parse(since))
        .sort((a, b) => a.id - b.id);
      sendJson(res, 200, matching.slice((page - 1) * size, page * size), {
        'x-wp-totalpages': String(Math.ceil(matching.length / size)),
      });
    });
    // The engine's clock says when the run started; the platform stamps its own times.
    const engine = createConnectorEngine({ clock: { now: () => runStart, sleep: async () => undefined } });
    const checkpoints = createInMemoryCheckpointStore();
    const store = { id: STORE_ID, credentials: { baseUrl: server.url } };
    const backfill = await runStream({
      engine,
      connector,
      store,
      stream: 'locations',
      mode: 'backfill',
      checkpoints,
      onPage: () => {},
    });
    // Record 11 was read at +20 min, but the run started at +0: the watermark stops there.
    expect(backfill.watermark).toEqual({ updatedAt: at(0), id: '11' });
    expect((await checkpoints.load(STORE_ID, 'locations'))?.watermark).toEqual(backfill.watermark);

    const seen: string[] = [];
    await runStream({
      engine,
      connector,
      store,
      stream: 'locations',
      mode: 'incremental',
      checkpoints,
      onPage: (entities) => void seen.push(...externalIds(entities)),
    });
    // Record 2's change (+1 s), which the backfill had paged past, is read by the next run.
    expect(seen).toEqual(['2', '11']);
    await engine.close();
  });

  it('keeps a watermark earlier than the run start as it is', () => {
    const seen = { updatedAt: '2026-01-01T00:00:00.000Z', id: '7' };
    expect(notAfterRunStart(seen, '2026-01-02T00:00:00.000Z')).toBe(seen);
    expect(notAfterRunStart(null, '2026-01-02T00:00:00.000Z')).toBeNull();
    expect(notAfterRunStart(seen, '2025-12-31T00:00:00.000Z')).toEqual({
      updatedAt: '2025-12-31T00:00:00.000Z',
      id: '7',
    });
  });
});

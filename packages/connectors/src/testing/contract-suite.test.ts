import { entityId, type Location } from '@cartwire/model';
import { z } from 'zod';
import { staticAuth } from '../engine/auth';
import { defineConnector, defineStream } from '../engine/connector';
import { signHmac, verifyHmacSignature } from '../engine/webhooks/hmac-signature';
import { runConnectorContract } from './contract-suite';
import { sendJson, startLocalHttpServer } from './local-http-server';

// A minimal reference connector and emulator: proves the suite itself passes a correct connector.
// Real connectors run the same suite against their sandbox emulators.

const RawLocation = z.object({ id: z.number().int(), name: z.string(), updated_at: z.iso.datetime() });

const referenceConnector = defineConnector({
  platform: 'woocommerce',
  credentials: z.object({ url: z.url(), apiKey: z.string().min(1) }),
  baseUrl: (c) => c.url,
  auth: staticAuth((c: { apiKey: string }) => ({ headers: { 'x-api-key': c.apiKey } })),
  rateLimit: { kind: 'fixed', maxConcurrent: 2, minTime: 0 },
  streams: {
    locations: defineStream({
      entity: 'location',
      schema: RawLocation,
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
        totalPages: (response) => Number(response.headers.get('x-total-pages')),
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
    }),
  },
  webhooks: {
    verify: ({ rawBody, headers, secret }) =>
      verifyHmacSignature({ rawBody, signature: headers.get('x-signature'), secret }),
    topic: ({ headers }) => headers.get('x-topic'),
    deliveryId: ({ headers }) => headers.get('x-delivery'),
    topics: { 'location.updated': { entity: 'location', action: 'upsert', stream: 'locations' } },
  },
});

const records = Array.from({ length: 11 }, (_, index) => ({
  id: index + 1,
  name: `Depot ${index + 1}`,
  updated_at: new Date(Date.UTC(2026, 1, 1, index)).toISOString(),
}));

runConnectorContract({
  connector: referenceConnector,
  emulator: async () => {
    const forced: Array<'rate_limited' | 'server_error'> = [];
    const server = await startLocalHttpServer((req, res) => {
      if (req.headers['x-api-key'] !== 'key') return sendJson(res, 401, { message: 'bad key' });
      const fault = forced.shift();
      if (fault === 'rate_limited')
        return sendJson(res, 429, { message: 'slow down' }, { 'retry-after': '0' });
      if (fault === 'server_error') return sendJson(res, 500, { message: 'oops' });
      const url = new URL(req.url, 'http://x');
      const page = Number(url.searchParams.get('page'));
      const size = Number(url.searchParams.get('per_page'));
      sendJson(res, 200, records.slice((page - 1) * size, page * size), {
        'x-total-pages': String(Math.ceil(records.length / size)),
      });
    });
    return {
      store: {
        id: entityId('store', 'ten_test', 'contract.example'),
        credentials: { url: server.url, apiKey: 'key' },
      },
      expectedExternalIds: () => records.map((record) => String(record.id)),
      failNext: (count, fault) => {
        for (let index = 0; index < count; index += 1) forced.push(fault);
      },
      close: server.close,
    };
  },
  webhooks: {
    secret: 'contract-secret',
    signatureHeader: 'x-signature',
    sample: (secret) => {
      const rawBody = new TextEncoder().encode(JSON.stringify(records[0]));
      return {
        rawBody,
        headers: new Headers({
          'x-topic': 'location.updated',
          'x-delivery': 'dlv-1',
          'x-signature': signHmac(rawBody, secret),
        }),
      };
    },
  },
  engine: { retry: { minTimeoutMs: 5, maxTimeoutMs: 50 } },
});

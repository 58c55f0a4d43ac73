import { entityId, type Location } from '@cartwire/model';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { staticAuth } from '../auth';
import { defineConnector, defineStream } from '../connector';
import { signHmac, verifyHmacSignature } from './hmac-signature';
import { processWebhook } from './process-webhook';

const STORE_ID = entityId('store', 'ten_test', 'hooks.example');
const SECRET = 'whsec-test-secret';

const RawLocation = z.object({ id: z.string(), name: z.string(), updated_at: z.string() });

const connector = defineConnector({
  platform: 'shopify',
  credentials: z.object({}),
  baseUrl: () => 'http://127.0.0.1:1',
  auth: staticAuth(() => ({})),
  rateLimit: { kind: 'fixed', maxConcurrent: 1, minTime: 0 },
  streams: {
    locations: defineStream({
      entity: 'location',
      schema: RawLocation,
      request: () => ({ operation: 'locations', path: '/locations' }),
      paginate: { kind: 'link' },
      records: () => [],
      cursor: { updatedAt: (raw) => raw.updated_at, id: (raw) => raw.id },
      map: (raw, ctx): Location => ({
        id: entityId('location', ctx.storeId, raw.id),
        storeId: ctx.storeId,
        platform: ctx.platform,
        externalId: raw.id,
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
      verifyHmacSignature({ rawBody, signature: headers.get('x-test-hmac'), secret }),
    topic: ({ headers }) => headers.get('x-test-topic'),
    deliveryId: ({ headers }) => headers.get('x-test-delivery'),
    isPing: ({ headers, rawBody }) =>
      headers.get('content-type') === 'application/x-www-form-urlencoded' &&
      /^webhook_id=\d+$/.test(new TextDecoder().decode(rawBody)),
    topics: {
      'locations/update': { entity: 'location', action: 'upsert', stream: 'locations' },
      'products/delete': { entity: 'product', action: 'delete', event: 'product.deleted' },
    },
  },
});

function delivery(body: string, headers: Record<string, string>, signWith: string | null = SECRET) {
  const rawBody = new TextEncoder().encode(body);
  const all = new Headers(headers);
  if (signWith !== null) all.set('x-test-hmac', signHmac(rawBody, signWith));
  return { storeId: STORE_ID, secret: SECRET, rawBody, headers: all };
}

describe('processWebhook', () => {
  const body = JSON.stringify({ id: '7', name: 'Warehouse', updated_at: '2026-03-01T10:00:00Z' });

  it('maps an authentic delivery through the stream mapper', () => {
    const outcome = processWebhook(
      connector,
      delivery(body, { 'x-test-topic': 'locations/update', 'x-test-delivery': 'd-1' }),
    );
    expect(outcome).toMatchObject({
      kind: 'accepted',
      topic: 'locations/update',
      deliveryId: 'd-1',
      action: 'upsert',
      externalId: '7',
      recordErrors: [],
    });
    expect(outcome.kind === 'accepted' && outcome.entities[0]).toMatchObject({
      name: 'Warehouse',
      storeId: STORE_ID,
    });
  });

  it.each([
    ['a missing signature', null, 'missing_signature'],
    ['a signature made with another secret', 'not-the-secret', 'signature_mismatch'],
  ])('rejects %s', (_label, signWith, reason) => {
    const outcome = processWebhook(
      connector,
      delivery(body, { 'x-test-topic': 'locations/update' }, signWith),
    );
    expect(outcome).toEqual({ kind: 'rejected', reason });
  });

  it('rejects a body altered after signing', () => {
    const input = delivery(body, { 'x-test-topic': 'locations/update' });
    const tampered = { ...input, rawBody: new TextEncoder().encode(body.replace('Warehouse', 'Warehous3')) };
    expect(processWebhook(connector, tampered)).toEqual({ kind: 'rejected', reason: 'signature_mismatch' });
  });

  it('answers a form-encoded creation ping without verifying or parsing it', () => {
    const outcome = processWebhook(
      connector,
      delivery('webhook_id=12', { 'content-type': 'application/x-www-form-urlencoded' }, null),
    );
    expect(outcome).toEqual({ kind: 'ping' });
  });

  it('keeps int64 ids of delete payloads exact', () => {
    const outcome = processWebhook(
      connector,
      delivery('{"id":820982911946154508}', { 'x-test-topic': 'products/delete' }),
    );
    expect(outcome).toMatchObject({
      kind: 'accepted',
      entity: 'product',
      action: 'delete',
      event: 'product.deleted',
      externalId: '820982911946154508',
    });
  });

  it('ignores topics the connector does not map and reports records failing the schema', () => {
    expect(processWebhook(connector, delivery(body, { 'x-test-topic': 'app/uninstalled' }))).toMatchObject({
      kind: 'ignored',
      topic: 'app/uninstalled',
    });
    const bad = processWebhook(
      connector,
      delivery('{"id":"9","updated_at":"2026-03-01T10:00:00Z"}', { 'x-test-topic': 'locations/update' }),
    );
    expect(bad).toMatchObject({
      kind: 'accepted',
      entities: [],
      recordErrors: [{ platform: 'shopify', entity: 'location', externalId: '9', path: 'raw.name' }],
    });
  });

  it('rejects a signed body that is not JSON', () => {
    expect(processWebhook(connector, delivery('not json', { 'x-test-topic': 'locations/update' }))).toEqual({
      kind: 'rejected',
      reason: 'malformed_body',
    });
  });
});

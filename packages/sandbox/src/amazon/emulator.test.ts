import { describe, expect, it } from 'vitest';
import { generateStore } from '../generator/generate-store';
import { createManualClock } from '../store/clock';
import { type AmazonEmulator, createAmazonEmulator } from './emulator';
import type { UsagePlanOverrides } from './emulator-options';

const lwa = {
  clientId: 'amzn1.application-oa2-client.test',
  clientSecret: 'secret',
  refreshToken: 'Atzr|refresh',
};
const sellerId = 'A3TH9S8BH6GOGM';
const store = generateStore({ seed: 3, size: 'tiny' });
const START = Date.parse('2026-03-01T00:00:00Z');

function setup(extra: { rdtAllowed?: boolean; usagePlans?: UsagePlanOverrides } = {}) {
  const clock = createManualClock(START);
  const app = createAmazonEmulator({ store, lwa, sellerId, clock, ...extra });
  return { app, clock };
}

async function accessToken(app: AmazonEmulator): Promise<string> {
  const response = await app.request('/auth/o2/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: lwa.refreshToken,
      client_id: lwa.clientId,
      client_secret: lwa.clientSecret,
    }).toString(),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { access_token: string; expires_in: number; token_type: string };
  expect(body.token_type).toBe('bearer');
  expect(body.expires_in).toBe(3600);
  expect(body.access_token).toMatch(/^Atza\|/);
  return body.access_token;
}

async function get(app: AmazonEmulator, path: string, token: string) {
  const response = await app.request(path, { headers: { 'x-amz-access-token': token } });
  return { response, body: (await response.json()) as Record<string, unknown> };
}

describe('Amazon emulator', () => {
  it('meters searchOrders with the documented token bucket and refills it with time', async () => {
    const { app, clock } = setup();
    const token = await accessToken(app);
    expect(app.amazon.usagePlan('searchOrders')).toEqual({ rate: 0.0056, burst: 20 });
    const path = '/orders/2026-01-01/orders?lastUpdatedAfter=2025-01-01T00:00:00Z&maxResultsPerPage=1';
    for (let index = 0; index < 20; index += 1) {
      const { response } = await get(app, path, token);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-amzn-RateLimit-Limit')).toBe('0.0056');
      expect(response.headers.get('x-amzn-RequestId')).toBeTruthy();
    }
    const throttled = await get(app, path, token);
    expect(throttled.response.status).toBe(429);
    expect(throttled.response.headers.get('x-amzn-RateLimit-Limit')).toBeNull();
    expect(throttled.body).toEqual({
      errors: [
        {
          code: 'QuotaExceeded',
          message: 'You exceeded your quota for the requested resource.',
          details: '',
        },
      ],
    });
    // One token takes 1 / 0.0056 ≈ 178.6 s to come back.
    clock.advance(178_000);
    expect((await get(app, path, token)).response.status).toBe(429);
    clock.advance(1_000);
    expect((await get(app, path, token)).response.status).toBe(200);
    expect(app.amazon.stats().throttled).toBe(2);
  });

  it('scales usage plans when told to', async () => {
    const { app } = setup({ usagePlans: { getInventorySummaries: { rate: 10, burst: 3 } } });
    const token = await accessToken(app);
    const path =
      '/fba/inventory/v1/summaries?granularityType=Marketplace&granularityId=ATVPDKIKX0DER&marketplaceIds=ATVPDKIKX0DER';
    const statuses = [];
    for (let index = 0; index < 4; index += 1) statuses.push((await get(app, path, token)).response.status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('enforces createdAfter/lastUpdatedAfter exclusivity and Before at least 2 minutes before now', async () => {
    const { app } = setup();
    const token = await accessToken(app);
    const both = await get(
      app,
      '/orders/2026-01-01/orders?createdAfter=2025-01-01T00:00:00Z&lastUpdatedAfter=2025-01-01T00:00:00Z',
      token,
    );
    expect(both.response.status).toBe(400);
    expect((both.body.errors as { code: string }[])[0]?.code).toBe('InvalidInput');
    expect((await get(app, '/orders/2026-01-01/orders', token)).response.status).toBe(400);
    const mixed = await get(
      app,
      '/orders/2026-01-01/orders?createdAfter=2025-01-01T00:00:00Z&lastUpdatedBefore=2025-06-01T00:00:00Z',
      token,
    );
    expect(mixed.response.status).toBe(400);
    const oneMinuteAgo = new Date(START - 60_000).toISOString();
    const tooRecent = await get(
      app,
      `/orders/2026-01-01/orders?lastUpdatedAfter=2025-01-01T00:00:00Z&lastUpdatedBefore=${oneMinuteAgo}`,
      token,
    );
    expect(tooRecent.response.status).toBe(400);
    expect(tooRecent.response.headers.get('x-amzn-RateLimit-Limit')).toBe('0.0056');
    const threeMinutesAgo = new Date(START - 180_000).toISOString();
    const fine = await get(
      app,
      `/orders/2026-01-01/orders?lastUpdatedAfter=2025-01-01T00:00:00Z&lastUpdatedBefore=${threeMinutesAgo}`,
      token,
    );
    expect(fine.response.status).toBe(200);
    const v0Both = await get(
      app,
      '/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&CreatedAfter=2025-01-01T00:00:00Z&LastUpdatedAfter=2025-01-01T00:00:00Z',
      token,
    );
    expect(v0Both.response.status).toBe(400);
  });

  it('pages searchOrders with a 24 h paginationToken bound to unchanged parameters', async () => {
    const { app, clock } = setup();
    const token = await accessToken(app);
    const base = '/orders/2026-01-01/orders?lastUpdatedAfter=2025-01-01T00:00:00Z&maxResultsPerPage=10';
    const ids: string[] = [];
    let next: string | undefined;
    do {
      const { body } = await get(app, next ? `${base}&paginationToken=${next}` : base, token);
      ids.push(...(body.orders as { orderId: string }[]).map((order) => order.orderId));
      next = (body.pagination as { nextToken?: string } | undefined)?.nextToken;
    } while (next);
    expect(ids.length).toBe(store.listOrders().length);
    expect(new Set(ids).size).toBe(ids.length);

    const first = await get(app, base, token);
    const nextToken = (first.body.pagination as { nextToken: string }).nextToken;
    const changed = await get(
      app,
      `/orders/2026-01-01/orders?lastUpdatedAfter=2025-02-01T00:00:00Z&maxResultsPerPage=10&paginationToken=${nextToken}`,
      token,
    );
    expect(changed.response.status).toBe(400);
    clock.advance(24 * 3600 * 1000 + 1000);
    const fresh = await accessToken(app);
    const expired = await get(app, `${base}&paginationToken=${nextToken}`, fresh);
    expect(expired.response.status).toBe(400);
  });

  it('expires access tokens after an hour with a 403 Unauthorized', async () => {
    const { app, clock } = setup();
    const token = await accessToken(app);
    const missing = await app.request('/orders/2026-01-01/orders?lastUpdatedAfter=2025-01-01T00:00:00Z');
    expect(missing.status).toBe(403);
    expect(await missing.json()).toEqual({
      errors: [
        {
          code: 'Unauthorized',
          message: 'Access to requested resource is denied.',
          details: 'Access token is missing in the request header.',
        },
      ],
    });
    clock.advance(3600 * 1000);
    const expired = await get(app, '/orders/2026-01-01/orders?lastUpdatedAfter=2025-01-01T00:00:00Z', token);
    expect(expired.response.status).toBe(403);
    expect(JSON.stringify(expired.body)).toContain('expired');
  });

  it('omits buyer PII on v0 unless the request carries a Restricted Data Token', async () => {
    const { app } = setup();
    const token = await accessToken(app);
    const list =
      '/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&LastUpdatedAfter=2025-01-01T00:00:00Z&MaxResultsPerPage=5';
    const plain = await get(app, list, token);
    const plainOrders = (plain.body.payload as { Orders: Record<string, unknown>[] }).Orders;
    expect(plainOrders.length).toBe(5);
    for (const order of plainOrders) {
      expect(order.BuyerInfo).toBeUndefined();
      expect((order.ShippingAddress as Record<string, unknown> | undefined)?.AddressLine1).toBeUndefined();
    }
    const rdtResponse = await app.request('/tokens/2021-03-01/restrictedDataToken', {
      method: 'POST',
      headers: { 'x-amz-access-token': token, 'content-type': 'application/json' },
      body: JSON.stringify({
        restrictedResources: [
          { method: 'GET', path: '/orders/v0/orders', dataElements: ['buyerInfo', 'shippingAddress'] },
        ],
      }),
    });
    expect(rdtResponse.status).toBe(200);
    const rdt = (await rdtResponse.json()) as { restrictedDataToken: string; expiresIn: number };
    expect(rdt.restrictedDataToken).toMatch(/^Atz\.sprdt\|/);
    expect(rdt.expiresIn).toBe(3600);
    const withPii = await get(app, list, rdt.restrictedDataToken);
    const piiOrders = (withPii.body.payload as { Orders: Record<string, unknown>[] }).Orders;
    expect((piiOrders[0]?.BuyerInfo as { BuyerEmail?: string } | undefined)?.BuyerEmail).toMatch(
      /@marketplace\.amazon\.com$/,
    );
    // An RDT only opens the resources it names.
    const other = await get(
      app,
      '/fba/inventory/v1/summaries?granularityType=Marketplace',
      rdt.restrictedDataToken,
    );
    expect(other.response.status).toBe(403);
  });

  it('refuses RDTs and hides 2026 buyer data when the app lacks the restricted role', async () => {
    const { app } = setup({ rdtAllowed: false });
    const token = await accessToken(app);
    const rdtResponse = await app.request('/tokens/2021-03-01/restrictedDataToken', {
      method: 'POST',
      headers: { 'x-amz-access-token': token, 'content-type': 'application/json' },
      body: JSON.stringify({ restrictedResources: [{ method: 'GET', path: '/orders/v0/orders/{orderId}' }] }),
    });
    expect(rdtResponse.status).toBe(403);
    const { body } = await get(
      app,
      '/orders/2026-01-01/orders?lastUpdatedAfter=2025-01-01T00:00:00Z&includedData=BUYER,RECIPIENT',
      token,
    );
    const orders = body.orders as Record<string, { deliveryAddress?: Record<string, unknown> }>[];
    expect(orders.every((order) => order.buyer === undefined)).toBe(true);
    const address = orders.find((order) => order.recipient)?.recipient?.deliveryAddress;
    expect(address?.city).toBeTruthy();
    expect(address?.addressLine1).toBeUndefined();
  });

  it('expires FBA inventory nextTokens after 30 seconds', async () => {
    const big = generateStore({ seed: 5, size: 'small' });
    const clock = createManualClock(START);
    const app = createAmazonEmulator({
      store: big,
      lwa,
      sellerId,
      clock,
      usagePlans: { getInventorySummaries: { rate: 100, burst: 100 } },
    });
    const token = await accessToken(app);
    const path =
      '/fba/inventory/v1/summaries?granularityType=Marketplace&granularityId=ATVPDKIKX0DER&marketplaceIds=ATVPDKIKX0DER&details=true';
    const first = await get(app, path, token);
    const next = (first.body.pagination as { nextToken?: string } | undefined)?.nextToken;
    expect(next).toBeTruthy();
    clock.advance(20_000);
    expect((await get(app, `${path}&nextToken=${next}`, token)).response.status).toBe(200);
    clock.advance(11_000);
    expect((await get(app, `${path}&nextToken=${next}`, token)).response.status).toBe(400);
  });

  it('runs an order report through IN_QUEUE → IN_PROGRESS → DONE to a downloadable flat file', async () => {
    const { app } = setup({ usagePlans: { getReportDocument: { rate: 1, burst: 5 } } });
    const token = await accessToken(app);
    const created = await app.request('/reports/2021-06-30/reports', {
      method: 'POST',
      headers: { 'x-amz-access-token': token, 'content-type': 'application/json' },
      body: JSON.stringify({
        reportType: 'GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL',
        marketplaceIds: ['ATVPDKIKX0DER'],
        dataStartTime: '2025-12-05T00:00:00Z',
        dataEndTime: '2026-01-02T00:00:00Z',
      }),
    });
    expect(created.status).toBe(202);
    const { reportId } = (await created.json()) as { reportId: string };
    const statuses: string[] = [];
    let documentId: string | undefined;
    for (let poll = 0; poll < 3; poll += 1) {
      const { body } = await get(app, `/reports/2021-06-30/reports/${reportId}`, token);
      statuses.push(String(body.processingStatus));
      documentId = body.reportDocumentId as string | undefined;
    }
    expect(statuses).toEqual(['IN_PROGRESS', 'DONE', 'DONE']);
    const document = await get(app, `/reports/2021-06-30/documents/${documentId}`, token);
    const download = await app.request(new URL(String(document.body.url)).pathname);
    const lines = (await download.text()).trim().split('\n');
    expect(lines[0]?.split('\t').slice(0, 3)).toEqual([
      'amazon-order-id',
      'merchant-order-id',
      'purchase-date',
    ]);
    expect(lines.length).toBeGreaterThan(1);
    const tooLong = await app.request('/reports/2021-06-30/reports', {
      method: 'POST',
      headers: { 'x-amz-access-token': token, 'content-type': 'application/json' },
      body: JSON.stringify({
        reportType: 'GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL',
        marketplaceIds: ['ATVPDKIKX0DER'],
        dataStartTime: '2025-10-01T00:00:00Z',
        dataEndTime: '2026-01-02T00:00:00Z',
      }),
    });
    expect(tooLong.status).toBe(400);
  });
});

import { readFileSync } from 'node:fs';
import { createAdminApiClient, createAdminRestApiClient } from '@shopify/admin-api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedEmulator, serveEmulator } from '../http/serve-emulator';
import { createShopifyEmulator } from './emulator';
import { shopifyFaultInjector } from './fault-bodies';
import {
  createTestEmulator,
  createTestStore,
  pathOf,
  TEST_ACCESS_TOKEN,
  TEST_CLIENT_SECRET,
  TEST_SHOP_DOMAIN,
} from './test-store';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}

const graphqlUrl = `https://${TEST_SHOP_DOMAIN}/admin/api/2026-01/graphql.json`;

describe('authentication', () => {
  it('answers a wrong or missing token with 401 and Shopify’s string errors body', async () => {
    const { app } = createTestEmulator();
    for (const headers of [{ 'X-Shopify-Access-Token': 'shpat_wrong' }, {}] as Record<string, string>[]) {
      const response = await app.request(graphqlUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ query: '{ shop { name } }' }),
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual(fixture('error-401-invalid-token.response.json'));
    }
    const rest = await app.request(`https://${TEST_SHOP_DOMAIN}/admin/api/2026-01/orders.json`);
    expect(rest.status).toBe(401);
  });
});

describe('the official @shopify/admin-api-client over loopback HTTP', () => {
  let served: ServedEmulator;
  const testStore = createTestStore();
  const app = createShopifyEmulator({
    store: testStore.store,
    clock: testStore.clock,
    shopDomain: TEST_SHOP_DOMAIN,
    accessToken: TEST_ACCESS_TOKEN,
    clientSecret: TEST_CLIENT_SECRET,
    plan: { bucketSize: 400, restoreRate: 50 },
  });
  // The client only speaks https to *.myshopify.com; point those requests at the loopback server.
  const customFetchApi = (url: string, init?: RequestInit) =>
    fetch(url.replace(`https://${TEST_SHOP_DOMAIN}`, served.url), init);

  beforeAll(async () => {
    served = await serveEmulator(app);
  });
  afterAll(async () => {
    app.shopify.close();
    await served.close();
  });

  it('pages orders through GraphQL and reads the cost extension', async () => {
    const client = createAdminApiClient({
      storeDomain: TEST_SHOP_DOMAIN,
      apiVersion: '2026-01',
      accessToken: TEST_ACCESS_TOKEN,
      customFetchApi,
    });
    const query = `query Orders($after: String) {
      orders(first: 10, after: $after, sortKey: UPDATED_AT) { nodes { id name } pageInfo { hasNextPage endCursor } }
    }`;
    const names: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { data, errors, extensions } = await client.request(query, { variables: { after } });
      expect(errors).toBeUndefined();
      expect(pathOf(extensions, 'cost.throttleStatus.maximumAvailable')).toBe(400);
      names.push(...(pathOf(data, 'orders.nodes') as { name: string }[]).map((node) => node.name));
      if (!pathOf(data, 'orders.pageInfo.hasNextPage')) break;
      after = pathOf(data, 'orders.pageInfo.endCursor') as string;
    }
    expect(names.sort()).toEqual(
      testStore.store
        .listOrders()
        .map((order) => `#${order.number}`)
        .sort(),
    );
  });

  it('surfaces THROTTLED as a GraphQL error the client does not retry', async () => {
    const client = createAdminApiClient({
      storeDomain: TEST_SHOP_DOMAIN,
      apiVersion: '2026-01',
      accessToken: TEST_ACCESS_TOKEN,
      customFetchApi,
    });
    // Requests 2 + 249 × 4 = 998 points: more than this 400-point bucket can ever hold.
    const { data, errors, extensions } = await client.request(
      '{ products(first: 249) { nodes { id variants(first: 1) { nodes { id } } } } }',
    );
    expect(data).toBeUndefined();
    expect(pathOf(errors, 'graphQLErrors.0.extensions.code')).toBe('THROTTLED');
    expect(pathOf(errors, 'networkStatusCode')).toBe(200);
    expect(pathOf(extensions, 'cost.requestedQueryCost')).toBe(998);
  });

  it('pages REST orders through Link headers with the REST client', async () => {
    const client = createAdminRestApiClient({
      storeDomain: TEST_SHOP_DOMAIN,
      apiVersion: '2026-01',
      accessToken: TEST_ACCESS_TOKEN,
      customFetchApi,
      scheme: 'https',
    });
    const ids: string[] = [];
    let pageInfo: string | undefined;
    for (let page = 0; page < 50; page += 1) {
      const response = await client.get('orders', {
        searchParams: pageInfo ? { limit: 7, page_info: pageInfo } : { limit: 7, status: 'any' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-shopify-shop-api-call-limit')).toMatch(/^\d+\/40$/);
      const text = await response.text();
      ids.push(
        ...[...text.matchAll(/\{"id":(\d+),"admin_graphql_api_id":"gid:\/\/shopify\/Order\//g)].map(
          (m) => m[1] ?? '',
        ),
      );
      const next = /<[^>]*page_info=([^>&]+)[^>]*>; rel="next"/.exec(response.headers.get('link') ?? '');
      if (!next) break;
      pageInfo = next[1];
    }
    expect(ids).toHaveLength(testStore.store.listOrders().length);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('legacy REST endpoints', () => {
  it('answers 429 with Retry-After and Shopify’s body once the request bucket is full', async () => {
    const { app } = createTestEmulator();
    const statuses: number[] = [];
    let throttled: Response | undefined;
    for (let request = 0; request < 45; request += 1) {
      const response = await app.request(`https://${TEST_SHOP_DOMAIN}/admin/api/2026-01/customers.json`, {
        headers: { 'X-Shopify-Access-Token': TEST_ACCESS_TOKEN },
      });
      statuses.push(response.status);
      if (response.status === 429) throttled ??= response;
    }
    expect(statuses.slice(0, 40).every((status) => status === 200)).toBe(true);
    expect(throttled?.headers.get('retry-after')).toBe('2.0');
    expect(await throttled?.json()).toEqual(fixture('rest-429-throttled.response.json'));
  });

  it('rejects page_info combined with filters and limits over 250', async () => {
    const { app } = createTestEmulator();
    const get = (query: string) =>
      app.request(`https://${TEST_SHOP_DOMAIN}/admin/api/2026-01/orders.json?${query}`, {
        headers: { 'X-Shopify-Access-Token': TEST_ACCESS_TOKEN },
      });
    expect((await get('limit=251')).status).toBe(400);
    const first = await get('limit=2&status=any');
    const pageInfo = /page_info=([^>&]+)/.exec(first.headers.get('link') ?? '')?.[1];
    expect(pageInfo).toBeTruthy();
    expect((await get(`page_info=${pageInfo}&status=any`)).status).toBe(400);
    expect((await get(`page_info=${pageInfo}&limit=2`)).status).toBe(200);
  });
});

describe('fault injection', () => {
  it('injects Shopify-shaped 429 and 500 responses on demand', async () => {
    const testStore = createTestStore();
    const faults = shopifyFaultInjector();
    const app = createShopifyEmulator({
      store: testStore.store,
      shopDomain: TEST_SHOP_DOMAIN,
      accessToken: TEST_ACCESS_TOKEN,
      clientSecret: TEST_CLIENT_SECRET,
      faults,
    });
    faults.failNext(1, 'rate_limited');
    faults.failNext(1, 'server_error');
    const post = () =>
      app.request(graphqlUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': TEST_ACCESS_TOKEN },
        body: JSON.stringify({ query: '{ shop { name } }' }),
      });
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+\.\d$/);
    const failed = await post();
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ errors: 'Internal Server Error' });
    expect((await post()).status).toBe(200);
    app.shopify.close();
  });
});

import {
  amazonListingViews,
  createAmazonEmulator,
  createManualClock,
  generateStore,
  type ServedEmulator,
  serveEmulator,
} from '@cartwire/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectorEngine } from '../engine/engine';
import { isConnectorError } from '../engine/errors';
import { amazonConnector } from './amazon-connector';

const lwa = {
  clientId: 'amzn1.application-oa2-client.refresh',
  clientSecret: 'cs',
  refreshToken: 'Atzr|refresh',
};
const clock = createManualClock(Date.now());
const store = generateStore({ seed: 2, size: 'tiny' });
const emulator = createAmazonEmulator({ store, lwa, sellerId: 'A3TH9S8BH6GOGM', clock });
let served: ServedEmulator;
const sku = amazonListingViews(store)[0]?.sku ?? '';
const requests: { path: string; status: number }[] = [];

beforeAll(async () => {
  served = await serveEmulator({
    fetch: async (request) => {
      const response = await emulator.fetch(request);
      requests.push({ path: new URL(request.url).pathname, status: response.status });
      return response;
    },
  });
});
afterAll(async () => {
  await served.close();
});

describe('Amazon LWA access tokens', () => {
  it('exchanges the refresh token once, reuses the access token, and exchanges again when Amazon says it expired', async () => {
    const engine = createConnectorEngine();
    const context = engine.connect(amazonConnector, {
      id: 'sto_amazonrefresh00000000001',
      credentials: { endpoint: served.url, lwaEndpoint: served.url, ...lwa },
      settings: { sellerId: 'A3TH9S8BH6GOGM', marketplaceIds: ['ATVPDKIKX0DER'] },
    });
    const listing = {
      operation: 'getListingsItem',
      path: `/listings/2021-08-01/items/A3TH9S8BH6GOGM/${encodeURIComponent(sku)}`,
      query: { marketplaceIds: 'ATVPDKIKX0DER' },
    };
    expect((await engine.request(context, listing)).status).toBe(200);
    expect((await engine.request(context, listing)).status).toBe(200);
    expect(requests.filter((entry) => entry.path === '/auth/o2/token')).toHaveLength(1);
    // The emulator's hour passes while the engine's cache still trusts the token: Amazon answers
    // 403 Unauthorized "expired", the connector refreshes and the request succeeds.
    clock.advance(3600 * 1000 + 1);
    expect((await engine.request(context, listing)).status).toBe(200);
    expect(requests.filter((entry) => entry.path === '/auth/o2/token')).toHaveLength(2);
    expect(requests.some((entry) => entry.status === 403)).toBe(true);
    await engine.close();
  });

  it.each([
    ['a revoked refresh token (400 invalid_grant)', { refreshToken: 'Atzr|revoked' }],
    ['a wrong client secret (401 invalid_client)', { clientSecret: 'wrong' }],
  ])('%s is an auth error, asked once, not a bad request', async (_name, override) => {
    const engine = createConnectorEngine();
    const context = engine.connect(amazonConnector, {
      id: 'sto_amazonrefresh00000000002',
      credentials: { endpoint: served.url, lwaEndpoint: served.url, ...lwa, ...override },
      settings: { sellerId: 'A3TH9S8BH6GOGM', marketplaceIds: ['ATVPDKIKX0DER'] },
    });
    const exchangesBefore = requests.filter((entry) => entry.path === '/auth/o2/token').length;
    const failure = await engine
      .request(context, { operation: 'getListingsItem', path: '/listings/2021-08-01/items/A3TH9S8BH6GOGM/x' })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(isConnectorError(failure) && failure.code).toBe('auth');
    expect(requests.filter((entry) => entry.path === '/auth/o2/token').length - exchangesBefore).toBe(1);
    await engine.close();
  });
});

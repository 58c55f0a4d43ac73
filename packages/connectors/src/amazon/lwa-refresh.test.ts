import { createManualClock, generateStore, type ServedEmulator, serveEmulator } from '@cartwire/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAmazonEmulator } from '../../../sandbox/src/amazon/emulator';
import { listingViews } from '../../../sandbox/src/amazon/render-catalog';
import { createConnectorEngine } from '../engine/engine';
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
const sku = listingViews(store)[0]?.sku ?? '';
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
});

import { AuthError, createConnectorEngine, type StoreInput } from '@cartwire/connectors';
import { magentoConnector } from '@cartwire/connectors/magento';
import {
  createMagentoEmulator,
  createManualClock,
  generateStore,
  type MagentoEmulator,
  type ServedEmulator,
  serveEmulator,
} from '@cartwire/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const integration = {
  consumerKey: 'ck-loopback',
  consumerSecret: 'cs-loopback',
  accessToken: 'at-loopback',
  accessTokenSecret: 'as-loopback',
};
const admin = { username: 'admin', password: 'Adm1n-pass' };
const store = generateStore({ seed: 12, size: 'tiny' });
const clock = createManualClock(Date.now());
let emulator: MagentoEmulator;
let served: ServedEmulator;

beforeAll(async () => {
  // The manual clock drives admin-token expiry; OAuth timestamps stay within the window because
  // the clock starts at the real time and is only moved forward by the expiry test.
  emulator = createMagentoEmulator({ store, oauth: integration, admin, clock });
  served = await serveEmulator(emulator);
});
afterAll(async () => {
  await served.close();
});

function storeWith(auth: unknown): StoreInput {
  return { id: 'sto_magentoloopback000000001', credentials: { baseUrl: served.url, auth } };
}

const list = { operation: 'orders.search', path: '/orders', query: { 'searchCriteria[pageSize]': 5 } };

describe('Magento auth over loopback: the connector signs, the emulator verifies (independent implementations)', () => {
  it('accepts OAuth 1.0a HMAC-SHA256 requests whose query carries bracketed searchCriteria and spaces', async () => {
    const engine = createConnectorEngine();
    const context = engine.connect(magentoConnector, storeWith({ kind: 'oauth1', ...integration }));
    const response = await engine.request(context, {
      operation: 'orders.search',
      path: '/orders',
      query: {
        'searchCriteria[filter_groups][0][filters][0][field]': 'updated_at',
        'searchCriteria[filter_groups][0][filters][0][value]': '2000-01-01 00:00:00',
        'searchCriteria[filter_groups][0][filters][0][condition_type]': 'gteq',
        'searchCriteria[pageSize]': 5,
      },
    });
    expect(response.status).toBe(200);
    expect((response.body as { total_count: number }).total_count).toBe(store.listOrders().length);
  });

  it('fails with an AuthError when the consumer secret is wrong', async () => {
    const engine = createConnectorEngine({ retry: { minTimeoutMs: 1, maxTimeoutMs: 5 } });
    const context = engine.connect(
      magentoConnector,
      storeWith({ kind: 'oauth1', ...integration, consumerSecret: 'not-the-secret' }),
    );
    await expect(engine.request(context, list)).rejects.toBeInstanceOf(AuthError);
  });

  it('refuses the integration token as a plain Bearer token (2.4.4+ default)', async () => {
    const engine = createConnectorEngine({ retry: { minTimeoutMs: 1, maxTimeoutMs: 5 } });
    const context = engine.connect(
      magentoConnector,
      storeWith({ kind: 'bearer', token: integration.accessToken }),
    );
    await expect(engine.request(context, list)).rejects.toThrow(
      /isn't authorized to access Magento_Sales::actions_view/,
    );
  });

  it('exchanges admin credentials for a token, reuses it, and exchanges again once it expired', async () => {
    const engine = createConnectorEngine({ clock: { now: () => clock.now(), sleep: async () => undefined } });
    const context = engine.connect(magentoConnector, storeWith({ kind: 'admin', ...admin }));
    const before = emulator.magento.stats().served;
    expect((await engine.request(context, list)).status).toBe(200);
    expect((await engine.request(context, list)).status).toBe(200);
    expect(emulator.magento.stats().served - before).toBe(3);
    clock.advance(4 * 60 * 60 * 1000);
    try {
      expect((await engine.request(context, list)).status).toBe(200);
      expect(emulator.magento.stats().served - before).toBe(5);
    } finally {
      // Back to real time: OAuth timestamps of later tests are checked against this clock.
      clock.set(Date.now());
    }
  });
});

describe('Magento actions over loopback', () => {
  const engine = createConnectorEngine();
  const context = () => engine.connect(magentoConnector, storeWith({ kind: 'oauth1', ...integration }));
  const run = async <T>(name: 'addOrderComment' | 'createShipment' | 'setSourceQuantity', input: unknown) => {
    const action = magentoConnector.actions?.[name];
    if (!action) throw new Error(`no action ${name}`);
    const parsed = action.input.parse(input);
    const ctx = context();
    return (await action.run(
      {
        store: { id: ctx.store.id, settings: ctx.store.settings },
        request: (options) => engine.request(ctx, options),
      },
      parsed as never,
    )) as T;
  };

  it('adds an order comment', async () => {
    const order = store.listOrders()[0];
    if (!order) throw new Error('no order');
    expect(await run('addOrderComment', { orderId: order.id, comment: 'Gift wrap requested' })).toEqual({
      added: true,
    });
    const read = await engine.request(context(), { operation: 'orders.get', path: `/orders/${order.id}` });
    expect((read.body as { status_histories: { comment: string }[] }).status_histories[0]?.comment).toBe(
      'Gift wrap requested',
    );
  });

  it('creates a shipment with a track', async () => {
    const variant = store.listVariants()[0];
    if (!variant) throw new Error('no variant');
    const order = store.placeOrder({
      email: 'ship@example.com',
      lines: [{ variantId: variant.id, quantity: 1 }],
    });
    const result = await run<{ shipmentId: string }>('createShipment', {
      orderId: order.id,
      track: { carrierCode: 'ups', title: 'United Parcel Service', number: '1Z999AA10123456784' },
    });
    const shipment = store
      .getOrder(order.id)
      ?.fulfillments.find((candidate) => String(candidate.id) === result.shipmentId);
    expect(shipment).toMatchObject({
      trackingNumber: '1Z999AA10123456784',
      carrier: 'United Parcel Service',
    });
  });

  it('sets a source quantity', async () => {
    const level = store.listInventoryLevels()[0];
    const variant = level ? store.getVariant(level.variantId) : undefined;
    if (!level || !variant) throw new Error('no stock level');
    const sources = await engine.request(context(), { operation: 'sources', path: '/inventory/sources' });
    const names = new Map(store.listLocations().map((location) => [location.name, location.id]));
    const source = (sources.body as { items: { source_code: string; name: string }[] }).items.find(
      (candidate) => names.get(candidate.name) === level.locationId,
    );
    if (!source) throw new Error('no source');
    expect(
      await run('setSourceQuantity', { sku: variant.sku, sourceCode: source.source_code, quantity: 77 }),
    ).toEqual({
      updated: true,
    });
    expect(store.inventoryLevelAt(variant.id, level.locationId)?.available).toBe(77);
  });
});

import { createWebhookSender } from '../http/webhook-sender';
import { createManualClock, type ManualClock } from '../store/clock';
import { SandboxStore } from '../store/sandbox-store';
import type { Address } from '../store/types';
import { createShopifyEmulator } from './emulator';
import type { ShopifyWebhookDelivery } from './webhook-dispatcher';
import type { ShopifyWebhookTopic } from './webhook-topics';

/** A small, hand-built store for the Shopify emulator's tests: every shape the renderers handle. */
export interface TestStore {
  store: SandboxStore;
  clock: ManualClock;
  /** Store ids of notable records. */
  ids: {
    deletedProductOrder: number;
    refundedOrder: number;
    fulfilledOrder: number;
    cancelledOrder: number;
    guestOrder: number;
    eurOrder: number;
    customer: number;
    abandonedCart: number;
    recoveredCart: number;
    location: number;
    variant: number;
  };
}

const address: Address = {
  firstName: 'Zoë',
  lastName: 'Åberg',
  company: '',
  address1: 'Chestnut Street 92',
  address2: '',
  city: 'Louisville',
  province: 'Kentucky',
  provinceCode: 'KY',
  postcode: '40202',
  countryCode: 'US',
  phone: '+15026251199',
};

/** `orderCount` plain orders are added on top of the notable ones, one per simulated minute. */
export function createTestStore(orderCount = 20): TestStore {
  const clock = createManualClock('2026-01-05T10:00:00.000Z');
  const store = new SandboxStore({
    clock,
    shop: { name: 'Emulator Test Shop', currency: 'USD', timeZone: 'America/New_York' },
  });
  const tick = (ms = 60_000) => clock.advance(ms);

  const warehouse = store.createLocation({ name: 'Warehouse', address });
  const shopFloor = store.createLocation({
    name: 'Shop Floor',
    address: { ...address, address1: '1 Main St' },
  });
  const boards = store.createCategory({ name: 'Snowboards' });
  tick();
  const board = store.createProduct({
    title: 'Draft',
    vendor: 'Snowdevil',
    productType: 'Snowboard',
    categoryIds: [boards.id],
    tags: ['winter', 'board'],
    imageUrls: ['https://cdn.example/draft.png'],
    options: [{ name: 'Size', values: ['151cm', '155cm'] }],
    variants: [
      {
        sku: 'draft-151',
        price: '200.00',
        unitCost: '120.00',
        options: ['151cm'],
        stock: { [warehouse.id]: 40, [shopFloor.id]: 3 },
      },
      { sku: 'draft-155', price: '210.00', options: ['155cm'], stock: { [warehouse.id]: 5 } },
    ],
  });
  const wax = store.createProduct({
    title: 'Wax',
    vendor: 'Snowdevil',
    variants: [{ sku: 'wax', price: '9.90', stock: { [warehouse.id]: 100 } }],
  });
  const doomed = store.createProduct({
    title: 'Limited Edition',
    variants: [{ sku: 'limited', price: '0.00', stock: { [warehouse.id]: 10 } }],
  });
  tick();
  const customer = store.createCustomer({
    email: 'bob@example.com',
    phone: '+16136120707',
    firstName: 'Bob',
    lastName: 'Norman',
    addresses: [address],
    emailMarketing: { state: 'subscribed', optInLevel: 'single_opt_in' },
    tags: ['vip'],
  });
  const quiet = store.createCustomer({ email: 'quiet@example.com', firstName: 'Quiet' });
  const [draft151, draft155] = store.variantsOf(board.id);
  const [waxVariant] = store.variantsOf(wax.id);
  const [limited] = store.variantsOf(doomed.id);
  if (!draft151 || !draft155 || !waxVariant || !limited) throw new Error('test store variants missing');

  tick();
  const deletedProductOrder = store.placeOrder({
    customerId: customer.id,
    lines: [
      { variantId: limited.id, quantity: 1 },
      { variantId: waxVariant.id, quantity: 2 },
    ],
    shipping: { title: 'Standard', code: 'STD', price: '5.00' },
    taxRate: '0.1',
  });
  store.deleteProduct(doomed.id);
  tick();
  const refundedOrder = store.placeOrder({
    customerId: customer.id,
    lines: [{ variantId: draft151.id, quantity: 2 }],
    discountCodes: [{ code: 'TENOFF', type: 'percentage', value: '10' }],
    taxRate: '0.06',
    shipping: { title: 'Express', code: 'EXP', price: '15.00' },
  });
  const firstLine = refundedOrder.lines[0];
  if (!firstLine) throw new Error('test order has no line');
  tick();
  store.refundOrder(refundedOrder.id, {
    lines: [{ lineId: firstLine.id, quantity: 1 }],
    reason: 'it broke during shipping',
  });
  tick();
  store.fulfillOrder(refundedOrder.id, {
    carrier: 'DHL',
    trackingNumber: 'JD014600003SE',
    locationId: warehouse.id,
  });
  tick();
  const fulfilledOrder = store.placeOrder({
    customerId: quiet.id,
    lines: [{ variantId: draft155.id, quantity: 1 }],
  });
  tick();
  const fulfillment = store.fulfillOrder(fulfilledOrder.id, {
    carrier: 'USPS',
    trackingNumber: '1Z1234512345123456',
    trackingUrl: 'https://tools.usps.com/go/TrackConfirmAction_input?qtc_tLabels1=1Z1234512345123456',
    locationId: warehouse.id,
  });
  tick();
  store.markDelivered(fulfilledOrder.id, fulfillment.id);
  tick();
  const cancelledOrder = store.placeOrder({
    customerId: quiet.id,
    lines: [{ variantId: waxVariant.id, quantity: 1 }],
  });
  tick();
  store.cancelOrder(cancelledOrder.id, { reason: 'customer' });
  tick();
  const guestOrder = store.placeOrder({
    email: 'guest@example.com',
    lines: [{ variantId: waxVariant.id, quantity: 3 }],
  });
  tick();
  const eurOrder = store.placeOrder({
    customerId: customer.id,
    lines: [{ variantId: draft151.id, quantity: 1 }],
    presentmentCurrency: 'EUR',
    exchangeRate: '0.9',
  });
  tick();
  const abandonedCart = store.createCart({
    customerId: customer.id,
    lines: [{ variantId: waxVariant.id, quantity: 1 }],
    shippingAddress: address,
  });
  const recoveredCart = store.createCart({
    email: 'late@example.com',
    lines: [{ variantId: draft151.id, quantity: 1 }],
  });
  store.createCart({ lines: [{ variantId: waxVariant.id, quantity: 2 }] });
  tick();
  store.abandonCart(abandonedCart.id);
  store.abandonCart(recoveredCart.id);
  tick();
  store.convertCart(recoveredCart.id);
  for (let index = 0; index < orderCount; index += 1) {
    // Every third order shares the previous one's second: the paging boundary case.
    if (index % 3 !== 0) tick(1_000);
    store.placeOrder({
      customerId: index % 2 === 0 ? customer.id : quiet.id,
      lines: [{ variantId: waxVariant.id, quantity: 1 }],
    });
  }
  return {
    store,
    clock,
    ids: {
      deletedProductOrder: deletedProductOrder.id,
      refundedOrder: refundedOrder.id,
      fulfilledOrder: fulfilledOrder.id,
      cancelledOrder: cancelledOrder.id,
      guestOrder: guestOrder.id,
      eurOrder: eurOrder.id,
      customer: customer.id,
      abandonedCart: abandonedCart.id,
      recoveredCart: recoveredCart.id,
      location: warehouse.id,
      variant: draft151.id,
    },
  };
}

export const TEST_SHOP_DOMAIN = 'emulator-test.myshopify.com';
export const TEST_ACCESS_TOKEN = 'shpat_test_token';
export const TEST_CLIENT_SECRET = 'test-client-secret';

export interface GraphqlReply {
  status: number;
  text: string;
  json: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
    extensions?: {
      cost: {
        requestedQueryCost: number;
        actualQueryCost: number | null;
        throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
      };
    };
  };
}

/** An emulator over a fresh {@link createTestStore}, capturing webhooks instead of sending them. */
export function createTestEmulator(
  options: {
    orderCount?: number;
    apiVersion?: string;
    plan?: { bucketSize: number; restoreRate: number };
  } = {},
) {
  const testStore = createTestStore(options.orderCount);
  // Webhooks go through the real sender to a fetch that accepts everything, so its log is inspectable.
  const webhookSender = createWebhookSender({
    fetch: async () => new Response(null, { status: 200 }),
    baseDelayMs: 1,
  });
  const app = createShopifyEmulator({
    store: testStore.store,
    clock: testStore.clock,
    shopDomain: TEST_SHOP_DOMAIN,
    accessToken: TEST_ACCESS_TOKEN,
    clientSecret: TEST_CLIENT_SECRET,
    ...(options.apiVersion && { apiVersion: options.apiVersion }),
    ...(options.plan && { plan: options.plan }),
    webhooks: [{ url: 'https://hooks.example/shopify' }],
    webhookSender,
  });
  const deliveries = (): ShopifyWebhookDelivery[] =>
    webhookSender.deliveries.map((record) => ({
      url: record.url,
      headers: record.headers,
      body: record.body,
      topic: record.headers['X-Shopify-Topic'] as ShopifyWebhookTopic,
    }));
  const graphql = async (
    query: string,
    variables?: Record<string, unknown>,
    version = '2026-01',
  ): Promise<GraphqlReply> => {
    const response = await app.request(`https://${TEST_SHOP_DOMAIN}/admin/api/${version}/graphql.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': TEST_ACCESS_TOKEN },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    return { status: response.status, text, json: JSON.parse(text) };
  };
  return { ...testStore, app, graphql, deliveries, clearDeliveries: () => webhookSender.clear() };
}

/** Every key path of a JSON value (`orders.edges[].node.id`), arrays folded onto `[]`. */
export function keyPaths(value: unknown, prefix = ''): Set<string> {
  const paths = new Set<string>();
  if (Array.isArray(value)) {
    for (const item of value) for (const path of keyPaths(item, `${prefix}[].`)) paths.add(path);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      paths.add(`${prefix}${key}`);
      for (const path of keyPaths(child, `${prefix}${key}.`)) paths.add(path);
    }
  }
  return paths;
}

/** Reads `a.b.0.c` out of a JSON value; tests use it instead of casting responses to `any`. */
export function pathOf(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

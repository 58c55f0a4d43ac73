import { randomBytes } from 'node:crypto';
import { createOfferCodes } from '@cartwire/automation-sdk';
import { createConnectorEngine, createInMemoryCheckpointStore, runStream } from '@cartwire/connectors';
import { wooCommerceConnector } from '@cartwire/connectors/woocommerce';
import type { Customer, Product } from '@cartwire/model';
import { createCredentialCipher } from '@cartwire/storage';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayRepositories, type GatewayRepositories } from '../repositories';
import { startWooSandbox, type WooSandbox } from '../routes/shared/woo-sandbox';
import { createConnectorRegistry } from '../services/connector-registry';
import { createConnectorDiscountIssuer } from './connector-discount-issuer';

describe.each(testDatabases())('discount codes through the store connector on $name', ({ create }) => {
  let database: TestDatabase;
  let woo: WooSandbox;
  let repositories: GatewayRepositories;
  const clock = { now: () => new Date('2026-03-02T10:00:00Z') };
  const connectors = createConnectorRegistry({ engine: createConnectorEngine() });
  let tenantId = '';
  let wooStoreId = '';
  let magentoStoreId = '';
  let customer: Customer;
  let product: Product;

  beforeAll(async () => {
    database = await create();
    woo = await startWooSandbox(11);
    repositories = createGatewayRepositories(database, {
      clock,
      cipher: createCredentialCipher(randomBytes(32)),
    });
    tenantId = (await repositories.tenants.createTenant({ name: 'Acme' })).id;
    const settings = { currency: woo.store.shop.currency };
    const store = await repositories.stores.createStore({
      tenantId,
      platform: 'woocommerce',
      name: 'Woo',
      credentials: woo.credentials,
      settings,
    });
    wooStoreId = store.id;
    magentoStoreId = (
      await repositories.stores.createStore({
        tenantId,
        platform: 'magento',
        name: 'Magento',
        credentials: {
          baseUrl: 'https://magento.invalid',
          consumerKey: 'k',
          consumerSecret: 's',
          accessToken: 't',
          accessTokenSecret: 'ts',
        },
      })
    ).id;
    for (const stream of ['customers', 'products'] as const) {
      await runStream({
        engine: connectors.engine,
        connector: wooCommerceConnector,
        store: { id: store.id, credentials: woo.credentials, settings },
        stream,
        mode: 'backfill',
        checkpoints: createInMemoryCheckpointStore(),
        async onPage(entities) {
          const type = stream === 'customers' ? 'customer' : 'product';
          await repositories.entities.upsertEntities(
            type,
            entities.map((entity) => ({ tenantId, entity: entity as never })),
          );
          // Variants are stored on their own too, as the change recorder does for synced products.
          if (stream === 'products') {
            await repositories.entities.upsertEntities(
              'variant',
              (entities as Product[]).flatMap((p) => p.variants.map((entity) => ({ tenantId, entity }))),
            );
          }
        },
      });
    }
    const customers = await repositories.entities.listEntities('customer', { tenantId, limit: 5 });
    const products = await repositories.entities.listEntities('product', { tenantId, limit: 5 });
    const withEmail = customers.items.find((c) => c.email);
    const first = products.items[0];
    if (!withEmail || !first) throw new Error('the synced store has customers and products');
    customer = withEmail;
    product = first;
  }, 120_000);
  afterAll(async () => {
    await connectors.engine.close();
    await woo?.close();
    await database?.close();
  });

  it('creates a per-recipient WooCommerce coupon for the run, and falls back to the pool on Magento', async () => {
    const offers = createOfferCodes({
      db: database.db,
      now: () => clock.now(),
      issuer: createConnectorDiscountIssuer({ repositories, connectors }),
    });
    const variant = product.variants[0];
    if (!variant) throw new Error('a product has a variant');
    const issued = await offers.issue({
      tenantId,
      storeId: wooStoreId,
      offerKey: 'cart-10',
      runId: 'run_1',
      customerKey: customer.id,
      customer: { customerId: customer.id, email: null },
      offer: { kind: 'percent_off', percent: 10 },
      variantIds: [variant.id],
      validFor: 'P3D',
    });
    expect(issued).toMatchObject({ source: 'generated', expiresAt: new Date('2026-03-05T10:00:00Z') });
    expect(issued.code).toMatch(/^cw-[a-hj-np-z2-9]{10}$/);
    expect(woo.emulator.woocommerce.coupons().at(-1)).toMatchObject({
      code: issued.code,
      discountType: 'percent',
      amount: '10',
      usageLimit: 1,
      usageLimitPerUser: 1,
      productIds: [Number(variant.externalId.replace(/^product:/, ''))],
      emailRestrictions: [customer.email?.toLowerCase()],
      expiresAt: '2026-03-05T10:00:00.000Z',
    });
    expect(
      await offers.issue({
        tenantId,
        storeId: wooStoreId,
        offerKey: 'cart-10',
        runId: 'run_1',
        customerKey: customer.id,
        customer: { customerId: customer.id, email: null },
        offer: { kind: 'percent_off', percent: 10 },
      }),
    ).toEqual(issued);

    const magento = offers.issue({
      tenantId,
      storeId: magentoStoreId,
      offerKey: 'cart-10-magento',
      runId: 'run_2',
      customerKey: customer.id,
      customer: { customerId: customer.id, email: customer.email },
      offer: { kind: 'percent_off', percent: 10 },
    });
    await expect(magento).rejects.toThrow(/cart price rules/);
    await offers.importPool(tenantId, 'cart-10-magento', ['MAGE-POOL-1']);
    expect(
      await offers.issue({
        tenantId,
        storeId: magentoStoreId,
        offerKey: 'cart-10-magento',
        runId: 'run_2',
        customerKey: customer.id,
        customer: { customerId: customer.id, email: customer.email },
        offer: { kind: 'percent_off', percent: 10 },
      }),
    ).toMatchObject({ code: 'MAGE-POOL-1', source: 'pool' });
  });
});
